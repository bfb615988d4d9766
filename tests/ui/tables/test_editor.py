"""TableEditor driven like a person: typing into cells through the delegate editors, the toolbar, filter and sort."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from tests.ui.tables.conftest import OFFSCREEN_NOISE, stored_rows
from ui.open_assessment import OpenAssessment
from ui.store import Store
from ui.tables import TableEditor
from ui.tables.editors import ChoiceCombo, DateCellEditor, IdNumberEditor

pytestmark = OFFSCREEN_NOISE


def open_editor(editor: TableEditor, row: int, column_id: str):
    """Start editing a cell (as a double click would) and return the delegate's editor widget."""
    index = editor.proxy.index(row, editor.rows_model.column_index(column_id))
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    widget = editor.view.indexWidget(index)
    assert widget is not None
    return widget


def select(editor: TableEditor, *rows: int) -> None:
    model = editor.view.selectionModel()
    model.clearSelection()
    for row in rows:
        model.select(
            editor.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    model.setCurrentIndex(
        editor.proxy.index(rows[-1], 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_typing_a_name_and_enter_saves_it(
    qtbot, store: Store, sample_id: int, guards: TableEditor
) -> None:
    line = open_editor(guards, 7, "name")
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "Wang Xiaoming")  # QTest types ASCII only
    qtbot.keyClick(line, Qt.Key.Key_Return)  # Qt commits a line edit from the event loop
    qtbot.waitUntil(lambda: stored_rows(store, sample_id)[7]["name"] == "Wang Xiaoming")
    assert guards.rows_model.data(guards.rows_model.index(7, 0)) == "Wang Xiaoming"
    line = open_editor(guards, 7, "name")
    line.setText("王小明")  # as an input method would
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_rows(store, sample_id)[7]["name"] == "王小明")


def test_date_picker_sets_and_clears_a_date(
    qtbot, store: Store, sample_id: int, guards: TableEditor
) -> None:
    editor = open_editor(guards, 7, "assessment_date")
    assert isinstance(editor, DateCellEditor)
    assert editor.edit.calendarPopup()
    editor.edit.setDate(QDate(2021, 9, 30))
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert stored_rows(store, sample_id)[7]["assessment_date"] == date(2021, 9, 30)
    editor = open_editor(guards, 7, "assessment_date")
    assert editor.value() == date(2021, 9, 30)
    editor.edit.calendarWidget().clicked.emit(QDate(2021, 10, 8))  # as a click in the popup does
    editor.edit.setDate(QDate(2021, 10, 8))
    qtbot.waitUntil(
        lambda: stored_rows(store, sample_id)[7]["assessment_date"] == date(2021, 10, 8)
    )
    editor = open_editor(guards, 7, "assessment_date")
    qtbot.mouseClick(editor.clear_button, Qt.MouseButton.LeftButton)
    assert editor.value() is None and editor.edit.text() == "（空）"
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert "assessment_date" not in stored_rows(store, sample_id)[7]


def test_yes_no_list_offers_yes_no_and_empty(
    qtbot, store: Store, sample_id: int, guards: TableEditor
) -> None:
    combo = open_editor(guards, 0, "on_guard_post")
    assert isinstance(combo, ChoiceCombo)
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "是", "否"]
    assert combo.currentText() == "是"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # arrowing through the list is not yet a choice …
    assert stored_rows(store, sample_id)[0]["on_guard_post"] is True
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # … Enter is
    qtbot.waitUntil(lambda: stored_rows(store, sample_id)[0]["on_guard_post"] is False)
    combo = open_editor(guards, 0, "on_guard_post")
    combo.setCurrentIndex(
        0
    )  # the empty entry clicked in the list: Qt closes the list, then activates
    combo.hidePopup()
    combo.activated.emit(0)
    assert "on_guard_post" not in stored_rows(store, sample_id)[0]


def test_id_number_editor_checks_while_typing(
    qtbot, store: Store, sample_id: int, guards: TableEditor
) -> None:
    editor = open_editor(guards, 7, "id_number")
    assert isinstance(editor, IdNumberEditor)
    assert editor.valid is True and editor.status_text().startswith("✓")
    editor.line.clear()
    assert editor.status_text() == ""
    qtbot.keyClicks(editor.line, "11010519491231002X")
    assert editor.valid is True
    assert editor.status_text() == "✓ 有效，出生 1949-12-31，女"
    editor.line.clear()
    qtbot.keyClicks(editor.line, "110105194912310021")  # check character should be X
    assert editor.valid is False
    assert editor.status_text().startswith("✗ ") and "校验" in editor.status_text()
    editor.line.clear()
    qtbot.keyClicks(editor.line, "1101051949")
    assert editor.valid is False and "18" in editor.status_text()
    qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert (
        stored_rows(store, sample_id)[7]["id_number"] == "1101051949"
    )  # stored; the finding says why
    assert [f.code for f in guards.rows_model.notes(7).findings] == [
        "invalid_id_number",
        "birth_date_unknown",
    ]


