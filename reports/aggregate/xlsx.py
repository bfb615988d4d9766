"""The summary workbook (openpyxl, write-only, atomic): districts with a chart, reporting,
overdue rectification, schools, findings, by finding code, rejected and superseded files."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from checklists.foundation.files import write_atomic
from checklists.model import SEVERITIES
from checklists.terms import (
    COMPLIANCE_WORD,
    SEVERITY,
    STAGE,
    clauses_text,
    t,
    term,
)
from reports.aggregate.fastrows import RowWriter, StyleIds
from reports.aggregate.inputs import check_summary_target
from reports.aggregate.rows import (
    DistrictRow,
    SchoolRow,
    Summary,
    clause_numbers,
    iter_finding_records,
    joined_lines,
)
from reports.aggregate.standing import total_row
from reports.aggregate.words import (
    RECT_STATES,
    RECT_WORDS,
    REPORTING,
    SCHOOL_STATUS_WORDS,
    SCHOOL_STATUSES,
    UNVERIFIED,
    yes_no,
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "yyyy-mm-dd hh:mm"
_DAY_FORMAT = "yyyy-mm-dd"
# One word for the share of judged items that pass, as the app and the PDF say it.


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
    filters, set column widths and a print setup (landscape, fit to the page width, the header
    row repeated on every page). Rows are streamed (write-only workbook).
    """
    out = Path(out)
    check_summary_target(out)
    book = Workbook(write_only=True)
    styles: StyleIds | None = None
    for sheet in sheets(summary, lang):
        ws = _sheet_head(book, sheet, lang)
        styles = styles or StyleIds(ws, _DAY_FORMAT, _DATE_FORMAT)
        rows = RowWriter(ws, styles, [c.wrap for c in sheet.columns])
        try:
            for row in sheet.rows:
                rows.add(row, bold=isinstance(row, TotalRow))
        except BaseException:
            rows.discard()
            raise
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{rows.count + 1}"
        if sheet.key == "districts":
            add_district_chart(ws, summary, lang)
        rows.splice()
    save_workbook(book, out)
    return out


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: its key, title (zh, en), columns, rows and frozen cell."""

    key: str
    title: tuple[str, str]
    columns: Sequence[Column]
    rows: Iterable[list[Any]]
    freeze: str


class TotalRow(list[Any]):
    """A row of totals (written in bold)."""


def sheets(summary: Summary, lang: str) -> list[Sheet]:
    """The sheets of the summary workbook, in order."""
    return [
        Sheet("districts", ("镇街汇总", "Districts"), DISTRICT_COLUMNS, district_sheet_rows(summary, lang), "C2"),
        Sheet("reporting", ("报送情况", "Reporting"), REPORTING_COLUMNS, _reporting_rows(summary, lang), "E2"),
        Sheet("overdue", ("整改逾期", "Overdue"), OVERDUE_COLUMNS, _overdue_rows(summary, lang), "D2"),
        Sheet("schools", ("学校", "Schools"), _school_columns(summary), _school_rows(summary, lang), "C2"),
        Sheet("findings", ("问题明细", "Findings"), FINDING_COLUMNS, _finding_rows(summary, lang), "C2"),
        Sheet("by_code", ("按问题", "By finding"), _code_columns(summary), _code_rows(summary, lang), "E2"),
        Sheet("rejected", ("被拒文件", "Rejected"), REJECTED_COLUMNS, _rejected_rows(summary, lang), "A2"),
        Sheet("superseded", ("已被取代", "Superseded"), SUPERSEDED_COLUMNS, _superseded_rows(summary, lang), "C2"),
    ]  # fmt: skip


DISTRICT_COLUMNS = [
    Column("检查周期", "Period", 16),
    Column("镇街", "District", 14),
    Column("应报学校", "Expected", 9),
    Column("已报学校", "Reported", 9),
    Column("未报送", "Not reported", 9),
    Column("逾期报送", "Late", 9),
    *(Column(zh, en, 9) for zh, en in (SCHOOL_STATUS_WORDS[k] for k in SCHOOL_STATUSES)),
    *(Column(zh, en, 8) for zh, en in (SEVERITY[k] for k in SEVERITIES)),
    Column("问题合计", "Findings", 9),
    Column("整改未开始", "Not started", 10),
    Column("整改中", "In progress", 10),
    Column("整改已完成", "Done", 10),
    Column("无整改计划", "No plan", 10),
    Column("整改逾期", "Overdue", 9),
]  # fmt: skip
REPORTING_COLUMNS = [
    Column("检查周期", "Period", 16),
    Column("报送情况", "Standing", 11),
    Column("镇街", "District", 12),
    Column("学校名称", "School", 28),
    Column("学校代码", "Code", 13),
    Column("学段", "Stage", 12),
    Column("联系人及电话", "Contact", 24),
    Column("截止日期", "Deadline", 12),
    Column("收到时间", "Received", 17),
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
    Column("收到时间", "Received", 17),
    Column("签名有效", "Verified", 9),
    Column("证书受信任", "Trusted", 10),
]
# The report's own headline (checklists.results.Figures), before the per-checklist 符合率.
SCHOOL_FIGURES = [
    Column(f"{COMPLIANCE_WORD[0]}(%)", f"{COMPLIANCE_WORD[1]} (%)", 10),
    Column("未完成", "Open items", 9),
    Column("进度(%)", "Progress (%)", 9),
]
SCHOOL_TAIL = [
    *(Column(*SEVERITY[s], 8) for s in SEVERITIES),
    Column("问题合计", "Findings", 9),
    Column("整改逾期", "Overdue", 9),
    Column("总体状态", "Status", 10),
    Column("被取代的报告", "Superseded", 12),
    Column("副本", "Copies", 7),
    Column("文件", "File", 50),
    Column("备注", "Notes", 30, wrap=True),
]
# One line per row in the long sheets: tens of thousands of rows, and a styled cell costs
# openpyxl ~2×.
FINDING_COLUMNS = [
    Column("学校名称", "School", 28),
    Column("学校代码", "Code", 13),
    Column("镇街", "District", 12),
    Column("检查周期", "Period", 16),
    Column("清单", "Checklist", 16),
    Column("检查项", "Item", 26),
    Column("行号", "Row", 6),
    Column("问题", "Finding", 28),
    Column("程度", "Severity", 8),
    Column("处数", "Count", 7),
    Column("条款", "Clauses", 14),
    Column("问题说明", "Details", 50),
    Column("学校解释", "School's explanation", 40),
    Column("整改措施", "Rectification measure", 40),
    Column("责任人", "Responsible", 16),
    Column("整改期限", "Due date", 11),
    Column("整改状态", "Rectification status", 11),
    Column("问题代码", "Finding code", 24),
]
OVERDUE_COLUMNS = [
    Column("镇街", "District", 12),
    Column("学校名称", "School", 28),
    Column("学校代码", "Code", 13),
    Column("检查周期", "Period", 16),
    Column("清单", "Checklist", 16),
    Column("检查项", "Item", 24),
    Column("行号", "Row", 6),
    Column("问题", "Finding", 28),
    Column("程度", "Severity", 8),
    Column("处数", "Count", 7),
    Column("整改措施", "Rectification measure", 40, wrap=True),
    Column("责任人", "Responsible", 16),
    Column("整改期限", "Due date", 11),
    Column("逾期天数", "Days overdue", 9),
    Column("整改状态", "Rectification status", 11),
    Column("学校解释", "School's explanation", 40, wrap=True),
    Column("问题代码", "Finding code", 24),
]
CODE_HEAD = [
    Column("检查周期", "Period", 16),
    Column("清单", "Checklist", 16),
    Column("检查项", "Item", 24, wrap=True),
    Column("问题", "Finding", 28, wrap=True),
    Column("程度", "Severity", 8),
    Column("条款", "Clauses", 14),
    Column("学校数", "Schools", 8),
    Column("问题代码", "Finding code", 24),
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
    Column("关系", "Relation", 14),
    Column("取代它的报告", "Superseded by", 30),
    Column("其签署时间", "Signed at (kept)", 17),
    Column("其文件", "File (kept)", 50),
]
_RELATION = {
    False: ("已被新版本取代", "Newer version"),
    True: ("同一报告的副本", "Copy of the same report"),
}


def _school_columns(summary: Summary) -> list[Column]:
    per_checklist = [
        Column(
            f"{summary.checklist_title(c, 'zh')}{COMPLIANCE_WORD[0]}(%)",
            f"{summary.checklist_title(c, 'en')} {COMPLIANCE_WORD[1].lower()} (%)",
            14,
        )
        for c in summary.checklists
    ]
    return SCHOOL_COLUMNS + SCHOOL_FIGURES + per_checklist + SCHOOL_TAIL


def _school_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for s in summary.schools:
        compliance = [_compliance_cell(s, c, lang) for c in summary.checklists]
        yield [
            s.school_name,
            s.school_code,
            s.district,
            term(STAGE, s.stage, lang),
            s.enrollment,
            s.period,
            s.report_label(lang),
            s.signer or "",
            local_time(s.signed_at),
            local_time(s.received_at),
            yes_no(True, lang),
            yes_no(s.trusted, lang),
            s.compliance,
            s.open_items,
            s.progress,
            *compliance,
            *(s.by_severity.get(k, 0) for k in SEVERITIES),
            s.findings,
            s.overdue,
            term(SCHOOL_STATUS_WORDS, s.status, lang),
            s.superseded,
            s.copies,
            s.path,
            s.notes(lang),
        ]


def _compliance_cell(school: SchoolRow, checklist: str, lang: str) -> float | str | None:
    """The checklist's 符合率 at ``school``; 无法核对 for a version this program does not know."""
    cell = school.checklists.get(checklist)
    if cell is None:
        return None
    return cell.compliance if cell.known else t(lang, *UNVERIFIED)


