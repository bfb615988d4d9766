"""Writing any checklist as an XLSForm workbook that loads back into an equal checklist."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Any

from checklists import expr as ex
from checklists.model import Checklist, Choice, Item, Rule, Text
from checklists.xlsform_book import column_letter
from checklists.xlsform_expr import YesNoScope, to_xlsform

ZH, EN = "中文 (zh)", "English (en)"
BASE_HEADERS = (
    "type", "name", f"label::{ZH}", f"label::{EN}", f"hint::{ZH}", f"hint::{EN}", "required",
    "relevant", "constraint", f"constraint_message::{ZH}", f"constraint_message::{EN}", "rule",
    "severity", "explainable", "rule_clause", "calculation", "default", "appearance",
    "value_type", "clause", f"standard::{ZH}", f"standard::{EN}", "unit", "min", "max",
    "aliases", "value_aliases",
)  # fmt: skip
SLOT_HEADERS = (
    "rule{s}",
    "constraint{s}",
    "constraint_message{s}::" + ZH,
    "constraint_message{s}::" + EN,
    "severity{s}",
    "explainable{s}",
    "rule_clause{s}",
)
YES_NO_LISTS = {
    "yes_no": (Choice("yes", Text("是", "Yes")), Choice("no", Text("否", "No"))),
    "yes_no_na": (
        Choice("yes", Text("是", "Yes")),
        Choice("no", Text("否", "No")),
        Choice("na", Text("不适用", "Not applicable")),
    ),
}
CALCULATE_ROW_TYPES = ("integer", "decimal", "date", "text")

SheetRow = dict[str, Any]


def _put_text(row: SheetRow, base: str, value: Text | None) -> None:
    if value is not None:
        row[f"{base}::{ZH}"], row[f"{base}::{EN}"] = value.zh, value.en


def _clauses(values: tuple[int, ...]) -> Any:
    if not values:
        return None
    return values[0] if len(values) == 1 else ",".join(map(str, values))


class _Writer:
    """Collects the rows of the survey, choices and settings sheets for one checklist."""

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.survey: list[SheetRow] = []
        self.lists: dict[tuple[Choice, ...], str] = {}
        self.used_lists: set[str] = set()
        self.slots = 1
        top = {i.id for i in checklist.items() if i.type == "yes_no"}
        self.scope = YesNoScope(frozenset(top))

    def run(self) -> None:
        for section in self.checklist.sections:
            row: SheetRow = {"type": "begin_group", "name": section.id}
            _put_text(row, "label", section.title)
            _put_text(row, "hint", section.help)
            self.survey.append(row)
            for item in section.items:
                self.item(item, self.scope, ())
            self.survey.append({"type": "end_group"})

    def item(self, item: Item, scope: YesNoScope, parent_clauses: tuple[int, ...]) -> None:
        inner = scope
        if item.is_table:
            names = {c.id for c in item.columns}
            inner = YesNoScope(
                frozenset(
                    (scope.names - names) | {c.id for c in item.columns if c.type == "yes_no"}
                )
            )
        own = dataclasses.replace(inner, current=item.type == "yes_no")
        row: SheetRow = {"name": item.id, "required": "yes" if item.required else None}
        row.update(self.type_columns(item))
        _put_text(row, "label", item.label)
        _put_text(row, "hint", item.help)
        _put_text(row, "standard", item.standard)
        row["clause"] = _clauses(item.clauses)
        row["relevant"] = _source(item.relevant, scope)
        row["calculation"] = _source(item.calculate, own)
        row.update(unit=item.unit, min=item.min, max=item.max, default=_default(item))
        from checklists.loader_aliases import aliases_to_cells

        row.update(aliases_to_cells(item))
        rule_scope = dataclasses.replace(inner, current=False) if item.is_table else own
        self.rules(row, item, rule_scope, item.clauses or parent_clauses)
        self.survey.append(row)
        if item.is_table:
            for column in item.columns:
                self.item(column, inner, item.clauses)
            self.survey.append({"type": "end_repeat"})

    def type_columns(self, item: Item) -> SheetRow:
        """type (with its choice list), appearance and value_type of an item's row."""
        if item.is_table:
            return {"type": "begin_repeat"}
        if item.calculate is not None and item.type in CALCULATE_ROW_TYPES:
            return {
                "type": "calculate",
                "value_type": None if item.type == "decimal" else item.type,
            }
        if item.type == "yes_no":
            name = "yes_no_na" if item.allow_na else "yes_no"
            self.used_lists.add(name)
            return {"type": f"select_one {name}"}
        if item.type in ("single_choice", "multi_choice"):
            head = "select_one" if item.type == "single_choice" else "select_multiple"
            values = {c.value for c in item.choices} - {"na"}
            looks_yes_no = item.type == "single_choice" and values in (
                {"yes", "no"},
                {"true", "false"},
            )
            return {
                "type": f"{head} {self.list_name(item)}",
                "value_type": "single_choice" if looks_yes_no else None,
            }
        simple = {"id_number": "text", "evidence": "file"}
        return {
            "type": simple.get(item.type, item.type),
            "appearance": "id_number" if item.type == "id_number" else None,
        }

    def list_name(self, item: Item) -> str:
        """A choice list for the item's choices; identical lists are shared."""
        if item.choices in self.lists:
            return self.lists[item.choices]
        taken = set(self.lists.values()) | set(YES_NO_LISTS)
        name, n = item.id, 2
        while name in taken:
            name, n = f"{item.id}_{n}", n + 1
        self.lists[item.choices] = name
        return name

    def rules(
        self, row: SheetRow, item: Item, scope: YesNoScope, default_clauses: tuple[int, ...]
    ) -> None:
        """Slot 1 holds the item's own constraint (if any), then one slot per rule."""
        slot = 1
        if item.constraint is not None:
            row["constraint"] = _source(item.constraint, scope)
            _put_text(row, "constraint_message", item.constraint_message)
            slot = 2
        for rule in item.rules:
            self.rule(row, rule, scope, "" if slot == 1 else f"_{slot}", default_clauses)
            self.slots = max(self.slots, slot)
            slot += 1

    @staticmethod
    def rule(
        row: SheetRow, rule: Rule, scope: YesNoScope, s: str, default_clauses: tuple[int, ...]
    ) -> None:
        row["rule" + s] = rule.code
        row["constraint" + s] = _source(ex.Call("not", (rule.fail_if,)), scope)
        _put_text(row, "constraint_message" + s, rule.message)
        row["severity" + s] = rule.severity
        row["explainable" + s] = "yes" if rule.explainable else None
        row["rule_clause" + s] = None if rule.clauses == default_clauses else _clauses(rule.clauses)

    def choice_rows(self) -> list[SheetRow]:
        rows = []
        lists = [(c, n) for n, c in YES_NO_LISTS.items() if n in self.used_lists] + list(
            self.lists.items()
        )
        for choices, name in lists:
            for choice in choices:
                row: SheetRow = {"list_name": name, "name": choice.value}
                _put_text(row, "label", choice.label)
                rows.append(row)
        return rows

    def settings_row(self) -> SheetRow:
        c = self.checklist
        row: SheetRow = {"form_id": c.id, "version": c.version, "default_language": ZH}
        _put_text(row, "form_title", c.title)
        _put_text(row, "description", c.description)
        _put_text(row, "source_document", c.source.document)
        row["source_clauses"] = _clauses(c.source.clauses)
        return row

    def survey_headers(self) -> list[str]:
        extra = [h.format(s=f"_{n}") for n in range(2, self.slots + 1) for h in SLOT_HEADERS]
        return [*BASE_HEADERS, *extra]


