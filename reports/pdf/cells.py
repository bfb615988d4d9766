"""Table cells drawn as reportlab draws them, with less work per cell: the same PDF bytes.

A roster of 300 guards is 3,000 cells. For each plain-text cell reportlab builds a text object,
measures the string (even when left-aligned) and formats it through several layers; for each
Paragraph cell it breaks the lines again at every measuring and at drawing, though the width is
the one it measured. :class:`ReportTable` writes a one-line text cell's operators directly and
:class:`CellParagraph` keeps the line breaking of the last width, so the report is laid out in
a fraction of the time and its bytes stay exactly those reportlab writes (a test compares them).
"""

from __future__ import annotations

import weakref
from contextvars import ContextVar
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen import textobject
from reportlab.platypus import Paragraph, Table
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.tables import CellStyle, _setCellStyle
from reportlab.rl_config import paraFontSizeHeightOffset

_VALIGN_ONE_LINE = ("TOP", "MIDDLE", "BOTTOM")


class ReportTable(Table):  # type: ignore[misc]
    """A reportlab Table whose text cells are written without a text object per line."""

    _curcellstyle: Any  # set by Table.draw, the style of the cell drawn last

    def __init__(
        self,
        data: list[list[Any]],
        *args: Any,
        style: list[tuple[Any, ...]] | None = None,
        cellStyles: Any = None,  # noqa: N803 - reportlab's name
        **kwargs: Any,
    ) -> None:
        if style is not None and cellStyles is None and data:
            cellStyles, style = _styled_cells(data, list(style))
        Table.__init__(self, data, *args, style=style, cellStyles=cellStyles, **kwargs)

    def _addCommand(self, cmd: tuple[Any, ...]) -> None:  # noqa: N802 - reportlab's name
        # A command given after the table was made (setStyle, a split's "splitfirst") may
        # restyle a cell sharing its style with others: that cell gets a copy of its own first.
        if cmd[0] in _CELL_OPS and getattr(self, "_cellStyles", None):
            (sc, sr), (ec, er) = cmd[1:3]
            if type(sr) is int and type(er) is int:
                sc, ec, sr, er = self.normCellRange(sc, ec, sr, er)
                styles = self._cellStyles
                for i in range(sr, er + 1):
                    row = styles[i]
                    for j in range(sc, ec + 1):
                        if row[j].name == _COMMON:
                            row[j] = _style_copy(row[j], f"({i}, {j})")  # reportlab's name
        Table._addCommand(self, cmd)

    def _drawCell(  # noqa: N802 - reportlab's name
        self, cellval: Any, cellstyle: Any, pos: tuple[float, float], size: tuple[float, float]
    ) -> None:
        canv = self.canv
        if (
            type(cellval) is not str
            or cellstyle.alignment not in ("LEFT", "RIGHT")
            or cellstyle.valign not in _VALIGN_ONE_LINE
            or cellstyle.href
            or cellstyle.destination
            or cellstyle.direction
            or cellstyle.shaping
            or textobject.rtlSupport
            or not canv.bottomup
            or not getFont(cellstyle.fontname)._dynamicFont
        ):
            Table._drawCell(self, cellval, cellstyle, pos, size)
            return
        # Table._drawCell's style switch, as it is.
        if self._curcellstyle is not cellstyle:
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            if (
                cur is None
                or cellstyle.leading != cur.leading
                or cellstyle.fontname != cur.fontname
                or cellstyle.fontsize != cur.fontsize
            ):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        colpos, rowpos = pos
        colwidth, rowheight = size
        lines = cellval.split("\n")
        fontsize, leading = cellstyle.fontsize, cellstyle.leading
        if cellstyle.valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + len(lines) * leading - fontsize
        elif cellstyle.valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:
            y = (
                rowpos
                + (
                    cellstyle.bottomPadding
                    + rowheight
                    - cellstyle.topPadding
                    + len(lines) * leading
                )
                / 2.0
                - fontsize
            )
        code = canv._code
        known = _TEXT_OPS.get(canv._doc)
        if known is None:
            known = _TEXT_OPS[canv._doc] = {}
        font_key = (canv._fontname, canv._fontsize, canv._leading)
        left = cellstyle.alignment == "LEFT"
        for line in lines:
            if left:
                x = colpos + cellstyle.leftPadding
            else:  # canvas.drawRightString: the text starts its width left of the padding
                x = colpos + colwidth - cellstyle.rightPadding
                x -= stringWidth(line, canv._fontname, canv._fontsize)
            # What ``canv.drawString(x, y, line)`` appends for a TrueType font (PDFTextObject,
            # ``textLine``, ``_formatText``): one BT … ET with the subset fonts the text needs.
            ops = known.get((*font_key, line))
            if ops is None:
                ops = known[(*font_key, line)] = _text_ops(canv, line)
            code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {ops} T* ET")
            y -= leading


