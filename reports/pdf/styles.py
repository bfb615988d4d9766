"""The report's look: the embedded font, one accent colour, severity colours, text and table styles."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.fonts import register_reportlab_font

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm

ACCENT = colors.HexColor("#1F4E79")
ACCENT_LIGHT = colors.HexColor("#E9EFF6")
INK = colors.HexColor("#1E1E1E")
MUTED = colors.HexColor("#5F6B76")
RULE = colors.HexColor("#B7C3CF")
ZEBRA = colors.HexColor("#F6F8FA")
FAIL_TEXT = colors.HexColor("#B3261E")
FAIL_FILL = colors.HexColor("#FCE8E6")
WARN_FILL = colors.HexColor("#FFF3D1")
PASS_TEXT = colors.HexColor("#2E7D32")
WARN_TEXT = colors.HexColor("#9A6700")

# Severity chips: a tinted cell with text of the same hue, readable in colour and in grey print.
SEVERITY_FILL = {
    "critical": colors.HexColor("#F6D5D2"),
    "major": colors.HexColor("#FCE3C6"),
    "minor": colors.HexColor("#FFF2C2"),
}
SEVERITY_TEXT = {
    "critical": colors.HexColor("#A1221B"),
    "major": colors.HexColor("#9C4A00"),
    "minor": colors.HexColor("#6E5A00"),
}
STATUS_TEXT = {
    "pass": PASS_TEXT,
    "fail": FAIL_TEXT,
    "invalid": WARN_TEXT,
    "not_applicable": MUTED,
    "unanswered": MUTED,
}
CHECKLIST_STATUS_TEXT = {
    "compliant": PASS_TEXT,
    "non_compliant": FAIL_TEXT,
    "incomplete": WARN_TEXT,
}

CELL_SIZE = 8.5
CELL_PAD = 3.5
# Data tables (rosters, measurements) are denser: more columns fit a portrait page.
DATA_SIZE = 8.0
DATA_PAD = 3.0


def font_name() -> str:
    """The embedded CJK font, registered with reportlab on first use."""
    return register_reportlab_font()


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one report (CJK line breaking for Chinese, word breaking for English)."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    head_center: ParagraphStyle
    data: ParagraphStyle
    data_head: ParagraphStyle
    data_head_latin: ParagraphStyle  # an English header: broken between words, not inside them


@functools.cache
def styles(lang: str) -> Styles:
    """The styles for a report in ``lang`` (cached; styles are never modified)."""
    font = font_name()
    # CJK wrapping breaks between hanzi and, in reportlab 4+, still between Latin words; both
    # languages need it, since an English report still shows Chinese names and explanations.
    base = ParagraphStyle(
        "base", fontName=font, fontSize=9.5, leading=14, textColor=INK, wordWrap="CJK"
    )

    def make(name: str, parent: ParagraphStyle = base, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    cell = make("cell", fontSize=CELL_SIZE, leading=CELL_SIZE + 2.5)
    head = make(
        "head", parent=cell, textColor=colors.white, fontSize=CELL_SIZE, leading=CELL_SIZE + 2
    )
    return Styles(
        title=make("title", fontSize=26, leading=34, textColor=ACCENT, alignment=TA_LEFT),
        subtitle=make("subtitle", fontSize=11, leading=16, textColor=MUTED),
        h1=make("h1", fontSize=16, leading=22, textColor=ACCENT, spaceAfter=8),
        h2=make("h2", fontSize=12, leading=17, textColor=ACCENT, spaceBefore=10, spaceAfter=5),
        body=base,
        small=make("small", fontSize=8, leading=11, textColor=MUTED),
        cell=cell,
        cell_right=make("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_center=make("cell_center", parent=cell, alignment=TA_CENTER),
        head=head,
        head_center=make("head_center", parent=head, alignment=TA_CENTER),
        data=make("data", parent=cell, fontSize=DATA_SIZE, leading=DATA_SIZE + 2),
        data_head=(
            data_head := make("data_head", parent=head, fontSize=DATA_SIZE, leading=DATA_SIZE + 1.5)
        ),
        data_head_latin=make("data_head_latin", parent=data_head, wordWrap=None),
    )


@functools.cache
def data_head(lang: str, size: float = DATA_SIZE) -> ParagraphStyle:
    """A data table's header style at ``size``: an English one breaks between words, not inside them."""
    st = styles(lang)
    style = st.data_head if lang == "zh" else st.data_head_latin
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"{style.name}_{size:g}", parent=style, fontSize=size, leading=size + 1.5)


def table_style(
    header_rows: int = 1,
    zebra: bool = True,
    rows: int = 0,
    size: float = CELL_SIZE,
    pad: float = CELL_PAD,
) -> list[tuple[Any, ...]]:
    """The base commands of every table: font, padding, header band, hairlines, zebra rows."""
    font = font_name()
    # Every full-width command touches every cell: few of them, and no TEXTCOLOR (reportlab
    # parses the colour again per cell); the body text stays the default black.
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size, size + 2.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), size * 0.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.35),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.35, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ]
    if zebra and rows > header_rows:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]))
    return commands


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size: float) -> float:
    """Width of ``text`` in the embedded font at ``size`` (cached: rosters repeat their values)."""
    return float(stringWidth(text, font_name(), size))


def fitting_width(
    texts: list[str], size: float = CELL_SIZE, pad: float = CELL_PAD, whole: bool = False
) -> float:
    """The width a column needs so that none of ``texts`` breaks inside a word (or at all: ``whole``)."""
    words = (list(texts) if whole else [w for text in texts for w in text.split()]) or [""]
    return max(text_width(w, size) for w in words) + 2 * pad


def escape(text: str) -> str:
    """Text made safe for Paragraph markup (``&``, ``<``, ``>``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def colored(text: str, color: colors.Color) -> str:
    """Paragraph markup for ``text`` in ``color`` (text is escaped)."""
    return f'<font color="#{color.hexval()[2:]}">{escape(text)}</font>'
