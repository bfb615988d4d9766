"""Immutable checklist objects, as loaded from definitions/*.yaml (or an XLSForm workbook)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from checklists.expr import Expr

ItemType = Literal[
    "yes_no",
    "single_choice",
    "multi_choice",
    "integer",
    "decimal",
    "date",
    "text",
    "id_number",
    "note",
    "evidence",
    "table",
]
ITEM_TYPES: tuple[str, ...] = get_args(ItemType)
COLUMN_TYPES: tuple[str, ...] = tuple(
    t for t in ITEM_TYPES if t not in ("table", "note", "evidence")
)

Severity = Literal["critical", "major", "minor"]
SEVERITIES: tuple[str, ...] = get_args(Severity)

STAGES: tuple[str, ...] = (
    "kindergarten",
    "primary",
    "junior",
    "senior",
    "complete_middle",
    "nine_year",
    "twelve_year",
    "vocational",
    "special",
)

PLAN_CLAUSES = range(1, 83)  # the work plan has items 第1条 … 第82条

Constant = bool | int | float | str | date


def fold(text: str) -> str:
    """How a written word is compared with an alias: NFKC, no spaces, case-folded (Excel's 'Y' = 'y')."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True)
class Text:
    """A text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        """The text in ``lang``."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Choice:
    """One option of a single or multiple choice item."""

    value: str
    label: Text


@dataclass(frozen=True)
class Rule:
    """A finding rule: when ``fail_if`` is true, finding ``code`` is raised."""

    code: str
    fail_if: Expr
    severity: Severity
    message: Text
    clauses: tuple[int, ...]
    explainable: bool = False


@dataclass(frozen=True)
class Item:
    """A checklist item, or a column of a table item (then ``columns`` is empty)."""

    id: str
    type: ItemType
    label: Text
    help: Text | None = None
    clauses: tuple[int, ...] = ()
    standard: Text | None = None
    required: bool = False
    allow_na: bool = False
    choices: tuple[Choice, ...] = ()
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    default: object = None
    relevant: Expr | None = None
    constraint: Expr | None = None
    constraint_message: Text | None = None
    calculate: Expr | None = None
    rules: tuple[Rule, ...] = ()
    columns: tuple[Item, ...] = ()
    # How schools write this column in Excel: other header names, and other words for a value
    # (written word → "yes"/"no" or a choice value). See checklists.loader_aliases.
    aliases: tuple[str, ...] = ()
    value_aliases: tuple[tuple[str, str], ...] = ()

    @property
    def is_table(self) -> bool:
        """True for a table item (rows of typed columns)."""
        return self.type == "table"

    @property
    def answerable(self) -> bool:
        """False for display-only notes and calculated values."""
        return self.type != "note" and self.calculate is None

    def row_expressions(self) -> list[Expr]:
        """Every expression judged in this table's rows: its rules, and each column's relevance,
        constraint, calculation and rules."""
        expressions: list[Expr | None] = [r.fail_if for r in self.rules]
        for col in self.columns:
            expressions += [
                col.relevant,
                col.constraint,
                col.calculate,
                *(r.fail_if for r in col.rules),
            ]
        return [e for e in expressions if e is not None]

    def column(self, column_id: str) -> Item:
        """The column ``column_id`` of this table (KeyError when absent)."""
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(column_id)

    def choice_label(self, value: str, lang: str = "zh") -> str:
        """The label of a choice value, or the value itself when unknown."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label.get(lang)
        return value


@dataclass(frozen=True)
class Section:
    """A titled group of items (a page of the checklist)."""

    id: str
    title: Text
    items: tuple[Item, ...]
    help: Text | None = None


@dataclass(frozen=True)
class Source:
    """The document a checklist derives from and its clauses (第N条)."""

    document: Text
    clauses: tuple[int, ...]


@dataclass(frozen=True)
class Checklist:
    """A whole checklist: versioned, bilingual, citing the plan."""

    id: str
    version: int
    title: Text
    source: Source
    sections: tuple[Section, ...]
    description: Text | None = None
    constants: tuple[tuple[str, Constant], ...] = ()
    origin: str = field(default="", compare=False)  # the file it was loaded from

    def items(self) -> Iterator[Item]:
        """Every top-level item, in order."""
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> Item:
        """The item ``item_id`` (KeyError when absent)."""
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def section_of(self, item_id: str) -> Section:
        """The section that holds ``item_id``."""
        for section in self.sections:
            if any(i.id == item_id for i in section.items):
                return section
        raise KeyError(item_id)

    def rules(self) -> Iterator[tuple[Item, Item | None, Rule]]:
        """Every rule as (item, column or None, rule), in order."""
        for item in self.items():
            for rule in item.rules:
                yield item, None, rule
            for col in item.columns:
                for rule in col.rules:
                    yield item, col, rule

    def constant_map(self) -> dict[str, Constant]:
        """The checklist's constants as a dict."""
        return dict(self.constants)
