"""Building the report PDF from ReportData, and writing it safely (temp file, fsync, atomic rename)."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from pathlib import Path

from reportlab.platypus import Flowable

from checklists.errors import EnvironmentProblem, InputError
from reports.pdf.attachments import add_data_and_field
from reports.pdf.context import ReportContext, build_context
from reports.pdf.cover import cover_story
from reports.pdf.data import ReportData
from reports.pdf.findings import findings_story
from reports.pdf.items import details_story
from reports.pdf.layout import ReportDocTemplate, canvas_class
from reports.pdf.signature import evidence_story, signature_story
from reports.pdf.summary import summary_story


def story(ctx: ReportContext) -> list[Flowable]:
    """Every flowable of the report, in page order."""
    return [
        *cover_story(ctx),
        *_new_page(summary_story(ctx)),
        *findings_story(ctx),
        *details_story(ctx),
        *evidence_story(ctx),
        *signature_story(ctx),
    ]


def _new_page(flowables: list[Flowable]) -> list[Flowable]:
    from reportlab.platypus import PageBreak

    return [PageBreak(), *flowables]


def render_pages(ctx: ReportContext) -> bytes:
    """The pages alone, as reportlab writes them (no attachments, no signature field)."""
    out = io.BytesIO()
    doc = ReportDocTemplate(out, ctx)
    doc.build(story(ctx), canvasmaker=canvas_class(ctx))
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
    folder = out.parent
    if out.is_dir():
        raise InputError(
            f"{out} 是文件夹，请指定 PDF 文件名。", f"{out} is a folder; give a PDF file name."
        )
    if not folder.is_dir():
        raise InputError(f"文件夹 {folder} 不存在。", f"The folder {folder} does not exist.")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _write_problem(out, exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_and_sync(handle, data)
        os.replace(temp, out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _write_problem(out, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _write_and_sync(handle: io.BufferedWriter, data: bytes) -> None:
    """Write every byte and force it to the disk (the step a full disk makes fail)."""
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk; not every system allows it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_problem(out: Path, exc: OSError) -> EnvironmentProblem:
    """The words for a failed write: full disk and permissions get their own advice."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentProblem(
            f"磁盘空间不足，无法保存 {out}。请清理磁盘后重试。",
            f"The disk is full; {out} could not be saved. Free some space and try again.",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return EnvironmentProblem(
            f"没有写入权限，无法保存 {out}。请换一个文件夹。",
            f"No permission to write {out}. Choose another folder.",
        )
    return EnvironmentProblem(
        f"无法保存 {out}：{exc.strerror or exc}",
        f"Cannot save {out}: {exc.strerror or exc}",
    )
