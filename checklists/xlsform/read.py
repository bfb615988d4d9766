"""Loading an XLSForm workbook (sheets survey, choices, settings, constants) into a Checklist."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from checklists.foundation import limits
from checklists.foundation.errors import DefinitionError
from checklists.model import Checklist, Constant, Section, Source, Text
from checklists.references import check_references, top_level_names
from checklists.xlsform.book import Row, Sheet, SheetProblems, language_code, read_book
from checklists.xlsform.cells import cell_text, clauses, ident, text
from checklists.xlsform.expressions import YesNoScope
from checklists.xlsform.items import ItemBuilder, check_header
from checklists.xlsform.survey import SectionSpec, read_choices, structure

SETTINGS = frozenset(
    {
        "form_id",
        "version",
        "form_title",
        "default_language",
        "description",
        "source_document",
        "source_clauses",
        "translated_title",
    }
)
# XLSForm settings that only matter to ODK servers and phones: accepted and not used.
IGNORED_SETTINGS = frozenset({
    "instance_name", "public_key", "submission_url", "style", "allow_choice_duplicates",
    "namespaces", "auto_send", "auto_delete", "name", "id_string", "clean_text_values",
    "omit_instanceid", "instance_xmlns", "version_name",
})  # fmt: skip
TRANSLATED_SETTINGS = frozenset(
    {"form_title", "translated_title", "description", "source_document"}
)


@dataclass
class Settings:
    """The settings sheet's values (None where missing or wrong; problems recorded)."""

    form_id: str
    version: int | None
    title: Text
    lang: str
    description: Text | None
    document: Text
    clauses: tuple[int, ...]


TextRef = tuple[str, set[str], str | None]
NO_DOCUMENT = Text("未注明依据文件", "no source document given")


def read_workbook(
    data: bytes, origin: str, default_id: str | None = None
) -> tuple[Checklist, list[tuple[str, str, str]]]:
    """The Checklist and the notices (defaults taken, rows left out) as (where, zh, en).

    Without a form_id the id comes from ``default_id``, else from the file name in ``origin``.
    """
    p = SheetProblems(origin)
    book = read_book(data, p)
    sheets = book.sheets
    if "survey" not in sheets:
        p.report("", "工作簿中没有 survey 工作表", "the workbook has no 'survey' sheet")
    settings = _settings(sheets.get("settings"), default_id or origin, book.saved, p)
    text_refs: list[TextRef] = []
    checklist = _checklist(sheets, settings, p, text_refs)
    if checklist is not None:
        check_references(checklist, p)
        _check_text_refs(checklist, text_refs, p)
    if p.items or checklist is None:
        if not p.items:
            p.report("survey!A2", "survey 表中没有题目", "the survey sheet has no questions")
        raise DefinitionError(p.items)
    return checklist, p.notices


def _checklist(
    sheets: dict[str, Sheet], settings: Settings, p: SheetProblems, text_refs: list[TextRef]
) -> Checklist | None:
    lists = read_choices(sheets.get("choices"), settings.lang, p)
    constants = _constants(sheets.get("constants"), p)
    if "survey" not in sheets:
        return None
    check_header(sheets["survey"], p)
    specs = structure(sheets["survey"], lists, dict(constants), p)
    sections = _sections(specs, settings, p, text_refs)
    source_clauses = settings.clauses or _all_clauses(sections)
    if not (settings.form_id and settings.version and sections):
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
        p.file,
    )


def _sections(
    specs: list[SectionSpec], settings: Settings, p: SheetProblems, text_refs: list[TextRef]
) -> list[Section]:
    builder = ItemBuilder(p, settings.lang)
    top = frozenset(n.name for spec in specs for n in spec.items if n.name and n.kind == "yes_no")
    scope = YesNoScope(top)
    built = [builder.section(spec, settings.title, scope) for spec in specs]
    text_refs.extend(builder.text_refs)
    return [s for s in built if s is not None]


