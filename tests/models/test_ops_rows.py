"""Table rows: stable ids, order, cell edits, deletes, reordering, whole-table replacement."""

from __future__ import annotations

from datetime import date

import pytest

from checklists.answers import Rectification
from checklists.foundation.errors import InputError
from models.errors import NotFound
from models.ops.evaluation import evaluate_assessment
from models.ops.findings import explain_finding, finding_notes, set_rectification
from models.ops.history import list_history
from models.ops.rows import (
    add_row,
    delete_row,
    list_rows,
    reorder_rows,
    replace_table_rows,
    update_cell,
)

OLD_GUARD = {
    "name": "老王",
    "id_number": "441900195001010011",
    "hire_date": "2010-03-01",
    "on_guard_post": True,
}


def _names(db, aid: int) -> list[str]:
    with db.session() as s:
        return [r.cells.get("name", "") for r in list_rows(s, aid, "guards", "guards")]


def _add(db, aid: int, cells: dict, index: int | None = None) -> int:
    with db.session() as s, s.begin():
        saved = add_row(s, aid, "guards", "guards", cells, index=index, user="u")
    assert saved.row_id is not None
    return saved.row_id


def test_rows_keep_their_ids_and_order(db, draft: int) -> None:
    a = _add(db, draft, {"name": "A"})
    b = _add(db, draft, {"name": "B"})
    c = _add(db, draft, {"name": "C"}, index=1)
    assert _names(db, draft) == ["A", "C", "B"]
    with db.session() as s:
        assert [(r.id, r.index) for r in list_rows(s, draft, "guards", "guards")] == [
            (a, 0),
            (c, 1),
            (b, 2),
        ]
    with db.session() as s, s.begin():
        delete_row(s, draft, c, user="u")
    assert _names(db, draft) == ["A", "B"]
    with db.session() as s, s.begin():
        reorder_rows(s, draft, "guards", "guards", [b, a], user="u")
    with db.session() as s:
        assert [(r.id, r.index) for r in list_rows(s, draft, "guards", "guards")] == [
            (b, 0),
            (a, 1),
        ]


def test_adding_a_row_raises_findings_on_that_row(db, draft: int) -> None:
    with db.session() as s, s.begin():
        saved = add_row(s, draft, "guards", "guards", OLD_GUARD, user="u")
    assert "over_55_on_post" in {f.code for f in saved.added}
    assert all(f.row == 0 for f in saved.added)


def test_update_cell_validates_and_reevaluates(db, draft: int) -> None:
    row = _add(db, draft, OLD_GUARD)
    with pytest.raises(InputError, match="hire_date"), db.session() as s, s.begin():
        update_cell(s, draft, row, "hire_date", "2021-02-30")
    with pytest.raises(NotFound, match="nope"), db.session() as s, s.begin():
        update_cell(s, draft, row, "nope", 1)
    with db.session() as s, s.begin():
        saved = update_cell(s, draft, row, "on_guard_post", False, user="u")
    assert "over_55_on_post" in {f.code for f in saved.removed}
    with db.session() as s:
        cells = list_rows(s, draft, "guards", "guards")[0].cells
        assert cells["on_guard_post"] is False and cells["hire_date"] == date(2010, 3, 1)


def test_a_row_of_another_assessment_is_not_found(db, draft: int, imported: int) -> None:
    row = _add(db, draft, {"name": "A"})
    with pytest.raises(NotFound), db.session() as s, s.begin():
        delete_row(s, imported, row)


def test_reorder_must_list_every_row_once(db, draft: int) -> None:
    a, b = _add(db, draft, {"name": "A"}), _add(db, draft, {"name": "B"})
    for bad in ([a], [a, a], [a, b, 99]):
        with pytest.raises(InputError), db.session() as s, s.begin():
            reorder_rows(s, draft, "guards", "guards", bad)


