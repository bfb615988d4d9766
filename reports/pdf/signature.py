"""The evidence list and the signature page, with the box reserved for the digital signature's stamp."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from checklists.foundation.errors import InputError
from checklists.idnumber import mask_ids_in
from reports.pdf.context import ReportContext, StampBox
from reports.pdf.labels import format_size
from reports.pdf.layout import frame_width
from reports.pdf.styles import (
    ACCENT,
    MUTED,
    RULE,
    escape,
    fitting_width,
    table_style,
    text_width,
)

# The signing layer's default stamp is 252 x 104 pt; the reserved box matches it.
STAMP_WIDTH, STAMP_HEIGHT = 252.0, 104.0
SIGNATURE_BOX = (60 * mm, 22 * mm)
SEAL_BOX = (38 * mm, 38 * mm)
SIGNATURE_SECTION_HEIGHT = 440.0  # headings, the signatories' table with the seal, the stamp box


class StampPlaceholder(Flowable):
    """A dashed box where the digital signature's stamp goes; records its page and position."""

    def __init__(
        self, stamp: StampBox, width: float = STAMP_WIDTH, height: float = STAMP_HEIGHT
    ) -> None:
        super().__init__()
        self.stamp = stamp
        self.width, self.height = width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        x, y = canvas.absolutePosition(0, 0)
        self.stamp.page = canvas.getPageNumber() - 1
        self.stamp.box = (round(x), round(y), round(x + self.width), round(y + self.height))
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.6)
        canvas.setDash(3, 2)
        canvas.rect(0, 0, self.width, self.height)
        canvas.restoreState()


def evidence_story(ctx: ReportContext) -> list[Flowable]:
    """The evidence files: item, file name, size and SHA-256 (so copies can be checked)."""
    st = ctx.st
    story: list[Flowable] = [PageBreak(), Paragraph(escape(ctx.t("evidence")), st.h1)]
    if not ctx.data.evidence:
        return [*story, Paragraph(escape(ctx.t("no_evidence")), st.body)]
    head = [Paragraph(escape(ctx.t(k)), st.head) for k in ("item", "file_name", "size")] + [
        Paragraph("SHA-256", st.head)
    ]
    data: list[list[Any]] = [head]
    for ref in ctx.data.evidence:
        data.append(
            [
                Paragraph(escape(_item_name(ctx, ref.checklist, ref.item)), st.cell),
                Paragraph(escape(str(mask_ids_in(ref.name))), st.cell),  # a name may quote an ID
                format_size(ref.size),
                f"{ref.sha256[:32]}\n{ref.sha256[32:]}",  # two short lines read better than one long one
            ]
        )
    style = table_style(rows=len(data)) + [
        ("FONTSIZE", (3, 1), (3, -1), 7),
        ("LEADING", (3, 1), (3, -1), 9),
        ("ALIGN", (2, 1), (2, -1), "RIGHT"),
        ("VALIGN", (3, 1), (3, -1), "MIDDLE"),
    ]
    width = frame_width()
    # As wide as 32 of the widest hex digit: any digest fits on its two lines.
    widest = max("0123456789abcdef", key=lambda c: text_width(c, 7))
    sha = fitting_width([widest * 32], size=7)
    widths = [(width - sha - 48) * 0.45, (width - sha - 48) * 0.55, 48.0, sha]
    return [*story, Table(data, colWidths=widths, repeatRows=1, style=style, hAlign="LEFT")]


def _item_name(ctx: ReportContext, checklist_id: str, item_id: str) -> str:
    checklist = ctx.data.checklists.get(checklist_id)
    if checklist is None:
        return f"{checklist_id} / {item_id}"
    try:
        item = checklist.item(item_id).label.get(ctx.lang)
    except KeyError:
        item = item_id
    return f"{checklist.title.get(ctx.lang)} · {item}"


def signature_story(ctx: ReportContext) -> list[Flowable]:
    """Names, titles and date of assessor and principal, optional images, and the stamp box."""
    st, data = ctx.st, ctx.data
    date = data.generated_at.date().isoformat()
    people = [
        ("assessor", data.assessor, data.signature_image, "signature", SIGNATURE_BOX),
        ("principal", data.principal, data.seal_image, "seal", SEAL_BOX),
    ]
    rows: list[list[Any]] = [[Paragraph(escape(ctx.t(role)), st.head) for role, *_ in people]]
    for key in ("name", "title"):
        rows.append([_field(ctx, key, getattr(person, key)) for _, person, *_ in people])
    rows.append([_field(ctx, "date", date) for _ in people])
    rows.append([_image_cell(ctx, image, key, box) for _, _, image, key, box in people])
    width = frame_width()
    table = Table(
        rows,
        colWidths=[width / 2, width / 2],
        hAlign="LEFT",
        style=table_style(zebra=False)
        + [
            ("LINEAFTER", (0, 0), (0, -1), 0.35, RULE),
            ("TOPPADDING", (0, 1), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
        ],
    )
    return [
        # The signatures share the evidence page when all of them fit below it.
        CondPageBreak(SIGNATURE_SECTION_HEIGHT),
        Spacer(1, 12),
        Paragraph(escape(ctx.t("signatures")), st.h1),
        Paragraph(escape(ctx.t("declaration")), st.body),
        Spacer(1, 10),
        table,
        Spacer(1, 18),
        Paragraph(escape(ctx.t("digital_signature")), st.h2),
        Paragraph(escape(ctx.t("digital_signature_note")), st.small),
        Spacer(1, 6),
        StampPlaceholder(ctx.stamp),
    ]


def _field(ctx: ReportContext, key: str, value: str) -> Paragraph:
    sep = "：" if ctx.lang == "zh" else ": "
    text = f'<font color="#{MUTED.hexval()[2:]}">{escape(ctx.t(key) + sep)}</font>{escape(value) if value else "_" * 24}'
    return Paragraph(text, ctx.st.body)


def _image_cell(
    ctx: ReportContext, image: bytes | None, key: str, box: tuple[float, float]
) -> list[Flowable]:
    """The drawn signature or seal scaled into ``box``, or an empty space of that size to sign in."""
    caption = Paragraph(escape(ctx.t(key)), ctx.st.small)
    if image is None:
        return [caption, Spacer(box[0], box[1])]
    return [caption, _scaled_image(image, box, ctx.t(key))]


def _scaled_image(png: bytes, box: tuple[float, float], what: str) -> Image:
    try:
        reader = ImageReader(io.BytesIO(png))
        width, height = reader.getSize()
    except Exception as exc:  # reportlab/Pillow raise many kinds for a damaged image
        raise InputError(
            f"{what}图片无法读取：{exc}", f"The {what} image cannot be read: {exc}"
        ) from exc
    scale = min(box[0] / width, box[1] / height)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale, hAlign="LEFT")
