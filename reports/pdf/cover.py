"""The cover page: title, school, period and dates, report id and the QR code that identifies the data."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QR8bitByte
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, Paragraph, Spacer, Table

from reports.pdf.context import ReportContext
from reports.pdf.data import qr_payload
from reports.pdf.labels import STAGE, enum_label, format_datetime
from reports.pdf.layout import PORTRAIT_PAGE, frame_width
from reports.pdf.styles import ACCENT, INK, MUTED, RULE, escape, font_name
from reports.pdf.styles import drawing as new_drawing

QR_SIZE = 34 * mm


def qr_drawing(text: str, size: float = QR_SIZE) -> Drawing:
    """A QR code of ``text`` (UTF-8, byte mode, error correction M) drawn with reportlab shapes."""
    # Byte mode explicitly: reportlab would otherwise try Kanji mode, which phones misread.
    widget = QrCodeWidget(
        [QR8bitByte(text)], barLevel="M", barWidth=size, barHeight=size, barBorder=2
    )
    result = new_drawing(size, size)
    result.add(widget)
    return result


def cover_story(ctx: ReportContext) -> list[Flowable]:
    """Everything on the cover, ending with the switch to portrait content pages."""
    st, doc, data = ctx.st, ctx.data.document, ctx.data
    school = doc.school
    facts = [
        ("school_code", school.code),
        ("district", school.district or "—"),
        ("stage", enum_label(STAGE, school.stage, ctx.lang)),
        ("enrollment", str(school.enrollment)),
        ("period", doc.period),
        ("reference_date", doc.reference_date.isoformat()),
        ("generated_at", format_datetime(data.generated_at)),
        ("report_id", data.report_id),
    ]
    if data.app_version:
        facts.append(("app_version", data.app_version))
    return [
        Spacer(1, 30 * mm),
        Paragraph(escape(ctx.t("report_title")), st.title),
        Paragraph(escape(ctx.t("report_subtitle")), st.subtitle),
        Spacer(1, 16 * mm),
        Paragraph(escape(school.name), _school_style(ctx)),
        Spacer(1, 8 * mm),
        _facts_table(ctx, facts),
        Spacer(1, 28 * mm),
        _qr_block(ctx),
        NextPageTemplate(PORTRAIT_PAGE),
    ]


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
    qr = qr_drawing(qr_payload(ctx.data.report_id, ctx.answers_sha256))
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
