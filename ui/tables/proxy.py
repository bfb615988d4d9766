"""Sorting and filtering the rows of a table editor (text filter, rows with findings only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)

from ui.tables.rows_model import TableRowsModel


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Apply ``change`` to the proxy's row filter and filter again (the Qt 6.9+ way when there)."""
    if hasattr(proxy, "endFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # PySide6 < 6.9
        change()
        proxy.invalidateRowsFilter()


class TableFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key; keeps rows whose text contains every word of the filter.

    The filter is Qt's own: a pattern over each row's filter text (TableRowsModel.FilterTextRole),
    so a table shown unfiltered asks no Python code about its 2,000 rows.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._findings_only = False
        self.setSortRole(TableRowsModel.SortKeyRole)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)
        self.setFilterRole(TableRowsModel.FilterTextRole)
        self.setFilterKeyColumn(0)

    def set_filter_text(self, text: str) -> None:
        """Show only rows containing every (space-separated) word of ``text``, any case."""
        words = text.casefold().split()
        if words != self._words:
            self._derive_all()
            self._words = words
            self._apply()

    def set_findings_only(self, on: bool) -> None:
        """Show only rows with a finding, an invalid cell or an error."""
        if on != self._findings_only:
            self._findings_only = on
            self._apply()

    def is_filtered(self) -> bool:
        """True when some rows may be hidden."""
        return bool(self._words) or self._findings_only

    def _apply(self) -> None:
        """The filter pattern: the flagged-row mark when asked, then every word anywhere."""
        if not self.is_filtered():
            pattern = ""
        else:
            mark = TableRowsModel.FLAGGED_MARK if self._findings_only else ""
            words = "".join(f"(?=.*{QRegularExpression.escape(w)})" for w in self._words)
            pattern = f"^{QRegularExpression.escape(mark)}{words}"
        self.setFilterRegularExpression(
            QRegularExpression(pattern, QRegularExpression.PatternOption.DotMatchesEverythingOption)
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self._derive_all()
        super().sort(column, order)

    def _derive_all(self) -> None:
        source = self.sourceModel()
        if isinstance(source, TableRowsModel):
            source.derive_all()

    def multiData(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: Any) -> None:  # noqa: N803
        """A painted cell's roles in one call to the source (Qt's proxy would ask role by role)."""
        source = self.sourceModel()
        if isinstance(source, TableRowsModel) and self.sortColumn() < 0 and not self.is_filtered():
            # Unsorted and unfiltered, the proxy shows the source's rows in place.
            source.fill_roles(index.row(), index.column(), roleDataSpan)
        else:
            source.multiData(self.mapToSource(index), roleDataSpan)

    def source_row(self, proxy_row: int) -> int:
        """The source row shown at ``proxy_row``."""
        return self.mapToSource(self.index(proxy_row, 0)).row()

    def is_sorted(self) -> bool:
        """True when a column sort is active (the rows are not in the table's own order)."""
        return self.sortColumn() >= 0

    def clear_sort(self) -> None:
        """Back to the table's own order."""
        self.sort(-1, Qt.SortOrder.AscendingOrder)
