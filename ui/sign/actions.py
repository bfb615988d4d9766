"""Signing actions: sign and export (SignDialog → export_report with a SigningRequest, in a worker); amend."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ui.errors import show_error
from ui.export.actions import (
    commit_edits,
    remember_folder,
    status,
    steps,
    suggested_path,
    undrawable_notice,
)
from ui.export.operations import SIGN_STEPS, sign_report
from ui.export.progress_dialog import run_job
from ui.i18n import current_language, translate


def sign_and_export(window: Any) -> Path | None:
    """Sign the open assessment's report: ask (SignDialog), where to save, then sign in a worker.

    The dialog comes back (with what was typed) after a failure such as a wrong passphrase.
    On success the assessment is locked: the model reloads (read-only) and its undo history
    is dropped, since nothing may change it any more.
    """
    from reports.export_ops import SigningRequest
    from ui.sign.identity_ops import school_of_assessment
    from ui.sign.sign_dialog import SignDialog

    model = window.assessment
    if model is None or model.read_only:
        return None
    commit_edits(window)
    from reports.export_ops import open_items_of

    opened = open_items_of(window.store.db, model.assessment_id)
    dialog = SignDialog(window.store.data_dir, school_of_assessment(window), window, opened)
    suggested = suggested_path(window, ".pdf", translate("SignActions", "-签名报告"))
    try:
        while dialog.exec() == QDialog.DialogCode.Accepted:
            request = dialog.request()
            chosen, _ = QFileDialog.getSaveFileName(
                window, translate("SignActions", "保存签名的报告"), str(suggested),
                translate("SignActions", "PDF 文件 (*.pdf)"),
            )  # fmt: skip
            if not chosen:
                continue
            out = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
            suggested = out
            signed, again = _sign(window, model.assessment_id, out, request, SigningRequest)
            if not again:
                return signed
        return None
    finally:
        dialog.deleteLater()


def _sign(window: Any, assessment_id: int, out: Path, request: Any,
          signing_request: Any) -> tuple[Path | None, bool]:  # fmt: skip
    """Run the signed export; (the file or None, whether to show the dialog again)."""
    db, lang, user = window.store.db, current_language(), window.store.user
    now = datetime.now().astimezone()
    if request.reasons:
        from reports.export_ops import record_open_reasons

        try:
            record_open_reasons(db, assessment_id, request.reasons, user=user)
        except Exception as exc:
            show_error(window, exc)
            return None, True
    signing = signing_request(request.identity_id, request.passphrase)
    outcome = run_job(window, translate("SignActions", "签名并导出"), steps(SIGN_STEPS),
                      lambda progress: sign_report(
                          db, assessment_id, out, now=now, lang=lang, signing=signing,
                          assessor=request.assessor, principal=request.principal,
                          signature_image=request.signature_image, seal_image=request.seal_image,
                          user=user, progress=progress))  # fmt: skip
    if outcome.error is not None:
        show_error(window, outcome.error)  # e.g. a wrong passphrase: back to the dialog
        return None, True
    if outcome.cancelled:
        status(window, translate("SignActions", "已取消：没有签名，也没有写入文件。"))
        return None, False
    _locked(window)
    remember_folder(out)
    text = translate(
        "SignActions", "报告已签名并保存到：\n%1\n\n报告编号 %2。这份自查现已锁定为只读。"
    ).replace("%1", str(out)).replace("%2", outcome.result.report_id)  # fmt: skip
    notice = undrawable_notice(outcome.result.undrawable)
    QMessageBox.information(window, translate("SignActions", "已签名"),
                            text + ("\n\n" + notice if notice else ""))  # fmt: skip
    return out, False


def _locked(window: Any) -> None:
    """The assessment is signed now: read it again (read-only) and forget the undo history."""
    model = window.assessment
    if model is None:
        return
    model.undo_stack.clear()
    model.reload()
    for checklist_id in model.checklists:
        model.resultsChanged.emit(checklist_id)
    if hasattr(window, "_update_title"):
        window._update_title()


def amend(window: Any) -> int | None:
    """Make a new draft revision of the signed assessment (models.ops.revisions.amend) and open it."""
    from models.ops.revisions import amend as amend_op

    model = window.assessment
    if model is None or not model.read_only:
        return None
    answer = QMessageBox.question(
        window, translate("SignActions", "创建修订版本"),
        translate("SignActions", "将复制这份已签名自查的全部内容，建立一个可修改的新版本（草稿）。"
                  "已签名的版本保持不变。\n\n现在创建修订版本吗？"),
    )  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return None
    user = window.store.user
    try:
        new_id = window.store.call(lambda s: amend_op(s, model.assessment_id, user=user))
    except Exception as exc:
        show_error(window, exc)
        return None
    window.open_assessment(new_id)
    status(window, translate("SignActions", "已创建修订版本，可以修改了。"))
    return int(new_id)


def amend_action(window: Any, parent: Any = None) -> QAction:
    """A QAction "创建修订版本…" for the read-only banner; it calls ``amend(window)``."""
    action = QAction(translate("SignActions", "创建修订版本…"), parent or window)
    action.setObjectName("amendAction")
    action.setToolTip(translate("SignActions", "复制已签名的自查为新的草稿版本，以便更正"))
    action.triggered.connect(lambda _checked=False: amend(window))
    return action
