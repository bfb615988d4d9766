"""The export menu actions: each gathers input, runs one core operation (in a worker) and reports."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog

from ui.export.operations import (
    EXCEL_STEPS,
    PDF_STEPS,
    build_report_bytes,
    write_answers,
    write_excel,
)
from ui.export.progress_dialog import run_job
from ui.shell.app_window import AppWindow
from ui.shell.errors import show_error
from ui.shell.i18n import current_language, translate
from ui.shell.operation_runner import run_op

FOLDER_KEY = "export/folder"
_UNSAFE = re.compile(r"[\s/\\:*?\"<>|]+")


def step_words() -> dict[str, str]:
    """What each job step is called on the progress dialog."""
    return {
        "collect": translate("ExportSteps", "正在读取自查数据…"),
        "render": translate("ExportSteps", "正在生成 PDF…"),
        "sign": translate("ExportSteps", "正在签名…"),
        "write": translate("ExportSteps", "正在写入文件…"),
        "pages": translate("ExportSteps", "正在准备预览…"),
        "verify": translate("ExportSteps", "正在验证签名…"),
    }


def steps(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(step, words) for a job's steps."""
    words = step_words()
    return [(name, words[name]) for name in names]


def export_folder() -> Path:
    """The folder of the last export (default: Documents, else home)."""
    saved = QSettings().value(FOLDER_KEY)
    if isinstance(saved, str) and Path(saved).is_dir():
        return Path(saved)
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    """Start the next export in the folder of ``path``."""
    QSettings().setValue(FOLDER_KEY, str(path.parent))


def suggested_path(window: AppWindow, suffix: str, extra: str = "") -> Path:
    """``<school>-<period><extra><suffix>`` for the open self-check, in the export folder."""
    from models.ops.assessments import get_assessment

    model = window.assessment
    assert model is not None  # the actions are enabled with a self-check open
    summary = window.store.call(lambda s: get_assessment(s, model.assessment_id))
    name = _UNSAFE.sub("", f"{summary.school_name}-{summary.period}{extra}") or "report"
    return export_folder() / f"{name}{suffix}"


def undrawable_notice(found: Any, limit: int = 12) -> str:
    """The warning for characters the bundled font cannot draw, one line each ('' when none)."""
    if not found:
        return ""
    lang = current_language()
    lines = [u.text(lang) for u in found[:limit]]
    if len(found) > limit:
        lines.append("…")
    head = translate(
        "ExportActions",
        "报告中有 %1 处字符内置字体无法显示，已用带问号的方框标出（报告的文字层保留原字）：",
    ).replace("%1", str(len(found)))
    return head + "\n" + "\n".join(lines)


def export_pdf(window: AppWindow) -> Path | None:
    """Build the report in a worker, preview it, and save the previewed bytes where the person says."""
    from ui.export.preview_dialog import PdfPreviewDialog

    model = window.assessment
    if model is None:
        return None
    window.commit_edits()
    db, assessment_id, lang = window.store.db, model.assessment_id, current_language()
    now = datetime.now().astimezone()
    outcome = run_job(
        window.window(),
        translate("ExportActions", "导出 PDF"),
        steps(PDF_STEPS),
        lambda progress: build_report_bytes(
            db, assessment_id, now=now, lang=lang, progress=progress
        ),
    )
    if not _went_well(window, outcome):
        return None
    built = outcome.result
    suggested = export_folder() / f"{built.report_id}.pdf"
    dialog = PdfPreviewDialog(
        built.data,
        suggested,
        built.report_id,
        window.window(),
        notice=undrawable_notice(built.undrawable),
    )
    written: list[Path] = []
    dialog.saved.connect(written.append)
    dialog.exec()
    dialog.deleteLater()
    if not written:
        return None
    remember_folder(written[0])
    window.show_status(translate("ExportActions", "报告已保存到 %1").replace("%1", str(written[0])))
    return written[0]


def export_excel(window: AppWindow) -> Path | None:
    """Ask for the file and the ID option, then write the Excel export in a worker."""
    from ui.export.excel_dialog import ExportExcelDialog

    model = window.assessment
    if model is None:
        return None
    window.commit_edits()
    dialog = ExportExcelDialog(suggested_path(window, ".xlsx"), window.window())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    out, full_ids = dialog.path(), dialog.full_ids()
    dialog.deleteLater()
    db, assessment_id, lang = window.store.db, model.assessment_id, current_language()
    outcome = run_job(
        window.window(),
        translate("ExportActions", "导出 Excel"),
        steps(EXCEL_STEPS),
        lambda progress: write_excel(
            db, assessment_id, out, lang=lang, full_ids=full_ids, progress=progress
        ),
    )
    if not _went_well(window, outcome):
        return None
    remember_folder(out)
    window.show_status(translate("ExportActions", "Excel 已保存到 %1").replace("%1", str(out)))
    return out


def export_answers(window: AppWindow) -> Path | None:
    """Write the answers file (the interchange JSON the CLI's export-json writes)."""
    model = window.assessment
    if model is None:
        return None
    window.commit_edits()
    chosen, _ = QFileDialog.getSaveFileName(
        window.window(),
        translate("ExportActions", "导出答案文件"),
        str(suggested_path(window, ".json", translate("ExportActions", "-答案"))),
        translate("ExportActions", "答案文件 (*.json)"),
    )
    if not chosen:
        return None
    out = Path(chosen) if chosen.lower().endswith(".json") else Path(chosen + ".json")
    if not run_op(
        window.window(), lambda: write_answers(window.store.db, model.assessment_id, out)
    ):
        return None
    remember_folder(out)
    from models.ops.photos import photo_folder

    folder = photo_folder(out)
    if folder.is_dir():  # the photos' originals, which an import of the file needs beside it
        text = translate("ExportActions", "答案文件已保存到 %1，照片在 %2（导入时请放在一起）")
        window.show_status(text.replace("%1", str(out)).replace("%2", folder.name))
    else:
        window.show_status(
            translate("ExportActions", "答案文件已保存到 %1").replace("%1", str(out))
        )
    return out


def _went_well(window: AppWindow, outcome: Any) -> bool:
    """Show a failure; say so when cancelled; True when the job finished."""
    if outcome.error is not None:
        show_error(window.window(), outcome.error)
        return False
    if outcome.cancelled:
        window.show_status(translate("ExportActions", "已取消，没有写入文件。"))
        return False
    return True
