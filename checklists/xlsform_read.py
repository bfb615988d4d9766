"""Loading an XLSForm workbook (sheets survey, choices, settings, constants) into a Checklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from checklists.errors import DefinitionError
from checklists.model import Checklist, Constant, Section, Source, Text
from checklists.references import check_references
from checklists.xlsform_book import Row, Sheet, SheetProblems, header_key, read_book
from checklists.xlsform_cells import cell_text, clauses, ident, text
from checklists.xlsform_expr import YesNoScope
from checklists.xlsform_items import ItemBuilder, check_header
from checklists.xlsform_survey import SectionSpec, read_choices, structure

SETTINGS = frozenset(
    {
        "form_id",
        "version",
        "form_title",
        "default_language",
        "description",
        "source_document",
        "source_clauses",
    }
)
# XLSForm settings that only matter to ODK servers and phones: accepted and not used.
IGNORED_SETTINGS = frozenset({
    "instance_name", "public_key", "submission_url", "style", "allow_choice_duplicates",
    "namespaces", "auto_send", "auto_delete", "name", "id_string", "clean_text_values",
    "omit_instanceid", "instance_xmlns", "version_name",
})  # fmt: skip
TRANSLATED_SETTINGS = frozenset({"form_title", "description", "source_document"})


@dataclass
class Settings:
    """The settings sheet's values (None where missing or wrong; problems recorded)."""

    form_id: str | None
    version: int | None
    title: Text | None
    lang: str
    description: Text | None
    document: Text | None
    clauses: tuple[int, ...]


def load_workbook_bytes(data: bytes, origin: str) -> Checklist:
    """The Checklist in an XLSForm workbook; DefinitionError lists every problem by sheet!cell."""
    p = SheetProblems(origin)
    book = read_book(data, p)
    for needed in ("survey", "settings"):
        if needed not in book:
            p.report("", f"工作簿中没有 {needed} 工作表", f"the workbook has no '{needed}' sheet")
    checklist = None
    if "survey" in book and "settings" in book:
        checklist = _checklist(book, origin, p)
    if checklist is not None:
        check_references(checklist, p)
    if p.items or checklist is None:
        if not p.items:
            p.report("survey!A2", "survey 表中没有题目", "the survey sheet has no questions")
        raise DefinitionError(p.items)
    return checklist


def _checklist(book: dict[str, Sheet], origin: str, p: SheetProblems) -> Checklist | None:
    settings = _settings(book["settings"], p)
    lists = read_choices(book.get("choices"), settings.lang, p)
    constants = _constants(book.get("constants"), p)
    check_header(book["survey"], p)
    specs = structure(book["survey"], lists, p)
    sections = _sections(specs, settings, p)
    source_clauses = settings.clauses or _all_clauses(sections)
    if not (
        settings.form_id and settings.version and settings.title and settings.document and sections
    ):
        return None
    source = Source(settings.document, source_clauses)
    return Checklist(
        settings.form_id,
        settings.version,
        settings.title,
        source,
        tuple(sections),
        settings.description,
        constants,
        origin,
    )


def _sections(specs: list[SectionSpec], settings: Settings, p: SheetProblems) -> list[Section]:
    builder = ItemBuilder(p, settings.lang)
    top = frozenset(n.name for spec in specs for n in spec.items if n.name and n.kind == "yes_no")
    scope = YesNoScope(top)
    built = (builder.section(spec, settings.title, scope) for spec in specs)
    return [s for s in built if s is not None]


def _all_clauses(sections: list[Section]) -> tuple[int, ...]:
    found = {c for s in sections for i in s.items for c in i.clauses}
    found |= {c for s in sections for i in s.items for r in i.rules for c in r.clauses}
    return tuple(sorted(found))


