"""Building the report PDF from ReportData, and writing it safely (temp file, fsync, atomic rename)."""

from __future__ import annotations

import io
import zlib
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from checklists.foundation.files import write_atomic
from reports.pdf.attachments import add_data_and_field
from reports.pdf.cells import SHORTENED, SHORTENED_TEXT
from reports.pdf.context import ReportContext, build_context
from reports.pdf.cover import cover_story
from reports.pdf.data import ReportData
from reports.pdf.findings import findings_story
from reports.pdf.items import details_story
from reports.pdf.layout import FLATE_LEVEL, ReportDocTemplate, canvas_class
from reports.pdf.signature import evidence_story, signature_story
from reports.pdf.summary import summary_story


def story(ctx: ReportContext) -> list[Flowable]:
    """Every flowable of the report, in page order."""
    return [
        *cover_story(ctx),
        *_new_page(summary_story(ctx)),
        *findings_story(ctx),
        *_comparison_story(ctx),
        *details_story(ctx),
        *_photo_appendix(ctx),
        *evidence_story(ctx),
        *signature_story(ctx),
    ]


def _comparison_story(ctx: ReportContext) -> list[Flowable]:
    if ctx.data.comparison is None:
        return []  # a school's first period: the comparison module is not needed
    from reports.pdf.comparison import comparison_story

    return comparison_story(ctx)


def _photo_appendix(ctx: ReportContext) -> list[Flowable]:
    if not ctx.data.photos:
        return []  # the photo module only for a report with photos
    from reports.pdf.photos import photo_appendix

    return photo_appendix(ctx)


def _new_page(flowables: list[Flowable]) -> list[Flowable]:
    from reportlab.platypus import PageBreak

    return [PageBreak(), *flowables]


_FLATE_LEVEL: ContextVar[int] = ContextVar("FLATE_LEVEL", default=zlib.Z_DEFAULT_COMPRESSION)


def _flate_at_level() -> None:
    """Make reportlab's Flate filter compress at the level set in this context (while a
    report is written; zlib's default everywhere else, as reportlab has it)."""
    from reportlab.pdfbase import pdfdoc

    flate = pdfdoc.PDFZCompress
    if getattr(flate, "campus_levelled", False):
        return

    def encode(text: Any) -> bytes:
        if isinstance(text, str):
            text = text.encode("utf8")
        return zlib.compress(text, _FLATE_LEVEL.get())

    flate.encode = encode
    flate.campus_levelled = True


def render_pages(ctx: ReportContext) -> bytes:
    """The pages alone, as reportlab writes them (no attachments, no signature field)."""
    out = io.BytesIO()
    doc = ReportDocTemplate(out, ctx)
    _flate_at_level()
    note = SHORTENED.set(SHORTENED_TEXT.get(ctx.lang, SHORTENED_TEXT["zh"]))
    level = _FLATE_LEVEL.set(FLATE_LEVEL)
    try:
        doc.build(story(ctx), canvasmaker=canvas_class(ctx))
    finally:
        _FLATE_LEVEL.reset(level)
        SHORTENED.reset(note)
    return out.getvalue()


def build_report(data: ReportData) -> bytes:
    """The finished report: pages, embedded answers/results/meta and an empty signature field.

    The same data (including ``generated_at``) always gives the same bytes.
    """
    ctx = build_context(data)
    pages = render_pages(ctx)
    return add_data_and_field(pages, ctx)


def write_report(data: ReportData, out: Path) -> Path:
    """Build the report and write it to ``out`` atomically; returns ``out``.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed
    over ``out``: a crash or a full disk never leaves a half-written report. Failures are
    EnvironmentProblem (disk, permissions) or InputError (no such folder, ``out`` is a folder).
    """
    pdf = build_report(data)
    save_bytes(pdf, out)
    return out


def save_bytes(data: bytes, out: Path) -> None:
    """Write ``data`` to ``out`` through a synced temporary file and an atomic rename."""
    write_atomic(out, data)
