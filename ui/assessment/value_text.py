"""A stored value in words for the screen: 是/否, choice labels, dates, numbers with units."""

from __future__ import annotations

from datetime import date
from typing import Any

from checklists.model import Item
from ui.assessment.units import unit_text
from ui.shell.i18n import current_language, translate
from ui.words import format_date


def value_text(item: Item, value: Any) -> str:
    """``value`` of ``item`` as people read it ("" for None)."""
    lang = current_language()
    if value is None:
        return ""
    if value == "na":
        return translate("AnswerWidget", "不适用")
    if isinstance(value, bool):
        return translate("AnswerWidget", "是") if value else translate("AnswerWidget", "否")
    if isinstance(value, date):
        return format_date(value)
    if item.type in ("single_choice",) and isinstance(value, str):
        return item.choice_label(value, lang)
    if isinstance(value, list | tuple):
        if item.type == "multi_choice":
            return (
                "、".join(item.choice_label(v, lang) for v in value)
                if lang == "zh"
                else ", ".join(item.choice_label(v, lang) for v in value)
            )
        return translate("AnswerWidget", "%n 项").replace("%n", str(len(value)))
    if isinstance(value, float):
        value = int(value) if value.is_integer() else round(value, 2)
    unit = f" {unit_text(item.unit)}" if item.unit else ""
    return f"{value}{unit}"