def _settings(sheet: Sheet, p: SheetProblems) -> Settings:
    """The one row of the settings sheet; problems recorded."""
    _check_settings_header(sheet, p)
    if len(sheet.rows) > 1:
        p.report(
            f"settings!A{sheet.rows[1].number}",
            "settings 表只能有一行设置值",
            "the settings sheet takes one row of values",
        )
    if not sheet.rows:
        p.report(
            "settings!A2",
            "settings 表中没有设置值（form_id、version、form_title、source_document）",
            "the settings sheet has no values (form_id, version, form_title, source_document)",
        )
        return Settings(None, None, None, "zh", None, None, ())
    row = sheet.rows[0]
    lang = _language(row, p)
    title = text(row, "form_title", lang)
    document = text(row, "source_document", lang)
    for key, value, what in (
        ("form_title", title, "form_title"),
        ("source_document", document, "source_document（依据文件）"),
    ):
        if value is None:
            p.report(row.loc(key), f"settings 缺少 {what}", f"settings need a {key}")
    form_id = ident(row, "form_id", "form_id", p)
    return Settings(
        form_id,
        _version(row, p),
        title,
        lang,
        text(row, "description", lang),
        document,
        clauses(row, "source_clauses", p),
    )


def _check_settings_header(sheet: Sheet, p: SheetProblems) -> None:
    for key in sheet.columns:
        base, _, lang = key.partition("::")
        if base not in SETTINGS and base not in IGNORED_SETTINGS:
            p.report(
                sheet.header_loc(key),
                f"settings 表中未知的列 '{base}'",
                f"unknown column '{base}' in the settings sheet",
            )
        elif lang and base not in TRANSLATED_SETTINGS:
            p.report(
                sheet.header_loc(key),
                f"列 '{base}' 不能分语言",
                f"column '{base}' has no translations",
            )


def _language(row: Row, p: SheetProblems) -> str:
    raw = cell_text(row.get("default_language"))
    if raw is None:
        return "zh"
    key = header_key(f"x::{raw}")
    if key is None or key[1] is None:
        p.report(
            row.loc("default_language"),
            f"default_language 应为 中文 (zh) 或 English (en)，而不是 '{raw}'",
            f"default_language must be 中文 (zh) or English (en), not '{raw}'",
        )
        return "zh"
    return key[1]


def _version(row: Row, p: SheetProblems) -> int | None:
    raw = row.get("version")
    text_value = cell_text(raw) if not isinstance(raw, bool) else None
    if (
        text_value is not None
        and text_value.isascii()
        and text_value.isdigit()
        and len(text_value) < 19
        and int(text_value) >= 1
    ):
        return int(text_value)
    shown = "" if raw is None else f"，而不是 '{cell_text(raw)}'"
    p.report(
        row.loc("version"),
        f"version 应为正整数（如 1 或 2021120101）{shown}",
        f"version must be a positive whole number (e.g. 1 or 2021120101){shown.replace('，而不是', ', not')}",
    )
    return None


def _constants(sheet: Sheet | None, p: SheetProblems) -> tuple[tuple[str, Constant], ...]:
    """The constants sheet: one constant a row (name, value); thresholds live here."""
    if sheet is None:
        return ()
    for key in sheet.columns:
        if key not in ("name", "value"):
            p.report(
                sheet.header_loc(key),
                f"constants 表中未知的列 '{key}'（应为 name、value）",
                f"unknown column '{key}' in the constants sheet (name, value)",
            )
    out: list[tuple[str, Constant]] = []
    for row in sheet.rows:
        name = ident(row, "name", "name", p)
        value = row.get("value")
        if name is not None and any(n == name for n, _ in out):
            p.report(row.loc("name"), f"重复的常量 '{name}'", f"duplicate constant '{name}'")
        elif isinstance(value, bool | int | float | str) or (
            isinstance(value, date) and not isinstance(value, datetime)
        ):
            if name is not None:
                out.append((name, value))
        else:
            p.report(
                row.loc("value"),
                f"常量 '{name or ''}' 的值应为数字、文本、TRUE/FALSE 或日期",
                f"constant '{name or ''}' needs a number, text, TRUE/FALSE or a date",
            )
    return tuple(out)
