"""``${name}`` inside labels and hints (XLSForm's way to repeat an answer in a question text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checklists.model import Checklist
    from checklists.results import ChecklistResult

REF_RE = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}")
UNANSWERED = "…"  # what stands in for a value not given yet


def names_in(text: str) -> set[str]:
    """The names a text refers to (``Principal of ${school_name}`` → {"school_name"})."""
    return {m.group(1).replace("-", "_") for m in REF_RE.finditer(text)}


def fill_text(text: str, lookup: Callable[[str], object], lang: str = "zh") -> str:
    """``text`` with each ``${name}`` replaced by ``lookup(name)`` as a person reads it."""
    if "${" not in text:
        return text
    return REF_RE.sub(lambda m: shown(lookup(m.group(1).replace("-", "_")), lang), text)


def answers_lookup(checklist: Checklist, result: ChecklistResult) -> Callable[[str], object]:
    """What ``${name}`` stands for in a checklist's texts: a constant, else the item's value."""
    constants = checklist.constant_map()

    def lookup(name: str) -> object:
        if name in constants:
            return constants[name]
        try:
            return result.item(name).value
        except KeyError:
            return None

    return lookup


def shown(value: object, lang: str = "zh") -> str:
    """A value in a sentence: 是/否, whole numbers without .0, lists joined, dates ISO."""
    if value is None or value == "" or value == []:
        return UNANSWERED
    if isinstance(value, bool):
        return ("Yes" if value else "No") if lang == "en" else ("是" if value else "否")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return (", " if lang == "en" else "、").join(shown(v, lang) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
