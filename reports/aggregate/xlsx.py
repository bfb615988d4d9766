"""The summary workbook: Schools, Findings, By code, Rejected, Superseded (openpyxl, atomic write)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from checklists.errors import InputError
from checklists.files import write_atomic
from reports.aggregate.rows import Summary
from reports.aggregate.words import (
    CHECKLIST_STATUS,
    SEVERITIES,
    SEVERITY,
    STAGE,
    clauses_text,
    t,
    word,
    yes_no,
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    """One column: its header (zh, en), width in characters, and whether its text wraps."""

    zh: str
    en: str
    width: float
    wrap: bool = False


def write_summary_xlsx(summary: Summary, out: Path, lang: str = "zh") -> Path:
    """Write the summary workbook to ``out`` atomically (temporary file, then rename).

    Headers are Chinese, or English with ``lang="en"``; every sheet has a frozen header row,
    filters and set column widths. Rows are streamed (write-only workbook).
    """
    out = Path(out)
    if out.is_dir() or not out.parent.is_dir():
        raise InputError(
            f"无法写入 {out}：请给出已有文件夹中的文件名。",
            f"Cannot write {out}: give a file name in an existing folder.",
        )
    book = Workbook(write_only=True)
    for title, columns, rows, freeze in _sheets(summary, lang):
        _sheet(book, t(lang, *title), columns, rows, lang, freeze)
    _save(book, out)
    return out


def _sheets(
    summary: Summary, lang: str
) -> list[tuple[tuple[str, str], list[Column], Iterable[list[Any]], str]]:
    return [
        (("学校", "Schools"), _school_columns(summary), _school_rows(summary, lang), "C2"),
        (("问题明细", "Findings"), FINDING_COLUMNS, _finding_rows(summary, lang), "C2"),
        (("按问题代码", "By code"), _code_columns(summary), _code_rows(summary, lang), "D2"),
        (("被拒文件", "Rejected"), REJECTED_COLUMNS, _rejected_rows(summary, lang), "A2"),
        (("已被取代", "Superseded"), SUPERSEDED_COLUMNS, _superseded_rows(summary), "C2"),
    ]


SCHOOL_COLUMNS = [
    Column("学校名称", "School", 28),
    Column("学校代码", "Code", 13),
    Column("镇街", "District", 12),
    Column("学段", "Stage", 12),
    Column("在校生数", "Enrollment", 10),
    Column("检查周期", "Period", 16),
    Column("报告编号", "Report ID", 30),
    Column("签署人", "Signer", 10),
    Column("签署时间", "Signed at", 17),
    Column("签名有效", "Verified", 9),
    Column("证书受信任", "Trusted", 10),
]
SCHOOL_TAIL = [
    Column("严重", "Critical", 8),
    Column("较重", "Major", 8),
    Column("一般", "Minor", 8),
    Column("问题合计", "Findings", 9),
    Column("总体状态", "Status", 10),
    Column("被取代的报告", "Superseded", 12),
    Column("文件", "File", 50),
    Column("备注", "Notes", 30, wrap=True),
]
FINDING_COLUMNS = [
    Column("学校名称", "School", 28),
    Column("学校代码", "Code", 13),
    Column("镇街", "District", 12),
    Column("检查周期", "Period", 16),
    Column("清单", "Checklist", 16),
    Column("问题代码", "Finding code", 24),
    Column("程度", "Severity", 8),
    Column("处数", "Count", 7),
    Column("条款", "Clauses", 14),
    # One line per row here: tens of thousands of rows, and a styled cell costs openpyxl ~2×.
    Column("检查项", "Item", 30),
    Column("问题说明", "Finding", 60),
    Column("学校解释", "School's explanation", 50),
]
CODE_HEAD = [
    Column("检查周期", "Period", 16),
    Column("清单", "Checklist", 16),
    Column("问题代码", "Finding code", 24),
    Column("检查项", "Item", 24, wrap=True),
    Column("程度", "Severity", 8),
    Column("条款", "Clauses", 14),
    Column("学校数", "Schools", 8),
]
REJECTED_COLUMNS = [
    Column("文件", "File", 60),
    Column("原因", "Reason", 60, wrap=True),
    Column("证书所属学校", "Certificate's school", 24),
]
SUPERSEDED_COLUMNS = [
    Column("学校名称", "School", 28),
    Column("学校代码", "Code", 13),
    Column("检查周期", "Period", 16),
    Column("报告编号", "Report ID", 30),
    Column("签署时间", "Signed at", 17),
    Column("文件", "File", 50),
    Column("取代它的报告", "Superseded by", 30),
    Column("其签署时间", "Signed at (newer)", 17),
    Column("其文件", "File (newer)", 50),
]


def _school_columns(summary: Summary) -> list[Column]:
    per_checklist = [
        Column(
            f"{summary.checklist_title(c, 'zh')}符合率(%)",
            f"{summary.checklist_title(c, 'en')} compliance rate (%)",
            14,
        )
        for c in summary.checklists
    ]
    return SCHOOL_COLUMNS + per_checklist + SCHOOL_TAIL


def _school_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for s in summary.schools:
        compliance = [
            s.checklists[c].compliance if c in s.checklists else None for c in summary.checklists
        ]
        yield [
            s.school_name,
            s.school_code,
            s.district,
            word(STAGE, s.stage, lang),
            s.enrollment,
            s.period,
            s.report_id,
            s.signer or "",
            local_time(s.signed_at),
            yes_no(True, lang),
            yes_no(s.trusted, lang),
            *compliance,
            *(s.by_severity.get(k, 0) for k in SEVERITIES),
            s.findings,
            word(CHECKLIST_STATUS, s.status, lang),
            s.superseded,
            s.path,
            s.notes(lang),
        ]


def _finding_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for f in summary.findings():
        yield [
            f.school_name,
            f.school_code,
            f.district,
            f.period,
            summary.checklist_title(f.checklist, lang),
            f.code,
            word(SEVERITY, f.severity, lang),
            f.count,
            clauses_text(f.clauses, lang),
            summary.item_label(f.checklist, f.item, lang),
            t(lang, f.message_zh, f.message_en or f.message_zh),
            "\n".join(f.explanations),
        ]


def _district_name(district: str, lang: str) -> str:
    return district or t(lang, "（未填镇街）", "(no district)")


def _code_columns(summary: Summary) -> list[Column]:
    return CODE_HEAD + [
        Column(_district_name(d, "zh"), _district_name(d, "en"), 10) for d in summary.districts
    ]


def _code_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for r in summary.by_code:
        yield [
            r.period,
            summary.checklist_title(r.checklist, lang),
            r.code,
            summary.item_label(r.checklist, r.item, lang),
            word(SEVERITY, r.severity, lang),
            clauses_text(r.clauses, lang),
            r.total,
            *(r.by_district.get(d) or None for d in summary.districts),
        ]


def _rejected_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for r in summary.rejected:
        yield [r.path, r.reason(lang), r.signer_school or ""]


def _superseded_rows(summary: Summary) -> Iterable[list[Any]]:
    for r in summary.superseded:
        yield [
            r.school_name,
            r.school_code,
            r.period,
            r.report_id,
            local_time(r.signed_at),
            r.path,
            r.by_report_id,
            local_time(r.by_signed_at),
            r.by_path,
        ]


def local_time(moment: datetime | None) -> datetime | None:
    """A stored (naive UTC) moment as this computer's local clock reading, to the second."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None, microsecond=0)


def _sheet(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[list[Any]],
    lang: str,
    freeze: str,
) -> None:
    ws: WriteOnlyWorksheet = book.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = freeze
    ws.append([_header(ws, t(lang, c.zh, c.en)) for c in columns])
    cell_makers = [_cell_maker(ws, c) for c in columns]
    count = 0
    for row in rows:
        ws.append([make(value) for make, value in zip(cell_makers, row, strict=True)])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _header(ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _WRAP
    return cell


def _cell_maker(ws: WriteOnlyWorksheet, column: Column) -> Callable[[Any], Any]:
    def make(value: Any) -> Any:
        if isinstance(value, datetime):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = _DATE_FORMAT
            return cell
        if isinstance(value, str) and (value.startswith("=") or (column.wrap and value)):
            cell = WriteOnlyCell(ws, value=value)
            # Text from a school's file is data, never a formula Excel would run.
            cell.data_type = "s"
            if column.wrap:
                cell.alignment = _WRAP
            return cell
        return value

    return make


def _save(book: Workbook, out: Path) -> None:
    """Through the one atomic writer, from memory (see reports.excel.sheets.save_atomically)."""
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(
        out, buffer.getvalue(), hint=("文件是否正在 Excel 中打开？", "is the file open in Excel?")
    )