# Per-cell commands whose values every cell may share (numbers, names): applied once to a
# template and copied, instead of cell by cell. (A colour is parsed per cell by reportlab, and
# drawing compares colours by identity: TEXTCOLOR is left to reportlab.)
_SHARED_OPS = frozenset(
    ("FONT", "FONTNAME", "FACE", "SIZE", "FONTSIZE", "LEADING", "ALIGN", "ALIGNMENT", "VALIGN",
     "LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
)  # fmt: skip
_CELL_OPS = _SHARED_OPS | {"TEXTCOLOR", "HREF", "DESTINATION", "DIRECTION", "SHAPING"}
_WHOLE = ((0, 0), (-1, -1))


def _styled_cells(
    data: list[list[Any]], style: list[tuple[Any, ...]]
) -> tuple[list[list[CellStyle]] | None, list[tuple[Any, ...]]]:
    """Cell styles with the leading whole-table per-cell commands applied (as reportlab applies
    them: in order, before any command that styles only some cells), and the commands left.

    The cells share the template's style until a command restyles one; commands that are not
    per-cell (lines, backgrounds, spans) keep their order in what is left.
    """
    template = CellStyle("template")
    applied, rest = [], []
    hoisting = True
    for cmd in style:
        op = cmd[0]
        if op in _CELL_OPS and hoisting:
            if op in _SHARED_OPS and tuple(cmd[1:3]) == _WHOLE:
                _setCellStyle([[template]], 0, 0, op, cmd[3:])
                applied.append(cmd)
                continue
            hoisting = False  # from here on, reportlab's order of application matters
        rest.append(cmd)
    if not applied:
        return None, style
    # Every cell starts with one shared style; a command that restyles a cell gives it a copy
    # of its own first (ReportTable._addCommand): reportlab changes a cell's style in place.
    common = _style_copy(template, _COMMON)
    ncols = max(len(row) for row in data)
    return [[common] * ncols for _ in data], rest


_COMMON = "(common)"  # the name of a style several cells share


def _style_copy(style: CellStyle, name: str) -> CellStyle:
    """A copy of ``style`` named ``name``."""
    cell = CellStyle.__new__(CellStyle)
    cell.__dict__.update(style.__dict__)
    cell.name = name
    return cell


def _text_ops(canv: Any, text: str) -> str:
    """The operators that show ``text``: the subset font, then the text in that subset's codes.

    Once a character has its code in a document's subset it keeps it, so the same text in the
    same font and document always gives the same operators (rosters repeat their values).
    """
    font = getFont(canv._fontname)
    doc = canv._doc
    ops = []
    current = -1
    select = None
    for subset, chunk in font.splitString(text, doc):
        if subset != current:
            if select is None:
                select = f"{fp_str(canv._fontsize)} Tf {fp_str(canv._leading)} TL"
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {select}")
            current = subset
        ops.append(f"({canv._escape(chunk)}) Tj")
    return " ".join(ops)


# Per document (a report being written): the operators of each text drawn in it.
_TEXT_OPS: weakref.WeakKeyDictionary[Any, dict[tuple[str, float, float, str], str]] = (
    weakref.WeakKeyDictionary()
)


# The most a table cell's paragraph may take up: a table row must fit on one page (reportlab
# cannot split a row), and a landscape page's frame is about 480 points tall.
CELL_MAX_HEIGHT = 360.0
# What a shortened cell ends with, in the report's language (set while a report is laid out).
SHORTENED: ContextVar[str] = ContextVar("SHORTENED", default="…（全文见附件 answers.json）")
SHORTENED_TEXT = {
    "zh": "…（全文见附件 answers.json）",
    "en": "… (full text in the attached answers.json)",
}


class CellParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width.

    A table measures its cells when it is laid out, again for every part it is split into, and
    again when it draws them, always at the column's width; the lines are the same each time.

    A text too long for one page at the column's width (a table row cannot be split across
    pages) is shortened to ``max_height`` and ends with a note that the full text is in the
    embedded answers.json; the markup (colours) of what is kept stays.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None
    frags: list[Any]  # reportlab's fragments of the text (set by Paragraph)

    def __init__(
        self, text: str, style: Any, *args: Any, max_height: float = CELL_MAX_HEIGHT, **kwargs: Any
    ) -> None:
        plain = None if args or kwargs else plain_frags(text, style)
        if plain is None:
            Paragraph.__init__(self, text, style, *args, **kwargs)
        else:
            Paragraph.__init__(self, plain[0], style, frags=plain[1])
        self.max_height = max_height
        self._source = list(self.frags)  # breaking lines may replace self.frags by its words

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        result = Paragraph.wrap(self, availWidth, availHeight)
        if result[1] > self.max_height:
            result = self._shortened(availWidth, availHeight)
        self._wrapped = (availWidth, result)
        return result  # type: ignore[no-any-return]

    def draw(self) -> None:
        if not self._draw_plain_lines():
            Paragraph.draw(self)

    def _draw_plain_lines(self) -> bool:
        """Draw the paragraph as reportlab's ``drawPara`` does for lines of one font run, left
        aligned, without extra word spacing (most cells): the same operators, written without
        a text object per paragraph. False (nothing drawn) for anything else."""
        canv, style = self.canv, self.style
        para = getattr(self, "blPara", None)
        if (
            para is None
            or para.kind != 0
            or not para.lines
            or self.debug
            or self.bulletText
            or style.alignment != TA_LEFT
            or style.backColor
            or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
            or style.firstLineIndent
            or any(getattr(self, "_offsets", ()))
            or style.wordWrap in ("LTR", "RTL")
            or getattr(self, "autoLeading", getattr(style, "autoLeading", "")) in ("max", "min")
            or para.us_lines
            or para.link
            or textobject.rtlSupport
            or not canv.bottomup
            or not getFont(para.fontName)._dynamicFont
        ):
            return False
        texts = []
        for extra, words in para.lines:
            text = " ".join(words)
            if extra <= -1e-8 and len(words) + _nbsp_count(text) - 1 > 0:
                return False  # reportlab sets a word spacing for this line
            texts.append(text)
        font = getFont(para.fontName)
        doc = canv._doc
        top = para.fontSize if paraFontSizeHeightOffset else getattr(para, "ascent", para.fontSize)
        select = f"{fp_str(para.fontSize)} Tf {fp_str(style.leading)} TL"
        code = ["BT", f"1 0 0 1 {fp_str(style.leftIndent, self.height - top)} Tm"]
        current = -1
        for text in texts:  # PDFTextObject._textOut(text, 1): the line, then T*
            ops = []
            for subset, chunk in font.splitString(text, doc):
                if subset != current:
                    ops.append(f"{font.getSubsetInternalName(subset, doc)} {select}")
                    current = subset
                ops.append(f"({canv._escape(chunk)}) Tj")
            code.append(" ".join(ops) + " T*")
        code.append("ET")
        canv.saveState()
        canv.setFillColor(para.textColor)
        canv._code.append(" ".join(code))
        canv.restoreState()
        return True

    def _shortened(self, width: float, height: float) -> tuple[float, float]:
        """The longest start of the text (in characters) that fits ``max_height`` with the note."""
        full = self._source
        total = sum(len(getattr(f, "text", "") or "") for f in full)
        note = SHORTENED.get()

        def frags(keep: int) -> list[Any]:
            out: list[Any] = []
            for frag in full:
                text = getattr(frag, "text", "") or ""
                if len(text) >= keep:
                    out.append(frag.clone(text=text[:keep].rstrip() + note))
                    return out
                out.append(frag)
                keep -= len(text)
            return out

        low, high = 0, total - 1  # keep ``low`` characters: fits (or nothing shorter does)
        while low < high:
            middle = (low + high + 1) // 2
            self.frags = frags(middle)
            if Paragraph.wrap(self, width, height)[1] <= self.max_height:
                low = middle
            else:
                high = middle - 1
        self.frags = frags(low)
        return Paragraph.wrap(self, width, height)  # type: ignore[no-any-return]


def _nbsp_count(text: str) -> int:
    """No-break spaces, which reportlab counts as spaces when it spreads a line."""
    return text.count("\xa0")


def plain_frags(text: str, style: Any) -> tuple[str, list[Any]] | None:
    """What reportlab's parser makes of ``text`` without markup (no ``<``, no ``&``): the
    cleaned text and its one fragment in the style's font and colour; None for markup.

    Most cells of a report are plain text, and parsing each as markup (an HTML parser per
    paragraph) costs more than laying it out. The fragment is a copy of the one the parser
    made for this style once, with the text in it: the same fragment the parser would make
    (a test compares them). Styles are never changed once made (reports.pdf.styles).
    """
    if "<" in text or "&" in text:
        return None
    cleaned = cleanBlockQuotedText(text)
    if not cleaned:
        return None  # no fragment at all: left to reportlab
    template = _PLAIN_FRAGS.get(style)
    if template is None:
        parsed = Paragraph("x", style).frags
        if len(parsed) != 1 or parsed[0].text != "x":
            return None
        template = _PLAIN_FRAGS[style] = parsed[0]
    frag = template.clone(text=cleaned)
    for name, value in template.__dict__.items():
        if type(value) is list:  # the parser gives each paragraph lists of its own
            setattr(frag, name, list(value))
    frags = [frag]
    textTransformFrags(frags, style)
    return cleaned, frags


# Per paragraph style: the fragment reportlab's parser makes of a plain text.
_PLAIN_FRAGS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
