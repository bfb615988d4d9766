"""Replacing a table (an Excel re-import) keeps the finding states of the rows that stay."""

from __future__ import annotations

from datetime import date

from checklists.answers import Rectification
from models.ops.evaluation import evaluate_assessment
from models.ops.findings import explain_finding, set_rectification
from models.ops.rows import add_row, replace_table_rows

OLD = {"name": "老王", "id_number": "441900195001010011", "hire_date": "2010-03-01",
       "on_guard_post": True}  # fmt: skip
YOUNG = {"name": "小李", "id_number": "441900196001010024", "hire_date": "2010-03-01",
         "on_guard_post": True}  # fmt: skip


def _over_55(results, name: str, rows: list[dict]):  # type: ignore[no-untyped-def]
    index = [r["name"] for r in rows].index(name)
    return next(f for f in results.findings if f.code == "over_55_on_post" and f.row == index)


def test_states_follow_rows_that_stay_and_leave_with_rows_that_go(db, draft: int) -> None:
    with db.session() as s, s.begin():
        add_row(s, draft, "guards", "guards", OLD, user="u")
        add_row(s, draft, "guards", "guards", YOUNG, user="u")
        explain_finding(s, draft, "guards", "over_55_on_post", "guards", 0, "已调岗", user="u")
        set_rectification(
            s,
            draft,
            "guards",
            "over_55_on_post",
            "guards",
            1,
            Rectification("调离岗位", "保卫科", None, "in_progress"),
            user="u",
        )
    # The re-imported roster: 老王 moved down (ID number written with a space and a lower-case
    # cell elsewhere), 小李 left, a new guard on top.
    new_rows = [
        {"name": "新人", "hire_date": "2021-01-01", "on_guard_post": True},
        {**OLD, "id_number": "441900 195001010011"},
    ]
    with db.session() as s, s.begin():
        replace_table_rows(s, draft, "guards", "guards", new_rows, user="u", source="x.xlsx")
        cached = evaluate_assessment(s, draft)  # judged from the inputs the replacement cached
    assert _over_55(cached, "老王", new_rows).explanation == "已调岗"
    with db.session() as s:
        results = evaluate_assessment(s, draft)
    kept = _over_55(results, "老王", new_rows)
    assert kept.row == 1 and kept.explanation == "已调岗"
    assert all(f.rectification is None for f in results.findings if f.item == "guards")


def test_a_kept_state_is_stored_as_it_was_text_for_text(db, draft: int) -> None:
    """The states that follow their rows are written again without the ORM: every stored
    column (the due date, the time and the author of the last change) reads back the same."""
    with db.session() as s, s.begin():
        add_row(s, draft, "guards", "guards", OLD, user="u")
        add_row(s, draft, "guards", "guards", YOUNG, user="u")
        set_rectification(
            s,
            draft,
            "guards",
            "over_55_on_post",
            "guards",
            0,
            Rectification("调离岗位", "保卫科", date(2022, 1, 15), "in_progress"),
            user="主任",
        )
        explain_finding(s, draft, "guards", "over_55_on_post", "guards", 0, "已调岗", user="主任")
    columns = (
        "code, item_id, explanation, rect_status, rect_measure, rect_responsible,"
        " rect_due_date, updated_by, updated_at, typeof(rect_due_date), typeof(updated_at)"
    )
    query = f"SELECT {columns} FROM finding_states WHERE assessment_id = ? ORDER BY id"
    with db.session() as s:
        before = s.connection().exec_driver_sql(query, (draft,)).all()
    assert len(before) == 1 and before[0][6] == "2022-01-15"
    with db.session() as s, s.begin():
        replace_table_rows(s, draft, "guards", "guards", [YOUNG, OLD], user="u", source="x.xlsx")
    with db.session() as s:
        after = s.connection().exec_driver_sql(query, (draft,)).all()
        results = evaluate_assessment(s, draft)
    assert after == before
    kept = _over_55(results, "老王", [YOUNG, OLD])
    assert kept.explanation == "已调岗"
    assert kept.rectification == Rectification(
        "调离岗位", "保卫科", date(2022, 1, 15), "in_progress"
    )