def test_a_finding_state_follows_its_row_when_rows_move_and_goes_with_it(db, draft: int) -> None:
    young = _add(
        db,
        draft,
        {
            "name": "小李",
            "birth_date": "1990-01-01",
            "hire_date": "2015-01-01",
            "on_guard_post": True,
        },
    )
    old = _add(db, draft, OLD_GUARD)
    with db.session() as s, s.begin():
        explain_finding(s, draft, "guards", "over_55_on_post", "guards", 1, "交接中", user="u")
        set_rectification(
            s,
            draft,
            "guards",
            "over_55_on_post",
            "guards",
            1,
            Rectification("调岗", "总务主任", date(2022, 1, 31), "open"),
            user="u",
        )
        reorder_rows(s, draft, "guards", "guards", [old, young], user="u")
    with db.session() as s:
        finding = next(
            f for f in evaluate_assessment(s, draft).findings if f.code == "over_55_on_post"
        )
        assert finding.row == 0 and finding.explanation == "交接中"
        assert finding.rectification == Rectification("调岗", "总务主任", date(2022, 1, 31), "open")
        assert [n.row for n in finding_notes(s, draft)] == [0]
    with db.session() as s, s.begin():
        delete_row(s, draft, old, user="u")
    with db.session() as s:
        assert finding_notes(s, draft) == ()


def test_replace_table_rows_is_one_transaction_and_one_history_entry(db, draft: int) -> None:
    _add(db, draft, {"name": "旧"})
    rows = [{"name": f"保安{i}", "hire_date": "2020-01-01"} for i in range(30)]
    with db.session() as s, s.begin():
        saved = replace_table_rows(
            s, draft, "guards", "guards", rows, user="u", source="roster.xlsx"
        )
    assert saved.history_id is not None
    assert _names(db, draft) == [f"保安{i}" for i in range(30)]
    with db.session() as s:
        entry = [e for e in list_history(s, draft) if e.action == "rows_replace"][-1]
        assert (
            entry.source == "roster.xlsx" and entry.old == [{"name": "旧"}] and len(entry.new) == 30
        )


def test_replace_with_one_bad_cell_changes_nothing(db, draft: int) -> None:
    _add(db, draft, {"name": "旧"})
    rows = [{"name": "甲", "hire_date": "2020-01-01"}, {"name": "乙", "hire_date": "2020-13-01"}]
    with (
        pytest.raises(InputError, match=r"guards\.guards\[1\]\.hire_date"),
        db.session() as s,
        s.begin(),
    ):
        replace_table_rows(s, draft, "guards", "guards", rows, user="u", source="roster.xlsx")
    assert _names(db, draft) == ["旧"]


def test_row_ops_on_a_non_table_are_refused(db, draft: int) -> None:
    with pytest.raises(InputError, match="不是表格"), db.session() as s, s.begin():
        add_row(s, draft, "psychology", "fulltime_psych_teachers", {})


def test_cell_edits_patch_the_cache_exactly_as_a_fresh_load(db, draft: int) -> None:
    from checklists.results import results_to_json
    from models import cache

    a = _add(db, draft, dict(OLD_GUARD))
    _add(db, draft, {"name": "小李", "hire_date": "2020-01-01"})
    for column, value in [
        ("on_guard_post", False),
        ("hire_date", "2021-05-01"),
        ("on_guard_post", True),
        ("birth_date", None),
        ("assessment_date", "2021-06-01"),
    ]:
        with db.session() as s, s.begin():
            update_cell(s, draft, a, column, value, user="u")
        with db.session() as s:
            cached = results_to_json(evaluate_assessment(s, draft), with_items=True)
            cache.forget_session(s)
            fresh = results_to_json(evaluate_assessment(s, draft), with_items=True)
        assert cached == fresh
    with db.session() as s:
        row = next(r for r in list_rows(s, draft, "guards", "guards") if r.id == a)
    assert row.cells["assessment_date"] == date(2021, 6, 1) and row.cells["on_guard_post"] is True


def test_a_failed_cell_edit_leaves_the_cache_with_the_database(db, draft: int) -> None:
    from checklists.results import results_to_json
    from models import cache

    a = _add(db, draft, dict(OLD_GUARD))
    with pytest.raises(RuntimeError), db.session() as s, s.begin():
        update_cell(s, draft, a, "on_guard_post", False, user="u")
        raise RuntimeError("power cut before commit")
    with db.session() as s:
        cached = results_to_json(evaluate_assessment(s, draft))
        cache.forget_session(s)
        assert cached == results_to_json(evaluate_assessment(s, draft))
        assert "over_55_on_post" in [f["code"] for f in cached["checklists"]["guards"]["findings"]]
