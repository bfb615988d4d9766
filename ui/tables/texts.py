"""Words and colours the table editor and the findings panel share: language, severities, statuses."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

# The palette of the PDF report (reports/pdf/styles.py), so screen and paper agree.
SEVERITY_FILL = {
    "critical": QColor("#F6D5D2"),
    "major": QColor("#FCE3C6"),
    "minor": QColor("#FFF2C2"),
}
SEVERITY_TEXT = {
    "critical": QColor("#A1221B"),
    "major": QColor("#9C4A00"),
    "minor": QColor("#6E5A00"),
}
ROW_FAIL_FILL = QColor("#FCE8E6")  # a row with a critical or major finding
ROW_WARN_FILL = QColor("#FFF3D1")  # a row with only minor findings
FAIL_TEXT = QColor("#B3261E")
DERIVED_FILL = QColor("#F3F4F6")
DERIVED_TEXT = QColor("#5F6368")
SEVERITIES = ("critical", "major", "minor")
STATUSES = ("open", "in_progress", "done")


def current_lang() -> str:
    """The UI language now installed: "zh" or "en"."""
    from ui.shell.i18n import current_language

    return "en" if current_language() == "en" else "zh"


def severity_text(severity: str) -> str:
    """The word for a severity in the UI language (the same words everywhere: ui.words)."""
    from ui.words import severity_word

    return severity_word(severity)


def status_text(status: str | None) -> str:
    """The word for a rectification status (None: no plan yet)."""
    words = {
        "open": QCoreApplication.translate("CampusWords", "未开始"),
        "in_progress": QCoreApplication.translate("CampusWords", "整改中"),
        "done": QCoreApplication.translate("CampusWords", "已完成"),
    }
    if status is None:
        return QCoreApplication.translate("CampusWords", "未制定")
    return words.get(status, status)


def clauses_text(clauses: tuple[int, ...]) -> str:
    """第75条 / Item 75 (several joined); 未注明条款 when the checklist names none."""
    if not clauses:
        return QCoreApplication.translate("CampusWords", "未注明条款")
    parts = [
        QCoreApplication.translate("CampusWords", "第%1条").replace("%1", str(c)) for c in clauses
    ]
    return QCoreApplication.translate("CampusWords", "、").join(parts)


def worst(severities: list[str] | tuple[str, ...]) -> str | None:
    """The most severe of ``severities`` (None when empty)."""
    for severity in SEVERITIES:
        if severity in severities:
            return severity
    return None
