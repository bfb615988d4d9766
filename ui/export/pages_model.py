"""PageThumbnailsModel: one row per PDF page, with its thumbnail once rendered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
PageIndexRole = Qt.ItemDataRole.UserRole + 1  # the 0-based page number


class PageThumbnailsModel(QAbstractListModel):
    """Rows are pages: "第 N 页" with a thumbnail (a blank sheet until ``set_thumbnail``)."""

    def __init__(
        self,
        sizes: list[tuple[float, float]],
        thumb_width: int = 120,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sizes: list[tuple[float, float]] = []
        self._thumbs: dict[int, QPixmap] = {}
        self._blank: dict[int, QPixmap] = {}
        self.thumb_width = thumb_width
        self.set_pages(sizes)

    def set_pages(self, sizes: list[tuple[float, float]]) -> None:
        """Replace the pages (their sizes in points); thumbnails are dropped."""
        self.beginResetModel()
        self._sizes = list(sizes)
        self._thumbs.clear()
        self._blank.clear()
        self.endResetModel()

    def thumb_size(self, row: int) -> QSize:
        """The size a thumbnail of ``row`` is shown at."""
        width, height = self._sizes[row]
        return QSize(self.thumb_width, round(self.thumb_width * height / max(width, 1.0)))

    def set_thumbnail(self, row: int, image: QImage) -> None:
        """The rendered thumbnail of page ``row`` (from the renderer)."""
        if not 0 <= row < len(self._sizes):
            return
        pixmap = QPixmap.fromImage(image).scaled(
            self.thumb_size(row),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self._thumbs[row] = _framed(pixmap)
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail(self, row: int) -> bool:
        """Whether page ``row``'s thumbnail has arrived."""
        return row in self._thumbs

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._sizes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sizes):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("第 %1 页").replace("%1", str(row + 1))
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbs.get(row) or self._blank_sheet(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if role == PageIndexRole:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def _blank_sheet(self, row: int) -> QPixmap:
        found = self._blank.get(row)
        if found is None:
            found = QPixmap(self.thumb_size(row))
            found.fill(QColor("white"))
            found = self._blank[row] = _framed(found)
        return found


def _framed(pixmap: QPixmap) -> QPixmap:
    """A thin grey edge, so a white page stands out from the white list."""
    painter = QPainter(pixmap)
    painter.setPen(QColor("#B0B7BF"))
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    painter.end()
    return pixmap