def _source(expr: ex.Expr | None, scope: YesNoScope) -> str | None:
    return None if expr is None else ex.to_source(to_xlsform(expr, scope))


def _default(item: Item) -> Any:
    """A default as XLSForm writes it: yes/no words, space-separated choices."""
    value = item.default
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return value


def xlsform_bytes(checklist: Checklist) -> bytes:
    """The workbook bytes of ``checklist`` as an XLSForm."""
    import openpyxl

    writer = _Writer(checklist)
    writer.run()
    book = openpyxl.Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    _fill(survey, writer.survey_headers(), writer.survey)
    _fill(
        book.create_sheet("choices"),
        ["list_name", "name", f"label::{ZH}", f"label::{EN}"],
        writer.choice_rows(),
    )
    settings = [
        "form_id",
        "version",
        f"form_title::{ZH}",
        f"form_title::{EN}",
        "default_language",
        f"description::{ZH}",
        f"description::{EN}",
        f"source_document::{ZH}",
        f"source_document::{EN}",
        "source_clauses",
    ]
    _fill(book.create_sheet("settings"), settings, [writer.settings_row()])
    if checklist.constants:
        rows = [{"name": n, "value": v} for n, v in checklist.constants]
        _fill(book.create_sheet("constants"), ["name", "value"], rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Any, headers: list[str], rows: list[SheetRow]) -> None:
    """Header row, then one row per dict; text is always stored as text (never a formula)."""
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(key) for key in headers])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a label starting with "=" is not a formula
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for col, key in enumerate(headers):
        wide = key.split("::")[0] in ("label", "hint", "constraint_message", "standard")
        sheet.column_dimensions[column_letter(col)].width = 40 if wide else 16
