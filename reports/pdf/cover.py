"""The cover page: title, school, period and dates, report id and the QR code that identifies the data."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import itertools
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, Paragraph, Spacer, Table

from checklists.idnumber import mask_ids_in
from checklists.terms import STAGE, term
from reports.pdf.context import ReportContext
from reports.pdf.data import qr_payload
from reports.pdf.labels import format_datetime
from reports.pdf.layout import PORTRAIT_PAGE, frame_width
from reports.pdf.styles import ACCENT, INK, MUTED, RULE, escape, font_name

QR_SIZE = 34 * mm


@functools.cache
def qr_encoder() -> ModuleType:
    """reportlab's QR encoder (``reportlab.graphics.barcode.qrencoder``, a module that imports
    only the standard library), loaded from its file by itself: importing it by name first
    runs ``reportlab.graphics.barcode``, which loads every barcode reportlab knows."""
    name = "reportlab.graphics.barcode.qrencoder"
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    import reportlab.graphics

    path = Path(reportlab.graphics.__file__).parent / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("campus_selfcheck_qrencoder", path)
    if not path.is_file() or spec is None or spec.loader is None:  # a standalone build
        return importlib.import_module(name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_RUN = re.compile("0{5,}|1{5,}")
_FINDER_LIKE = "10111010000"


def lost_points(modules: list[list[Any]]) -> int:
    """The penalty reportlab's encoder gives a masked symbol (``QRUtil.getLostPoint``), reckoned
    on rows and columns as strings and bit masks: the same number, a few times sooner.

    Its rules as it applies them: 3 + (n - 5) for every run of five or more modules of one colour
    in a row or a column; 3 for every 2x2 block of one colour; 40 for every finder-like pattern
    (dark-light-dark-dark-dark-light-dark then four light) in a row — none in a column (it
    compares a column's tuple with its pattern's list), and none ending at the row's last module
    (its scan stops one position short), counted left to right without overlaps; and 10 for every
    5 % the dark modules' share is away from half, rounded down.
    """
    rows = ["".join("1" if dark else "0" for dark in row) for row in modules]
    columns = ["".join(column) for column in zip(*rows, strict=True)]
    score = 0
    for line in rows + columns:
        for run in _RUN.findall(line):
            score += len(run) - 2
    score += 40 * sum(row[:-1].count(_FINDER_LIKE) for row in rows)
    full = (1 << len(rows)) - 1
    bits = [int(row, 2) for row in rows]
    for upper, lower in itertools.pairwise(bits):
        same = ~(upper ^ lower) & full  # the two rows agree
        level = ~(upper ^ (upper >> 1)) & (full >> 1)  # a module equals its right neighbour
        score += 3 * (same & (same >> 1) & level).bit_count()
    dark = sum(row.count("1") for row in rows)
    return score + 10 * (abs(100 * dark // len(rows) ** 2 - 50) // 5)


def best_mask_pattern(qr: Any) -> int:
    """The mask ``qr.getBestMaskPattern()`` picks: the first of the eight with the fewest lost
    points, each tried on the symbol as reportlab lays it out for the test."""
    best, pattern = 0, 0
    for i in range(8):
        qr.makeImpl(True, i)
        points = lost_points(qr.modules)
        if i == 0 or best > points:
            best, pattern = points, i
    return pattern


class QrCode(Flowable):
    """A QR code of ``text`` (UTF-8 in byte mode, error correction M, 2-module quiet zone).

    Drawn as one filled path of horizontal runs: reportlab's QrCodeWidget renders each module
    as its own shape, which costs more than the whole cover page.
    """

    def __init__(self, text: str, size: float = QR_SIZE, border: int = 2) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.border = border
        encoder = qr_encoder()
        qr = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
        # Byte mode explicitly: reportlab would otherwise try Kanji mode, which phones misread.
        qr.addData(encoder.QR8bitByte(text))
        # What ``qr.make()`` does, with the masks scored by :func:`lost_points`.
        if qr.version is None:
            qr.version = qr.calculate_version()
        qr.makeImpl(False, best_mask_pattern(qr))
        self.modules: list[list[bool]] = [[bool(dark) for dark in row] for row in qr.modules]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        step = self.size / (count + 2 * self.border)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = self.size - (r + self.border + 1) * step
            c = 0
            while c < count:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect((start + self.border) * step, y, (c - start) * step, step)
        self.canv.saveState()
        self.canv.setFillColor(INK)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()


def cover_story(ctx: ReportContext) -> list[Flowable]:
    """Everything on the cover, ending with the switch to portrait content pages."""
    st, doc, data = ctx.st, ctx.data.document, ctx.data
    school = doc.school
    facts = [
        ("school_code", school.code),
        ("district", school.district or "—"),
        ("stage", term(STAGE, school.stage, ctx.lang)),
        ("enrollment", str(school.enrollment)),
        ("period", str(mask_ids_in(doc.period))),  # as the school wrote it, an ID masked
        ("reference_date", doc.reference_date.isoformat()),
        ("generated_at", format_datetime(data.generated_at)),
        ("report_id", data.report_id),
    ]
    if data.app_version:
        facts.append(("app_version", data.app_version))
    if school.enrollment_primary is not None and school.enrollment_secondary is not None:
        facts.insert(
            4,
            (
                "enrollment_parts",
                ctx.t(
                    "enrollment_parts_value",
                    primary=school.enrollment_primary,
                    secondary=school.enrollment_secondary,
                ),
            ),
        )
    banners = incomplete_banners(ctx)
    top: list[Flowable] = [Spacer(1, 30 * mm)]
    if banners:  # before anything else: the reader must not take a draft for a verdict
        top = [Spacer(1, 8 * mm), *banners, Spacer(1, 14 * mm)]
    return [
        *top,
        Paragraph(escape(ctx.t("report_title")), st.title),
        Paragraph(escape(ctx.t("report_subtitle")), st.subtitle),
        Spacer(1, 16 * mm),
        Paragraph(escape(str(mask_ids_in(school.name))), _school_style(ctx)),
        Spacer(1, 8 * mm),
        _facts_table(ctx, facts),
        Spacer(1, 28 * mm),
        _qr_block(ctx),
        NextPageTemplate(PORTRAIT_PAGE),
    ]


def incomplete_banners(ctx: ReportContext) -> list[Flowable]:
    """The warnings that the self-check is incomplete: items still open, built-in checklists
    not included (未包含：…)."""
    out: list[Flowable] = []
    opened = ctx.open_items()
    if opened:
        out.append(
            Paragraph(escape(ctx.t("incomplete_banner", n=len(opened))), incomplete_style(ctx))
        )
    if ctx.missing_checklists():
        if out:
            out.append(Spacer(1, 3 * mm))
        text = ctx.t("not_included_banner", names=ctx.missing_text())
        out.append(Paragraph(escape(text), incomplete_style(ctx)))
    return out


def incomplete_style(ctx: ReportContext) -> Any:
    """The "未完成：N 项未填写" line: large, red, first on the cover and the summary."""
    from reportlab.lib.styles import ParagraphStyle

    from reports.pdf.layout import DRAFT_RED

    return ParagraphStyle(
        "incomplete", parent=ctx.st.body, fontSize=15, leading=20, textColor=DRAFT_RED
    )


def _school_style(ctx: ReportContext) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("school", parent=ctx.st.body, fontSize=20, leading=26, textColor=INK)


def _facts_table(ctx: ReportContext, facts: list[tuple[str, str]]) -> Table:
    rows = [[ctx.t(key), value] for key, value in facts]
    label_width = 34 * mm if ctx.lang == "zh" else 40 * mm
    return Table(
        rows,
        colWidths=[label_width, frame_width() - label_width],
        hAlign="LEFT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), font_name()),
            ("FONTSIZE", (0, 0), (-1, -1), 11),
            ("LEADING", (0, 0), (-1, -1), 15),
            ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
            ("TEXTCOLOR", (1, 0), (1, -1), INK),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.35, RULE),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
        ],
    )


def _qr_block(ctx: ReportContext) -> Table:
    """The QR code on the right, what it holds and what the file embeds on the left."""
    st = ctx.st
    text = [
        Paragraph(escape(ctx.t("qr_caption")), st.small),
        Spacer(1, 4),
        Paragraph(escape(ctx.t("embedded_note")), st.small),
    ]
    qr = QrCode(qr_payload(ctx.data.report_id, ctx.answers_sha256))
    width = frame_width()
    return Table(
        [[text, qr]],
        colWidths=[width - QR_SIZE - 8 * mm, QR_SIZE + 8 * mm],
        hAlign="LEFT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), font_name()),  # else reportlab picks Helvetica
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
    )
