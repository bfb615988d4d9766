"""Sorting and filtering the rows of a table editor (text filter, rows with findings only)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

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
    """Sorts by each column's sort key; keeps rows whose text contains every word of the filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._findings_only = False
        self.setSortRole(TableRowsModel.SortKeyRole)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)

    def set_filter_text(self, text: str) -> None:
        """Show only rows containing every (space-separated) word of ``text``, any case."""
        words = text.casefold().split()
        if words != self._words:
            self._derive_all()
            refilter(self, lambda: setattr(self, "_words", words))

    def set_findings_only(self, on: bool) -> None:
        """Show only rows with a finding, an invalid cell or an error."""
        if on != self._findings_only:
            refilter(self, lambda: setattr(self, "_findings_only", on))

    def is_filtered(self) -> bool:
        """True when some rows may be hidden."""
        return bool(self._words) or self._findings_only

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self._derive_all()
        super().sort(column, order)

    def _derive_all(self) -> None:
        source = self.sourceModel()
        if isinstance(source, TableRowsModel):
            source.derive_all()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        source = self.sourceModel()
        if not isinstance(source, TableRowsModel):
            return True
        if (
            self._findings_only
            and not source.notes(source_row).bad_columns()
            and not source.notes(source_row).findings
        ):
            return False
        if not self._words:
            return True
        text = source.row_text(source_row)
        return all(word in text for word in self._words)

    def source_row(self, proxy_row: int) -> int:
        """The source row shown at ``proxy_row``."""
        return self.mapToSource(self.index(proxy_row, 0)).row()

    def is_sorted(self) -> bool:
        """True when a column sort is active (the rows are not in the table's own order)."""
        return self.sortColumn() >= 0

    def clear_sort(self) -> None:
        """Back to the table's own order."""
        self.sort(-1, Qt.SortOrder.AscendingOrder)
