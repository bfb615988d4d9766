"""TableEditor: any checklist table (guards, classrooms …) as an editable, sortable, filterable grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, Slot
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from checklists.foundation.errors import UserFacingError
from ui.open_assessment import OpenAssessment
from ui.shell.errors import show_error
from ui.tables.delegates import CellDelegate
from ui.tables.import_dialog import ImportTableDialog
from ui.tables.proxy import TableFilterProxy
from ui.tables.row_header import RowNumberHeader
from ui.tables.rows_model import TableRowsModel
from ui.tables.texts import current_lang

_WIDTH_SAMPLE_ROWS = 60  # rows measured when sizing columns (a 2,000-row roster opens fast)
_WIDTHS: dict[tuple[str, str, str, str], list[int]] = {}  # measured column widths
_MAX_COLUMN_WIDTH = 260


class TableEditor(QWidget):
    """A toolbar (add, delete, move, import, template, filter) over the rows of one table item.

    Every edit is one OpenAssessment write (one transaction, undoable); rows with findings are
    tinted and their failing cells bold red, with the reasons as tooltips.
    """

    def __init__(
        self, model: OpenAssessment, checklist_id: str, item_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.checklist_id, self.item_id = checklist_id, item_id
        self.rows_model = TableRowsModel(model, checklist_id, item_id, self)
        self.proxy = TableFilterProxy(self)
        self.proxy.setSourceModel(self.rows_model)
        self._build()
        self.rows_model.writeFailed.connect(self._show_error)
        self.rows_model.modelReset.connect(self._update_state)
        self.rows_model.rowsInserted.connect(self._update_state)
        # Widths measured on an empty table would cut the ID numbers of an imported roster:
        # widen the columns whenever rows arrive.
        self.rows_model.modelReset.connect(lambda: self._grow_columns(0))
        self.rows_model.rowsInserted.connect(lambda _p, first, _last: self._grow_columns(first))
        self.rows_model.rowsRemoved.connect(self._update_state)
        self.rows_model.dataChanged.connect(self._update_state)
        self.proxy.layoutChanged.connect(self._update_state)
        model.readOnlyChanged.connect(self._update_state)
        self._set_texts()  # the rows model was just built in the current language
        self._update_state()
        self._size_columns()

    # ---- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(self.add_row, QKeySequence(Qt.Key.Key_Insert))
        self.delete_action = self._action(self.delete_selected_rows, QKeySequence("Ctrl+Delete"))
        self.up_action = self._action(lambda: self.move_selected(-1), QKeySequence("Ctrl+Up"))
        self.down_action = self._action(lambda: self.move_selected(1), QKeySequence("Ctrl+Down"))
        self.toolbar.addSeparator()
        self.import_action = self._action(self.import_from_excel)
        self.template_action = self._action(self.download_template)
        self.clear_action = QAction(self)  # Delete: empty the selected cells (no toolbar button)
        self.clear_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_action.triggered.connect(self.clear_selected_cells)
        self.order_action = self._action(self.proxy.clear_sort)
        self.findings_only = QCheckBox(self)
        self.findings_only.toggled.connect(self.proxy.set_findings_only)
        self.findings_only.toggled.connect(self._update_state)
        self.filter_box = QLineEdit(self)
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setMinimumWidth(180)
        self.filter_box.textChanged.connect(self.proxy.set_filter_text)
        self.filter_box.textChanged.connect(self._update_state)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.findings_only)
        self.toolbar.addWidget(self.filter_box)
        self.view = self._make_view()
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        layout.addLayout(bottom)

    def _action(self, slot: Any, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.toolbar.addAction(action)
        return action

    def _make_view(self) -> QTableView:
        view = QTableView(self)
        view.setVerticalHeader(RowNumberHeader(view))
        view.setModel(self.proxy)
        view.setItemDelegate(CellDelegate(self.rows_model, self.model.reference_date, view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.setWordWrap(False)
        view.setAlternatingRowColors(
            False
        )  # the finding tints carry meaning; no zebra to confuse them
        header = view.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        header.setHighlightSections(False)
        # A heading wider than its (capped) column ends in "…" rather than losing its start.
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.addAction(self.clear_action)
        view.selectionModel().selectionChanged.connect(self._update_state)
        header.sortIndicatorChanged.connect(self._update_state)
        return view

    def _size_columns(self) -> None:
        """Column widths from the header and the first rows' texts (Qt's own sizing reads every row).

        Widths are measured once per table, language and font, then reused: moving between
        items rebuilds the editor, and measuring is a third of the time that takes.
        """
        header = self.view.horizontalHeader()
        key = (
            self.checklist_id,
            self.item_id,
            self.view.font().toString(),
            str(self.rows_model.headerData(0, Qt.Orientation.Horizontal)),
        )
        known = _WIDTHS.get(key)
        if known is not None and len(known) == self.rows_model.columnCount():
            for column, width in enumerate(known):
                header.resizeSection(column, width)
            return
        metrics = self.view.fontMetrics()
        bold = QFontMetrics(self.rows_model.bold_font(self.view.font()))
        sample = range(min(self.rows_model.rowCount(), _WIDTH_SAMPLE_ROWS))
        for column in range(self.rows_model.columnCount()):
            title = str(self.rows_model.headerData(column, Qt.Orientation.Horizontal) or "")
            texts = [str(self.rows_model.index(r, column).data() or "") for r in sample]
            wanted = max(
                [header.fontMetrics().horizontalAdvance(title) + 24]
                + [max(metrics.horizontalAdvance(t), bold.horizontalAdvance(t)) + 14 for t in texts]
            )
            header.resizeSection(column, min(max(wanted, 72), _MAX_COLUMN_WIDTH))
        _WIDTHS[key] = [header.sectionSize(c) for c in range(self.rows_model.columnCount())]

    def _width_key(self) -> tuple[str, str, str, str]:
        return (
            self.checklist_id,
            self.item_id,
            self.view.font().toString(),
            str(self.rows_model.headerData(0, Qt.Orientation.Horizontal)),
        )

    def _grow_columns(self, first: int) -> None:
        """Widen the columns that the rows from ``first`` on need (never narrower; sampled)."""
        header = self.view.horizontalHeader()
        count = self.rows_model.rowCount()
        if count == 0 or first >= count:
            return
        metrics = self.view.fontMetrics()
        bold = QFontMetrics(self.rows_model.bold_font(self.view.font()))
        sample = range(first, min(count, first + _WIDTH_SAMPLE_ROWS))
        for column in range(self.rows_model.columnCount()):
            texts = [str(self.rows_model.index(r, column).data() or "") for r in sample]
            wanted = max(
                (max(metrics.horizontalAdvance(t), bold.horizontalAdvance(t)) + 14 for t in texts),
                default=0,
            )
            wanted = min(wanted, _MAX_COLUMN_WIDTH)
            if wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)
        _WIDTHS[self._width_key()] = [
            header.sectionSize(c) for c in range(self.rows_model.columnCount())
        ]

    # ---- public API ----------------------------------------------------------------------------

    def select_row(self, row_index: int) -> None:
        """Show and select the table's row ``row_index`` (0-based, as in Finding.row)."""
        if not 0 <= row_index < self.rows_model.rowCount():
            return
        source = self.rows_model.index(row_index, 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():  # hidden by the filter: show every row again
            self.filter_box.clear()
            self.findings_only.setChecked(False)
            index = self.proxy.mapFromSource(source)
        last = self.proxy.index(index.row(), self.proxy.columnCount() - 1)
        self.view.selectionModel().select(
            QItemSelection(index, last), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus()

    def selected_rows(self) -> list[int]:
        """The selected rows as table (source) rows, in table order."""
        rows = {
            self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedIndexes()
        }
        current = self.view.currentIndex()
        if not rows and current.isValid():
            rows.add(self.proxy.mapToSource(current).row())
        return sorted(rows)

    @Slot()
    def add_row(self) -> int | None:
        """Add an empty row below the selection (or at the end), select it and start editing it."""
        rows = self.selected_rows()
        index = rows[-1] + 1 if rows and not self.proxy.is_sorted() else None
        try:
            row_id = self.model.add_row(self.checklist_id, self.item_id, None, index)
        except UserFacingError as exc:
            self._show_error(exc)
            return None
        position = self.rows_model.row_of(row_id)
        if position is not None:
            self.select_row(position)
            editable = next((c for c, col in enumerate(self.rows_model.columns) if col.editable), 0)
            self.view.setCurrentIndex(
                self.proxy.mapFromSource(self.rows_model.index(position, editable))
            )
        return row_id

    @Slot()
    def delete_selected_rows(self) -> None:
        """Delete the selected rows after asking (undoable)."""
        rows = self.selected_rows()
        if not rows:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除行"),
            self.tr("删除选中的 %1 行？可以撤销。").replace("%1", str(len(rows))),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ids = [self.rows_model.row_id(r) for r in rows]
        self._call(lambda: self.model.delete_rows(self.checklist_id, self.item_id, ids))

    def move_selected(self, delta: int) -> None:
        """Move the selected row up (-1) or down (+1) in the table's own order."""
        rows = self.selected_rows()
        if len(rows) != 1 or self.proxy.is_sorted():
            return
        target = rows[0] + delta
        if not 0 <= target < self.rows_model.rowCount():
            return
        row_id = self.rows_model.row_id(rows[0])
        column = max(self.view.currentIndex().column(), 0)
        self._call(lambda: self.model.move_row(self.checklist_id, self.item_id, row_id, target))
        position = self.rows_model.row_of(row_id)
        if position is not None:
            self.select_row(position)
            self.view.selectionModel().setCurrentIndex(
                self.proxy.mapFromSource(self.rows_model.index(position, column)),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )

    @Slot()
    def clear_selected_cells(self) -> None:
        """Empty the selected editable cells (one undo step per cell)."""
        if self.model.read_only:
            return
        cells = [self.proxy.mapToSource(i) for i in self.view.selectionModel().selectedIndexes()]
        targets = [
            (self.rows_model.row_id(c.row()), self.rows_model.column(c.column()).id)
            for c in cells
            if self.rows_model.column(c.column()).editable
        ]
        stack = self.model.undo_stack
        stack.beginMacro(self.tr("清空单元格"))
        try:
            for row_id, column_id in targets:
                row = self.rows_model.row_of(row_id)
                if row is not None and not self.rows_model.set_value(row, column_id, None):
                    break
        finally:
            stack.endMacro()

    @Slot()
    def import_from_excel(self) -> None:
        """Choose a spreadsheet, check it, and replace the rows when it passed (undoable)."""
        dialog = ImportTableDialog(
            self.rows_model.checklist, self.item_id, self.rows_model.rowCount(), self
        )
        try:
            if not dialog.choose_file() or dialog.exec() != QDialog.DialogCode.Accepted:
                return
            result, path = dialog.table_import, dialog.path
        finally:
            dialog.deleteLater()
        if result is None or path is None:
            return
        self._call(
            lambda: self.model.replace_rows(
                self.checklist_id, self.item_id, list(result.rows), path.name
            )
        )

    @Slot()
    def download_template(self) -> None:
        """Save the blank Excel template of this table where the person chooses."""
        from reports.excel.template import write_template

        lang = current_lang()
        suggested = self.tr("%1模板.xlsx").replace("%1", self.rows_model.table.label.get(lang))
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存导入模板"), suggested, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        if self._call(lambda: write_template(self.rows_model.checklist, self.item_id, path, lang)):
            self.status.setText(self.tr("模板已保存：%1").replace("%1", str(path)))

    # ---- state and language --------------------------------------------------------------------

    def _call(self, op: Any) -> bool:
        try:
            op()
        except UserFacingError as exc:
            self._show_error(exc)
            return False
        except OSError as exc:  # writing the template: disk full, folder gone
            self._show_error(
                UserFacingError(
                    f"无法保存文件：{exc.strerror or exc}",
                    f"Cannot save the file: {exc.strerror or exc}",
                )
            )
            return False
        return True

    @Slot(object)
    def _show_error(self, exc: Exception) -> None:
        show_error(self, exc)

    @Slot()
    def _update_state(self, *_args: Any) -> None:
        editable = not self.model.read_only
        rows = self.selected_rows()
        one = len(rows) == 1 and not self.proxy.is_sorted()
        self.add_action.setEnabled(editable)
        self.import_action.setEnabled(editable)
        self.delete_action.setEnabled(editable and bool(rows))
        self.up_action.setEnabled(editable and one and rows[0] > 0)
        self.down_action.setEnabled(editable and one and rows[0] < self.rows_model.rowCount() - 1)
        self.order_action.setEnabled(self.proxy.is_sorted())
        self.status.setText(self._status_text())

    def _status_text(self) -> str:
        total = self.rows_model.rowCount()
        flagged = self.rows_model.flagged_rows()
        text = (
            self.tr("共 %1 行，其中 %2 行有问题")
            .replace("%1", str(total))
            .replace("%2", str(flagged))
        )
        if self.proxy.is_filtered():
            text += self.tr("（显示 %1 行）").replace("%1", str(self.proxy.rowCount()))
        if self.model.read_only:
            text += self.tr(" · 已签名，只读")
        return text

    def retranslate_ui(self) -> None:
        """Every visible text in the current language."""
        self._set_texts()
        self.rows_model.retranslate()
        self._update_state()

    def _set_texts(self) -> None:
        """The toolbar's, filter's and status's own texts in the current language."""
        self.add_action.setText(self.tr("添加行"))
        self.add_action.setToolTip(self.tr("在选中行下方添加一行（Insert）"))
        self.delete_action.setText(self.tr("删除行"))
        self.delete_action.setToolTip(self.tr("删除选中的行（Ctrl+Delete）"))
        self.up_action.setText(self.tr("上移"))
        self.up_action.setToolTip(self.tr("把选中的行上移一位（Ctrl+↑）"))
        self.down_action.setText(self.tr("下移"))
        self.down_action.setToolTip(self.tr("把选中的行下移一位（Ctrl+↓）"))
        self.import_action.setText(self.tr("从 Excel 导入…"))
        self.import_action.setToolTip(self.tr("用按模板填写的 Excel 文件替换表格的全部行"))
        self.template_action.setText(self.tr("下载模板…"))
        self.template_action.setToolTip(self.tr("保存这个表格的空白 Excel 导入模板"))
        self.order_action.setText(self.tr("原顺序"))
        self.order_action.setToolTip(self.tr("取消排序，按表格原来的顺序显示"))
        self.clear_action.setText(self.tr("清空单元格"))
        self.findings_only.setText(self.tr("只看有问题的行"))
        self.filter_box.setPlaceholderText(self.tr("筛选…"))
        self.filter_box.setToolTip(self.tr("只显示包含这些文字的行（多个词用空格分开）"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
