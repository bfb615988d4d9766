"""One save is one short transaction: the statements it runs are counted, and what the home list
reads afterwards (the stored figures, when it was edited) equals a fresh evaluation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from checklists.answers import AnswersDocument
from checklists.model import Checklist
from models import cache
from models.database import Database, traced
from models.ops.answers import set_answer
from models.ops.assessments import get_assessment
from models.ops.evaluation import evaluate_assessment, figures, list_figures
from models.ops.exchange import import_document
from models.ops.rows import list_rows, update_cell


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    """The SQL statements SQLite runs meanwhile (their first words), COMMIT included, as
    SQLite's trace reports them: statements run on the driver's connection count too."""
    seen: list[str] = []
    with traced(db.engine) as statements:
        yield seen
    seen.extend(" ".join(text.split()[:3]).upper() for text in statements)


def _listed(db: Database, aid: int) -> tuple[Any, ...]:
    with db.session() as s:
        a = get_assessment(s, aid)
        return a.updated_at, a.progress, a.compliance, a.open_items, a.findings


def _fresh_figures(db: Database, aid: int) -> tuple[Any, ...]:
    """The list figures of a fresh evaluation (the cache forgotten)."""
    cache.forget(db.engine)
    with db.session() as s:
        results = evaluate_assessment(s, aid).checklists
        fig = list_figures(figures(dict(results)), len(results))
    return fig.progress, fig.compliance, fig.open_items, fig.findings


def _imported(db: Database, doc: AnswersDocument, checklists: dict[str, Checklist]) -> int:
    with db.session() as s, s.begin():
        aid = import_document(s, doc, user="t", checklists=checklists)
    with db.session() as s:  # the first save loads and judges; the ones after are the usual case
        evaluate_assessment(s, aid)
    return aid


def test_an_answer_is_saved_in_one_transaction_of_four_statements(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    aid = _imported(db, sample_doc, checklists)
    before = _listed(db, aid)
    with counted(db) as seen, db.session() as s, s.begin():
        set_answer(s, aid, "guards", "training_log", False, user="t")
    assert seen == [
        "BEGIN",
        "INSERT INTO ANSWERS",
        "INSERT INTO HISTORY",
        "UPDATE ASSESSMENTS SET",
        "COMMIT",
    ]
    after = _listed(db, aid)
    assert after[0] > before[0]  # edited just now: first on the home list
    assert after[1:] == _fresh_figures(db, aid)


def test_a_cell_is_saved_in_one_transaction_of_five_statements(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    aid = _imported(db, sample_doc, checklists)
    with db.session() as s:
        row = list_rows(s, aid, "guards", "guards")[1]
    before = _listed(db, aid)
    with counted(db) as seen, db.session() as s, s.begin():
        update_cell(s, aid, row.id, "licence_no", None, user="t")
    assert seen == [
        "BEGIN",
        "SELECT ASSESSMENT_ID, CHECKLIST_ID,",
        "UPDATE TABLE_ROWS SET",
        "INSERT INTO HISTORY",
        "UPDATE ASSESSMENTS SET",
        "COMMIT",
    ]
    after = _listed(db, aid)
    assert after[0] > before[0]
    assert after[1:] == _fresh_figures(db, aid)
    assert after[1:] != before[1:]  # the licence now missing is a finding the list counts


def test_an_unchanged_value_writes_nothing(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    aid = _imported(db, sample_doc, checklists)
    with db.session() as s, s.begin():
        set_answer(s, aid, "guards", "training_log", False, user="t")
    before = _listed(db, aid)
    with counted(db) as seen, db.session() as s, s.begin():
        saved = set_answer(s, aid, "guards", "training_log", False, user="t")
    assert saved.history_id is None
    assert [x for x in seen if x.split()[0] in ("INSERT", "UPDATE", "DELETE")] == []
    assert _listed(db, aid) == before


def _history_times(db: Database, aid: int) -> list[Any]:
    from datetime import datetime

    with db.session() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT at FROM history WHERE assessment_id = ? ORDER BY id", (aid,)
        )
        return [datetime.fromisoformat(at) for (at,) in rows]


def test_a_save_leaving_the_list_figures_writes_no_assessments_row_yet_moves_it_first(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    """A cell whose change leaves every figure of the list as it was (a guard's name) writes the
    row, its history entry and nothing else; the list still says it was edited just then (the
    entry's time), puts it first, and its figures equal a fresh evaluation."""
    from models.ops.assessments import list_assessments

    aid = _imported(db, sample_doc, checklists)
    other = _imported(db, sample_doc, checklists)  # changed after: first on the list
    with db.session() as s:
        assert [a.id for a in list_assessments(s)][:2] == [other, aid]
        row = list_rows(s, aid, "guards", "guards")[1]
    before = _listed(db, aid)
    with counted(db) as seen, db.session() as s, s.begin():
        saved = update_cell(s, aid, row.id, "name", row.cells["name"] + "甲", user="t")
    assert saved.history_id is not None
    assert seen == [
        "BEGIN",
        "SELECT ASSESSMENT_ID, CHECKLIST_ID,",
        "UPDATE TABLE_ROWS SET",
        "INSERT INTO HISTORY",
        "COMMIT",
    ]
    after = _listed(db, aid)
    assert after[1:] == before[1:] == _fresh_figures(db, aid)
    assert after[0] == _history_times(db, aid)[-1] > before[0]
    with db.session() as s:
        listed = list_assessments(s)
        assert [a.id for a in listed][:2] == [aid, other]
        assert listed[0] == get_assessment(s, aid)


def test_an_answer_leaving_the_figures_is_quiet_and_the_next_change_is_told_as_before(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    """Answering with a value that keeps every figure writes no assessments row, also when the
    stored figures were read back (the cache forgotten); a change moving a figure writes it with
    the time of its entry; a change of another kind (an item note) touches the row as always."""
    from models.ops.answers import set_item_note

    aid = _imported(db, sample_doc, checklists)
    with db.session() as s, s.begin():
        set_answer(s, aid, "psychology", "fulltime_psych_teachers", 7, user="t")
    before = _listed(db, aid)
    cache.forget(db.engine)  # the stored figures come from the row now
    with counted(db) as seen, db.session() as s, s.begin():
        set_answer(s, aid, "psychology", "fulltime_psych_teachers", 8, user="t")
    assert [x for x in seen if x.startswith("UPDATE")] == []
    quiet = _listed(db, aid)
    assert quiet[1:] == before[1:] == _fresh_figures(db, aid)
    assert quiet[0] == _history_times(db, aid)[-1] > before[0]
    with counted(db) as seen, db.session() as s, s.begin():
        set_answer(s, aid, "psychology", "fulltime_psych_teachers", 0, user="t")
    assert "UPDATE ASSESSMENTS SET" in seen
    moved = _listed(db, aid)
    assert moved[1:] == _fresh_figures(db, aid) != quiet[1:]
    assert moved[0] == _history_times(db, aid)[-1] > quiet[0]
    with counted(db) as seen, db.session() as s, s.begin():
        set_item_note(s, aid, "psychology", "fulltime_psych_teachers", "说明", user="t")
    assert any(x.startswith("UPDATE ASSESSMENTS") for x in seen)
    assert _listed(db, aid)[0] > moved[0]


def test_a_rolled_back_quiet_save_leaves_the_list_as_it_was(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    """A quiet save that fails after its statements ran leaves nothing: the list's time and
    figures are those from before, and the next save is judged from what is stored."""
    aid = _imported(db, sample_doc, checklists)
    with db.session() as s:
        row = list_rows(s, aid, "guards", "guards")[1]
    before = _listed(db, aid)
    try:
        with db.session() as s, s.begin():
            update_cell(s, aid, row.id, "name", "别名", user="t")
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert _listed(db, aid) == before
    with db.session() as s, s.begin():
        update_cell(s, aid, row.id, "licence_no", None, user="t")
    after = _listed(db, aid)
    assert after[1:] == _fresh_figures(db, aid) != before[1:]


def test_one_session_saving_in_several_transactions_writes_each_on_its_own_connection(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    """The driver's connection a save's statements run on is the one of the session's current
    transaction: a session that commits, rolls back and saves again writes what it committed,
    each in its own transaction, and nothing of what it rolled back."""
    from models.ops.answers import get_answers

    aid = _imported(db, sample_doc, checklists)
    with db.session() as s:
        with s.begin():
            set_answer(s, aid, "psychology", "fulltime_psych_teachers", 4, user="t")
        try:
            with s.begin():
                set_answer(s, aid, "psychology", "fulltime_psych_teachers", 5, user="t")
                raise RuntimeError("stop")
        except RuntimeError:
            pass
        with counted(db) as seen, s.begin():
            set_answer(s, aid, "psychology", "parttime_psych_teachers", 1, user="t")
        assert seen[0] == "BEGIN" and seen[-1] == "COMMIT"
    cache.forget(db.engine)
    with db.session() as s:
        answers = get_answers(s, aid, "psychology")
    assert (answers["fulltime_psych_teachers"], answers["parttime_psych_teachers"]) == (4, 1)


def test_a_quiet_save_made_while_the_clock_was_ahead_does_not_outrank_later_changes(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The list's edited time follows the newest change, not the largest time: a quiet save
    stamped a year ahead (a wrong PC clock) shows until the next change, which then shows."""
    from datetime import timedelta

    import models.ops.answers as answers_module
    import models.ops.common as common_module
    import models.ops.rows as rows_module
    import models.stored as stored_module
    from models.ops.assessments import list_assessments
    from models.ops.rows import add_row

    aid = _imported(db, sample_doc, checklists)
    real = common_module.utcnow
    modules = (stored_module, common_module, answers_module, rows_module)
    for module in modules:
        if hasattr(module, "utcnow"):
            monkeypatch.setattr(module, "utcnow", lambda: real() + timedelta(days=365))
    with db.session() as s, s.begin():
        set_answer(s, aid, "psychology", "fulltime_psych_teachers", 7, user="t")
    with db.session() as s, s.begin():
        set_answer(s, aid, "psychology", "fulltime_psych_teachers", 8, user="t")  # quiet
    ahead = _listed(db, aid)[0]
    assert ahead > real() + timedelta(days=300)
    for module in modules:
        if hasattr(module, "utcnow"):
            monkeypatch.setattr(module, "utcnow", real)
    with db.session() as s, s.begin():
        add_row(s, aid, "guards", "guards", {"name": "新来的"}, user="t")
    edited = _listed(db, aid)[0]
    assert edited < real() + timedelta(minutes=1) and edited < ahead
    with db.session() as s:
        assert list_assessments(s)[0].updated_at == edited == get_assessment(s, aid).updated_at
