"""Sheet furniture shared by templates and exports: header style, widths, filters, atomic saving."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from checklists.foundation.files import write_atomic, write_problem
from reports.excel.columns import META_SHEET, meta_rows

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")  # the red Excel uses for "bad"
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def write_header(ws: Worksheet, labels: Sequence[str], required: Sequence[bool] = ()) -> None:
    """Row 1: bold labels, required ones shaded, frozen; call :func:`add_filter` once rows are in."""
    for index, label in enumerate(labels, start=1):
        cell = ws.cell(row=1, column=index, value=label)
        cell.font = HEADER_FONT
        cell.alignment = WRAP
        cell.fill = REQUIRED_FILL if index <= len(required) and required[index - 1] else HEADER_FILL
    ws.freeze_panes = "A2"


def add_filter(ws: Worksheet, columns: int) -> None:
    """An auto filter over the header and every row written so far."""
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(ws.max_row, 2)}"


def set_widths(ws: Worksheet, columns: Iterable[Iterable[object]], floor: int = MIN_WIDTH) -> None:
    """Width of each column from its longest line among the given values (header included)."""
    for index, values in enumerate(columns, start=1):
        longest = floor
        for value in values:
            if value is None:
                continue
            for line in str(value).splitlines() or [""]:
                longest = max(longest, text_width(line) + 2)
        ws.column_dimensions[get_column_letter(index)].width = min(longest, MAX_WIDTH)


def add_meta_sheet(
    wb: Workbook, sheets: dict[str, tuple[str, str, bool, list[tuple[str, str]]]]
) -> None:
    """The very hidden sheet that tells an import which table each data sheet holds."""
    ws = wb.create_sheet(META_SHEET)
    for row in meta_rows(sheets):
        ws.append(row)
    ws.sheet_state = "veryHidden"


def save_atomically(wb: Workbook, path: Path) -> None:
    """Save through the atomic writer: all of the file or none of it, even on a full disk.

    The workbook is built in memory first: openpyxl's zip writer, interrupted by a full disk,
    fails with "seek of closed file" instead of the disk's own error (and a workbook is a few
    MB at most).
    """
    hint = ("文件是否正在 Excel 中打开？", "is the file open in Excel?")
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except OSError as exc:  # e.g. no room left for openpyxl's temporary files
        raise write_problem(Path(path), exc, hint) from exc
    write_atomic(Path(path), buffer.getvalue(), hint=hint)
