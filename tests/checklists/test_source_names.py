"""Help texts for people: no reference codes (S19) or research tags (V, I, R) left after human_sources."""

from __future__ import annotations

import re

import pytest

from checklists.registry import builtin_checklists
from checklists.source_names import human_sources

CODES = re.compile(r"\bS\d|（[VIRS]\d*）|\([VIRS]\d*\)|解释 I|\b[VIR]\b(?![A-Za-z])")


def _texts() -> list[tuple[str, str]]:
    out = []
    for checklist in builtin_checklists().values():
        for item in checklist.items():
            for text in (item.help, item.standard, *(c.help for c in item.columns)):
                if text is not None:
                    out += [("zh", text.zh), ("en", text.en)]
    return out


def test_the_definitions_do_carry_codes() -> None:
    assert sum(1 for _, text in _texts() if CODES.search(text)) > 40  # what is being fixed


@pytest.mark.parametrize(("lang", "text"), _texts())
def test_no_code_survives(lang: str, text: str) -> None:
    assert not CODES.search(human_sources(text, lang))


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("zh", "来源：第72条（S1）。", "来源：第72条。"),
        ("zh", "来源：S19。", "来源：工作要点第77条。"),
        ("zh", "每月至少1次（解释 I，常量可调）。", "每月至少1次（本项目的解释，常量可调）。"),
        (
            "zh",
            "应具备心理学相关专业背景为本项目解释（I）。",
            "应具备心理学相关专业背景为本项目解释。",
        ),
        ("en", "Source: item 74 (S5).", "Source: item 74."),
        ("en", "Source: S34.", "Source: work plan item 81."),
        ("zh", "参照成都2014年标准的9类装备（V）。", "参照成都2014年标准的9类装备。"),
    ],
)
def test_examples(lang: str, text: str, expected: str) -> None:
    assert human_sources(text, lang) == expected
