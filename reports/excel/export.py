"""The Excel copy of an assessment: summary, one sheet per checklist and per table, and the findings."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from checklists.answers import AnswersDocument
from checklists.idnumber import mask_ids_in
from checklists.model import Checklist, Item
from checklists.results import ChecklistResult, Finding, Results, overall_figures, result_figures
from checklists.terms import (
    CHECKLIST_STATUS,
    COMPLIANCE_DEFINITION,
    ITEM_STATUS,
    NO_RECTIFICATION,
    RECTIFICATION_STATUS,
    SEVERITY,
    clauses_text,
    t,
    term,
)
from reports.excel.columns import sheet_title
from reports.excel.export_tables import FIRST_DATA_ROW, write_table_sheet
from reports.excel.sheets import (
    FAIL_FILL,
    WRAP,
    add_filter,
    add_meta_sheet,
    save_atomically,
    set_widths,
    write_header,
)
from reports.excel.values import DATE_FORMAT, raw_to_cell

SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2}
_MESSAGE_WIDTH = 60


class _Export:
    """Builds one export workbook; remembers sheet titles so they stay unique."""

    def __init__(
        self,
        doc: AnswersDocument,
        results: Results,
        checklists: Mapping[str, Checklist],
        lang: str,
        full_ids: bool,
    ) -> None:
        self.doc, self.results, self.checklists = doc, results, checklists
        self.lang, self.full_ids = lang, full_ids
        self.wb = Workbook()
        self.table_sheets: dict[tuple[str, str], str] = {}
        self.meta: dict[str, tuple[str, str, bool, list[tuple[str, str]]]] = {}

    def sheet(self, title: str) -> Worksheet:
        return self.wb.create_sheet(sheet_title(title, self.wb.sheetnames))

    def build(self) -> Workbook:
        first = self.wb.active
        assert first is not None  # a new Workbook always has one sheet
        first.title = t(self.lang, "概况", "Summary")
        self.summary(first)
        for cl_id, result in self.results.checklists.items():
            checklist = self.checklists[cl_id]
            checklist_ws = self.sheet(checklist.title.get(self.lang))
            for item in checklist.items():
                if item.is_table:
                    self.table(checklist, item, result)
            self.checklist_sheet(checklist_ws, checklist, result)
        self.findings(self.sheet(t(self.lang, "问题清单", "Findings")))
        add_meta_sheet(self.wb, self.meta)
        return self.wb

    def summary(self, ws: Worksheet) -> None:
        school, lang = self.doc.school, self.lang
        facts = [
            (t(lang, "学校", "School"), self.text(school.name)),
            (t(lang, "学校代码", "School code"), school.code),
            (t(lang, "检查周期", "Period"), self.text(self.doc.period)),
            (t(lang, "检查基准日", "Reference date"), self.doc.reference_date),
        ]
        for label, value in facts:
            ws.append([label, value])
        ws.cell(row=4, column=2).number_format = DATE_FORMAT
        ws.append([])
        # The headline in the order of every surface: findings by severity, then 符合率 with
        # the items still open (checklists.results.Figures, the one definition).
        heads = [
            t(lang, "检查清单", "Checklist"),
            t(lang, "结论", "Status"),
            t(lang, "问题数", "Findings"),
            *(term(SEVERITY, s, lang) for s in SEVERITY_RANK),
            t(lang, "符合率 %", "Compliance rate %"),
            t(lang, "未完成", "Open"),
            t(lang, "进度 %", "Progress %"),
        ]
        ws.append(heads)
        rows = [
            (self.checklists[cl_id].title.get(lang), r)
            for cl_id, r in self.results.checklists.items()
        ]
        for title, result in rows:
            fig = result_figures(result)
            ws.append(
                [
                    title,
                    term(CHECKLIST_STATUS, result.status, lang),
                    fig.findings,
                    *(fig.severity_counts()[s] for s in SEVERITY_RANK),
                    fig.compliance,
                    fig.open,
                    fig.progress,
                ]
            )
        total = overall_figures(r for _, r in rows)
        ws.append(
            [
                t(lang, "合计", "Total"),
                "",
                total.findings,
                *(total.severity_counts()[s] for s in SEVERITY_RANK),
                total.compliance,
                total.open,
                total.progress,
            ]
        )
        ws.append([])
        ws.append([t(lang, *COMPLIANCE_DEFINITION)])
        set_widths(
            ws,
            [[h, *(r[0] for r in facts)] if i == 0 else [h] for i, h in enumerate(heads)],
            floor=12,
        )
        ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 30)

    def table(self, checklist: Checklist, item: Item, result: ChecklistResult) -> None:
        ws = self.sheet(item.label.get(self.lang))
        rows = self.doc.checklists.get(checklist.id, {}).get(item.id) or ()
        headers = write_table_sheet(ws, item, list(rows), result, self.lang, self.full_ids)
        self.table_sheets[(checklist.id, item.id)] = ws.title
        self.meta[ws.title] = (checklist.id, item.id, not self.full_ids, headers)

    def checklist_sheet(self, ws: Worksheet, checklist: Checklist, result: ChecklistResult) -> None:
        lang = self.lang
        heads = [
            t(lang, "章节", "Section"),
            t(lang, "项目", "Item"),
            t(lang, "答案", "Answer"),
            t(lang, "单位", "Unit"),
            t(lang, "结果", "Result"),
            t(lang, "问题数", "Findings"),
            t(lang, "条款", "Clauses"),
            t(lang, "备注", "Note"),
            t(lang, "代码", "Id"),
        ]
        answers = self.doc.checklists.get(checklist.id, {})
        notes = self.doc.item_notes.get(checklist.id, {})
        widths: list[list[object]] = [[h] for h in heads]
        write_header(ws, heads)
        for section in checklist.sections:
            for item in section.items:
                if item.type == "note":
                    continue
                status = _status(result, item.id)
                values = [
                    section.title.get(lang),
                    item.label.get(lang),
                    self.answer(checklist, item, answers, result),
                    item.unit or "",
                    term(ITEM_STATUS, status, lang),
                    _finding_count(result, item.id),
                    clauses_text(item.clauses, lang),
                    notes.get(item.id, ""),
                    item.id,
                ]
                ws.append(values)
                answer = ws.cell(row=ws.max_row, column=3)
                if item.type == "date":
                    answer.number_format = DATE_FORMAT
                if status in ("fail", "invalid"):
                    ws.cell(row=ws.max_row, column=5).fill = FAIL_FILL
                for bucket, value in zip(widths, values, strict=True):
                    bucket.append(value)
        add_filter(ws, len(heads))
        set_widths(ws, widths)

    def answer(
        self, checklist: Checklist, item: Item, answers: Mapping[str, Any], result: ChecklistResult
    ) -> Any:
        if item.is_table:
            count = len(answers.get(item.id) or ())
            title = self.table_sheets.get((checklist.id, item.id), "")
            return t(
                self.lang, f"{count} 行，见工作表“{title}”", f"{count} row(s), see sheet '{title}'"
            )
        value = answers.get(item.id)
        if value is None:
            try:
                value = result.item(item.id).value
            except KeyError:
                value = None
        if item.type == "evidence" and value:
            return "\n".join(str(f.get("name", "")) for f in value)
        return raw_to_cell(item, value, self.lang, self.full_ids)[0]

    def findings(self, ws: Worksheet) -> None:
        lang = self.lang
        heads = [
            t(lang, "序号", "No."),
            t(lang, "严重程度", "Severity"),
            t(lang, "检查清单", "Checklist"),
            t(lang, "项目", "Item"),
            t(lang, "条款", "Clauses"),
            t(lang, "问题代码", "Code"),
            t(lang, "问题描述", "Finding"),
            t(lang, "所在行（第几行记录）", "Row (record number)"),
            t(lang, "情况说明", "Explanation"),
            t(lang, "整改措施", "Measure"),
            t(lang, "责任人", "Responsible"),
            t(lang, "整改期限", "Due date"),
            t(lang, "整改状态", "Status"),
        ]
        ordered = sorted(self.results.findings, key=lambda f: SEVERITY_RANK.get(f.severity, 3))
        widths: list[list[object]] = [[h] for h in heads]
        write_header(ws, heads)
        for number, finding in enumerate(ordered, start=1):
            values = self.finding_row(number, finding)
            ws.append(values)
            self.decorate_finding(ws, number + 1, finding)  # row 1 is the header
            for bucket, value in zip(widths, values, strict=True):
                bucket.append(value if not hasattr(value, "isoformat") else "2021-03-01")
        add_filter(ws, len(heads))
        set_widths(ws, widths)
        for col in ("G", "I", "J"):
            ws.column_dimensions[col].width = _MESSAGE_WIDTH

    def finding_row(self, number: int, f: Finding) -> list[Any]:
        lang = self.lang
        checklist = self.checklists.get(f.checklist)
        item_label = f.item
        if checklist is not None:
            with contextlib.suppress(KeyError):  # a finding of an item no longer defined
                item_label = checklist.item(f.item).label.get(lang)
        rect = f.rectification
        return [
            number,
            term(SEVERITY, f.severity, lang),
            checklist.title.get(lang) if checklist else f.checklist,
            item_label,
            clauses_text(f.clauses, lang),
            f.code,
            self.text(f.message.get(lang)),
            f.row + 1 if f.row is not None else None,  # as the app and the PDF number rows
            self.text(f.explanation),
            self.text(rect.measure) if rect else "",
            self.text(rect.responsible) if rect else "",
            rect.due_date if rect else None,
            term(RECTIFICATION_STATUS, rect.status, lang) if rect else t(lang, *NO_RECTIFICATION),
        ]

    def text(self, value: str | None) -> str | None:
        """A school's free text as exported: an ID number quoted in it masked unless ``full_ids``."""
        if value is None or self.full_ids:
            return value
        return str(mask_ids_in(value))

    def decorate_finding(self, ws: Worksheet, row: int, f: Finding) -> None:
        # The row is given: ws.max_row scans every cell, once per finding it is quadratic.
        for col in (7, 9, 10):
            ws.cell(row=row, column=col).alignment = WRAP
        ws.cell(row=row, column=12).number_format = DATE_FORMAT
        sheet = self.table_sheets.get((f.checklist, f.item))
        if sheet is not None and f.row is not None:
            cell = ws.cell(row=row, column=8)
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, location=f"{quote_sheetname(sheet)}!A{FIRST_DATA_ROW + f.row}"
            )
            cell.style = "Hyperlink"


def _status(result: ChecklistResult, item_id: str) -> str:
    try:
        return result.item(item_id).status
    except KeyError:
        return "unanswered"


def _finding_count(result: ChecklistResult, item_id: str) -> int:
    try:
        return result.item(item_id).finding_count
    except KeyError:
        return 0


def build_export(
    doc: AnswersDocument,
    results: Results,
    checklists: Mapping[str, Checklist],
    *,
    lang: str = "zh",
    full_ids: bool = False,
) -> Workbook:
    """The export workbook of one evaluated answers document (ID numbers masked unless ``full_ids``)."""
    return _Export(doc, results, checklists, lang, full_ids).build()


def write_export(
    doc: AnswersDocument,
    results: Results,
    checklists: Mapping[str, Checklist],
    path: Path,
    *,
    lang: str = "zh",
    full_ids: bool = False,
) -> None:
    """Write the export of ``doc`` and its ``results`` to ``path`` (temp file, then rename)."""
    save_atomically(build_export(doc, results, checklists, lang=lang, full_ids=full_ids), path)
