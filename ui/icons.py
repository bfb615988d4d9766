"""Icons drawn at run time (state dots) and the app icon from resources/icons."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from ui.item_states import AMBER, GREEN, OPEN, RED, SKIPPED

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
STATE_COLORS = {
    RED: "#C62828",
    AMBER: "#E6A100",
    GREEN: "#2E7D32",
    OPEN: "#B0B7BF",
    SKIPPED: "#D5D9DE",
}


@lru_cache(maxsize=8)
def state_icon(state: str) -> QIcon:
    """A round dot in the state's colour (hollow for "open"), crisp at 1× and 2×."""
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(STATE_COLORS.get(state, STATE_COLORS[OPEN]))
        inset = size * 0.22
        rect = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
        if state == OPEN:
            pen = painter.pen()
            pen.setColor(color)
            pen.setWidthF(size / 10)
            painter.setPen(pen)
            painter.drawEllipse(rect)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(rect)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The application icon (resources/icons/campus.svg and its PNG sizes)."""
    icon = QIcon()
    for path in sorted(ICONS_DIR.glob("campus-*.png")):
        icon.addFile(str(path))
    svg = ICONS_DIR / "campus.svg"
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon
