"""reports.pdf.cells: tables and cell paragraphs drawn with less work give reportlab's own bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from reports.pdf.cells import CellParagraph, ReportTable, plain_frags
from reports.pdf.styles import font_name, styles, table_style
from tests.reports.pdf.pdf_helpers import pdftotext

# More distinct characters than one font subset holds (256): the text needs several subsets.
HANZI = "".join(chr(0x4E00 + 7 * i) for i in range(400))


def _rows(paragraph: type[Paragraph]) -> tuple[list[list[object]], list[tuple[object, ...]]]:
    st = styles("zh")
    rows: list[list[object]] = [[paragraph(h, st.data_head) for h in ("#", "姓名", "数值", "说明")]]
    style = table_style(zebra=False, size=8, pad=3)
    for i in range(150):
        chunk = HANZI[(i * 11) % 380 : (i * 11) % 380 + 6]
        note: object = f"备注 {chunk} (a\\b) 𠀀" if i % 3 else ""
        if i % 7 == 0:
            note = paragraph(f"较长的说明会换行：{HANZI[i : i + 60]}", st.data)
        elif i % 11 == 0:
            note = "两行\n文字"  # several lines: reportlab's own drawing
        number = f"{i * 1.5:.1f}\n{i}" if i % 23 == 0 else f"{i * 1.5:.1f}"  # right, two lines
        rows.append([str(i + 1), f"张{chunk}", number, note])
        if i % 22 == 0:
            style.append(("VALIGN", (0, i + 1), (-1, i + 1), "BOTTOM"))
        if i % 5 == 0:
            style.append(("TEXTCOLOR", (2, i + 1), (2, i + 1), colors.HexColor("#B3261E")))
        if i % 13 == 0:
            style.append(("VALIGN", (0, i + 1), (-1, i + 1), "MIDDLE"))
        if i % 17 == 0:
            style.append(("VALIGN", (0, i + 1), (-1, i + 1), "BOTTOM"))
        if i % 19 == 0:
            style.append(("ALIGN", (1, i + 1), (1, i + 1), "CENTRE"))
    style.append(("ALIGN", (0, 1), (0, -1), "RIGHT"))
    style.append(("ALIGN", (2, 1), (2, -1), "RIGHT"))
    # A whole-table command after one for some cells wins there (reportlab's order kept).
    style.insert(2, ("FONTSIZE", (1, 3), (1, 5), 12))
    style.insert(3, ("FONTSIZE", (0, 0), (-1, -1), 8))
    style.append(("TEXTCOLOR", (0, 0), (-1, -1), "#333333"))
    return rows, style


def _pdf(table: type[Table], paragraph: type[Paragraph]) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName=font_name())
    rows, style = _rows(paragraph)
    story = [table(rows, colWidths=[30, 120, 60, 250], repeatRows=1, style=style)]
    doc.build(story)
    return out.getvalue()


def test_the_same_bytes_as_reportlab_writes(tmp_path: Path) -> None:
    ours = _pdf(ReportTable, CellParagraph)
    assert ours == _pdf(Table, Paragraph)
    path = tmp_path / "cells.pdf"
    path.write_bytes(ours)
    text = pdftotext(path)
    assert "张" + HANZI[:6] in text and "(a\\b)" in text and "𠀀" in text  # kept in the text layer
    assert text.count("\f") >= 3  # split over pages, the header repeated


def test_a_cell_paragraph_breaks_its_lines_once_per_width() -> None:
    calls = []

    class Counting(CellParagraph):
        def breakLinesCJK(self, widths: object) -> object:  # noqa: N802 - reportlab's name
            calls.append(widths)
            return super().breakLinesCJK(widths)

    cell = Counting("较长的说明会换行" * 10, styles("zh").data)
    first = cell.wrap(100, 1000)
    assert cell.wrap(100, 1000) == first and len(calls) == 1
    assert cell.wrap(200, 1000) != first and len(calls) == 2
    assert cell.wrap(100, 50) == first and len(calls) == 3  # the last width is what is kept


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_is_unchanged_by_the_faster_cells(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole report with reportlab's own Table and Paragraph in their place: same bytes."""
    from reports.pdf import build_report, cells
    from tests.reports.pdf.pdf_helpers import grown, report_data

    data = report_data(grown(120, 40), lang=lang)
    ours = build_report(data)
    monkeypatch.setattr(cells.ReportTable, "__init__", Table.__init__)
    monkeypatch.setattr(cells.ReportTable, "_drawCell", Table._drawCell)
    monkeypatch.setattr(cells.CellParagraph, "wrap", Paragraph.wrap)
    monkeypatch.setattr(cells.CellParagraph, "draw", Paragraph.draw)
    monkeypatch.setattr(cells, "plain_frags", lambda text, style: None)  # parse every cell
    assert build_report(data) == ours


