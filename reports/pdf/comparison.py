"""The "与上期比较" pages: this period's findings against the previous period's."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table

from checklists.comparison import Comparison, change_word
from checklists.idnumber import mask_ids_in
from checklists.results import Finding
from checklists.terms import SEVERITY, term
from reports.pdf.context import ReportContext
from reports.pdf.labels import pick
from reports.pdf.layout import frame_width
from reports.pdf.styles import (
    FAIL_TEXT,
    MUTED,
    PASS_TEXT,
    WARN_TEXT,
    colored,
    escape,
    fitting_width,
    table_style,
)

WORDS: dict[str, tuple[str, str]] = {
    "heading": ("与上期比较", "Compared with the previous period"),
    "intro": (
        "上期：{period}。本期新增问题 {new} 个，上期问题重复出现 {recurring} 个，已解决 {resolved} 个。"
        "问题按检查项与问题代码对应，花名册与教室按身份证号（无号码时按姓名）或教室名对应。",
        "Previous period: {period}. {new} new findings, {recurring} recurring, {resolved} resolved. "
        "Findings are matched by item and code; roster rows by ID number (else name), classrooms by room.",
    ),
    "change": ("对比", "Change"),
    "ref": ("编号", "No."),
    "severity": ("严重程度", "Severity"),
    "finding": ("问题", "Finding"),
    "where": ("对象", "Row"),
}
CHANGE_TEXT = {"new": FAIL_TEXT, "recurring": WARN_TEXT, "resolved": PASS_TEXT}
ORDER = {"new": 0, "recurring": 1, "resolved": 2}


def _w(ctx: ReportContext, key: str, **values: Any) -> str:
    return pick(WORDS[key], ctx.lang).format(**values)


def comparison_story(ctx: ReportContext) -> list[Flowable]:
    """A heading, the counts and one table of new, recurring and resolved findings; nothing
    for a school's first period."""
    comparison: Comparison | None = ctx.data.comparison
    if comparison is None:
        return []
    st = ctx.st
    counts = comparison.counts()
    story: list[Flowable] = [
        Paragraph(escape(_w(ctx, "heading")), st.h1),
        Paragraph(escape(_w(ctx, "intro", period=comparison.previous_period, **counts)), st.body),
    ]
    rows: list[tuple[str, str, Finding, str]] = []
    for f in ctx.data.results.findings:
        change = comparison.change_of(f) or "new"
        rows.append((change, ctx.finding_ref(f), f, _current_label(ctx, f)))
    rows += [("resolved", "", r.finding, r.row_label) for r in comparison.resolved]
    if not rows:
        return story
    rows.sort(key=lambda r: ORDER[r[0]])  # stable: report order within each group
    return [*story, _table(ctx, rows)]


def _current_label(ctx: ReportContext, f: Finding) -> str:
    from checklists.comparison import row_label

    if f.row is None:
        return ""
    checklist = ctx.data.checklists.get(f.checklist)
    rows = ctx.data.document.checklists.get(f.checklist, {}).get(f.item) or ()
    if checklist is None or not 0 <= f.row < len(rows):
        return ""
    return row_label(checklist.item(f.item), rows[f.row])


def _table(ctx: ReportContext, rows: list[tuple[str, str, Finding, str]]) -> Table:
    st, lang = ctx.st, ctx.lang
    head = [Paragraph(escape(_w(ctx, k)), st.head) for k in ("change", "ref", "severity", "where")]
    head.append(Paragraph(escape(_w(ctx, "finding")), st.head))
    widths = [
        fitting_width([_w(ctx, "change"), *(change_word(c, lang) for c in ORDER)], whole=True),
        fitting_width([_w(ctx, "ref"), *(r[1] for r in rows)]),
        fitting_width([_w(ctx, "severity"), *(term(SEVERITY, s, lang) for s in SEVERITY)]),
        frame_width() * 0.28,
    ]
    widths.append(frame_width() - sum(widths))
    data: list[list[Any]] = [head]
    for change, ref, f, label in rows:
        data.append(
            [
                Paragraph(
                    colored(change_word(change, lang), CHANGE_TEXT.get(change, MUTED)), st.cell
                ),
                ref,
                term(SEVERITY, f.severity, lang),
                Paragraph(escape(label), st.cell),
                Paragraph(escape(str(mask_ids_in(f.message.get(lang)))), st.cell),
            ]
        )
    return Table(data, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
