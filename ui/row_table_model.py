"""RowTableModel: the common part of the UI's read-only tables — one object per row.

A subclass names its columns (``headers``) and says what a cell shows for a role (``cell``);
rows, counts, headers, bounds checks and the language switch are done here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the default parent (an invalid index)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A table of ``R`` objects, one per row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._columns = -1  # len(headers()), counted at its first use

    def headers(self) -> list[str]:
        """The column headers in the UI language (their number is the column count, the same in
        every language and for the model's life)."""
        raise NotImplementedError(f"{type(self).__name__} names no columns")

    def cell(self, row: R, column: int, role: int) -> Any:
        """What ``column`` of ``row`` gives for ``role`` (None: nothing)."""
        raise NotImplementedError(f"{type(self).__name__} shows no cells")

    def set_rows(self, rows: Iterable[R]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R:
        """The object shown in ``row``."""
        return self._rows[row]

    def retranslate(self) -> None:
        """Headers and cells follow the new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = ROOT) -> int:
        """The number of rows (none under a valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        """The number of columns (none under a valid parent)."""
        if parent.isValid():
            return 0
        if self._columns < 0:  # Qt asks hundreds of times while it lays out and paints
            self._columns = len(self.headers())
        return self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The horizontal headers' texts."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's value for ``role`` (None outside the table)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        return self.cell(self._rows[index.row()], index.column(), role)
