"""The answers document's text rule is exactly what XML 1.0 can hold, so every text the store
accepts can be written into an Excel file (the office's workbook, export-xlsx): lxml, which
openpyxl writes with, is the judge."""

from __future__ import annotations

from lxml import etree

from checklists.answers_json import text_character_problem


def _xml_holds(text: str) -> bool:
    try:
        etree.Element("c").text = text
    except ValueError:
        return False
    return True


def test_every_character_the_rule_allows_xml_holds_and_no_other() -> None:
    astral = [0x10000, 0x1F600, 0x20000, 0x2CB5A, 0xE0001, 0xFFFFE, 0x10FFFF]
    for code in [*range(0x10000), *astral]:
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            assert text_character_problem(char) is not None  # a lone surrogate
            continue
        text = f"甲{char}乙"
        assert (text_character_problem(text) is None) == _xml_holds(text), f"U+{code:04X}"
