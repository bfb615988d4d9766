"""The cell delegate of the table editor: picks the editor for each column type and writes its value back."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.tables.columns import TableColumn
from ui.tables.editors import (
    CompositeEditor,
    DateCellEditor,
    IdNumberEditor,
    MultiChoiceEditor,
    choice_combo,
    number_line,
)
from ui.tables.rows_model import TableRowsModel

Index = QModelIndex | QPersistentModelIndex
_ID_EDITOR_WIDTH = 440
_MULTI_EDITOR_WIDTH = 220
_DATE_EDITOR_WIDTH = 170


class CellDelegate(QStyledItemDelegate):
    """Editors by column type: date picker, yes/no and choice lists, numbers in range, checked ID numbers.

    Plain text columns use Qt's own line edit. Every editor hands a value (or text) to
    ``setData`` of the view's model, which writes it through the OpenAssessment.
    """

    def __init__(
        self, rows: TableRowsModel, reference_date: date, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.rows = rows
        self.reference_date = reference_date

    def _column(self, index: Index) -> TableColumn:
        return self.rows.column(index.column())

    def _source_row(self, index: Index) -> int:
        model = index.model()
        if isinstance(model, QSortFilterProxyModel):
            return model.mapToSource(model.index(index.row(), index.column())).row()
        return index.row()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        item = self._column(index).item
        kind = item.type
        if kind == "date":
            return self._composite(DateCellEditor(parent))
        if kind == "id_number":
            return self._composite(IdNumberEditor(self.reference_date, parent))
        if kind == "multi_choice":
            return self._composite(MultiChoiceEditor(item, parent))
        if kind in ("yes_no", "single_choice"):
            combo = choice_combo(item, parent)
            # Picking from the list is the whole edit: save at once.
            combo.picked.connect(lambda: self._finish(combo, commit=True))
            return combo
        if kind in ("integer", "decimal"):
            return number_line(item, parent)
        return super().createEditor(parent, option, index)

    def _composite(self, editor: CompositeEditor) -> CompositeEditor:
        editor.committed.connect(lambda: self._finish(editor, commit=True))
        editor.cancelled.connect(lambda: self._finish(editor, commit=False))
        return editor

    @Slot()
    def _finish(self, editor: QWidget, commit: bool) -> None:
        if commit:
            self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = self.rows.raw_value(self._source_row(index), index.column())
        if isinstance(editor, DateCellEditor | IdNumberEditor | MultiChoiceEditor):
            editor.set_value(value)
        elif isinstance(editor, QComboBox):
            found = next(
                (
                    i
                    for i in range(editor.count())
                    if editor.itemData(i) == value and value is not None
                ),
                0,
            )
            editor.setCurrentIndex(found)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, DateCellEditor | IdNumberEditor | MultiChoiceEditor):
            model.setData(index, editor.value())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = QRect(option.rect)
        wanted = {
            IdNumberEditor: _ID_EDITOR_WIDTH,
            MultiChoiceEditor: _MULTI_EDITOR_WIDTH,
            DateCellEditor: _DATE_EDITOR_WIDTH,
        }
        width = wanted.get(type(editor))
        if width is not None:
            rect.setWidth(max(rect.width(), width))
        if isinstance(editor, MultiChoiceEditor):
            rect.setHeight(max(rect.height(), editor.sizeHint().height()))
        if isinstance(editor, IdNumberEditor):
            rect.setHeight(max(rect.height(), editor.preferred_height()))
        editor.setGeometry(rect)
