"""The summary page: counts per checklist, findings by severity and a bar chart of compliance."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from checklists.results import ChecklistResult
from reports.pdf.context import ReportContext
from reports.pdf.labels import CHECKLIST_STATUS, SEVERITY, enum_label
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
from reports.pdf.styles import drawing as new_drawing

COUNT_KEYS = ("items", "answered", "passed", "failed", "not_applicable", "unanswered")
BAR_HEIGHT = 16.0


def summary_story(ctx: ReportContext) -> list[Flowable]:
    """Heading, one line of findings by severity, the per-checklist table and the chart."""
    st = ctx.st
    story: list[Flowable] = [Paragraph(escape(ctx.t("summary")), st.h1)]
    story += [Paragraph(escape(_overview(ctx)), st.body), Spacer(1, 8)]
    story += [_severity_chips(ctx), Spacer(1, 10), _counts_table(ctx), Spacer(1, 16)]
    story += [Paragraph(escape(ctx.t("chart_title")), st.h2), compliance_chart(ctx)]
    return story


def _totals(ctx: ReportContext) -> dict[str, Any]:
    """The counts of every checklist added up; compliance recomputed from the sums."""
    totals: dict[str, Any] = {k: 0 for k in (*COUNT_KEYS, "findings")}
    for _checklist, result in ctx.results():
        for key in totals:
            totals[key] += int(result.summary.get(key, 0) or 0)
    judged = totals["answered"]
    totals["compliance"] = round(100.0 * totals["passed"] / judged, 1) if judged else None
    return totals


def _overview(ctx: ReportContext) -> str:
    """One sentence: how many checklists and items, how many judged, passed and found."""
    t = _totals(ctx)
    values = {"lists": len(ctx.results()), **t, "rate": _compliance_text(t)}
    if ctx.lang == "en":
        return (
            "{lists} checklists with {items} items: {answered} judged, {passed} passed, "
            "{failed} failed, {not_applicable} not applicable; compliance {rate}; "
            "{findings} findings."
        ).format(**values)
    return (
        "本次自查共 {lists} 个清单、{items} 个检查项：已判定 {answered} 项，符合 {passed} 项，"
        "不符合 {failed} 项，不适用 {not_applicable} 项；符合率 {rate}；发现问题 {findings} 项。"
    ).format(**values)


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
        cells.append(f"{enum_label(SEVERITY, severity, ctx.lang)}  {count}")
        style += [
            ("BACKGROUND", (index, 0), (index, 0), SEVERITY_FILL[severity]),
            ("TEXTCOLOR", (index, 0), (index, 0), SEVERITY_TEXT[severity]),
        ]
    first = 130.0 if ctx.lang == "zh" else 140.0
    return Table([cells], colWidths=[first, 70, 70, 70], hAlign="LEFT", style=style)


def _compliance_text(summary: dict[str, Any]) -> str:
    value = summary.get("compliance")
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
            *(str(totals[k]) for k in COUNT_KEYS),
            _compliance_text(totals),
            str(totals["findings"]),
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
            [ctx.t("status"), *(enum_label(CHECKLIST_STATUS, s, lang) for s in CHECKLIST_STATUS)]
        )
    )
    widths.insert(0, frame_width() - sum(widths))
    return Table(data, colWidths=widths, repeatRows=1, style=style, hAlign="LEFT")


def _counts_row(ctx: ReportContext, title: str, result: ChecklistResult) -> list[Any]:
    summary = result.summary
    return [
        Paragraph(escape(title), ctx.st.cell),
        *(str(summary.get(k, 0)) for k in COUNT_KEYS),
        _compliance_text(summary),
        str(summary.get("findings", len(result.findings))),
        enum_label(CHECKLIST_STATUS, result.status, ctx.lang),
    ]


def compliance_chart(ctx: ReportContext) -> Drawing:
    """Horizontal bars of compliance (0–100 %) per checklist, every label in the embedded font."""
    results = ctx.results()
    font = font_name()
    width = frame_width()
    names = [c.title.get(ctx.lang) for c, _ in results]
    label_room = min(max((stringWidth(n, font, 8) for n in names), default=0.0) + 14, width * 0.42)
    height = 30 + BAR_HEIGHT * 1.6 * max(len(results), 1)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 20
    chart.width, chart.height = width - label_room - 40, height - 30
    # Reverse so the first checklist is the top bar, as in the table above.
    ordered = list(reversed(results))
    chart.data = [[r.summary.get("compliance") or 0 for _, r in ordered]]
    chart.categoryAxis.categoryNames = [
        _short(c.title.get(ctx.lang), label_room - 14, font) for c, _ in ordered
    ]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels):
        labels.fontName = font
        labels.fontSize = 8
        labels.fillColor = INK
    chart.categoryAxis.labels.dx = -6
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barWidth = BAR_HEIGHT
    chart.barLabelFormat = lambda v: f"{v:.1f}%"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    result = new_drawing(width, height)
    result.add(chart)
    for index, (_checklist, checklist_result) in enumerate(ordered):
        if checklist_result.summary.get("compliance") is None:
            y = chart.y + chart.height * (index + 0.5) / len(ordered) - 3
            result.add(
                String(chart.x + 4, y, "—", fontName=font, fontSize=8, fillColor=colors.grey)
            )
    return result


def _short(title: str, room: float, font: str) -> str:
    """``title`` cut with an ellipsis to fit ``room`` points at 8 pt."""
    if stringWidth(title, font, 8) <= room:
        return title
    while title and stringWidth(title + "…", font, 8) > room:
        title = title[:-1]
    return title.rstrip() + "…"
