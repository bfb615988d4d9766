"""Reading an XLSForm workbook into plain rows of cells, with sheet!cell locations for errors."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import yaml

from checklists.foundation import limits
from checklists.foundation.errors import DefinitionError
from checklists.yamlnodes import Problems

# The reasons for these values: checklists.foundation.limits.
MAX_FILE_BYTES = limits.MAX_CHECKLIST_WORKBOOK_BYTES
MAX_UNPACKED_BYTES = limits.MAX_CHECKLIST_WORKBOOK_UNPACKED
MAX_ROWS = limits.MAX_CHECKLIST_SHEET_FILLED_ROWS
MAX_SCANNED_ROWS = limits.MAX_SHEET_ROWS
MAX_COLUMNS = limits.MAX_SHEET_COLUMNS
SHEETS = ("survey", "choices", "settings", "constants")
OTHER_SHEET = "?"  # key prefix for a sheet the app does not read (named in a notice)
LANGS = ("zh", "en")
_CELL_TAG = "tag:campus-selfcheck,2021:cell"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx

Cell = object  # str, int, float, bool, datetime, date, time, timedelta or None


def column_letter(index: int) -> str:
    """Excel column letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetProblems(Problems):
    """Problems located at ``workbook:sheet!cell`` instead of ``file:line``.

    The engine's shared checks (checklists.references) report through ``add``/``add_at``
    with the node registered by ``at``; cell_node() makes such a node from a cell name.
    """

    notices: list[tuple[str, str, str]] = field(default_factory=list)

    def notice(self, cell: str, zh: str, en: str) -> None:
        """Record something read differently or left out on purpose (not an error)."""
        self.notices.append((f"{self.file}:{cell}" if cell else self.file, zh, en))

    def add(self, node: yaml.Node | None, zh: str, en: str) -> None:
        """Record a problem at the cell ``node`` stands for."""
        cell = node.value if isinstance(node, yaml.ScalarNode) and node.tag == _CELL_TAG else ""
        self.report(str(cell), zh, en)

    def report(self, cell: str, zh: str, en: str) -> None:
        """Record a problem at ``cell`` (e.g. ``survey!C12``; empty = the whole workbook)."""
        self.items.append((f"{self.file}:{cell}" if cell else self.file, zh, en))

    def at_cell(self, obj: object, cell: str) -> None:
        """Remember that ``obj`` was built from ``cell``."""
        self.at(obj, cell_node(cell))


def cell_node(cell: str) -> yaml.Node:
    """A stand-in YAML node carrying a cell name, for Problems.where."""
    return yaml.ScalarNode(_CELL_TAG, cell)


# Old and alternative header spellings pyxform accepts, mapped to the names we read.
HEADER_ALIASES = {
    "relevance": "relevant", "constraining_message": "constraint_message",
    "constraintmsg": "constraint_message", "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message", "jr:requiredmsg": "required_message",
    "caption": "label", "calculate": "calculation", "list name": "list_name",
    "readonly": "read_only", "jr:count": "repeat_count", "count": "repeat_count",
    "set_form_id": "form_id", "set_form_title": "form_title",
}  # fmt: skip
_PREFIXES = ("bind", "control", "media", "body")


def language_code(raw: str) -> str:
    """``中文 (zh)``, ``Chinese``, ``English (en)`` → "zh"/"en"; any other language → ``?name``."""
    code = raw.strip()
    found = re.search(r"\(([^()]*)\)\s*$", code)
    short = (found.group(1) if found else code).strip().lower()
    if short.startswith("zh") or short in ("中文", "chinese", "汉语", "简体中文", "mandarin"):
        return "zh"
    if short.startswith("chinese") or code.lower().startswith(("chinese", "中文")):
        return "zh"
    if short.startswith("en") or short in ("english", "英文", "英语"):
        return "en"
    return "?" + code


