"""Signing actions: sign and export (SignDialog → export_report with a SigningRequest, in a worker); amend."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ui.export.actions import (
    remember_folder,
    steps,
    suggested_path,
    undrawable_notice,
)
from ui.export.operations import SIGN_STEPS, sign_report
from ui.export.progress_dialog import run_job
from ui.shell.app_window import AppWindow
from ui.shell.errors import show_error
from ui.shell.i18n import current_language, translate
from ui.shell.operation_runner import run_op

if TYPE_CHECKING:
    from ui.sign.sign_dialog import SignRequest


def sign_and_export(window: AppWindow) -> Path | None:
    """Sign the open assessment's report: ask (SignDialog), where to save, then sign in a worker.

    The dialog comes back (with what was typed) after a failure such as a wrong passphrase.
    On success the assessment is locked: the model reloads (read-only) and its undo history
    is dropped, since nothing may change it any more.
    """
    from reports.export_ops import check_stored_texts_of, open_items_of
    from ui.sign.identity_ops import school_of_assessment
    from ui.sign.sign_dialog import SignDialog

    model = window.assessment
    if model is None or model.read_only:
        return None
    window.commit_edits()
    db, assessment_id = window.store.db, model.assessment_id
    if run_op(window.window(), lambda: check_stored_texts_of(db, assessment_id)) is None:
        return None  # a stored text the report cannot carry: named, to be entered again
    opened = open_items_of(window.store.db, model.assessment_id)
    school = school_of_assessment(window.store, model.assessment_id)
    dialog = SignDialog(window.store.data_dir, school, window.window(), opened)
    suggested = suggested_path(window, ".pdf", translate("SignActions", "-签名报告"))
    try:
        while dialog.exec() == QDialog.DialogCode.Accepted:
            request = dialog.request()
            chosen, _ = QFileDialog.getSaveFileName(
                window.window(),
                translate("SignActions", "保存签名的报告"),
                str(suggested),
                translate("SignActions", "PDF 文件 (*.pdf)"),
            )
            if not chosen:
                continue
            out = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
            suggested = out
            signed, again = _sign(window, model.assessment_id, out, request)
            if not again:
                return signed
        return None
    finally:
        dialog.deleteLater()


def _sign(
    window: AppWindow, assessment_id: int, out: Path, request: SignRequest
) -> tuple[Path | None, bool]:
    """Run the signed export; (the file or None, whether to show the dialog again)."""
    from reports.export_ops import SigningRequest

    db, lang, user = window.store.db, current_language(), window.store.user
    now = datetime.now().astimezone()
    if request.reasons:
        from reports.export_ops import record_open_reasons

        reasons = request.reasons
        if not run_op(
            window.window(), lambda: record_open_reasons(db, assessment_id, reasons, user=user)
        ):
            return None, True
    signing = SigningRequest(request.identity_id, request.passphrase)
    outcome = run_job(
        window.window(),
        translate("SignActions", "签名并导出"),
        steps(SIGN_STEPS),
        lambda progress: sign_report(
            db,
            assessment_id,
            out,
            now=now,
            lang=lang,
            signing=signing,
            assessor=request.assessor,
            principal=request.principal,
            signature_image=request.signature_image,
            seal_image=request.seal_image,
            user=user,
            progress=progress,
        ),
    )
    if outcome.error is not None:
        show_error(window.window(), outcome.error)  # e.g. a wrong passphrase: back to the dialog
        return None, True
    if outcome.cancelled:
        window.show_status(translate("SignActions", "已取消：没有签名，也没有写入文件。"))
        return None, False
    _locked(window)
    remember_folder(out)
    text = (
        translate(
            "SignActions", "报告已签名并保存到：\n%1\n\n报告编号 %2。这份自查现已锁定为只读。"
        )
        .replace("%1", str(out))
        .replace("%2", outcome.result.report_id)
    )
    notice = undrawable_notice(outcome.result.undrawable)
    QMessageBox.information(
        window.window(),
        translate("SignActions", "已签名"),
        text + ("\n\n" + notice if notice else ""),
    )
    return out, False


def _locked(window: AppWindow) -> None:
    """The assessment is signed now: read it again (read-only) and forget the undo history."""
    model = window.assessment
    if model is None:
        return
    model.undo_stack.clear()
    model.reload()
    for checklist_id in model.checklists:
        model.resultsChanged.emit(checklist_id)
    window.update_title()


def amend(window: AppWindow) -> int | None:
    """Make a new draft revision of the signed assessment (models.ops.revisions.amend) and open it."""
    from models.ops.revisions import amend as amend_op

    model = window.assessment
    if model is None or not model.read_only:
        return None
    answer = QMessageBox.question(
        window.window(),
        translate("SignActions", "创建修订版本"),
        translate(
            "SignActions",
            "将复制这份已签名自查的全部内容，建立一个可修改的新版本（草稿）。"
            "已签名的版本保持不变。\n\n现在创建修订版本吗？",
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    user = window.store.user
    made = run_op(
        window.window(),
        lambda: window.store.call(lambda s: amend_op(s, model.assessment_id, user=user)),
    )
    if made is None:
        return None
    window.open_assessment(made.value)
    window.show_status(translate("SignActions", "已创建修订版本，可以修改了。"))
    return int(made.value)


def amend_action(window: AppWindow, parent: QObject | None = None) -> QAction:
    """A QAction "创建修订版本…" for the read-only banner; it calls ``amend(window)``."""
    action = QAction(translate("SignActions", "创建修订版本…"), parent or window.window())
    action.setObjectName("amendAction")
    action.setToolTip(translate("SignActions", "复制已签名的自查为新的草稿版本，以便更正"))
    action.triggered.connect(lambda _checked=False: amend(window))
    return action
