"""A guard against a PySide6 reference-count bug: ``SignalInstance.emit`` losing a reference to True.

PySide6 6.12 on Python 3.11 returns ``True`` from ``emit()`` without a new reference, so every
emit from Python drops one reference of the ``True`` object; after a few thousand emits Python
aborts ("bool_dealloc"). ``install()`` probes for the bug once and, only when it is present, wraps
``emit`` to give the reference back. It is a no-op on a fixed PySide6 (and on Pythons whose True
is immortal).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_installed = False


def _leaks() -> bool:
    """True when an emit from Python loses references to True (probed with 20 emits)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    results: list[object] = [probe.ping.emit() for _ in range(20)]  # type: ignore[func-returns-value]
    after = sys.getrefcount(True)
    lost = before + results.count(True) - after
    del results
    return lost >= 20


def install() -> bool:
    """Wrap ``SignalInstance.emit`` when it leaks; returns True when the wrapper is active."""
    global _installed
    if _installed:
        return True
    if not _leaks():
        return False
    from PySide6.QtCore import SignalInstance

    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self: Any, *args: Any) -> Any:
        result = original(self, *args)
        if result is True:  # the reference PySide did not take
            incref(result)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _installed = True
    return True
