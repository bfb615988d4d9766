"""Icons drawn at run time (state dots) and the app icon from resources/icons."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

ICONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons"


@lru_cache(maxsize=1)
def state_colors() -> dict[str, str]:
    """The dot colour of each item state (the states' module, and the evaluation results it
    reads, are imported with the first dot: the window's start shows none)."""
    from ui.assessment.item_states import AMBER, GREEN, OPEN, OUT_OF_SCOPE, RED, SKIPPED

    return {
        RED: "#C62828",
        AMBER: "#E6A100",
        GREEN: "#2E7D32",
        OPEN: "#B0B7BF",
        SKIPPED: "#D5D9DE",
        OUT_OF_SCOPE: "#D5D9DE",
    }


@lru_cache(maxsize=8)
def state_icon(state: str) -> QIcon:
    """A round dot in the state's colour (hollow for "open"), crisp at 1× and 2×."""
    from ui.assessment.item_states import OPEN

    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = state_colors()
        color = QColor(colors.get(state, colors[OPEN]))
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
    """The application icon: resources/icons/app.svg rendered by packaging/make_icons.py to
    app-16/32/64.png and app.png (256) — the same picture as the standalone program's .exe."""
    icon = QIcon()
    for name in ("app-16.png", "app-32.png", "app-64.png", "app.png"):
        path = ICONS_DIR / name
        if path.exists():
            icon.addFile(str(path))
    return icon
