"""The item-by-item pages: every checklist's items, section by section, with answer and result."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from checklists.model import Checklist, Item
from checklists.results import ChecklistResult, ItemResult
from checklists.terms import clauses_text, term
from checklists.text_refs import answers_lookup, fill_text
from reports.pdf.cells import CellParagraph, ReportTable
from reports.pdf.context import ReportContext, item_label
from reports.pdf.findings import masked
from reports.pdf.labels import STATUS, format_value, with_unit
from reports.pdf.layout import LANDSCAPE_PAGE, PORTRAIT_PAGE, frame_width
from reports.pdf.styles import (
    ACCENT,
    ACCENT_LIGHT,
    CELL_PAD,
    CELL_SIZE,
    MUTED,
    STATUS_TEXT,
    colored,
    escape,
    fitting_width,
    table_style,
    text_width,
)
from reports.pdf.tables import render_table

ANSWER_SHARE, RESULT_SHARE = 0.25, 0.11
CLAUSE_MAX = 72.0


def _answer_width() -> float:
    """The width of the answer column."""
    return frame_width() * ANSWER_SHARE


def _widths(ctx: ReportContext, checklist: Checklist) -> list[float]:
    """Item | clause | answer | result: the clause column as wide as its longest entry allows."""
    clauses = [ctx.t("clauses"), *(clauses_text(i.clauses, ctx.lang) for i in checklist.items())]
    clause = min(fitting_width(clauses, whole=True), CLAUSE_MAX)
    width = frame_width()
    rest = [width * ANSWER_SHARE, width * RESULT_SHARE]
    return [width - clause - sum(rest), clause, *rest]


def details_story(ctx: ReportContext) -> list[Flowable]:
    """Every checklist from a fresh page: its items, then its tables (wide ones in landscape)."""
    story: list[Flowable] = []
    for index, (checklist, result) in enumerate(ctx.results()):
        story += [NextPageTemplate(PORTRAIT_PAGE), PageBreak()]
        if index == 0:
            story.append(Paragraph(escape(ctx.t("details")), ctx.st.h1))
        story += _checklist_items(ctx, checklist, result)
        story += _checklist_tables(ctx, checklist, result)
    return story


def _checklist_items(
    ctx: ReportContext, checklist: Checklist, result: ChecklistResult
) -> list[Flowable]:
    st, lang = ctx.st, ctx.lang
    title = (
        f"{checklist.title.get(lang)}（v{checklist.version}）"
        if lang == "zh"
        else f"{checklist.title.get(lang)} (v{checklist.version})"
    )
    source = f"{checklist.source.document.get(lang)} {clauses_text(checklist.source.clauses, lang)}"
    keys = ("item", "clauses", "answer", "result")
    head = [CellParagraph(escape(ctx.t(k)), st.head) for k in keys]
    data: list[list[Any]] = [head]
    widths = _widths(ctx, checklist)
    # Clauses in grey by column: one colour per cell keeps every cell a single font run.
    style = table_style(zebra=False) + [("TEXTCOLOR", (1, 1), (1, -1), MUTED)]
    for section in checklist.sections:
        style += [
            ("SPAN", (0, len(data)), (-1, len(data))),
            ("BACKGROUND", (0, len(data)), (-1, len(data)), ACCENT_LIGHT),
            ("TEXTCOLOR", (0, len(data)), (-1, len(data)), ACCENT),
        ]
        data.append([section.title.get(lang), "", "", ""])
        lookup = answers_lookup(checklist, result)
        for item in section.items:
            if item.type == "note":
                continue
            item_result = _item_result(result, item.id)
            status: str = item_result.status if item_result else "unanswered"
            if item_result is not None and not item_result.counted:
                status = "info"  # a calculation without rules informs; it is not judged
            style.append(
                ("TEXTCOLOR", (3, len(data)), (3, len(data)), STATUS_TEXT.get(status, MUTED))
            )
            data.append(
                [
                    _fitted(ctx, fill_text(item_label(item, lang), lookup, lang), widths[0]),
                    _fitted(ctx, clauses_text(item.clauses, lang), widths[1]),
                    _answer_cell(ctx, checklist, item, item_result),
                    term(STATUS, status, lang),
                ]
            )
    table = ReportTable(data, colWidths=widths, repeatRows=1, style=style, hAlign="LEFT")
    return [
        Paragraph(escape(title), st.h2),
        Paragraph(escape(source), st.small),
        Spacer(1, 4),
        table,
    ]


def _item_result(result: ChecklistResult, item_id: str) -> ItemResult | None:
    try:
        return result.item(item_id)
    except KeyError:
        return None


def _fitted(ctx: ReportContext, text: str, width: float) -> str | Paragraph:
    """A plain string when ``text`` fits on one line (cheap), else a wrapping Paragraph."""
    if text_width(text, CELL_SIZE) <= width - 2 * CELL_PAD:
        return text
    return CellParagraph(escape(text), ctx.st.cell)


def _answer_cell(
    ctx: ReportContext, checklist: Checklist, item: Item, result: ItemResult | None
) -> str | Paragraph | list[Paragraph]:
    """The answer as text; a table points to its own numbered table; the school's note below.

    A short answer without a note stays a plain string: most answers are 是/否, and a
    Paragraph per cell would cost most of the time the item pages take.
    """
    lang, st = ctx.lang, ctx.st
    answers = ctx.data.document.checklists.get(checklist.id, {})
    value = answers.get(item.id)
    if value is None and result is not None and result.status != "not_applicable":
        value = result.value  # calculated items and defaults: what was judged
    if item.is_table:
        rows = len(value or ())
        number = ctx.table_no.get((checklist.id, item.id))
        text = ctx.t("table_ref", n=rows, ref=number) if rows else ctx.t("table_empty")
    else:
        text = with_unit(format_value(item, value, lang), item, lang)
    note = ctx.data.document.item_notes.get(checklist.id, {}).get(item.id)
    if result is not None and result.out_of_scope and result.reason is not None:
        note = result.reason.get(lang)  # why it does not apply to this school
    if not note and text_width(text, CELL_SIZE) <= _answer_width() - 2 * CELL_PAD:
        return text
    cell = [CellParagraph(escape(text), st.cell)]
    if note:
        sep = "：" if lang == "zh" else ": "
        cell.append(
            CellParagraph(
                colored(ctx.t("note") + sep + " ".join(masked(note).split()), MUTED),
                st.cell,
            )  # fmt: skip
        )
    return cell


def _checklist_tables(
    ctx: ReportContext, checklist: Checklist, result: ChecklistResult
) -> list[Flowable]:
    story: list[Flowable] = []
    in_landscape = False
    for item in checklist.items():
        if not item.is_table:
            continue
        rendered = render_table(ctx, checklist, item, _item_result(result, item.id))
        if rendered is None:
            continue
        if rendered.landscape:
            story += [NextPageTemplate(LANDSCAPE_PAGE), PageBreak(), *rendered.flowables]
        elif in_landscape:
            story += [NextPageTemplate(PORTRAIT_PAGE), PageBreak(), *rendered.flowables]
        else:
            story += [Spacer(1, 6), *rendered.flowables]
        in_landscape = rendered.landscape
    # Whatever follows starts with a page break, which then returns to portrait.
    return [*story, NextPageTemplate(PORTRAIT_PAGE)] if in_landscape else story
