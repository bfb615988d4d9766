"""RowNumberHeader: the row numbers beside a long table, sized from a sample of its sections."""

from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

_SAMPLE = 20  # sections measured at each end (Qt's own size hint reads up to 200 of them)


class RowNumberHeader(QHeaderView):
    """A vertical header like QTableView's own, whose size hint measures only a sample of rows.

    Qt asks the model for four roles of up to 200 sections each time the table lays itself
    out; through a sorting proxy each of those asks is three calls into Python. The widest
    label is a row number with the most digits, so the first and last rows and the row that
    shows the highest number are enough.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)  # as QTableView's own: a click selects the row
        self.setHighlightSections(True)
        self._hint: tuple[tuple[int, str, str], QSize] | None = None

    def sizeHint(self) -> QSize:
        count = self.count()
        if count <= 2 * _SAMPLE:
            return super().sizeHint()
        # The widest label has the most digits: the hint changes with the count and the font only.
        key = (count, self.font().key(), self.style().name())
        if self._hint is not None and self._hint[0] == key:
            return QSize(self._hint[1])
        sections = {*range(_SAMPLE), *range(count - _SAMPLE, count), self._highest_number()}
        hint = QSize(0, 0)
        for section in sorted(s for s in sections if 0 <= s < count):
            if not self.isSectionHidden(section):
                hint = hint.expandedTo(self.sectionSizeFromContents(section))
        self._hint = (key, QSize(hint))
        return hint

    def _highest_number(self) -> int:
        """The section showing the highest row number (the source's last row, when sorted)."""
        model = self.model()
        if not isinstance(model, QAbstractProxyModel) or model.sourceModel().rowCount() == 0:
            return self.count() - 1
        source = model.sourceModel()
        return int(model.mapFromSource(source.index(source.rowCount() - 1, 0)).row())
