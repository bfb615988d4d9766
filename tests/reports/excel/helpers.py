"""Helpers for the Excel tests: sheets filled by openpyxl as a person would, and raw zip edits."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

GUARD_ROWS: list[list[Any]] = [
    ["张三", "441900197001010010", None, "2019-03-01", "是", None, None, "粤莞保字2019A00001"],
    ["李四", "440882198001010013", None, "2021/3/1", "否", "2021年6月1日", "Y", "A-2"],
]


def fill_sheet(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    out: Path | None = None,
    header: Sequence[Any] | None = None,
    start_row: int = 2,
    sheet: int = 0,
) -> Path:
    """Write ``rows`` into a workbook's data sheet (cell by cell, from ``start_row``), like a person would."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[sheet]
    if header is not None:
        for col in range(1, ws.max_column + 1):
            ws.cell(row=1, column=col).value = None
        for col, value in enumerate(header, start=1):
            ws.cell(row=1, column=col, value=value)
    for r, row in enumerate(rows, start=start_row):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    target = out or path
    wb.save(target)
    return target


def plain_workbook(path: Path, rows: Sequence[Sequence[Any]], title: str = "Sheet1") -> Path:
    """A workbook with no template furniture: just the given rows from A1."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def patch_part(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one zip member of an xlsx (to write what openpyxl will not, e.g. cached formula results)."""
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            dst.writestr(info.filename, change(data) if info.filename == member else data)
    return path


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
SHEET_OPEN = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
SHEET_CLOSE = "</sheetData></worksheet>"


def inline_row(number: int, cells: Sequence[tuple[str, str]]) -> str:
    """One <row> of inline strings: cells as (column letter, text)."""
    body = "".join(
        f'<c r="{col}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for col, text in cells
    )
    return f'<row r="{number}">{body}</row>'


def raw_xlsx(
    path: Path,
    rows: Iterable[str],
    *,
    prolog: str = "",
    dimension: str | None = "A1:H1",
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A minimal xlsx written by hand, streaming the sheet's rows (for files openpyxl cannot make quickly).

    ``prolog`` goes between the XML declaration and the root (a DTD, say); ``dimension`` is the
    sheet's dimension record, which Excel always writes (None leaves it out).
    """
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            size = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(f"{XML_DECL}{prolog}{SHEET_OPEN}{size}<sheetData>".encode())
            batch: list[str] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 10_000:
                    sheet.write("".join(batch).encode())
                    batch.clear()
            sheet.write(("".join(batch) + SHEET_CLOSE).encode())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


# A two-column guard sheet (name, hire date) and a "billion laughs" DTD.
HEADER = inline_row(1, [("A", "姓名"), ("B", "入职日期")])
LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def guard_row(number: int) -> str:
    """A guard row of inline strings (name and hire date)."""
    return inline_row(number, [("A", "张三"), ("B", "2019-03-01")])
