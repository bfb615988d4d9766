"""Starting the desktop app: QApplication, the bundled font, the main window."""

from __future__ import annotations

import sys


def run_gui(argv: list[str]) -> int:
    """Start the GUI with the GUI options of ``argv`` and return the exit code."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow, register_fonts

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("CampusSelfCheck")
    register_fonts()
    window = MainWindow()
    window.show()
    return app.exec()