def _finding_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    """The cells of FindingRow (rows.iter_finding_rows) straight from the stored columns: the
    titles, labels and clauses repeat across schools and are worked out once each."""
    rect = {k: term(RECT_WORDS, k, lang) for k in RECT_WORDS}
    severity_word = {k: term(SEVERITY, k, lang) for k in SEVERITY}
    checklist_titles: dict[str, str] = {}
    labels: dict[tuple[str, str], str] = {}
    titles: dict[tuple[str, str], str] = {}
    clauses_words: dict[str, str] = {}
    for school, row in iter_finding_records(summary):
        (
            _, checklist, code, _, severity, count, clauses, item, message_zh, message_en,
            explanations, measures, owners, due_date, rect_status, row_index,
        ) = row  # fmt: skip
        title = checklist_titles.get(checklist)
        if title is None:
            title = checklist_titles[checklist] = summary.checklist_title(checklist, lang)
        label = labels.get((checklist, item))
        if label is None:
            label = labels[checklist, item] = summary.item_label(checklist, item, lang)
        name = titles.get((checklist, code))
        if name is None:
            name = titles[checklist, code] = summary.finding_title(checklist, code, lang)
        cited = clauses_words.get(clauses)
        if cited is None:
            cited = clauses_words[clauses] = clauses_text(clause_numbers(clauses), lang)
        yield [
            school.school_name,
            school.school_code,
            school.district,
            school.period,
            title,
            label,
            None if row_index is None else row_index + 1,
            name,
            severity_word.get(severity, severity),
            count,
            cited,
            t(lang, message_zh, message_en or message_zh),
            joined_lines(explanations),
            joined_lines(measures),
            joined_lines(owners),
            due_date,
            rect[rect_status or "none"],
            code,
        ]


