"""The summary page: counts per checklist, findings by severity and a bar chart of compliance."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from checklists.results import ChecklistResult, Figures, overall_figures, result_figures
from checklists.terms import CHECKLIST_STATUS, SEVERITY, term
from reports.pdf.context import ReportContext
from reports.pdf.labels import STATUS
from reports.pdf.layout import frame_width
from reports.pdf.styles import (
    ACCENT,
    ACCENT_LIGHT,
    CHECKLIST_STATUS_TEXT,
    INK,
    MUTED,
    RULE,
    SEVERITY_FILL,
    SEVERITY_TEXT,
    escape,
    fitting_width,
    font_name,
    table_style,
)

# Figures fields (checklists.results.Figures): the one definition of progress and 符合率.
COUNT_KEYS = ("applicable", "done", "passed", "failed", "open")
_FIGURE_FIELDS = {
    "applicable": "total",
    "done": "done",
    "passed": "passed",
    "failed": "failed",
    "open": "open",
}
BAR_HEIGHT = 16.0


def summary_story(ctx: ReportContext) -> list[Flowable]:
    """The headline first — what is still open, then findings by severity — then one sentence
    with 符合率, the per-checklist table, the open items with their reasons and the chart."""
    st = ctx.st
    story: list[Flowable] = [Paragraph(escape(ctx.t("summary")), st.h1)]
    opened = ctx.open_items()
    from reports.pdf.cover import incomplete_banners

    banners = incomplete_banners(ctx)
    if banners:
        story += [*banners, Spacer(1, 6)]
    story += [_severity_chips(ctx), Spacer(1, 8)]
    story += [Paragraph(escape(_overview(ctx)), st.body), Spacer(1, 10)]
    story += [_counts_table(ctx), Spacer(1, 4)]
    story += [Paragraph(escape(ctx.t("compliance_note")), st.small), Spacer(1, 12)]
    if opened:
        story += [Paragraph(escape(ctx.t("open_items")), st.h2), _open_table(ctx), Spacer(1, 12)]
    story += [Paragraph(escape(ctx.t("chart_title")), st.h2), compliance_chart(ctx)]
    return story


def _figures(result: ChecklistResult) -> Figures:
    return result_figures(result)


def _totals(ctx: ReportContext) -> Figures:
    """Every checklist added up; compliance recomputed from the sums."""
    return overall_figures(r for _, r in ctx.results())


def _count(fig: Figures, key: str) -> int:
    return int(getattr(fig, _FIGURE_FIELDS[key]))


def _overview(ctx: ReportContext) -> str:
    """One sentence: findings, then 符合率 of the judged items with the items still open."""
    t = _totals(ctx)
    values = {
        "lists": len(ctx.results()), "items": t.total, "done": t.done, "judged": t.judged,
        "passed": t.passed, "failed": t.failed, "open": t.open, "findings": t.findings,
        "rate": _compliance_text(t.compliance),
    }  # fmt: skip
    if ctx.lang == "en":
        return (
            "{findings} findings. Compliance rate {rate} ({passed} passed of {judged} judged); "
            "{open} items still open. {lists} checklists, {items} applicable items, {done} done."
        ).format(**values)
    return (
        "发现问题 {findings} 项。符合率 {rate}（已判定 {judged} 项，符合 {passed} 项，不符合 {failed} 项），"
        "未完成 {open} 项。本次自查共 {lists} 个清单、适用检查项 {items} 个，已完成 {done} 个。"
    ).format(**values)


def _open_table(ctx: ReportContext) -> Table:
    """The open items: checklist, item, state and the written reason (when one was given)."""
    st, lang = ctx.st, ctx.lang
    head = [
        Paragraph(escape(ctx.t(k)), st.head) for k in ("checklist", "item", "open_status", "reason")
    ]
    rows: list[list[Any]] = [head]
    for entry in ctx.open_items():
        reason = entry.reason or ctx.t("no_reason")
        rows.append(
            [
                Paragraph(escape(entry.checklist_title.get(lang)), st.cell),
                Paragraph(escape(entry.label.get(lang)), st.cell),
                Paragraph(escape(term(STATUS, entry.status, lang)), st.cell),
                Paragraph(escape(reason), st.cell),
            ]
        )
    width = frame_width()
    widths = [width * 0.2, width * 0.32, width * 0.16, width * 0.32]
    return Table(
        rows, colWidths=widths, repeatRows=1, style=table_style(rows=len(rows)), hAlign="LEFT"
    )


def _severity_chips(ctx: ReportContext) -> Table:
    """``Findings by severity: [严重 1] [较重 4] [一般 2]`` as coloured cells."""
    findings = ctx.data.results.findings
    cells: list[Any] = [ctx.t("findings_by_severity")]
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font_name()),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("TEXTCOLOR", (0, 0), (0, 0), INK),
        ("ALIGN", (1, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
    ]
    for index, severity in enumerate(SEVERITY_FILL, start=1):
        count = sum(1 for f in findings if f.severity == severity)
        cells.append(f"{term(SEVERITY, severity, ctx.lang)}  {count}")
        style += [
            ("BACKGROUND", (index, 0), (index, 0), SEVERITY_FILL[severity]),
            ("TEXTCOLOR", (index, 0), (index, 0), SEVERITY_TEXT[severity]),
        ]
    first = 130.0 if ctx.lang == "zh" else 140.0
    return Table([cells], colWidths=[first, 70, 70, 70], hAlign="LEFT", style=style)


def _compliance_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _counts_table(ctx: ReportContext) -> Table:
    st, lang = ctx.st, ctx.lang
    keys = ("checklist", *COUNT_KEYS, "compliance", "findings_col", "status")
    data: list[list[Any]] = [
        [Paragraph(escape(ctx.t(k)), st.head_center if i else st.head) for i, k in enumerate(keys)]
    ]
    style = table_style(rows=len(ctx.results()) + 1)
    for row, (checklist, result) in enumerate(ctx.results(), start=1):
        data.append(_counts_row(ctx, checklist.title.get(lang), result))
        style.append(
            ("TEXTCOLOR", (-1, row), (-1, row), CHECKLIST_STATUS_TEXT.get(result.status, MUTED))
        )
    totals = _totals(ctx)
    data.append(
        [
            ctx.t("total"),
            *(str(_count(totals, k)) for k in COUNT_KEYS),
            _compliance_text(totals.compliance),
            str(totals.findings),
            "",
        ]
    )
    style += [
        ("ALIGN", (1, 1), (-2, -1), "RIGHT"),
        ("ALIGN", (-1, 1), (-1, -1), "CENTER"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ("BACKGROUND", (0, -1), (-1, -1), ACCENT_LIGHT),
    ]
    # Every number column as wide as its widest header word; the checklist title takes the rest.
    widths = [max(fitting_width([ctx.t(k), "100.0%"]), 30.0) for k in keys[1:-1]]
    widths.append(
        fitting_width(
            [ctx.t("status"), *(term(CHECKLIST_STATUS, s, lang) for s in CHECKLIST_STATUS)]
        )
    )
    widths.insert(0, frame_width() - sum(widths))
    return Table(data, colWidths=widths, repeatRows=1, style=style, hAlign="LEFT")


def _counts_row(ctx: ReportContext, title: str, result: ChecklistResult) -> list[Any]:
    fig = _figures(result)
    return [
        Paragraph(escape(title), ctx.st.cell),
        *(str(_count(fig, k)) for k in COUNT_KEYS),
        _compliance_text(fig.compliance),
        str(len(result.findings)),
        term(CHECKLIST_STATUS, result.status, ctx.lang),
    ]


def compliance_chart(ctx: ReportContext) -> ComplianceChart:
    """Horizontal bars of compliance (0–100 %) per checklist, every label in the embedded font."""
    results = ctx.results()
    font = font_name()
    width = frame_width()
    names = [c.title.get(ctx.lang) for c, _ in results]
    label_room = min(max((stringWidth(n, font, 8) for n in names), default=0.0) + 14, width * 0.42)
    height = 30 + BAR_HEIGHT * 1.6 * max(len(results), 1)
    # Reverse so the first checklist is the top bar, as in the table above. Nothing judged yet:
    # no bar and no "0.0%" (a blank checklist is not 0 % compliant); a grey dash stands in.
    bars = [
        (_short(c.title.get(ctx.lang), label_room - 14, font), _figures(r).compliance)
        for c, r in reversed(results)
    ]
    return ComplianceChart(width, height, label_room, bars)


class ComplianceChart(Flowable):  # type: ignore[misc]
    """The compliance bars, drawn as reportlab's HorizontalBarChart draws them (its geometry:
    grid every 20 %, a tick per category boundary, labels 6 points off the axis and 4 points
    past a bar's end) with the canvas alone: reportlab's charting package is not loaded for
    one chart (a test holds the two drawings equal)."""

    VALUE_STEP = 20
    TICK = 5.0
    GROUP_SPACING = 5.0  # reportlab's space between bar groups, in bar-width units
    SIZE = 8.0

    def __init__(
        self, width: float, height: float, left: float, bars: list[tuple[str, float | None]]
    ) -> None:
        super().__init__()
        self.width, self.height = width, height
        # The plot area, as the chart was placed: x, y, width, height.
        self.plot = (left, 20.0, width - left - 40, height - 30)
        self.bars = bars

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        x, y, w, h = self.plot
        font, size = font_name(), self.SIZE
        count = len(self.bars)
        band = h / count if count else h
        scale = band / (BAR_HEIGHT + self.GROUP_SPACING)
        steps = range(0, 101, self.VALUE_STEP)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        for step in steps:  # the grid
            canvas.line(x + w * step / 100, y, x + w * step / 100, y + h)
        canvas.setFillColor(ACCENT)
        for index, (_name, value) in enumerate(self.bars):
            if value is not None:
                bottom = y + index * band + self.GROUP_SPACING / 2 * scale
                canvas.rect(x, bottom, w * value / 100, BAR_HEIGHT * scale, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(font, size, size * 1.2)
        middle = size * 1.2 / 2 - size  # a one-line label's baseline below its anchor
        for index, (_name, value) in enumerate(self.bars):
            if value is not None:
                centre = y + (index + 0.5) * band
                canvas.drawString(x + w * value / 100 + 4, centre + middle, f"{value:.1f}%")
        canvas.setLineWidth(1)
        canvas.line(x, y, x, y + h)  # the category axis, its ticks and names
        for index in range(count + 1):
            canvas.line(x, y + index * band, x - self.TICK, y + index * band)
        for index, (name, _value) in enumerate(self.bars):
            canvas.drawRightString(x - 6, y + (index + 0.5) * band + middle, name)
        canvas.line(x, y, x + w, y)  # the value axis, its ticks and numbers
        for step in steps:
            canvas.line(x + w * step / 100, y, x + w * step / 100, y - self.TICK)
        for step in steps:
            canvas.drawCentredString(x + w * step / 100, y - self.TICK - size, str(step))
        canvas.setFillColor(colors.grey)
        for index, (_name, value) in enumerate(self.bars):
            if value is None:
                canvas.drawString(x + 4, y + h * (index + 0.5) / count - 3, "—")
        canvas.restoreState()


def _short(title: str, room: float, font: str) -> str:
    """``title`` cut with an ellipsis to fit ``room`` points at 8 pt."""
    if stringWidth(title, font, 8) <= room:
        return title
    while title and stringWidth(title + "…", font, 8) > room:
        title = title[:-1]
    return title.rstrip() + "…"
