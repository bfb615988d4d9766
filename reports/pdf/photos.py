"""Photos in the report: thumbnails beside their finding, and an appendix with every photo.

The report embeds each photo's downscaled JPEG once (reportlab shares an image drawn twice).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from checklists.idnumber import mask_ids_in
from checklists.results import Finding
from reports.pdf.cells import CellParagraph
from reports.pdf.context import ReportContext, item_label
from reports.pdf.labels import pick
from reports.pdf.layout import frame_width
from reports.pdf.styles import escape

THUMB = 2.2 * cm
PER_ROW = 2

WORDS: dict[str, tuple[str, str]] = {
    "heading": ("照片附录", "Photo appendix"),
    "intro": (
        "以下为自查中拍摄的照片（为减小文件体积已缩小，原图保存在本校电脑中）。",
        "The photos taken during the self-check (downscaled to keep the file small; the originals stay on the school's computer).",
    ),
    "taken": ("拍摄于 {at}", "taken {at}"),
    "photo": ("照片 {n}", "Photo {n}"),
}


@dataclass(frozen=True)
class ReportPhoto:
    """A photo as the report shows it: its place, its report copy on disk and what is known of it."""

    checklist: str
    item: str
    code: str | None  # None: a photo of the item
    row: int | None
    name: str
    path: Path
    width: int
    height: int
    taken_at: datetime | None = None
    caption: str = ""


def _w(ctx: ReportContext, key: str, **values: object) -> str:
    return pick(WORDS[key], ctx.lang).format(**values)


def _image(photo: ReportPhoto, box: float) -> Image:
    scale = box / max(photo.width, photo.height)
    return Image(str(photo.path), width=photo.width * scale, height=photo.height * scale)


def finding_photos(ctx: ReportContext, finding: Finding) -> list[ReportPhoto]:
    """The photos of one finding, in order."""
    return [
        p
        for p in ctx.data.photos
        if (p.checklist, p.code, p.item, p.row)
        == (finding.checklist, finding.code, finding.item, finding.row)
    ]


def thumbnails(ctx: ReportContext, finding: Finding) -> list[Flowable]:
    """A row of thumbnails under a finding's text (nothing when it has no photo)."""
    photos = finding_photos(ctx, finding)
    if not photos:
        return []
    cells = [_image(p, THUMB) for p in photos]
    rows = [cells[i : i + 5] for i in range(0, len(cells), 5)]
    table = Table(rows, hAlign="LEFT")
    table.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return [table]


def _place(
    ctx: ReportContext, photo: ReportPhoto, refs: dict[tuple[str, str, str, int | None], str]
) -> str:
    checklist = ctx.data.checklists.get(photo.checklist)
    name = photo.item
    if checklist is not None:
        with contextlib.suppress(KeyError):
            name = item_label(checklist.item(photo.item), ctx.lang)
    if photo.row is not None:
        name += (
            "，" + ctx.t("row", n=photo.row + 1)
            if ctx.lang == "zh"
            else ", " + ctx.t("row", n=photo.row + 1)
        )
    if photo.code is not None:
        ref = refs.get((photo.checklist, photo.code, photo.item, photo.row))
        if ref:
            name = f"{ref} · {name}"
    return name


CAPTION_MAX_HEIGHT = 300.0


def _caption(ctx: ReportContext, photo: ReportPhoto, number: int, place: str) -> Paragraph:
    lines = [f"<b>{escape(_w(ctx, 'photo', n=number))}</b> {escape(place)}"]
    # A name or caption may quote an ID number (a photo of the guard's card): masked as
    # everywhere else in a report.
    details = [mask_ids_in_text(photo.caption), mask_ids_in_text(photo.name)]
    if photo.taken_at is not None:
        details.append(_w(ctx, "taken", at=photo.taken_at.strftime("%Y-%m-%d %H:%M")))
    lines.append(escape(" · ".join(d for d in details if d)))
    # A caption may be as long as the limits allow; a row of photos must fit on a page.
    return CellParagraph("<br/>".join(lines), ctx.st.cell, max_height=CAPTION_MAX_HEIGHT)


def mask_ids_in_text(text: str) -> str:
    """``text`` with any ID-number-like run masked."""
    return str(mask_ids_in(text))


def photo_appendix(ctx: ReportContext) -> list[Flowable]:
    """Every photo, two to a row, each with its place, name and date taken; nothing without photos."""
    photos: Sequence[ReportPhoto] = ctx.data.photos
    if not photos:
        return []
    refs = {f.key(): ctx.finding_ref(f) for f in ctx.data.results.findings}
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(escape(_w(ctx, "heading")), ctx.st.h1),
        Paragraph(escape(_w(ctx, "intro")), ctx.st.body),
    ]
    column = frame_width() / PER_ROW
    box = column - 0.6 * cm
    cells = [
        [_image(p, box), _caption(ctx, p, n, _place(ctx, p, refs))]
        for n, p in enumerate(photos, start=1)
    ]
    for i in range(0, len(cells), PER_ROW):
        pair = cells[i : i + PER_ROW]
        row: list[object] = [c[0] for c in pair] + [""] * (PER_ROW - len(pair))
        captions: list[object] = [c[1] for c in pair] + [""] * (PER_ROW - len(pair))
        table = Table([row, captions], colWidths=[column] * PER_ROW, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 1), (-1, 1), 10)]
            )
        )
        story.append(KeepTogether([table]))
    return story
