"""The columns of a table editor, from the checklist definition: how each shows, sorts and parses a value."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from checklists.answers import NA
from checklists.dates import parse_flexible_date
from checklists.foundation.errors import InputError
from checklists.model import Item
from ui.assessment.units import unit_text
from ui.typed_text import one_line

INPUT, CALCULATED, MASKED = "input", "calculated", "masked"
_LAST = "\U0010ffff"  # sorts empty text cells after every real value
_YES_WORDS = {"是", "yes", "y", "true", "1", "√", "✓"}
_NO_WORDS = {"否", "no", "n", "false", "0", "×", "✗"}
_NA_WORDS = {"不适用", "n/a", "na"}


@dataclass(frozen=True)
class TableColumn:
    """One column of the editor: a definition column to fill in, a calculated one, or a masked ID."""

    id: str
    item: Item  # for a masked column: the ID number column it masks
    kind: str = INPUT

    @property
    def editable(self) -> bool:
        """True for the columns a person fills in."""
        return self.kind == INPUT

    def label(self, lang: str) -> str:
        """The header text: the definition's label (with its unit), or "… (masked)"."""
        text = self.item.label.get(lang)
        if self.kind == MASKED:
            return QCoreApplication.translate("TableColumns", "%1（脱敏）").replace("%1", text)
        unit = self.item.unit
        if unit and unit not in text:
            shown = unit_text(unit)  # the unit in the UI language
            return f"{text}（{shown}）" if lang == "zh" else f"{text} ({shown})"
        return text


def table_columns(table: Item) -> list[TableColumn]:
    """The definition's columns in order, then one masked column per ID number column."""
    out = [TableColumn(c.id, c, INPUT if c.answerable else CALCULATED) for c in table.columns]
    out += [
        TableColumn(f"{c.id}__masked", c, MASKED) for c in table.columns if c.type == "id_number"
    ]
    return out


def display_text(column: TableColumn, value: Any, lang: str) -> str:
    """A value as its cell shows it."""
    if value is None or value == "":
        return ""
    kind = column.item.type
    if kind == "yes_no":
        return yes_no_text(value)
    if kind == "single_choice":
        return column.item.choice_label(str(value), lang)
    if kind == "multi_choice" and isinstance(value, list | tuple):
        separator = "、" if lang == "zh" else ", "
        return separator.join(column.item.choice_label(str(v), lang) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def yes_no_text(value: Any) -> str:
    """是 / 否 / 不适用 in the UI language."""
    if value == NA:
        return QCoreApplication.translate("TableColumns", "不适用")
    if value is True:
        return QCoreApplication.translate("TableColumns", "是")
    if value is False:
        return QCoreApplication.translate("TableColumns", "否")
    return str(value)


def sort_key(column: TableColumn, value: Any, lang: str) -> str | float:
    """A key of one type per column (numbers or text), empty cells last when ascending."""
    kind = column.item.type
    if kind in ("integer", "decimal") and column.kind != MASKED:
        return (
            float(value)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else math.inf
        )
    if kind == "yes_no":
        return {True: 0.0, False: 1.0, NA: 2.0}.get(value, 3.0) if value is not None else 3.0
    text = display_text(column, value, lang)
    return text if text else _LAST


def parse_text(column: TableColumn, text: str) -> Any:
    """The value for typed or pasted ``text`` ('' clears); InputError naming the column otherwise."""
    text = one_line(text)  # a cell is one line: pasted line breaks and tabs become spaces
    if not text:
        return None
    item = column.item
    try:
        return _parse(item, text)
    except InputError as exc:
        raise InputError(f"{item.label.zh}：{exc.zh}", f"{item.label.en}: {exc.en}") from exc


def _parse(item: Item, text: str) -> Any:
    kind = item.type
    if kind == "yes_no":
        return _yes_no(item, text)
    if kind == "date":
        parsed = parse_flexible_date(text)
        if parsed is None:
            raise _bad(text)
        return parsed
    if kind in ("integer", "decimal"):
        return _number(item, text)
    if kind == "single_choice":
        return _choice(item, text)
    if kind == "multi_choice":
        parts = text.replace("，", ",").replace("、", ",").split(",")
        return [_choice(item, part) for part in parts if part.strip()]
    return text


def _yes_no(item: Item, text: str) -> Any:
    word = text.lower()
    if word in _YES_WORDS:
        return True
    if word in _NO_WORDS:
        return False
    if item.allow_na and word in _NA_WORDS:
        return NA
    raise _bad(text)


def _number(item: Item, text: str) -> int | float:
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise _bad(text) from None
    if item.type == "integer" and number.is_integer():
        return int(number)
    return number


def _choice(item: Item, text: str) -> str:
    word = text.strip()
    for choice in item.choices:
        if word in (choice.value, choice.label.zh, choice.label.en):
            return choice.value
    raise _bad(word)


def _bad(text: str) -> InputError:
    return InputError(f"不能填写“{text}”", f"cannot take '{text}'")
