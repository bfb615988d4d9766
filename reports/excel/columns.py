"""The header scheme shared by templates, exports and imports: labels, units and column ids."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from checklists.foundation.errors import InputError
from checklists.model import Checklist, Item

# A very hidden sheet maps each data sheet to its checklist table and each header to a column
# id, so a file still imports after a label changes in a later checklist version, and columns
# that only an export writes (findings, calculations) are skipped without a warning.
META_SHEET = "_campus_selfcheck"
META_FORMAT = "campus-selfcheck/xlsx@1"
EXPORT_ONLY = ""  # the id recorded for a column that an import ignores

_SPACE_RE = re.compile(r"\s+")


def table_item(checklist: Checklist, table_id: str) -> Item:
    """The table item ``table_id`` of ``checklist``; InputError naming the tables otherwise."""
    tables = [i for i in checklist.items() if i.is_table]
    for item in tables:
        if item.id == table_id:
            return item
    names = "、".join(i.id for i in tables) or "—"
    raise InputError(
        f"检查清单 {checklist.id} 中没有表格 {table_id}（可用的表格：{names}）",
        f"Checklist {checklist.id} has no table {table_id} (its tables: {names.replace('、', ', ')})",
    )


def importable_columns(table: Item) -> tuple[Item, ...]:
    """The columns a person fills in (calculated columns are left out)."""
    return tuple(c for c in table.columns if c.answerable)


def calculated_columns(table: Item) -> tuple[Item, ...]:
    """The columns the app calculates (not in templates; ignored by imports)."""
    return tuple(c for c in table.columns if not c.answerable)


def header_label(column: Item, lang: str = "zh") -> str:
    """The header text of a column: its label, with the unit in brackets when it has one."""
    label = column.label.get(lang)
    if column.unit:
        return f"{label}（{column.unit}）" if lang == "zh" else f"{label} ({column.unit})"
    return label


def normalize_header(text: str) -> str:
    """A header reduced for matching: NFKC, no whitespace, no trailing '*', case folded."""
    folded = _SPACE_RE.sub("", unicodedata.normalize("NFKC", text)).rstrip("*")
    return folded.casefold()


def header_keys(column: Item) -> set[str]:
    """Every header text that names ``column``: id, Chinese or English label, with or without
    unit, and the aliases its checklist gives (身份证号 for 公民身份号码)."""
    return standard_header_keys(column) | {normalize_header(a) for a in column.aliases}


def standard_header_keys(column: Item) -> set[str]:
    """The header texts that name ``column`` without an alias: id, labels, with or without unit."""
    texts = {
        column.id,
        column.label.zh,
        column.label.en,
        header_label(column, "zh"),
        header_label(column, "en"),
    }
    return {normalize_header(t) for t in texts}


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique worksheet title (≤ 31 characters, none of []:*?/\\) made from ``text``."""
    base = re.sub(r"[\[\]:*?/\\]", "_", text).strip("'") or "Sheet"
    used = {t.casefold() for t in taken}
    title, n = base[:31], 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


@dataclass
class SheetMeta:
    """What the meta sheet says about one data sheet."""

    checklist: str
    table: str
    masked: bool = False
    headers: dict[str, str] = field(default_factory=dict)  # normalized header → column id or ""


def meta_rows(
    sheets: dict[str, tuple[str, str, bool, list[tuple[str, str]]]],
) -> list[list[object]]:
    """The meta sheet's rows for ``{sheet: (checklist, table, masked, [(header, id)])}``."""
    rows: list[list[object]] = [["format", META_FORMAT]]
    for sheet, (checklist_id, table_id, masked, headers) in sheets.items():
        rows.append(["table", sheet, checklist_id, table_id, 1 if masked else 0])
        rows.extend(["column", sheet, header, column_id] for header, column_id in headers)
    return rows


def parse_meta(rows: Iterable[tuple[object, ...]]) -> dict[str, SheetMeta]:
    """Read the meta sheet's rows back; malformed rows are ignored (the sheet is only a hint)."""
    out: dict[str, SheetMeta] = {}
    for row in rows:
        cells = list((*row, None, None, None, None, None)[:5])
        kind, sheet = cells[0], cells[1]
        if not isinstance(sheet, str) or len(sheet) > 31:
            continue
        if kind == "table" and isinstance(cells[2], str) and isinstance(cells[3], str):
            out[sheet] = SheetMeta(cells[2], cells[3], cells[4] in (1, "1", True))
        elif kind == "column" and sheet in out and isinstance(cells[2], str):
            column_id = cells[3] if isinstance(cells[3], str) else EXPORT_ONLY
            out[sheet].headers[normalize_header(cells[2])] = column_id
    return out
