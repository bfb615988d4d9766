"""The app's look: a calm light palette and a stylesheet keyed on object names."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

PRIMARY = "#1F5FA8"

STYLESHEET = """
QMainWindow, QDialog { background: #F6F7F9; }
#welcomePage, #schoolPage, #homePage { background: #F6F7F9; }
#welcomeTitle { font-size: 22pt; font-weight: 600; color: #1B2430; margin-top: 8px; }
#welcomeLead, #pageLead { color: #44505E; font-size: 11pt; }
#stepCard { background: white; border: 1px solid #DDE2E8; border-radius: 8px; min-width: 180px; }
#stepNumber { background: @PRIMARY@; color: white; border-radius: 16px; font-weight: 600; }
#stepHead { font-weight: 600; font-size: 11pt; color: #1B2430; }
#stepText { color: #55606E; }
#pageTitle { font-size: 18pt; font-weight: 600; color: #1B2430; }
#sectionTitle { font-size: 13pt; font-weight: 600; color: #1B2430; }
#schoolCard { background: white; border: 1px solid #DDE2E8; border-radius: 8px; }
#schoolName { font-size: 15pt; font-weight: 600; color: #1B2430; }
#schoolFacts { color: #55606E; }
#demoBanner { background: #E8F0FB; border: 1px solid #B9CDEB; border-radius: 6px; }
#emptyHint, #hint, #listHint, #rangeHint, #noteHint { color: #6B7480; }
QPushButton { padding: 5px 14px; border: 1px solid #C5CCD5; border-radius: 5px; background: white; }
QPushButton:hover { background: #EEF3FA; }
QPushButton:disabled { color: #A0A8B2; background: #F1F3F5; }
QPushButton#primaryButton { background: @PRIMARY@; color: white; border-color: @PRIMARY@; font-weight: 600; }
QPushButton#primaryButton:hover { background: #194F8C; }
QPushButton#primaryButton:disabled { background: #9DB5D6; border-color: #9DB5D6; }
QLabel#codeCheck[state="error"] { color: #B3261E; }
QLabel#codeCheck[state="ok"] { color: #2E7D32; }
QLabel#codeCheck[state="hint"] { color: #6B7480; }
QLabel#idCheck[valid="false"] { color: #B3261E; }
QLabel#idCheck[valid="true"] { color: #2E7D32; }
#readOnlyBanner { background: #FFF4CE; color: #5C4400; border-bottom: 1px solid #E8D48A; padding: 8px 16px; }
#assessmentHeader { background: white; border-bottom: 1px solid #DDE2E8; }
#assessmentHeading { font-size: 13pt; font-weight: 600; color: #1B2430; }
#assessmentFacts { color: #55606E; }
#itemPage, #itemBody { background: white; }
#itemWhere { color: #6B7480; }
#itemTitle { font-size: 14pt; font-weight: 600; color: #1B2430; }
#requiredMark { color: #B3261E; font-weight: 600; }
#itemHelp { color: #44505E; }
#itemClauses, #itemStandard { color: #44505E; }
#itemSkipped { color: #6B7480; font-style: italic; }
#itemMessage { color: #9C4A00; background: #FFF3D1; border-radius: 4px; padding: 6px 8px; }
#fieldLabel { font-weight: 600; color: #1B2430; }
#calculatedValue { color: #1B2430; font-weight: 600; }
QTableView, QTreeView, QListView { background: white; border: 1px solid #DDE2E8; selection-background-color: #D6E4F5; selection-color: #1B2430; }
QTableView { alternate-background-color: #F8FAFC; }
QHeaderView::section { background: #EEF1F4; border: none; border-bottom: 1px solid #DDE2E8; padding: 4px 6px; font-weight: 600; color: #34404E; }
QLineEdit, QPlainTextEdit { padding: 3px 5px; border: 1px solid #C5CCD5; border-radius: 4px; background: white; }
QLineEdit:focus, QPlainTextEdit:focus { border-color: @PRIMARY@; }
QLineEdit[undrawable="true"], QPlainTextEdit[undrawable="true"], QTextEdit[undrawable="true"] { border: 2px solid #C77700; background: #FFF3D1; }
QSpinBox, QDoubleSpinBox, QDateEdit, QComboBox { min-height: 24px; }
QStatusBar { background: #EEF1F4; color: #34404E; }
""".replace("@PRIMARY@", PRIMARY)


def apply_style(app: QApplication) -> None:
    """Use the Fusion style (the same on every OS) with the app's stylesheet."""
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)


def register_fonts() -> str | None:
    """Register the bundled CJK font so Chinese renders without a system font; return its family."""
    from reports.fonts import FONT_PATH

    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = QFont(families[0], 10)
        app.setFont(font)
    return families[0]
