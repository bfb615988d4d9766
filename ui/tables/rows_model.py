"""TableRowsModel: the rows of one table item as a Qt table model, cached, with findings per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont

from checklists.foundation.errors import UserFacingError
from ui.open_assessment import OpenAssessment
from ui.tables.columns import TableColumn, display_text, parse_text, sort_key, table_columns
from ui.tables.derived import DerivedCells
from ui.tables.row_notes import EMPTY, RowNotes, index_notes
from ui.tables.texts import (
    DERIVED_FILL,
    DERIVED_TEXT,
    FAIL_TEXT,
    ROW_FAIL_FILL,
    ROW_WARN_FILL,
    current_lang,
)

Index = QModelIndex | QPersistentModelIndex
_NUMERIC = ("integer", "decimal")
# The roles as plain ints: a painted cell asks for seven of them, and enum comparisons cost.
_DISPLAY, _EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
_BACKGROUND, _FOREGROUND = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.ForegroundRole)
_FONT, _TOOLTIP = int(Qt.ItemDataRole.FontRole), int(Qt.ItemDataRole.ToolTipRole)
_TEXT_ALIGNMENT, _USER = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.UserRole)
_SHOWN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SHOWN | Qt.ItemFlag.ItemIsEditable
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _Row:
    """One cached row: stored cells, the evaluation's notes; derived cells and texts made on first use.

    Derived cells wait until the row is shown, sorted or filtered: opening a 2,000-row table
    computes only the rows on screen.
    """

    __slots__ = ("id", "cells", "_derived", "_derive", "notes", "_display", "_text", "_keys")

    def __init__(
        self, row_id: int, cells: dict[str, Any], derive: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> None:
        self.id = row_id
        self.cells = cells
        self._derived: dict[str, Any] | None = None
        self._derive = derive
        self.notes: RowNotes = EMPTY
        self._display: list[str] | None = None
        self._text: str | None = None
        self._keys: list[str | float | None] | None = None

    @property
    def derived(self) -> dict[str, Any]:
        """The calculated and masked cells."""
        if self._derived is None:
            self._derived = self._derive(self.cells)
        return self._derived

    def value(self, column: TableColumn) -> Any:
        return self.cells.get(column.id) if column.editable else self.derived.get(column.id)

    def display(self, columns: Sequence[TableColumn], lang: str) -> list[str]:
        if self._display is None:
            self._display = [display_text(c, self.value(c), lang) for c in columns]
        return self._display

    def text(self, columns: Sequence[TableColumn], lang: str) -> str:
        """Every cell's text in one lower-case string, for the filter box."""
        if self._text is None:
            self._text = "\t".join(self.display(columns, lang)).casefold()
        return self._text

    def key(self, columns: Sequence[TableColumn], column: int, lang: str) -> str | float:
        """A cell's sort key, kept (a sort asks for it many times)."""
        if self._keys is None:
            self._keys = [None] * len(columns)
        found = self._keys[column]
        if found is None:
            found = self._keys[column] = sort_key(
                columns[column], self.value(columns[column]), lang
            )
        return found

    def has_derived(self) -> bool:
        return self._derived is not None

    def set_derived(self, derived: dict[str, Any]) -> None:
        self._derived = derived

    def forget_texts(self) -> None:
        self._display = self._text = self._keys = None


