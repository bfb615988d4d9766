"""Replacing a table (an Excel re-import) keeps the finding states of the rows that stay."""

from __future__ import annotations

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