def header_key(raw: str) -> tuple[str, str | None]:
    """A header as (column, language): ``label::English (en)`` → ("label", "en").

    Spellings pyxform accepts are read too: single-colon translations (``label:English``),
    ``bind:relevant``, ``bind:jr:constraintMsg``, ``relevance``, ``constraint message``. A
    language other than zh/en comes back as ``?Name`` (kept only to fill a missing text).
    """
    text = raw.strip()
    base, sep, lang = text.partition("::")
    if sep and base.strip().lower() in _PREFIXES:
        return header_key(lang)
    if not sep:
        parts = text.split(":")
        while len(parts) > 1 and parts[0].strip().lower() in _PREFIXES:
            parts = parts[1:]
        if len(parts) > 1 and parts[0].strip().lower() == "jr":
            parts = [":".join(parts[:2]), *parts[2:]]
        base, lang = parts[0], ":".join(parts[1:])
        sep = ":" if len(parts) > 1 else ""
    key = " ".join(base.strip().lower().split())
    key = HEADER_ALIASES.get(key, key)
    key = HEADER_ALIASES.get(key.replace(" ", "_"), key.replace(" ", "_"))
    if not sep or not lang.strip():
        return key, None
    return key, language_code(lang)


@dataclass
class Row:
    """One non-empty row of a sheet: cells by header key, and where each cell is."""

    sheet: str
    number: int
    cells: dict[str, Cell]
    columns: dict[str, int]

    def get(self, key: str) -> Cell:
        """The cell value under ``key`` (``label`` or ``label::zh``), None when empty."""
        return self.cells.get(key)

    def loc(self, key: str) -> str:
        """``sheet!C12`` for the column ``key`` (any language of it), else the first column."""
        index = self.columns.get(key)
        if index is None:
            index = min((i for k, i in self.columns.items() if k.split("::")[0] == key), default=0)
        return f"{self.sheet}!{column_letter(index)}{self.number}"


@dataclass
class Sheet:
    """A sheet as a header (key → 0-based column) and its non-empty rows."""

    name: str
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def header_loc(self, key: str) -> str:
        """``sheet!C1``: the header cell of ``key``."""
        return f"{self.name}!{column_letter(self.columns.get(key, 0))}1"


@dataclass
class Book:
    """The known sheets of a workbook, and the date it was last saved (when it says)."""

    sheets: dict[str, Sheet]
    saved: date | None


def read_book(data: bytes, problems: SheetProblems) -> Book:
    """The known sheets of an XLSForm workbook; an unreadable file raises DefinitionError."""
    raw, saved = _raw_sheets(data, problems.file)
    for name in raw:
        if name.startswith(OTHER_SHEET):
            problems.notice(
                "",
                f"工作表 '{name[1:]}' 本程序不读取，已忽略",
                f"sheet '{name[1:]}' is not read by this app; ignored",
            )
    sheets = {n: _sheet(n, rows, problems) for n, rows in raw.items() if n[0] != OTHER_SHEET}
    return Book(sheets, saved)


def _fail(origin: str, zh: str, en: str) -> DefinitionError:
    return DefinitionError([(origin, zh, en)])


RawSheets = dict[str, list[tuple[int, tuple[Cell, ...]]]]


