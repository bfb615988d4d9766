"""Saves re-judge only what changed, and the cached result equals a fresh evaluation of the database."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checklists.answers import AnswersDocument
from checklists.evaluator import evaluate_checklist
from checklists.model import Checklist
from models import cache
from models.database import Database
from models.ops.answers import set_answer
from models.ops.evaluation import evaluate_assessment, inputs_of
from models.ops.exchange import import_document
from models.ops.findings import explain_finding
from models.ops.rows import add_row, delete_row, list_rows, replace_table_rows, update_cell

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), st.sampled_from([True, False, None])),
        st.tuples(
            st.just("cell"),
            st.tuples(
                st.integers(0, 5),
                st.sampled_from(
                    [
                        ("licence_no", None),
                        ("licence_no", "粤莞保字2020A00001"),
                        ("on_guard_post", False),
                        ("on_guard_post", True),
                        ("assessment_date", date(2021, 6, 1)),
                        ("hire_date", date(2021, 3, 1)),
                        ("hire_date", None),
                        ("name", None),
                        ("on_guard_post", None),
                        ("id_number", "1234"),
                    ]
                ),
            ),
        ),
        st.tuples(st.just("add"), st.sampled_from([None, 0])),
        st.tuples(st.just("safety"), st.sampled_from([None, 0, 1, 2, 9])),
        st.tuples(st.just("delete"), st.integers(0, 5)),
        st.tuples(st.just("explain"), st.integers(0, 5)),
        st.tuples(st.just("replace"), st.integers(0, 3)),
    ),
    min_size=1,
    max_size=12,
)


def _fresh(db: Database, aid: int) -> dict[str, Any]:
    """Every checklist evaluated from the database alone (the cache forgotten)."""
    cache.forget(db.engine)
    with db.session() as s:
        return dict(evaluate_assessment(s, aid).checklists)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=OPS)
# Found by this test: two alike rows, both explained, replaced by one such row (their states
# both claimed the one new row).
@example(ops=[("add", 0), ("add", 0), ("explain", 0), ("explain", 2), ("replace", 0)])
def test_saved_results_equal_a_fresh_evaluation(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist], ops: Any
) -> None:
    with db.session() as s, s.begin():
        aid = import_document(s, sample_doc, user="t", checklists=checklists)
    for kind, arg in ops:
        with db.session() as s, s.begin():
            rows = list_rows(s, aid, "guards", "guards")
            if kind == "answer":
                set_answer(s, aid, "guards", "training_log", arg, user="t")
            elif kind == "cell" and rows:
                index, (column, value) = arg
                update_cell(s, aid, rows[index % len(rows)].id, column, value, user="t")
            elif kind == "safety":  # the checklist that reads the roster's guards on post
                set_answer(s, aid, "safety", "fulltime_guards", arg, user="t")
            elif kind == "add":
                add_row(s, aid, "guards", "guards", {"name": "新人"}, index=arg, user="t")
            elif kind == "delete" and rows:
                delete_row(s, aid, rows[arg % len(rows)].id, user="t")
            elif kind == "replace":
                cells = [r.cells for r in rows[: arg + 1]] + [{"name": "替换"}]
                replace_table_rows(s, aid, "guards", "guards", cells, user="t")
            elif kind == "explain":
                found = [f for f in evaluate_assessment(s, aid).findings if f.item == "guards"]
                if found:
                    f = found[arg % len(found)]
                    explain_finding(s, aid, "guards", f.code, "guards", f.row, "说明", user="t")
        with db.session() as s:
            cached = dict(evaluate_assessment(s, aid).checklists)
            cached_rows = list_rows(s, aid, "guards", "guards")
        assert cached == _fresh(db, aid), (kind, arg)
        with db.session() as s:  # the rows kept as the saves patched them, as read afresh
            assert cached_rows == list_rows(s, aid, "guards", "guards"), (kind, arg)


def test_a_cell_edit_judges_one_row(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist], monkeypatch: Any
) -> None:
    with db.session() as s, s.begin():
        aid = import_document(s, sample_doc, user="t", checklists=checklists)
        rows = list_rows(s, aid, "guards", "guards")
    from checklists import evaluator

    judged: list[int] = []
    original = evaluator._ChecklistRun.table_row

    def counting(self: Any, plan: Any, row: Any, index: int, invalid: Any) -> int:
        judged.append(index)
        return original(self, plan, row, index, invalid)

    monkeypatch.setattr(evaluator._ChecklistRun, "table_row", counting)
    with db.session() as s, s.begin():
        saved = update_cell(s, aid, rows[2].id, "licence_no", None, user="t")
    assert judged == [2]
    assert [(f.code, f.row) for f in saved.added] == [("guard_licence_missing", 2)]
    with db.session() as s, s.begin():
        set_answer(s, aid, "guards", "training_log", False, user="t")
    assert judged == [2]  # an answer no row uses: no row judged again
    with db.session() as s:
        st_ = cache.of(s).assessments[aid]
        inputs = inputs_of(s, st_, "guards")
        full = evaluate_checklist(
            checklists["guards"],
            inputs.values,
            st_.school,
            st_.reference_date,
            inputs.notes("guards"),
        )
        assert evaluate_assessment(s, aid).checklists["guards"] == full


def test_a_roster_edit_updates_the_checklist_that_reads_it(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    """Safety's guard count is checked against the guards on post in the roster: taking a guard
    off post in the roster changes safety's verdict at once, as a fresh evaluation would."""
    with db.session() as s, s.begin():
        aid = import_document(s, sample_doc, user="t", checklists=checklists)
        before = evaluate_assessment(s, aid).checklists["safety"].item("guards_on_roster").value
        rows = list_rows(s, aid, "guards", "guards")
        on_post = [r for r in rows if r.cells.get("on_guard_post") is not False]
    assert before == len(on_post) > 0
    with db.session() as s, s.begin():
        update_cell(s, aid, on_post[0].id, "on_guard_post", False, user="t")
    with db.session() as s:
        cached = evaluate_assessment(s, aid).checklists["safety"]
    assert cached.item("guards_on_roster").value == before - 1
    assert cached == _fresh(db, aid)["safety"]
