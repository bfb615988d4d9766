"""The export jobs (Qt-free): each opens its own session in the worker thread and calls the core operation."""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.database import Database
    from reports.export_ops import ExportedReport, Progress, SigningRequest
    from reports.fonts import Undrawable
    from reports.pdf.data import Signatory

# The steps the jobs report, in order (reports.export_ops reports collect, render, sign, write).
PDF_STEPS = ("collect", "render", "write", "pages")
SIGN_STEPS = ("collect", "render", "sign", "write")
EXCEL_STEPS = ("collect", "write")


@dataclass(frozen=True)
class BuiltReport:
    """A report built for the preview: the exact bytes "保存" will write, and what they hold."""

    data: bytes
    report_id: str
    sha256: str
    page_count: int
    undrawable: tuple[Undrawable, ...] = ()  # characters printed as the font's marker


def build_report_bytes(
    db: Database, assessment_id: int, *, now: datetime, lang: str, progress: Progress
) -> BuiltReport:
    """The unsigned report of ``assessment_id`` as bytes, through the CLI's export_report.

    It is written to a private temporary folder and read back, so the preview shows (and the
    save writes) exactly what ``export-pdf`` would write; the folder is removed in any case.
    """
    from reports.export_ops import export_report
    from ui.export.pdf_pages import page_count

    with tempfile.TemporaryDirectory(prefix="campus-preview-") as folder:
        out = Path(folder) / "report.pdf"
        done = export_report(db, assessment_id, out, now=now, lang=lang, progress=progress)
        data = out.read_bytes()
    progress("pages")
    return BuiltReport(data, done.report_id, done.sha256, page_count(data), done.undrawable)


def sign_report(
    db: Database,
    assessment_id: int,
    out: Path,
    *,
    now: datetime,
    lang: str,
    signing: SigningRequest,
    assessor: Signatory,
    principal: Signatory,
    signature_image: bytes | None,
    seal_image: bytes | None,
    user: str,
    progress: Progress,
) -> ExportedReport:
    """Build, sign, write and lock: export_report with a SigningRequest (all or nothing)."""
    from reports.export_ops import export_report

    return export_report(
        db,
        assessment_id,
        out,
        now=now,
        lang=lang,
        signing=signing,
        assessor=assessor,
        principal=principal,
        signature_image=signature_image,
        seal_image=seal_image,
        user=user,
        progress=progress,
    )


def write_excel(
    db: Database, assessment_id: int, out: Path, *, lang: str, full_ids: bool, progress: Progress
) -> Path:
    """The Excel export (reports.excel.ops.export_assessment), moved over ``out`` only if not cancelled.

    It is written next to ``out`` under a temporary name first: a cancel (the "write" step)
    or a failure removes it and leaves an existing ``out`` untouched.
    """
    from reports.excel.ops import export_assessment

    progress("collect")
    partial = out.with_name(f".{out.stem}.{secrets.token_hex(4)}.partial.xlsx")
    try:
        with db.session() as s, s.begin():
            export_assessment(s, assessment_id, partial, lang=lang, full_ids=full_ids)
        progress("write")
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def write_answers(db: Database, assessment_id: int, out: Path) -> Path:
    """The answers file (what ``export-json`` writes, with its photo folder), written atomically."""
    from models.ops.exchange import export_answers

    with db.session() as s, s.begin():
        export_answers(s, assessment_id, out)
    return out