def _check_text_refs(checklist: Checklist, refs: list[TextRef], p: SheetProblems) -> None:
    """``${name}`` in a label or hint must name an item, a column, a constant or a school field."""
    known = top_level_names(checklist)
    for cell, names, _owner in refs:
        for name in sorted(names - known):
            p.report(
                cell,
                f"文字中引用了未知的名称 ${{{name}}}",
                f"the text refers to an unknown name ${{{name}}}",
            )


def _all_clauses(sections: list[Section]) -> tuple[int, ...]:
    found = {c for s in sections for i in s.items for c in i.clauses}
    found |= {c for s in sections for i in s.items for r in i.rules for c in r.clauses}
    return tuple(sorted(found))


def _settings(sheet: Sheet | None, name: str, saved: date | None, p: SheetProblems) -> Settings:
    """The settings sheet's row; what it leaves out is taken as pyxform takes it, with a notice."""
    if sheet is not None:
        _check_settings_header(sheet, p)
        if len(sheet.rows) > 1:
            p.report(
                f"settings!A{sheet.rows[1].number}",
                "settings 表只能有一行设置值",
                "the settings sheet takes one row of values",
            )
    row = sheet.rows[0] if sheet is not None and sheet.rows else None
    if row is None:
        row = Row("settings", 2, {}, {})
        p.notice(
            "settings",
            "没有 settings 设置值：清单编号取自文件名，版本取自保存日期",
            "no settings values: the checklist id comes from the file name, the version from "
            "the date saved",
        )
    lang = _language(row, p)
    form_id = _form_id(row, name, p)
    title = _title(row, lang) or Text(form_id, form_id)
    if not (row.get("form_title") or any(k.startswith("form_title::") for k in row.cells)):
        p.notice(
            row.loc("form_title"),
            f"没有 form_title：标题用清单编号 '{form_id}'",
            f"no form_title: the title is the checklist id '{form_id}'",
        )
    document = text(row, "source_document", lang)
    if document is None:
        p.notice(
            row.loc("source_document"),
            f"没有 source_document：依据文件显示为“{NO_DOCUMENT.zh}”",
            f"no source_document: the source shows as '{NO_DOCUMENT.en}'",
        )
    return Settings(
        form_id,
        _version(row, saved, p),
        title,
        lang,
        text(row, "description", lang),
        document or NO_DOCUMENT,
        clauses(row, "source_clauses", p),
    )


def _title(row: Row, lang: str) -> Text | None:
    """form_title; ``translated_title::zh/en`` (our export) gives the languages it leaves out.

    pyxform takes one plain form_title, which is what an editor changes in Excel: it wins for
    its language over a translated_title of the same language.
    """
    covered = {lang} if lang in ("zh", "en") and row.get("form_title") is not None else set()
    cells = dict(row.cells)
    for code in ("zh", "en"):
        extra = cells.get(f"translated_title::{code}")
        if extra is not None and code not in covered and f"form_title::{code}" not in cells:
            cells[f"form_title::{code}"] = extra
    return text(Row(row.sheet, row.number, cells, row.columns), "form_title", lang)


def _form_id(row: Row, name: str, p: SheetProblems) -> str:
    """form_id as given when it is one of our ids; else made into one (or from the file name)."""
    raw = cell_text(row.get("form_id")) or cell_text(row.get("id_string"))
    source = raw if raw is not None else PurePath(name.replace("\\", "/")).stem
    made = re.sub(r"[^a-z0-9]+", "_", source.lower()).strip("_")
    if not made:
        made = "form_" + hashlib.sha256(source.encode()).hexdigest()[:8]
    elif not made[0].isalpha():
        made = "form_" + made
    if raw is None:
        p.notice(
            row.loc("form_id"),
            f"没有 form_id：清单编号取自文件名 '{made}'",
            f"no form_id: the checklist id is '{made}', from the file name",
        )
    elif made != raw:
        p.notice(
            row.loc("form_id"),
            f"form_id '{raw}' 按 '{made}' 读取（清单编号只用小写字母、数字和下划线）",
            f"form_id '{raw}' is read as '{made}' (checklist ids use a-z, 0-9 and _)",
        )
    return made


