"""The emit reference-count guard: emitting from Python never loses references to True."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal

import ui  # noqa: F401  (installs the guard)


class _Sender(QObject):
    text = Signal(str)


def test_many_emits_keep_true_alive(qapp) -> None:
    sender, timer = _Sender(), QTimer()
    before = sys.getrefcount(True)
    for _ in range(3000):
        sender.text.emit("x")
        timer.timeout.emit()
    assert abs(sys.getrefcount(True) - before) < 50