def test_number_editor_takes_only_numbers_in_range(
    qtbot, store: Store, sample_id: int, qapp, sample_model: OpenAssessment
) -> None:
    editor = TableEditor(sample_model, "lighting", "classrooms")
    qtbot.addWidget(editor)
    editor.show()
    line = open_editor(editor, 0, "desk_lux")
    assert isinstance(line, QLineEdit) and line.validator() is not None
    assert line.text() == "356"
    line.clear()
    qtbot.keyClicks(line, "abc")
    assert line.text() == ""
    qtbot.keyClicks(line, "-5")
    assert line.text() == "5"  # min 0: no minus sign
    line.clear()
    qtbot.keyClicks(line, "412.5")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: stored_rows(store, sample_id, "lighting", "classrooms")[0]["desk_lux"] == 412.5
    )


def test_add_row_below_the_selection_then_undo(
    qtbot, store: Store, sample_id: int, guards: TableEditor
) -> None:
    select(guards, 2)
    guards.add_action.trigger()
    rows = stored_rows(store, sample_id)
    assert len(rows) == 13 and rows[3] == {}
    assert guards.selected_rows() == [3]
    assert guards.view.currentIndex().row() == 3
    guards.model.undo_stack.undo()
    assert len(stored_rows(store, sample_id)) == 12
    assert guards.rows_model.rowCount() == 12


def test_delete_rows_after_asking(
    qtbot, monkeypatch, store: Store, sample_id: int, guards: TableEditor
) -> None:
    names = [r["name"] for r in stored_rows(store, sample_id)]
    select(guards, 1, 3)
    asked: list[str] = []

    def answer(_parent, _title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    with qtbot.assertNotEmitted(guards.rows_model.modelReset):
        guards.delete_action.trigger()
    assert asked == ["删除选中的 2 行？可以撤销。"]
    assert [r["name"] for r in stored_rows(store, sample_id)] == [
        n for i, n in enumerate(names) if i not in (1, 3)
    ]
    assert guards.rows_model.rowCount() == 10
    # The findings moved with their rows: 张伟明 (was row 2) is row 1 now.
    assert [f.code for f in guards.rows_model.notes(1).findings] == [
        "assessment_failed_still_on_post"
    ]


def test_delete_cancelled_changes_nothing(
    monkeypatch, store: Store, sample_id: int, guards: TableEditor
) -> None:
    select(guards, 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    guards.delete_action.trigger()
    assert len(stored_rows(store, sample_id)) == 12


def test_move_rows_down_and_up(qtbot, store: Store, sample_id: int, guards: TableEditor) -> None:
    names = [r["name"] for r in stored_rows(store, sample_id)]
    select(guards, 0)
    assert not guards.up_action.isEnabled() and guards.down_action.isEnabled()
    guards.down_action.trigger()
    assert [r["name"] for r in stored_rows(store, sample_id)][:2] == [names[1], names[0]]
    assert guards.selected_rows() == [1]  # the selection follows the row
    guards.up_action.trigger()
    assert [r["name"] for r in stored_rows(store, sample_id)] == names


def test_delete_key_clears_selected_cells_in_one_undo_step(
    qtbot, store: Store, sample_id: int, guards: TableEditor
) -> None:
    model = guards.proxy
    selection = guards.view.selectionModel()
    selection.clearSelection()
    for column_id in ("licence_no", "birth"):  # birth is calculated: left alone
        selection.select(
            model.index(8, guards.rows_model.column_index(column_id)),
            QItemSelectionModel.SelectionFlag.Select,
        )
    guards.view.setFocus()
    qtbot.keyClick(guards.view, Qt.Key.Key_Delete)
    assert "licence_no" not in stored_rows(store, sample_id)[8]
    guards.model.undo_stack.undo()
    assert stored_rows(store, sample_id)[8]["licence_no"]


def test_filter_box_and_findings_only(qtbot, guards: TableEditor) -> None:
    qtbot.keyClicks(guards.filter_box, "441900196405")
    assert guards.proxy.rowCount() == 1
    assert guards.proxy.index(0, 0).data() == "李国平"
    assert "显示 1 行" in guards.status.text()
    guards.filter_box.clear()
    guards.findings_only.setChecked(True)
    assert guards.proxy.rowCount() == 6
    guards.filter_box.setText("粤莞保字 2021")  # every word must match
    assert guards.proxy.rowCount() == 2


def test_sorting_by_a_column_and_back_to_the_table_order(qtbot, guards: TableEditor) -> None:
    age = guards.rows_model.column_index("age")
    guards.view.sortByColumn(age, Qt.SortOrder.AscendingOrder)
    ages = [guards.proxy.index(r, age).data() for r in range(guards.proxy.rowCount())]
    assert ages == sorted(ages[:-1], key=int) + [""]  # by number, the empty age last
    select(guards, 0)
    assert not guards.down_action.isEnabled()  # moving is by the table's own order
    assert guards.order_action.isEnabled()
    guards.order_action.trigger()
    assert guards.proxy.index(0, 0).data() == "李国平"


def test_select_row_shows_a_row_hidden_by_the_filter(qtbot, guards: TableEditor) -> None:
    guards.filter_box.setText("李国平")
    guards.select_row(9)
    assert guards.filter_box.text() == ""
    assert guards.selected_rows() == [9]
    assert guards.view.currentIndex().row() == 9


def test_status_line_counts_rows_and_rows_with_findings(guards: TableEditor) -> None:
    assert guards.status.text() == "共 12 行，其中 6 行有问题"
