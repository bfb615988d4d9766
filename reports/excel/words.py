"""Words the Excel export shows for statuses, severities and clauses, in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterable

from checklists.terms import (
    CHECKLIST_STATUS,
    ITEM_STATUS,
    NO_CLAUSE,
    RECTIFICATION_STATUS,
    SEVERITY,
)

__all__ = [
    "CHECKLIST_STATUS",
    "ITEM_STATUS",
    "RECTIFICATION_STATUS",
    "SEVERITY",
    "word",
    "clauses_text",
    "t",
]


def word(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The word for ``key`` in ``lang`` (the key itself when unknown)."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def clauses_text(clauses: Iterable[int], lang: str) -> str:
    """Plan clauses as people cite them: 第75条、第77条 / items 75, 77."""
    numbers = list(clauses)
    if not numbers:
        return NO_CLAUSE[1] if lang == "en" else NO_CLAUSE[0]
    if lang == "en":
        return ("item " if len(numbers) == 1 else "items ") + ", ".join(str(n) for n in numbers)
    return "、".join(f"第{n}条" for n in numbers)


def t(lang: str, zh: str, en: str) -> str:
    """Pick the text for ``lang``."""
    return en if lang == "en" else zh
