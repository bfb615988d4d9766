"""督导汇总: the supervision office's window over reports.aggregate (``open_office_window``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.office.window import OfficeWindow

__all__ = ["OfficeWindow", "open_office_window"]

# Windows opened without a parent stay referenced here until Qt destroys them (on close), so
# that Python never collects one while its worker thread runs.
_OPEN: set[OfficeWindow] = set()


def open_office_window(parent: QWidget | None = None, data_dir: Path | None = None) -> OfficeWindow:
    """Open (and return) the office window as a separate top-level window.

    The office store and trust list are those of ``data_dir`` (the main window's data folder),
    by default the per-user data folder.
    """
    if data_dir is None:
        from ui.shell.data_folder import default_data_dir

        data_dir = default_data_dir()
    window = OfficeWindow(Path(data_dir), parent=parent)
    # A top-level window even with a parent (which keeps it alive); deleted when closed.
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    _OPEN.add(window)
    window.destroyed.connect(lambda *_: _OPEN.discard(window))
    window.show()
    return window