def _check_settings_header(sheet: Sheet, p: SheetProblems) -> None:
    for key in sheet.columns:
        base, _, lang = key.partition("::")
        if base not in SETTINGS and base not in IGNORED_SETTINGS:
            p.notice(
                sheet.header_loc(key),
                f"settings 表中的列 '{base}' 本程序不使用，已忽略",
                f"column '{base}' of the settings sheet is not used by this app; ignored",
            )
        elif lang and base not in TRANSLATED_SETTINGS:
            p.report(
                sheet.header_loc(key),
                f"列 '{base}' 不能分语言",
                f"column '{base}' has no translations",
            )


def _language(row: Row, p: SheetProblems) -> str:
    """ "zh" or "en"; "" when the form names none (or another language: a notice)."""
    raw = cell_text(row.get("default_language"))
    if raw is None:
        return ""
    code = language_code(raw)
    if code in ("zh", "en"):
        return code
    p.notice(
        row.loc("default_language"),
        f"default_language '{raw}' 不是中文或英文：未分语言的列用来补缺失的中文或英文",
        f"default_language '{raw}' is neither Chinese nor English: untranslated columns fill "
        "in the missing Chinese or English",
    )
    return ""


def _version(row: Row, saved: date | None, p: SheetProblems) -> int | None:
    """A whole number; a date or dotted text made into one (with a notice); else the save date."""
    raw = row.get("version")
    if raw is None:
        made = int(f"{saved:%Y%m%d}01") if saved is not None else 1
        p.notice(
            row.loc("version"),
            f"没有 version：版本取为 {made}" + ("（工作簿保存日期）" if saved else ""),
            f"no version: the version is taken as {made}" + (" (the date saved)" if saved else ""),
        )
        return made
    shown = cell_text(raw) or ""
    whole = _whole_version(raw, shown)
    if whole is not None and whole > limits.MAX_CHECKLIST_VERSION:
        p.report(
            row.loc("version"),
            f"version 过大（最多 {limits.MAX_CHECKLIST_VERSION}）：'{shown}'",
            f"version too large (at most {limits.MAX_CHECKLIST_VERSION}): '{shown}'",
        )
        return None
    if whole is not None:
        made = whole
        if str(made) != shown:
            p.notice(
                row.loc("version"),
                f"version '{shown}' 按整数 {made} 读取",
                f"version '{shown}' is read as the whole number {made}",
            )
        return made
    p.report(
        row.loc("version"),
        f"version 应为正整数（如 1 或 2021120101），而不是 '{shown}'",
        f"version must be a positive whole number (e.g. 1 or 2021120101), not '{shown}'",
    )
    return None


def _whole_version(raw: object, shown: str) -> int | None:
    """1, 2021120101; a date → 2021120101; 1.2.3 → 1002003 (so 1.10 comes after 1.9)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, date):
        return int(f"{raw:%Y%m%d}01")
    dated = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", shown)
    if dated:
        return int("".join(dated.groups()) + "01")
    if re.fullmatch(r"\d{1,18}", shown) and int(shown) >= 1:
        return int(shown)
    dotted = re.fullmatch(r"[vV]?(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?", shown)
    if dotted:
        major, minor, patch = (int(g or 0) for g in dotted.groups())
        made = major * 1_000_000 + minor * 1000 + patch
        return made if made >= 1 else None
    return None


def _not_finite(value: object) -> bool:
    """A float NaN or infinity, or a text that reads as one (``nan``, ``-Infinity``)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str):
        word = value.strip().lstrip("+-").lower()
        return word in ("nan", "inf", "infinity")
    return False


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
        elif _not_finite(value):  # it would compare false with everything: rules switched off
            p.report(
                row.loc("value"),
                f"常量 '{name or ''}' 不是有限数（不接受 NaN、Infinity）",
                f"constant '{name or ''}' is not a finite number (NaN and Infinity are not accepted)",
            )
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