class TableRowsModel(QAbstractTableModel):
    """The rows of ``checklist_id``.``item_id``; columns follow the definition (``column_index``).

    Rows are read once per change (rowsChanged / resultsChanged of the OpenAssessment) and
    cached; the findings are indexed by row once per refresh; only rows that changed are
    announced. Edits go through the OpenAssessment (one transaction each, undoable).

    Signals:
        writeFailed(object): a write was refused (a UserFacingError to show) or failed.
    """

    RawValueRole = Qt.ItemDataRole.UserRole + 1
    SortKeyRole = Qt.ItemDataRole.UserRole + 2
    RowIdRole = Qt.ItemDataRole.UserRole + 3
    FindingsRole = Qt.ItemDataRole.UserRole + 4
    ColumnIdRole = Qt.ItemDataRole.UserRole + 5
    FilterTextRole = Qt.ItemDataRole.UserRole + 6  # the row's text, after FLAGGED_MARK when flagged
    FLAGGED_MARK = "\x01"  # begins the filter text of a row with findings or failing cells

    writeFailed = Signal(object)

    def __init__(
        self, model: OpenAssessment, checklist_id: str, item_id: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.assessment = model
        self.checklist_id, self.item_id = checklist_id, item_id
        self.checklist = model.checklists[checklist_id]
        self.table = self.checklist.item(item_id)
        self.columns: list[TableColumn] = table_columns(self.table)
        self._col = {c.id: i for i, c in enumerate(self.columns)}
        self._rows: list[_Row] = []
        self._seen: tuple[list[Any], Any] = ([], None)  # the store's rows and result last read
        self._lang = current_lang()
        self._bold = QFont()
        self._bold.setBold(True)
        self._deriver = DerivedCells(
            self.checklist, self.table, self.columns, _school_of(model), model.reference_date
        )
        model.rowsChanged.connect(self._on_rows_changed)
        model.resultsChanged.connect(self._on_results_changed)
        model.answerChanged.connect(self._on_answer_changed)
        model.readOnlyChanged.connect(self._on_read_only)
        self.set_rows(self._read())

    # ---- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.columns[index.column()].editable and not self.assessment.read_only:
            return _EDITABLE
        return _SHOWN

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return (
                str(section + 1)
                if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows)
                else None
            )
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.label(self._lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(column)
        if role == self.ColumnIdRole:
            return column.id
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role == self.SortKeyRole:  # first: a sort asks for it twice per comparison
            return self._rows[index.row()].key(self.columns, index.column(), self._lang)
        return self._value(self._rows[index.row()], index.column(), role)

    def multiData(self, index: Index, roleDataSpan: Any) -> None:  # noqa: N803 - Qt's name
        """Every role a painted cell asks for in one call (the delegate asks for seven)."""
        self.fill_roles(index.row() if index.isValid() else -1, index.column(), roleDataSpan)

    def fill_roles(self, row: int, column: int, roleDataSpan: Any) -> None:  # noqa: N803
        """multiData of the cell at ``row``, ``column`` (nothing outside the table)."""
        if not (0 <= row < len(self._rows) and 0 <= column < len(self.columns)):
            for role_data in roleDataSpan:
                role_data.clearData()
            return
        found = self._rows[row]
        for role_data in roleDataSpan:
            role = role_data.role()
            if role == self.SortKeyRole:
                role_data.setData(found.key(self.columns, column, self._lang))
            else:
                role_data.setData(self._value(found, column, role))

    def _value(self, row: _Row, at: int, role: int) -> Any:
        """What cell ``at`` of ``row`` gives for ``role`` (any role but the sort key)."""
        if role in (_DISPLAY, _EDIT):
            return row.display(self.columns, self._lang)[at]
        column = self.columns[at]
        if role == _BACKGROUND:
            return self._background(row, column)
        if role == _FOREGROUND:
            return self._foreground(row, column)
        if role == _FONT:
            return self._bold if column.id in row.notes.bad_columns() else None
        if role == _TEXT_ALIGNMENT:
            return _RIGHT if column.item.type in _NUMERIC and column.kind != "masked" else None
        if role == _TOOLTIP:
            lines = row.notes.lines(self.table, self._lang)
            return "\n".join(lines) if lines else None
        if role < _USER:  # check state, decoration, size hint …: nothing
            return None
        return self._custom(row, column, role)

    def _custom(self, row: _Row, column: TableColumn, role: int) -> Any:
        if role == self.RawValueRole:
            value = row.value(column)
            return QDate(value.year, value.month, value.day) if isinstance(value, date) else value
        if role == self.RowIdRole:
            return row.id
        if role == self.FindingsRole:
            return list(row.notes.findings)
        if role == self.ColumnIdRole:
            return column.id
        if role == self.FilterTextRole:
            flagged = bool(row.notes.findings or row.notes.bad_columns())
            return (self.FLAGGED_MARK if flagged else "") + row.text(self.columns, self._lang)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        return self.set_value(index.row(), self.columns[index.column()].id, value)

    # ---- our interface -------------------------------------------------------------------------

    def set_rows(self, rows: list[_Row]) -> None:
        """Replace every cached row (a model reset)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def column_index(self, column_id: str) -> int:
        """The model column of ``column_id`` (KeyError when the table has none)."""
        return self._col[column_id]

    def bold_font(self, base: QFont) -> QFont:
        """``base`` in bold (failing cells are drawn so)."""
        font = QFont(base)
        font.setBold(True)
        return font

    def column(self, column: int) -> TableColumn:
        """The column spec at model column ``column``."""
        return self.columns[column]

    def row_id(self, row: int) -> int:
        """The stable id of the row at ``row``."""
        return self._rows[row].id

    def row_of(self, row_id: int) -> int | None:
        """The model row of ``row_id`` (None when it is gone)."""
        for i, row in enumerate(self._rows):
            if row.id == row_id:
                return i
        return None

    def raw_value(self, row: int, column: int) -> Any:
        """The stored (or derived) value of a cell: date, bool, "na", number, text, list or None."""
        return self._rows[row].value(self.columns[column])

    def notes(self, row: int) -> RowNotes:
        """What the evaluation says about the row."""
        return self._rows[row].notes

    def derive_all(self) -> None:
        """Compute every row's derived cells in one batch (before sorting or filtering all rows)."""
        missing = [row for row in self._rows if not row.has_derived()]
        if missing:
            derived = self._deriver.compute([row.cells for row in missing], self._answers())
            for row, cells in zip(missing, derived, strict=True):
                row.set_derived(cells)

    def flagged_rows(self) -> int:
        """How many rows have at least one finding."""
        return sum(1 for row in self._rows if row.notes.findings)

    def row_text(self, row: int) -> str:
        """The row's cells as one case-folded string (for filtering)."""
        return self._rows[row].text(self.columns, self._lang)

    def set_value(self, row: int, column_id: str, value: Any) -> bool:
        """Write one cell through the OpenAssessment; False (and writeFailed) when refused."""
        column = self.columns[self._col[column_id]]
        try:
            if isinstance(value, QDate):
                value = value.toPython() if value.isValid() else None
            elif isinstance(value, str):
                value = parse_text(column, value)
            if value == self._rows[row].cells.get(column_id) and type(value) is type(
                self._rows[row].cells.get(column_id)
            ):
                return True
            self.assessment.update_cell(
                self.checklist_id, self.item_id, self._rows[row].id, column_id, value
            )
        except UserFacingError as exc:
            self.writeFailed.emit(exc)
            return False
        return True

    def retranslate(self) -> None:
        """Take the current UI language for headers and cell texts."""
        self._lang = current_lang()
        for row in self._rows:
            row.forget_texts()
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        self._changed_all()

    @Slot()
    def refresh(self) -> None:
        """Read the rows and the evaluation again; announce only what changed."""
        from ui.tables.sync import plan_rows

        data, result = self._read_data(), self.assessment.result(self.checklist_id)
        if self._unchanged(data, result):  # e.g. resultsChanged right after rowsChanged
            return
        fresh, target = plan_rows(self._rows, data, self._compute)
        notes = index_notes(result, self.item_id)
        changed = {i for i, row in enumerate(target) if row.id in fresh}
        for i, row in enumerate(target):
            new = notes.get(i, EMPTY)
            if row.notes != new:
                row.notes = new
                changed.add(i)
        self._restructure(target)
        self._announce(sorted(changed))

    # ---- internals -----------------------------------------------------------------------------

    def _read_data(self) -> list[Any]:
        return self.assessment.rows(self.checklist_id, self.item_id)

    def _unchanged(self, data: list[Any], result: Any) -> bool:
        """True when the store handed out the very same rows and result as last time."""
        seen_data, seen_result = self._seen
        same = (
            result is seen_result
            and len(data) == len(seen_data)
            and all(a is b for a, b in zip(data, seen_data, strict=True))
        )
        self._seen = (data, result)
        return same

    def _read(self) -> list[_Row]:
        data = self._read_data()
        rows = self._compute(data)
        result = self.assessment.result(self.checklist_id)
        self._seen = (data, result)
        notes = index_notes(result, self.item_id)
        for i, row in enumerate(rows):
            row.notes = notes.get(i, EMPTY)
        return rows

    def _compute(self, data: Sequence[Any]) -> list[_Row]:
        answers = self._answers()
        deriver = self._deriver

        def derive(cells: dict[str, Any]) -> dict[str, Any]:
            return deriver.compute([cells], answers)[0]

        return [_Row(d.id, dict(d.cells), derive) for d in data]

    def _answers(self) -> dict[str, Any]:
        return {
            i.id: self.assessment.value(self.checklist_id, i.id)
            for i in self.checklist.items()
            if not i.is_table
        }

    def _restructure(self, target: list[_Row]) -> None:
        from ui.tables.sync import apply_structure

        apply_structure(self, self._rows, target)

    def _announce(self, rows: list[int]) -> None:
        last = len(self.columns) - 1
        start = None
        for i, r in enumerate(rows):
            if start is None:
                start = r
            if i + 1 == len(rows) or rows[i + 1] != r + 1:
                self.dataChanged.emit(self.index(start, 0), self.index(r, last))
                start = None

    def _changed_all(self) -> None:
        if self._rows and self.columns:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )

    def _background(self, row: _Row, column: TableColumn) -> Any:
        severity = row.notes.severity
        if severity in ("critical", "major"):
            return ROW_FAIL_FILL
        if severity == "minor":
            return ROW_WARN_FILL
        return None if column.editable else DERIVED_FILL

    def _foreground(self, row: _Row, column: TableColumn) -> Any:
        if column.id in row.notes.bad_columns():
            return FAIL_TEXT
        return None if column.editable else DERIVED_TEXT

    def _header_tip(self, column: TableColumn) -> str | None:
        from checklists.source_names import human_sources

        parts = (
            [human_sources(column.item.help.get(self._lang), self._lang)]
            if column.item.help and column.editable
            else []
        )
        if not column.editable:
            parts.append(self.tr("自动计算，不可编辑"))
        return "\n".join(parts) or None

    # ---- slots ---------------------------------------------------------------------------------

    @Slot(str, str)
    def _on_rows_changed(self, checklist_id: str, item_id: str) -> None:
        if (checklist_id, item_id) == (self.checklist_id, self.item_id):
            self.refresh()

    @Slot(str)
    def _on_results_changed(self, checklist_id: str) -> None:
        if checklist_id == self.checklist_id:
            self.refresh()

    @Slot(str, str)
    def _on_answer_changed(self, checklist_id: str, item_id: str) -> None:
        # Another answer of the checklist may feed a calculated column: recompute them all.
        if checklist_id == self.checklist_id and item_id in self._deriver.outer_items:
            self.set_rows(self._read())

    @Slot(bool)
    def _on_read_only(self, _read_only: bool) -> None:
        self._changed_all()


def _school_of(model: Any) -> Any:
    """The school profile of the open assessment (calculated columns may refer to it)."""
    from models.ops.common import state

    return model.store.call(lambda s: state(s, model.assessment_id).school)
