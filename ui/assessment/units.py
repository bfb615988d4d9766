"""Units of the checklist definitions (written in Chinese there) in the UI language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Listed so that lupdate puts every unit of the built-in checklists into the .ts.
KNOWN_UNITS = (
    QT_TRANSLATE_NOOP("Units", "人"),
    QT_TRANSLATE_NOOP("Units", "次"),
    QT_TRANSLATE_NOOP("Units", "次/日"),
    QT_TRANSLATE_NOOP("Units", "把"),
    QT_TRANSLATE_NOOP("Units", "种"),
    QT_TRANSLATE_NOOP("Units", "项"),
    QT_TRANSLATE_NOOP("Units", "辆"),
    QT_TRANSLATE_NOOP("Units", "间"),
    QT_TRANSLATE_NOOP("Units", "学时"),
    QT_TRANSLATE_NOOP("Units", "周岁"),
)


def unit_text(unit: str | None) -> str:
    """The unit in the UI language ("" for none; an unknown unit as written in the definition)."""
    if not unit:
        return ""
    return QCoreApplication.translate("Units", unit)
