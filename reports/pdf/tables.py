"""Table items (guard roster, classrooms, any future table) as report tables with failing cells marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from checklists.model import Checklist, Item
from checklists.results import ItemResult
from reports.pdf.cells import CellParagraph, ReportTable
from reports.pdf.context import ReportContext, item_label
from reports.pdf.labels import format_value, unit_text
from reports.pdf.layout import frame_width
from reports.pdf.styles import (
    DATA_PAD,
    DATA_SIZE,
    FAIL_FILL,
    FAIL_TEXT,
    WARN_FILL,
    WARN_TEXT,
    colored,
    data_head,
    escape,
    table_style,
    text_width,
)
from reports.pdf.table_values import report_columns, table_rows

FAIL_MARK, INVALID_MARK = "✗ ", "▲ "
HEAD_MIN = 46.0  # a header gets this much width if it needs it (or its content does) …
HEAD_FLOOR = 34.0  # … and never less than this, when the page is tight
# A header too wide for its column breaks between its words in a smaller size first, down to
# this one (readable in print), rather than inside a word.
HEAD_SIZES = (DATA_SIZE, 7.5, 7.0, 6.5)
TEXT_MIN = 56.0  # free-text columns wrap down to this width
TEXT_MAX = 150.0
# A number or date never wraps — up to this width: a value of hundreds of digits (stored
# before the import limits held) wraps too rather than squeezing the other columns to nothing.
UNWRAPPED_MAX = 110.0
NUMERIC = ("integer", "decimal")
CHUNK_ROWS = 200  # rows per reportlab Table: about six pages of a table
# Runs a line must not break inside: Latin words and numbers (hanzi may break anywhere).
_WORD_RE = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+")


@dataclass(frozen=True)
class RenderedTable:
    """A table item ready for the story: heading, table, legend, and which page shape it needs."""

    flowables: list[Flowable]
    landscape: bool


def _header_text(column: Item, lang: str) -> str:
    text = item_label(column, lang)
    unit = unit_text(column.unit, lang)
    if unit and unit not in text:
        text += f"（{unit}）" if lang == "zh" else f" ({unit})"
    return text


@dataclass(frozen=True)
class ColumnPlan:
    """How a table is laid out: its column widths, page shape, and its header's font size."""

    widths: list[float]
    landscape: bool
    head_size: float = DATA_SIZE


def plan_widths(headers: list[str], cells: list[list[str]], wrappable: list[bool]) -> ColumnPlan:
    """Column widths that fit the page (landscape when portrait is too narrow) and the orientation.

    A column gets the width of its widest cell and room for a few header characters. When the
    page is too narrow, headers wrap first (between their words while every word still fits its
    column, in a header set a little smaller if that is what it takes), then inside words, then
    free-text columns; numbers and dates never wrap.
    """
    pad = 2 * DATA_PAD
    content, floor_content, head, word = [], [], [], []
    for header, column, wraps in zip(headers, cells, wrappable, strict=True):
        natural = max((text_width(text, DATA_SIZE) for text in column), default=0.0) + pad
        if not wraps:
            natural = min(natural, UNWRAPPED_MAX)
        content.append(min(natural, TEXT_MAX) if wraps else natural)
        floor_content.append(min(natural, TEXT_MIN) if wraps else natural)
        head.append(text_width(header, DATA_SIZE))
        word.append(max((text_width(w, DATA_SIZE) for w in _WORD_RE.findall(header)), default=0.0))
    landscape = sum(_stages(content, floor_content, head, word, 1.0)[2]) > frame_width(False)
    avail = frame_width(landscape)
    for size in HEAD_SIZES:
        stages = _stages(content, floor_content, head, word, size / DATA_SIZE)
        if sum(stages[1]) <= avail:
            return ColumnPlan(_fit(stages, avail), landscape, size)
    return ColumnPlan(_fit(_stages(content, floor_content, head, word, 1.0), avail), landscape)


def _stages(
    content: list[float],
    floor_content: list[float],
    head: list[float],
    word: list[float],
    scale: float,
) -> tuple[list[float], ...]:
    """The widths a table may have, widest first (each column never wider in a later stage):
    room to spare; every header word whole; headers wrapped down to a few characters; free text
    wrapped too. ``head`` and ``word`` are measured at DATA_SIZE, ``scale`` sets the header's size."""
    pad = 2 * DATA_PAD
    upper, whole, mid, floor = [], [], [], []
    for c, fc, h, w in zip(content, floor_content, head, word, strict=True):
        h, w = h * scale + pad, w * scale + pad
        head_floor = max(min(h, HEAD_FLOOR), min(w, HEAD_MIN))
        whole.append(max(c, head_floor, w))
        upper.append(max(c, min(h, HEAD_MIN), w))
        mid.append(max(c, head_floor))
        floor.append(max(fc, head_floor))
    return upper, whole, mid, floor


def _fit(stages: tuple[list[float], ...], avail: float) -> list[float]:
    """Share out spare width, or give up width stage by stage (upper → whole → mid → floor)."""
    upper = stages[0]
    if sum(upper) <= avail:
        # Spare width goes evenly to every column but the row number: wide columns stay wide,
        # narrow ones stop looking cramped.
        extra = (avail - sum(upper)) / max(len(upper) - 1, 1)
        return [upper[0], *(w + extra for w in upper[1:])]
    for wide, narrow in zip(stages, stages[1:], strict=False):
        if sum(narrow) <= avail:
            room = (avail - sum(narrow)) / (sum(wide) - sum(narrow))
            return [n + (w - n) * room for w, n in zip(wide, narrow, strict=True)]
    floor = stages[-1]
    return [f * avail / sum(floor) for f in floor]