def _check_size(data: bytes, origin: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise _fail(
            origin,
            f"文件过大（超过 {MAX_FILE_BYTES // (1024 * 1024)} MB），不像检查清单工作簿",
            f"file too large (over {MAX_FILE_BYTES // (1024 * 1024)} MB) for a checklist workbook",
        )


def _check_container(data: bytes, origin: str) -> None:
    """Cheap checks before openpyxl sees the bytes: zip, zip bomb, an Excel workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except Exception as exc:  # zipfile on damaged bytes: BadZipFile, NotImplementedError, …
        raise _fail(
            origin, f"不是有效的 .xlsx 工作簿（{exc}）", f"not a valid .xlsx workbook ({exc})"
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise _fail(
            origin, "工作簿解压后过大，拒绝读取", "the workbook unpacks to too much data; refused"
        )
    if "xl/workbook.xml" not in names:
        raise _fail(
            origin,
            "不是 Excel 工作簿（缺少 xl/workbook.xml）",
            "not an Excel workbook (no xl/workbook.xml)",
        )


def _raw_sheets(data: bytes, origin: str) -> tuple[RawSheets, date | None]:
    """Every known sheet's filled rows as (row number, values), and the date last saved."""
    _check_size(data, origin)
    if data.startswith(_OLE_MAGIC):
        from checklists.xlsform.xls import read_xls

        return read_xls(data, origin, SHEETS, _collect)
    _check_container(data, origin)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it drops
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets: RawSheets = {}
                for name in book.sheetnames:
                    key = name.strip().lower()
                    if key not in SHEETS:
                        sheets.setdefault(OTHER_SHEET + name, [])
                    elif key not in sheets:
                        sheets[key] = _collect(_xml_rows(book, book[name]), key, origin)
                modified = book.properties.modified
                return sheets, modified.date() if isinstance(modified, datetime) else None
            finally:
                book.close()
    except DefinitionError:
        raise
    except Exception as exc:  # openpyxl on a damaged file can raise almost anything
        raise _fail(
            origin,
            f"工作簿已损坏，无法读取（{type(exc).__name__}: {exc}）",
            f"the workbook is damaged and cannot be read ({type(exc).__name__}: {exc})",
        ) from exc


def _xml_rows(book: Any, sheet: Any) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The rows a sheet's XML holds, as (row number, values up to the last filled column).

    openpyxl's own row iterator trusts the sheet's declared size and pads every gap with
    empty rows as wide as the widest: one cell at XFD1048576 makes it produce a million rows
    of thousands of cells. Here only the rows written in the file are seen, each as wide as
    its own cells (within MAX_COLUMNS + 1, so that a cell beyond the limit is noticed).
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            values: dict[int, object] = {}
            for cell in cells:
                column = cell["column"]
                value = cell["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                values[min(column, MAX_COLUMNS + 1)] = value
            width = max(values, default=0)
            yield number, tuple(values.get(c) for c in range(1, width + 1))


def _collect(
    rows: Iterable[tuple[int, Sequence[object]]], name: str, origin: str
) -> list[tuple[int, tuple[Cell, ...]]]:
    """The filled rows, at most MAX_ROWS of them and MAX_COLUMNS wide.

    Reading stops at the first row beyond MAX_SCANNED_ROWS, filled or not: a form is a few
    hundred rows, and a sheet written down to row 1,048,576 would otherwise cost minutes.
    """
    out: list[tuple[int, tuple[Cell, ...]]] = []
    for number, values in rows:
        if number > MAX_SCANNED_ROWS:
            raise _fail(
                f"{origin}:{name}!A{number}",
                f"工作表 {name} 超过 {MAX_SCANNED_ROWS} 行（含空行）；请删除表单下方的行",
                f"sheet {name} reaches beyond row {MAX_SCANNED_ROWS} (blank rows included); "
                "delete the rows below the form",
            )
        if len(values) > MAX_COLUMNS and any(v is not None for v in values[MAX_COLUMNS:]):
            raise _fail(
                f"{origin}:{name}!{column_letter(MAX_COLUMNS)}{number}",
                f"列数超过 {MAX_COLUMNS}",
                f"more than {MAX_COLUMNS} columns",
            )
        cleaned = tuple(_clean(v) for v in values[:MAX_COLUMNS])
        if any(v is not None for v in cleaned):
            if len(out) == MAX_ROWS:
                raise _fail(
                    f"{origin}:{name}!A{number}",
                    f"工作表 {name} 的已填写行超过 {MAX_ROWS} 行",
                    f"more than {MAX_ROWS} filled rows in sheet {name}",
                )
            out.append((number, cleaned))
    return out


def _clean(value: object) -> Cell:
    """Blank strings count as empty; whole-day datetimes are dates."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    if isinstance(value, str | int | float | bool | date | time | timedelta) or value is None:
        return value
    return str(value)


def _sheet(name: str, rows: list[tuple[int, tuple[Cell, ...]]], problems: SheetProblems) -> Sheet:
    """Header row → keys; ignored columns (# $ _ prefixes, other languages) are dropped."""
    sheet = Sheet(name)
    if not rows:
        return sheet
    header_number, header = rows[0]
    if header_number != 1:
        problems.report(
            f"{name}!A1",
            f"工作表 {name} 的第1行应为标题行",
            f"the first row of sheet {name} must be the header row",
        )
        return sheet
    for index, raw in enumerate(header):
        text = raw if isinstance(raw, str) else None if raw is None else str(raw)
        if text is None or text.strip().startswith(("#", "$", "_")):
            continue
        key = header_key(text)
        joined = key[0] if key[1] is None else f"{key[0]}::{key[1]}"
        if joined in sheet.columns:
            problems.report(
                f"{name}!{column_letter(index)}1",
                f"重复的列 '{text}'",
                f"duplicate column '{text}'",
            )
            continue
        sheet.columns[joined] = index
    for number, values in rows[1:]:
        cells = {
            key: values[i]
            for key, i in sheet.columns.items()
            if i < len(values) and values[i] is not None
        }
        if cells:
            sheet.rows.append(Row(name, number, cells, sheet.columns))
    return sheet