def _overdue_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for f in summary.overdue:
        assert f.due_date is not None
        yield [
            _district_name(f.district, lang),
            f.school_name,
            f.school_code,
            f.period,
            summary.checklist_title(f.checklist, lang),
            summary.item_label(f.checklist, f.item, lang),
            f.row_number(),
            summary.finding_title(f.checklist, f.code, lang),
            term(SEVERITY, f.severity, lang),
            f.count,
            "\n".join(f.measures),
            "\n".join(f.owners),
            f.due_date,
            (summary.today - f.due_date).days,
            term(RECT_WORDS, f.rect_status, lang),
            "\n".join(f.explanations),
            f.code,
        ]


def _reporting_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for r in summary.reporting:
        yield [
            r.period,
            term(REPORTING, r.status, lang),
            _district_name(r.district, lang),
            r.school_name,
            r.school_code,
            term(STAGE, r.stage, lang) if r.stage else "",
            r.contact,
            r.deadline,
            local_time(r.received_at),
        ]


def district_sheet_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    """The district rows of each period, each period closed by its totals row."""
    periods = list(dict.fromkeys(r.period for r in summary.by_district))
    for period in periods:
        rows = [r for r in summary.by_district if r.period == period]
        for r in rows:
            yield _district_values(r, lang)
        total = total_row(rows, t(lang, "合计", "Total"))
        yield TotalRow([period, *_district_values(total, lang)[1:]])


