"""The main window (the full app arrives with the desktop-app issues)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def register_fonts() -> str | None:
    """Register the bundled CJK font so Chinese renders without a system font; return its family."""
    from reports.fonts import FONT_PATH

    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setFont(QFont(families[0], 10))
    return families[0]


class MainWindow(QMainWindow):
    """The application window."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("校园自查 Campus Self-Check")
        label = QLabel("校园自查")
        label.setAccessibleName("校园自查")
        self.setCentralWidget(label)
        self.resize(1100, 720)
