"""VerifyDialog: verify a PDF (opened or dropped) in a worker and show the VerifyPanel; trust its certificate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.export.jobs import JobThread
from ui.shell.errors import show_error
from ui.shell.i18n import current_language
from ui.shell.operation_runner import run_op
from ui.sign.identities_model import grouped_fingerprint
from ui.verify.verify_panel import VerifyPanel


def checklist_titles(data_dir: Path | None) -> dict[str, str]:
    """Checklist id → title in the UI language (built-in and the data folder's definitions)."""
    from checklists.registry import load_checklists

    try:
        checklists = load_checklists(data_dir)
    except Exception:  # a broken custom definition must not stop verification
        from checklists.registry import builtin_checklists

        checklists = builtin_checklists()
    return {cid: c.title.get(current_language()) for cid, c in checklists.items()}


class VerifyDialog(QDialog):
    """Verifies files against ``data_dir``'s trust store; a PDF can be dropped on it.

    Signals:
        verified(object verification): a file was verified (a ui.verify.operations.Verification).
        trusted(str fingerprint): a certificate was added to the trust store.
    """

    verified = Signal(object)
    trusted = Signal(str)

    def __init__(self, data_dir: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setWindowTitle(self.tr("验证签名的报告"))
        self.setAcceptDrops(True)
        self.data_dir = data_dir
        self.job: JobThread | None = None
        self.panel = VerifyPanel()
        self.panel.trustRequested.connect(self.trust_certificate)
        self.open_button = QPushButton(self.tr("打开其他文件…"))
        self.open_button.clicked.connect(self.choose_file)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(row)
        self.resize(820, 680)

    @Slot()
    def choose_file(self) -> None:
        """Pick a PDF and verify it."""
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择要验证的 PDF"), "", self.tr("PDF 文件 (*.pdf)")
        )
        if chosen:
            self.verify(Path(chosen))

    def verify(self, path: Path) -> None:
        """Verify ``path`` in a worker thread; the panel shows the result when it is done."""
        from ui.verify.operations import verify_file

        if self.job is not None and self.job.isRunning():
            return
        data_dir = self.data_dir
        self.panel.clear(self.tr("正在验证 %1 …").replace("%1", Path(path).name))
        self.open_button.setEnabled(False)
        self.job = JobThread(lambda _progress: verify_file(path, data_dir), self)
        self.job.finished.connect(self._finished)
        self.job.start()

    def busy(self) -> bool:
        """Whether a verification is running."""
        return self.job is not None and self.job.isRunning()

    @Slot()
    def _finished(self) -> None:
        job = self.job
        assert job is not None
        job.wait()
        self.open_button.setEnabled(True)
        if job.error is not None:
            self.panel.clear()
            show_error(self, job.error)
            return
        self.panel.set_verification(job.result, checklist_titles(self.data_dir))
        self.verified.emit(job.result)

    @Slot()
    def trust_certificate(self) -> None:
        """After a confirmation that shows the fingerprint, add the signer's certificate to the trust store."""
        from ui.verify.operations import trust_signer

        verification = self.panel.verification
        if verification is None or self.data_dir is None:
            return
        result = verification.result
        fingerprint = result.fingerprint_sha256 or ""
        text = (
            self.tr(
                "将以下证书加入信任列表：\n\n签署人：%1\n学校：%2\nSHA-256 指纹：\n%3\n\n"
                "请先与该校核对指纹（例如电话确认），一致后再信任。此后由该证书签署的报告都会显示为受信任。"
            )
            .replace("%1", result.signer or "—")
            .replace("%2", result.school or "—")
        )
        text = text.replace("%3", grouped_fingerprint(fingerprint))
        answer = QMessageBox.question(self, self.tr("信任此证书"), text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        data_dir = self.data_dir
        if not run_op(self, lambda: trust_signer(verification.path, data_dir, fingerprint)):
            return
        self.trusted.emit(fingerprint)
        self.verify(verification.path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().lower().endswith(".pdf") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        pdfs = [
            Path(u.toLocalFile())
            for u in event.mimeData().urls()
            if u.toLocalFile().lower().endswith(".pdf")
        ]
        if pdfs:
            event.acceptProposedAction()
            self.verify(pdfs[0])

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.wait()
        super().done(result)