def render_table(
    ctx: ReportContext, checklist: Checklist, table: Item, result: ItemResult | None
) -> RenderedTable | None:
    """The numbered table of a table item, or None when it has no rows."""
    rows = table_rows(checklist, table, ctx.data.document)
    if not rows:
        return None
    lang, st = ctx.lang, ctx.st
    columns = report_columns(checklist, table)
    by_row = ctx.row_findings(checklist.id, table.id)
    failing = {(r, c) for r, found in by_row.items() for f in found for c in f.columns}
    invalid = set(result.invalid_cells) if result else set()
    refs = [" ".join(ctx.finding_ref(f) for f in by_row.get(i, ())) for i in range(len(rows))]
    texts = [
        [_mark(format_value(c, row.get(c.id), lang), (i, c.id), failing, invalid) for c in columns]
        for i, row in enumerate(rows)
    ]
    headers = ["#", *(_header_text(c, lang) for c in columns), ctx.t("findings_col")]
    body = [
        [str(i + 1), *cells, ref] for i, (cells, ref) in enumerate(zip(texts, refs, strict=True))
    ]
    wraps = [False, *(c.type == "text" for c in columns), True]
    plan = plan_widths(headers, [list(col) for col in zip(*body, strict=True)], wraps)
    widths = plan.widths
    # Hairlines between rows and no zebra fill: a fill is one more rectangle per row.
    style = table_style(zebra=False, size=DATA_SIZE, pad=DATA_PAD) + _alignment(columns)
    flowables: list[Flowable] = [
        Paragraph(
            escape(
                ctx.t(
                    "table_title",
                    ref=ctx.table_no[(checklist.id, table.id)],
                    title=item_label(table, lang),
                )
            ),
            st.h2,
        )
    ]
    # reportlab measures the whole rest of a table at every page break it splits it at, so
    # one table of n rows costs n² / (rows a page): blocks of CHUNK_ROWS keep it linear. Each
    # block repeats the header, as a page break does.
    # An English header breaks between its words (a long one still breaks where it must).
    head_style = data_head(lang, plan.head_size)
    for start in range(0, len(body), CHUNK_ROWS):
        end = min(start + CHUNK_ROWS, len(body))
        marks = _cell_marks(
            columns,
            {(r - start, c) for r, c in failing if start <= r < end},
            {(r - start, c) for r, c in invalid if start <= r < end},
            refs[start:end],
        )
        head = [CellParagraph(escape(h), head_style) for h in headers]  # a flowable per table
        data: list[list[Any]] = [head, *(_wrapped(row, widths, ctx) for row in body[start:end])]
        flowables.append(
            ReportTable(data, colWidths=widths, repeatRows=1, style=style + marks, hAlign="LEFT")
        )
    legend = [ctx.t("legend_failed")] if failing or any(refs) else []
    legend += [ctx.t("legend_invalid")] if invalid else []
    flowables += [Paragraph(escape(text), st.small) for text in legend]
    return RenderedTable(flowables, plan.landscape)


def _mark(
    text: str, cell: tuple[int, str], failing: set[tuple[int, str]], invalid: set[tuple[int, str]]
) -> str:
    if cell in failing:
        return FAIL_MARK + text
    if cell in invalid:
        return INVALID_MARK + text
    return text


def _alignment(columns: tuple[Item, ...]) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [("ALIGN", (0, 1), (0, -1), "RIGHT")]
    for index, column in enumerate(columns, start=1):
        if column.type in NUMERIC:
            commands.append(("ALIGN", (index, 1), (index, -1), "RIGHT"))
    return commands


def _cell_marks(
    columns: tuple[Item, ...],
    failing: set[tuple[int, str]],
    invalid: set[tuple[int, str]],
    refs: list[str],
) -> list[tuple[Any, ...]]:
    """Red text on a pale red fill for failing cells, amber for invalid ones; finding refs in red.

    Only the cells that need a colour get one: a colour change costs as much as drawing a cell.
    """
    index = {c.id: i for i, c in enumerate(columns, start=1)}
    refs_col = len(columns) + 1
    commands: list[tuple[Any, ...]] = [
        ("TEXTCOLOR", (refs_col, row), (refs_col, row), FAIL_TEXT)
        for row, ref in enumerate(refs, start=1)
        if ref
    ]
    for cells, text, fill in (
        (invalid - failing, WARN_TEXT, WARN_FILL),
        (failing, FAIL_TEXT, FAIL_FILL),
    ):
        for row, column in sorted(cells):
            if column in index:
                at = (index[column], row + 1)
                commands += [("BACKGROUND", at, at, fill), ("TEXTCOLOR", at, at, text)]
    return commands


def _wrapped(row: list[str], widths: list[float], ctx: ReportContext) -> list[Any]:
    """Plain strings where they fit (fast), Paragraphs where the text must wrap.

    A Paragraph ignores the table's TEXTCOLOR, so a wrapping marked cell or finding
    reference (the last column) carries its colour in its markup.
    """
    st = ctx.st
    out: list[Any] = []
    last = len(row) - 1
    for column, (text, width) in enumerate(zip(row, widths, strict=True)):
        # A hair of tolerance: a width planned for exactly this text must not make it wrap.
        if text_width(text, DATA_SIZE) <= width - 2 * DATA_PAD + 0.01:
            out.append(text)
        elif text.startswith(FAIL_MARK) or column == last:
            out.append(CellParagraph(colored(text, FAIL_TEXT), st.data))
        elif text.startswith(INVALID_MARK):
            out.append(CellParagraph(colored(text, WARN_TEXT), st.data))
        else:
            out.append(CellParagraph(escape(text), st.data))
    return out