def _district_values(r: DistrictRow, lang: str) -> list[Any]:
    return [
        r.period,
        _district_name(r.district, lang),
        r.expected,
        r.reported,
        r.missing if r.expected is not None else None,
        r.late if r.expected is not None else None,
        *(r.by_status.get(k, 0) for k in SCHOOL_STATUSES),
        *(r.by_severity.get(k, 0) for k in SEVERITIES),
        r.findings,
        *(r.rectification.get(k, 0) for k in RECT_STATES),
        r.overdue,
    ]


def add_district_chart(ws: WriteOnlyWorksheet, summary: Summary, lang: str) -> None:
    """A stacked column chart of the findings by severity in each district (the last period),
    beside the district table; Excel draws it from the sheet's own cells."""
    periods = list(dict.fromkeys(r.period for r in summary.by_district))
    if not periods:
        return
    first = 2  # rows before the last period: each earlier period has its districts + a total
    for period in periods[:-1]:
        first += sum(1 for r in summary.by_district if r.period == period) + 1
    last = first + sum(1 for r in summary.by_district if r.period == periods[-1]) - 1
    severity_col = 2 + 4 + len(SCHOOL_STATUSES) + 1  # Period, District, 4 reporting counts
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = t(
        lang,
        f"{periods[-1]} 各镇街问题数（按程度）",
        f"Findings by district and severity, {periods[-1]}",
    )
    chart.y_axis.title = t(lang, "问题数", "Findings")
    chart.height, chart.width = 9, max(16, 1.2 * (last - first + 1))
    data = Reference(
        ws,
        min_col=severity_col,
        max_col=severity_col + len(SEVERITIES) - 1,
        min_row=1,
        max_row=last,
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    for series, color in zip(chart.series, ("A1221B", "E08A00", "C9B200"), strict=False):
        series.graphicalProperties.solidFill = color
    if first > 2:
        # The series titles come from the header row, their values from the last period only.
        for index, series in enumerate(chart.series):
            col = get_column_letter(severity_col + index)
            series.val.numRef.f = f"'{ws.title}'!${col}${first}:${col}${last}"
    ws.add_chart(chart, f"{get_column_letter(len(DISTRICT_COLUMNS) + 2)}2")


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
            summary.item_label(r.checklist, r.item, lang),
            summary.finding_title(r.checklist, r.code, lang),
            term(SEVERITY, r.severity, lang),
            clauses_text(r.clauses, lang),
            r.total,
            r.code,
            *(r.by_district.get(d) or None for d in summary.districts),
        ]


def _rejected_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for r in summary.rejected:
        yield [r.path, r.reason(lang), r.signer_school or ""]


def _superseded_rows(summary: Summary, lang: str) -> Iterable[list[Any]]:
    for r in summary.superseded:
        yield [
            r.school_name,
            r.school_code,
            r.period,
            r.report_label(lang),
            local_time(r.signed_at),
            r.path,
            t(lang, *_RELATION[r.copy]),
            r.by_report_label(lang),
            local_time(r.by_signed_at),
            r.by_path,
        ]


def local_time(moment: datetime | None) -> datetime | None:
    """A stored (naive UTC) moment as this computer's local clock reading, to the second."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None, microsecond=0)


def _sheet_head(book: Workbook, sheet: Sheet, lang: str) -> WriteOnlyWorksheet:
    """A new sheet with its widths, frozen header, print setup and header row."""
    ws: WriteOnlyWorksheet = book.create_sheet(t(lang, *sheet.title))
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = sheet.freeze
    _print_setup(ws)
    ws.append([_header(ws, t(lang, c.zh, c.en)) for c in sheet.columns])
    return ws


def _print_setup(ws: WriteOnlyWorksheet) -> None:
    """Landscape A4, as wide as the page, the header row on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4


def _header(ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _WRAP
    return cell


def save_workbook(book: Workbook, out: Path) -> None:
    """Through the one atomic writer, from memory (see reports.excel.sheets.save_atomically)."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    # openpyxl's own save with the quickest deflate level: the big sheets (tens of thousands
    # of findings) were compressed at the default level, the slowest part of writing them.
    buffer = io.BytesIO()
    if book.write_only and not book.worksheets:
        book.create_sheet()
    book.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1)).save()
    write_atomic(
        out, buffer.getvalue(), hint=("文件是否正在 Excel 中打开？", "is the file open in Excel?")
    )
