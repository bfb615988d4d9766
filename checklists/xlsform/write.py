"""Writing any checklist as an XLSForm workbook that loads back into an equal checklist."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Any

from checklists import expr as ex
from checklists.model import Checklist, Choice, Item, Rule, Text
from checklists.references import BUILTIN_NAMES, is_linked_name
from checklists.xlsform.book import column_letter
from checklists.xlsform.expressions import YesNoScope, rename_refs, to_odk, to_xlsform
from checklists.xlsform.survey import constant_source

ZH, EN = "中文 (zh)", "English (en)"
BASE_HEADERS = (
    "type", "name", f"label::{ZH}", f"label::{EN}", f"hint::{ZH}", f"hint::{EN}", "required",
    "relevant", "constraint", f"constraint_message::{ZH}", f"constraint_message::{EN}",
    "calculation", "default", "appearance", "campus_relevant", "campus_constraint",
    "campus_calculation", "campus_name", "value_type", "clause", f"standard::{ZH}",
    f"standard::{EN}", "unit", "min", "max", "aliases", "value_aliases",
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
SCHOOL_HINT = Text(
    "由本程序从学校信息填入；ODK 中为空",
    "filled in by this app from the school profile; empty in ODK",
)

LINKED_HINT = Text(
    "由本程序从另一检查表的答案填入；ODK 中为空",
    "filled in by this app from another checklist's answers; empty in ODK",
)

SheetRow = dict[str, Any]


def _put_text(row: SheetRow, base: str, value: Text | None) -> None:
    if value is not None:
        row[f"{base}::{ZH}"], row[f"{base}::{EN}"] = value.zh, value.en


def _clauses(values: tuple[int, ...]) -> Any:
    if not values:
        return None
    return values[0] if len(values) == 1 else ",".join(map(str, values))


class _Writer:
    """Collects the rows of the survey, choices and settings sheets for one checklist.

    ODK's tools must accept the workbook: every ``${name}`` is a row (constants and school
    fields as calculate rows first), every name unique, expressions ODK cannot evaluate in our
    own columns (campus_relevant, campus_constraint, campus_calculation, the rule slots).
    """

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.survey: list[SheetRow] = []
        self.lists: dict[tuple[Choice, ...], str] = {}
        self.used_lists: set[str] = set()
        self.slots = 1
        top = {i.id for i in checklist.items() if i.type == "yes_no"}
        self.scope = YesNoScope(frozenset(top))
        every = [n for i in checklist.items() for n in (i.id, *(c.id for c in i.columns))]
        self.names = set(every)
        # A column named like another item or column: ODK needs referenced names unique.
        self.shared = {n for n in self.names if every.count(n) > 1}
        self.renames: dict[str, str] = {}

    def run(self) -> None:
        self.mirrors()
        for section in self.checklist.sections:
            row: SheetRow = {"type": "begin_group", "name": self.group_name(section.id)}
            if row["name"] != section.id:
                row["campus_name"] = section.id
            _put_text(row, "label", section.title)
            _put_text(row, "hint", section.help)
            self.survey.append(row)
            for item in section.items:
                self.item(item, self.scope, ())
            self.survey.append({"type": "end_group"})

    def mirrors(self) -> None:
        """Constants and the built-in names the expressions use, as calculate rows for ODK."""
        used: set[str] = set()
        for item in self.checklist.items():
            for sub in (item, *item.columns):
                for expr in (sub.relevant, sub.constraint, sub.calculate):
                    used |= ex.references(expr) if expr is not None else set()
                for rule in sub.rules:
                    used |= ex.references(rule.fail_if)
        for name, value in self.checklist.constants:
            self.survey.append(
                {"type": "calculate", "name": name, "calculation": constant_source(value)}
            )
        for name in sorted(used & BUILTIN_NAMES):
            calculation = "today()" if name == "reference_date" else "''"
            row = {"type": "calculate", "name": name, "calculation": calculation}
            _put_text(row, "hint", SCHOOL_HINT)
            self.survey.append(row)
        for name in sorted(n for n in used - BUILTIN_NAMES if is_linked_name(n)):
            row = {"type": "calculate", "name": name, "calculation": "''"}
            _put_text(row, "hint", LINKED_HINT)
            self.survey.append(row)

    def group_name(self, section_id: str) -> str:
        """The section id, unless an item or column has that name (ODK needs unique names)."""
        name, n = section_id, 1
        while name in self.names:
            name, n = f"{section_id}_section" + (f"_{n}" if n > 1 else ""), n + 1
        self.names.add(name)
        return name

    def column_names(self, table: Item) -> dict[str, str]:
        """ODK names for the table's columns whose id is used elsewhere too (``rooms_ok``)."""
        renames = {}
        for column in table.columns:
            if column.id in self.shared:
                name, n = f"{table.id}_{column.id}", 2
                while name in self.names:
                    name, n = f"{table.id}_{column.id}_{n}", n + 1
                self.names.add(name)
                renames[column.id] = name
        return renames

    def item(self, item: Item, scope: YesNoScope, parent_clauses: tuple[int, ...]) -> None:
        if item.is_table:
            self.renames = self.column_names(item)
        inner = scope
        if item.is_table:
            names = {c.id for c in item.columns}
            yes_no = {c.id for c in item.columns if c.type == "yes_no"}
            yes_no |= {self.renames[n] for n in yes_no if n in self.renames}
            inner = YesNoScope(frozenset((scope.names - names) | yes_no))
        own = dataclasses.replace(inner, current=item.type == "yes_no")
        row: SheetRow = {"name": item.id, "required": "yes" if item.required else None}
        if item.id in self.renames and not item.is_table:
            row["name"], row["campus_name"] = self.renames[item.id], item.id
        row.update(self.type_columns(item))
        _put_text(row, "label", item.label)
        _put_text(row, "hint", item.help)
        _put_text(row, "standard", item.standard)
        row["clause"] = _clauses(item.clauses)
        _put_expression(row, "relevant", self.renamed(item.relevant), scope)
        _put_expression(row, "calculation", self.renamed(item.calculate), own)
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
            self.renames = {}

    def renamed(self, expr: ex.Expr | None) -> ex.Expr | None:
        """``expr`` with the current table's renamed columns under their ODK names."""
        return None if expr is None else rename_refs(expr, self.renames)

    def type_columns(self, item: Item) -> SheetRow:
        """type (with its choice list), appearance and value_type of an item's row."""
        if item.is_table:
            return {"type": "begin_repeat"}
        odk = item.calculate is not None and _odk(item.calculate, self.scope) is not None
        if odk and item.type in CALCULATE_ROW_TYPES:
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
        """Slot 1 holds the item's own constraint (ODK's), rules slots 2, 3 … (ours alone).

        A rule is a finding, not an answer ODK should refuse, so it never goes into ODK's
        ``constraint`` column.
        """
        if item.constraint is not None:
            _put_expression(row, "constraint", self.renamed(item.constraint), scope)
            _put_text(row, "constraint_message", item.constraint_message)
        slot = 2
        for rule in item.rules:
            renamed = dataclasses.replace(rule, fail_if=rename_refs(rule.fail_if, self.renames))
            self.rule(row, renamed, scope, "" if slot == 1 else f"_{slot}", default_clauses)
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
        # pyxform takes one plain form_title; the translations go to our own column
        row["form_title"] = c.title.zh
        row[f"translated_title::{EN}"] = c.title.en
        _put_text(row, "description", c.description)
        _put_text(row, "source_document", c.source.document)
        row["source_clauses"] = _clauses(c.source.clauses)
        return row

    def survey_headers(self) -> list[str]:
        extra = [h.format(s=f"_{n}") for n in range(2, self.slots + 1) for h in SLOT_HEADERS]
        return [*BASE_HEADERS, *extra]


def _source(expr: ex.Expr | None, scope: YesNoScope) -> str | None:
    return None if expr is None else ex.to_source(to_xlsform(expr, scope))


def _odk(expr: ex.Expr, scope: YesNoScope) -> ex.Expr | None:
    return to_odk(to_xlsform(expr, scope))


def _put_expression(row: SheetRow, key: str, expr: ex.Expr | None, scope: YesNoScope) -> None:
    """ODK's column when ODK can evaluate ``expr``, else our own campus_ twin of it."""
    if expr is None:
        return
    mapped = _odk(expr, scope)
    if mapped is None:
        row["campus_" + key] = _source(expr, scope)
    else:
        row[key] = ex.to_source(mapped)


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
        "form_title",
        f"translated_title::{EN}",
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
