"""The state dots: each item state in its colour (the states' module is imported with the first)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from ui.assessment.item_states import AMBER, GREEN, OPEN, OUT_OF_SCOPE, RED, SKIPPED
from ui.shell.icons import state_colors, state_icon


def test_every_state_has_its_colour() -> None:
    colors = state_colors()
    assert set(colors) == {RED, AMBER, GREEN, OPEN, SKIPPED, OUT_OF_SCOPE}
    assert colors[RED] == "#C62828" and colors[GREEN] == "#2E7D32" and colors[AMBER] == "#E6A100"


def test_a_dot_is_drawn_in_its_state_colour_and_open_is_hollow(qapp) -> None:
    for state in (RED, AMBER, GREEN, SKIPPED):
        image = state_icon(state).pixmap(QSize(32, 32)).toImage()
        assert image.pixelColor(16, 16).name() == QColor(state_colors()[state]).name().lower()
    hollow = state_icon(OPEN).pixmap(QSize(32, 32)).toImage()
    assert hollow.pixelColor(16, 16).alpha() == 0  # a ring: nothing at its centre
    ring = [hollow.pixelColor(x, 16) for x in range(32)]
    assert any(c.alpha() > 0 and c.name() == state_colors()[OPEN].lower() for c in ring)
    unknown = state_icon("no such state").pixmap(QSize(32, 32)).toImage()
    assert unknown.pixelColor(16, 16).name() == state_colors()[OPEN].lower()  # open's colour
