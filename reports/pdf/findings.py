"""The findings pages: every failed rule with severity, plan clause, message and the school's response."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak, Paragraph

from checklists.answers import Rectification
from checklists.idnumber import mask_ids_in
from checklists.results import Finding
from checklists.terms import RECTIFICATION_STATUS, SEVERITY, clauses_text, term
from reports.pdf.cells import CellParagraph
from reports.pdf.context import ReportContext
from reports.pdf.labels import pick
from reports.pdf.layout import frame_width
from reports.pdf.long_table import WindowedTable
from reports.pdf.styles import (
    CELL_PAD,
    CELL_SIZE,
    FAIL_TEXT,
    MUTED,
    PASS_TEXT,
    SEVERITY_FILL,
    SEVERITY_TEXT,
    WARN_TEXT,
    colored,
    escape,
    fitting_width,
    table_style,
    text_width,
)

RECT_STATUS_TEXT = {"open": FAIL_TEXT, "in_progress": WARN_TEXT, "done": PASS_TEXT}


def findings_story(ctx: ReportContext) -> list[Flowable]:
    """A heading, then one table of findings per checklist that has any."""
    st = ctx.st
    story: list[Flowable] = [PageBreak(), Paragraph(escape(ctx.t("findings")), st.h1)]
    if not ctx.data.results.findings:
        # "未发现问题" only when every built-in checklist is in, every item was answered and
        # nothing was found.
        opened = ctx.open_items()
        if ctx.missing_checklists():
            text = ctx.t("no_findings_missing", names=ctx.missing_text())
        elif opened:
            text = ctx.t("no_findings_open", n=len(opened))
        else:
            text = ctx.t("no_findings")
        return [*story, Paragraph(escape(text), st.body)]
    for checklist, result in ctx.results():
        if not result.findings:
            continue
        count = len(result.findings)
        heading = (
            f"{checklist.title.get(ctx.lang)}（{count}）"
            if ctx.lang == "zh"
            else f"{checklist.title.get(ctx.lang)} ({count})"
        )
        story += [Paragraph(escape(heading), st.h2), _findings_table(ctx, result.findings)]
    return story


def _findings_table(ctx: ReportContext, findings: tuple[Finding, ...]) -> WindowedTable:
    st, lang = ctx.st, ctx.lang
    keys = ("finding_no", "severity", "clauses", "location", "finding")
    widths = _fixed_widths(ctx, findings)
    widths.append(frame_width() - sum(widths))
    rows: list[list[Any]] = []
    marks: list[list[tuple[Any, ...]]] = []
    for finding in findings:
        rows.append(
            [
                ctx.finding_ref(finding),
                term(SEVERITY, finding.severity, lang),
                _clause_cell(ctx, finding, widths[2]),
                _location(ctx, finding),
                _finding_cell(ctx, finding),
            ]
        )
        fill = SEVERITY_FILL.get(finding.severity)
        marks.append(
            []
            if fill is None
            else [
                ("BACKGROUND", 1, 1, fill),
                ("TEXTCOLOR", 1, 1, SEVERITY_TEXT[finding.severity]),
                ("ALIGN", 1, 1, "CENTER"),
            ]
        )
    return WindowedTable(
        lambda: [CellParagraph(escape(ctx.t(k)), st.head) for k in keys],
        rows,
        widths,
        table_style(zebra=False),
        marks,
    )


def _fixed_widths(ctx: ReportContext, findings: tuple[Finding, ...]) -> list[float]:
    """Number, severity, clause and location columns just wide enough for their words."""
    refs = [ctx.t("finding_no"), *(ctx.finding_ref(f) for f in findings)]
    severities = [ctx.t("severity"), *(term(SEVERITY, s, ctx.lang) for s in SEVERITY)]
    clauses = [ctx.t("clauses"), clauses_text((75,), ctx.lang)]  # one clause fits on a line
    places = [
        ctx.t("location"),
        *(line for f in findings for line in _location(ctx, f).split("\n")),
    ]
    return [
        fitting_width(refs),
        fitting_width(severities),
        fitting_width(clauses, whole=True),
        fitting_width(places, whole=True),
    ]


def _location(ctx: ReportContext, finding: Finding) -> str:
    """Where a table finding sits: ``表3 第41行`` / ``Table 3`` + ``row 41``; '' for an item."""
    if finding.row is None:
        return ""
    number = ctx.table_no.get((finding.checklist, finding.item))
    row = ctx.t("row", n=finding.row + 1)
    # A plain two-line string, not a Paragraph: there is one per finding.
    return f"表{number}\n{row}" if ctx.lang == "zh" else f"Table {number}\n{row}"


def _clause_cell(ctx: ReportContext, finding: Finding, width: float) -> str | Paragraph:
    """``第75条`` as a plain string; several clauses wrap in a Paragraph."""
    text = clauses_text(finding.clauses, ctx.lang)
    if text_width(text, CELL_SIZE) <= width - 2 * CELL_PAD:
        return text
    return CellParagraph(escape(text), ctx.st.cell)


# A finding's row must fit on a portrait page (about 720 points): its parts are shortened to
# these heights (the full texts are in the embedded answers.json).
MESSAGE_MAX_HEIGHT = 150.0
EXPLANATION_MAX_HEIGHT = 300.0
RECTIFICATION_MAX_HEIGHT = 100.0
LONG_EXPLANATION_LINES = 12
LONG_EXPLANATION_CHARS = 600


def _finding_cell(ctx: ReportContext, finding: Finding) -> Paragraph | list[Paragraph]:
    """The message, then the school's explanation and rectification plan, if any.

    Separate paragraphs, not <br/>: reportlab adds an empty line after a line that ends
    exactly at the margin with a closing 。 when a <br/> follows.
    """
    st = ctx.st
    message = escape(masked(finding.message.get(ctx.lang)))
    cell = [CellParagraph(message, st.cell, max_height=MESSAGE_MAX_HEIGHT)]
    # The school's own words may quote an ID number: masked as everywhere in a report.
    lines = [escape(line) for line in _lines(masked(finding.explanation))]
    if len(lines) > LONG_EXPLANATION_LINES or sum(map(len, lines)) > LONG_EXPLANATION_CHARS:
        # One paragraph, so that a text too long for the page is shortened as a whole.
        lines = ["<br/>".join(lines)]
    for index, line in enumerate(lines):
        markup = _labelled(ctx, "explanation", line) if index == 0 else line
        cell.append(CellParagraph(markup, st.cell, max_height=EXPLANATION_MAX_HEIGHT))
    if finding.rectification is not None:
        cell += [
            CellParagraph(m, st.cell, max_height=RECTIFICATION_MAX_HEIGHT)
            for m in _rectification(ctx, finding.rectification)
        ]
    if ctx.data.photos:
        from reports.pdf.photos import thumbnails

        cell += thumbnails(ctx, finding)
    return cell[0] if len(cell) == 1 else cell


def _lines(text: str) -> list[str]:
    return [line for line in (part.strip() for part in text.splitlines()) if line]


def _labelled(ctx: ReportContext, key: str, markup: str) -> str:
    sep = "：" if ctx.lang == "zh" else ": "
    return colored(ctx.t(key) + sep, MUTED) + markup


def _rectification(ctx: ReportContext, rect: Rectification) -> list[str]:
    """Two lines: the measure; then responsible person, due date and status."""
    status = pick(RECTIFICATION_STATUS.get(rect.status, (rect.status, rect.status)), ctx.lang)
    details = [
        _labelled(ctx, "responsible", escape(masked(rect.responsible) or "—")),
        _labelled(ctx, "due_date", rect.due_date.isoformat() if rect.due_date else "—"),
        _labelled(ctx, "rect_status", colored(status, RECT_STATUS_TEXT.get(rect.status, MUTED))),
    ]
    gap = "　" if ctx.lang == "zh" else "&nbsp;&nbsp;&nbsp;"
    return [_labelled(ctx, "measure", escape(masked(rect.measure) or "—")), gap.join(details)]


def masked(text: str) -> str:
    """``text`` with any ID-number-like run masked (first 6 and last 4 digits shown)."""
    return str(mask_ids_in(text))
