"""TableRowsModel: columns from the definition, derived cells, findings per row, writes through the store."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from models.ops import assessments as assessment_ops
from tests.ui.tables.conftest import OFFSCREEN_NOISE, stored_rows
from ui.open_assessment import OpenAssessment
from ui.store import Store
from ui.tables import TableEditor, TableRowsModel
from ui.tables.texts import DERIVED_FILL, FAIL_TEXT, ROW_FAIL_FILL, ROW_WARN_FILL

pytestmark = OFFSCREEN_NOISE

GUARD_COLUMNS = [
    "name",
    "id_number",
    "birth_date",
    "hire_date",
    "on_guard_post",
    "assessment_date",
    "assessment_passed",
    "licence_no",
    "birth",
    "on_post_at_reference",  # guards v3: a guard hired after the reference date is not on post
    "age",
    "age_at_hire",
    "id_number__masked",
]


def cell(model: TableRowsModel, row: int, column_id: str, role: int = Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, model.column_index(column_id)), role)


def test_models_pass_the_model_tester(qtmodeltester, guards: TableEditor) -> None:
    qtmodeltester.check(guards.rows_model)
    qtmodeltester.check(guards.proxy)


def test_lighting_table_passes_the_model_tester(
    qtmodeltester, qtbot, sample_model: OpenAssessment
) -> None:
    model = TableRowsModel(sample_model, "lighting", "classrooms")
    assert model.rowCount() == len(sample_model.rows("lighting", "classrooms")) > 0
    qtmodeltester.check(model)


def test_columns_follow_the_definition_then_masked_ids(guards: TableEditor) -> None:
    model = guards.rows_model
    assert [c.id for c in model.columns] == GUARD_COLUMNS
    assert model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    assert (
        model.headerData(model.column_index("id_number__masked"), Qt.Orientation.Horizontal)
        == "公民身份号码（脱敏）"
    )
    assert model.headerData(4, Qt.Orientation.Vertical) == "5"


def test_derived_cells_are_read_only_and_grey(guards: TableEditor) -> None:
    model = guards.rows_model
    # 李国平, ID 441900196405121310, hired 2012-09-01; reference date 2021-12-?? → 57
    assert cell(model, 0, "birth") == "1964-05-12"
    assert cell(model, 0, "age") == "57"
    assert cell(model, 0, "age_at_hire") == "48"
    assert cell(model, 0, "id_number__masked") == "441900********1310"
    assert model.raw_value(0, model.column_index("birth")) == date(1964, 5, 12)
    for column_id in ("birth", "age", "age_at_hire", "id_number__masked"):
        index = model.index(7, model.column_index(column_id))  # a row without findings
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert model.data(index, Qt.ItemDataRole.BackgroundRole) == DERIVED_FILL
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_rows_with_findings_are_tinted_and_failing_cells_bold_red(guards: TableEditor) -> None:
    model = guards.rows_model
    # Row 0: over_55_on_post (major) names the columns age and on_guard_post.
    assert cell(model, 0, "name", Qt.ItemDataRole.BackgroundRole) == ROW_FAIL_FILL
    assert cell(model, 0, "on_guard_post", Qt.ItemDataRole.ForegroundRole) == FAIL_TEXT
    assert cell(model, 0, "on_guard_post", Qt.ItemDataRole.FontRole).bold()
    assert cell(model, 0, "name", Qt.ItemDataRole.FontRole) is None
    tip = cell(model, 0, "name", Qt.ItemDataRole.ToolTipRole)
    assert "[较重]" in tip and "李国平：现年 57 周岁" in tip
    # Row 4: only invalid_id_number (minor) → amber.
    assert cell(model, 4, "name", Qt.ItemDataRole.BackgroundRole) == ROW_WARN_FILL
    assert cell(model, 4, "id_number", Qt.ItemDataRole.FontRole).bold()
    # Row 7: no finding.
    assert cell(model, 7, "name", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(model, 7, "name", Qt.ItemDataRole.ToolTipRole) is None
    codes = [f.code for f in cell(model, 0, "name", TableRowsModel.FindingsRole)]
    assert codes == ["over_55_on_post"]
    assert cell(model, 0, "name", TableRowsModel.RowIdRole) == model.row_id(0)


def test_edit_writes_one_cell_and_refreshes_only_that_row(
    qtbot, store: Store, sample_id: int, guards: TableEditor
) -> None:
    model, proxy = guards.rows_model, guards.proxy
    column = model.column_index("on_guard_post")
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged) as changed:
        assert proxy.setData(proxy.index(0, column), False)
    first, last = changed.args[0], changed.args[1]
    assert (first.row(), last.row()) == (0, 0)
    assert stored_rows(store, sample_id)[0]["on_guard_post"] is False
    assert cell(model, 0, "name", Qt.ItemDataRole.BackgroundRole) is None  # the finding is gone
    guards.model.undo_stack.undo()
    assert stored_rows(store, sample_id)[0]["on_guard_post"] is True
    assert cell(model, 0, "name", Qt.ItemDataRole.BackgroundRole) == ROW_FAIL_FILL


def test_typed_text_is_parsed_by_column_type(
    store: Store, sample_id: int, guards: TableEditor
) -> None:
    model = guards.rows_model
    assert model.setData(model.index(7, model.column_index("assessment_date")), "2021年6月1日")
    assert model.setData(model.index(7, model.column_index("assessment_passed")), "否")
    row = stored_rows(store, sample_id)[7]
    assert row["assessment_date"] == date(2021, 6, 1) and row["assessment_passed"] is False


def test_a_wrong_value_is_refused_and_nothing_changes(
    qtbot, store: Store, sample_id: int, guards: TableEditor, shown_errors: list
) -> None:
    model = guards.rows_model
    before = stored_rows(store, sample_id)
    with qtbot.waitSignal(model.writeFailed) as failed:
        assert not model.setData(model.index(0, model.column_index("hire_date")), "not a date")
    assert "入职日期" in failed.args[0].text("zh")
    assert shown_errors == [failed.args[0]]  # the editor showed it
    assert stored_rows(store, sample_id) == before


def test_clearing_a_cell_stores_nothing_for_it(
    store: Store, sample_id: int, guards: TableEditor
) -> None:
    model = guards.rows_model
    assert model.setData(model.index(0, model.column_index("licence_no")), "")
    assert "licence_no" not in stored_rows(store, sample_id)[0]
    assert "guard_licence_missing" in [f.code for f in model.notes(0).findings]


def test_signed_assessment_is_read_only(store: Store, sample_id: int, guards: TableEditor) -> None:
    store.call(lambda s: assessment_ops.mark_signed(s, sample_id, user="t"))
    guards.model.reload()
    model = guards.rows_model
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 0), "x")
    assert not guards.add_action.isEnabled()
    assert "只读" in guards.status.text()


def test_calculated_cells_follow_an_edit(guards: TableEditor) -> None:
    model = guards.rows_model
    assert model.setData(model.index(5, model.column_index("birth_date")), date(1960, 1, 2))
    assert cell(model, 5, "birth") == "1960-01-02"
    assert cell(model, 5, "age") == "61"
    assert "birth_date_unknown" not in [f.code for f in model.notes(5).findings]