PLAIN_TEXTS = [
    "abc",
    "  leading and trailing  ",
    "中文 混合 text\nsecond line\n\n third",
    "\t tab\tinside",
    "a\u00a0no-break space",
    "x > y",
    "多  空格",
    "𠀀 字",
    "line\r\nwindows",
    "  \n  \n z",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plain_cell_gets_the_fragments_reportlab_parses(lang: str) -> None:
    """A cell without markup skips the parser: the same text, fragments and style as parsed."""
    st = styles(lang)
    for name in st.__dataclass_fields__:
        style = getattr(st, name)
        for text in PLAIN_TEXTS:
            parsed, ours = Paragraph(text, style), CellParagraph(text, style)
            assert [type(f) for f in ours.frags] == [type(f) for f in parsed.frags]
            assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in parsed.frags], text
            assert (ours.text, ours.style, ours.bulletText) == (
                parsed.text,
                parsed.style,
                parsed.bulletText,
            )


def test_markup_and_blank_cells_are_parsed_by_reportlab() -> None:
    st = styles("zh")
    assert plain_frags('<font color="#B3261E">红</font>', st.cell) is None
    assert plain_frags("a &amp; b", st.cell) is None
    assert plain_frags("  \n ", st.cell) is None
    red = CellParagraph('<font color="#B3261E">红</font>字', st.cell)
    assert [f.text for f in red.frags] == ["红", "字"]
    assert CellParagraph("", st.cell).frags == Paragraph("", st.cell).frags == []


def test_plain_cells_share_no_fragment_state() -> None:
    """Each cell's fragment and its lists are its own, as when each is parsed."""
    st = styles("zh")
    first, second = CellParagraph("甲", st.cell), CellParagraph("乙", st.cell)
    assert first.frags[0] is not second.frags[0]
    lists = [k for k, v in first.frags[0].__dict__.items() if type(v) is list]
    assert lists  # link and underline lists
    for key in lists:
        assert getattr(first.frags[0], key) is not getattr(second.frags[0], key)
    first.frags[0].link.append("x")
    assert CellParagraph("丙", st.cell).frags[0].link == []


def test_cells_restyled_after_the_table_is_made_as_reportlab_restyles_them() -> None:
    """The cells share one style until restyled: a command given later (setStyle, a split's
    "splitfirst"/"splitlast") must change only its own cells, as in reportlab's Table."""

    def pdf(table: type[Table]) -> bytes:
        rows, style = _rows(Paragraph)
        made = table(rows, colWidths=[30, 120, 60, 250], repeatRows=1, style=style)
        made.setStyle(
            [
                ("TEXTCOLOR", (1, 4), (1, 4), colors.HexColor("#1F6FB2")),
                ("ALIGN", (3, 6), (3, 9), "RIGHT"),
                ("FONTSIZE", (0, -1), (-1, -1), 11),
                ("TEXTCOLOR", (0, "splitfirst"), (-1, "splitfirst"), colors.HexColor("#2E7D32")),
                ("TEXTCOLOR", (0, "splitlast"), (-1, "splitlast"), colors.HexColor("#B3261E")),
            ]
        )
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName=font_name())
        doc.build([made])
        return out.getvalue()

    ours = pdf(ReportTable)
    assert ours == pdf(Table)
    shared = ReportTable([["a", "b"], ["c", "d"]], style=table_style(zebra=False))
    shared.setStyle([("TEXTCOLOR", (1, 1), (1, 1), colors.red)])
    styles_ = shared._cellStyles
    assert styles_[1][1].color == colors.red
    assert all(styles_[i][j].color != colors.red for i, j in ((0, 0), (0, 1), (1, 0)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cell_paragraphs_draw_reportlabs_bytes(lang: str) -> None:
    """Every style (left, right, centred), wrapped English and Chinese lines, no-break spaces,
    several font subsets, markup: the cells draw exactly what reportlab's Paragraph draws."""
    st = styles(lang)
    texts = [
        "The guard's assessment is overdue and he is still on a guard post at the main gate",
        "较长的说明会换行：" + HANZI[:150],
        "A\u00a0no-break\u00a0space and 𠀀 and 中文 mixed with words " * 3,
        HANZI[150:330],  # codes in a second subset
        '<font color="#B3261E">红色</font> and plain',
        "短",
    ]

    def pdf(paragraph: type[Paragraph]) -> bytes:
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName=font_name())
        story = []
        for name in st.__dataclass_fields__:
            style = getattr(st, name)
            if style.fontSize > 12:
                continue  # a title's lines would not fit one page's cell
            for text in texts:
                for width in (130, 260):
                    story.append(Table([[paragraph(text, style)]], colWidths=[width]))
        doc.build(story)
        return out.getvalue()

    assert pdf(CellParagraph) == pdf(Paragraph)
