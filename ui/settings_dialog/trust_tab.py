"""TrustTab: the trust store (for the office) — import schools' certificates, list, remove."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.settings_dialog.models import TrustedModel
from ui.settings_dialog.widgets import confirm, make_table, note, selected_row
from ui.shell.operation_runner import run_op
from ui.sign.identities_model import grouped_fingerprint


class TrustTab(QWidget):
    """The certificates of ``data_dir``'s trust store, with import and remove."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.model = TrustedModel(self)
        self.table = make_table(self.model, "trustTable", 0)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.import_button = QPushButton(self.tr("导入证书…"))
        self.import_button.clicked.connect(self.import_certificates)
        self.remove_button = QPushButton(self.tr("移除…"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                self.tr(
                    "供教育局（督导室）使用：导入各校交来的证书后，由这些证书签署的报告在验证时显示为“受信任”。"
                    "导入前请与学校核对证书指纹。"
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the trust store again."""
        from reports.signing import list_trusted

        run_op(self, lambda: self.model.set_rows(list_trusted(self.data_dir)))
        self._update()

    @Slot()
    def _update(self) -> None:
        self.remove_button.setEnabled(selected_row(self.table) >= 0)

    @Slot()
    def import_certificates(self) -> None:
        """Add the chosen certificate files (PEM or DER) to the trust store."""
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("导入证书"), "", self.tr("证书 (*.pem *.cer *.crt *.der)")
        )
        for name in chosen:
            run_op(self, partial(self._import_one, Path(name)))
        self.refresh()

    def _import_one(self, path: Path) -> None:
        """Trust the certificate in ``path``; replacing a school's pinned one only when confirmed."""
        from reports.signing import import_trusted_certificate
        from reports.signing.trust import SchoolAlreadyPinned
        from ui.verify.operations import read_file

        data = read_file(path)
        try:
            import_trusted_certificate(self.data_dir, data)
        except SchoolAlreadyPinned as pinned:
            if self._confirm_replace(pinned):
                import_trusted_certificate(self.data_dir, data, replace=True)

    def _confirm_replace(self, pinned: Any) -> bool:
        """Replacing a school's certificate is an explicit act: ask, naming both."""
        old = "\n".join(grouped_fingerprint(e.fingerprint_sha256) for e in pinned.pinned)
        text = self.tr(
            "学校 %1（%2）已登记了签名证书：\n%3\n\n用新证书替换它吗？\n%4\n\n"
            "替换后，用旧证书签署的该校报告将被拒收。此操作会连同日期记录下来。"
        )
        text = (
            text.replace("%1", pinned.entry.school or "—")
            .replace("%2", pinned.entry.school_code or "—")
            .replace("%3", old)
            .replace("%4", grouped_fingerprint(pinned.entry.fingerprint_sha256))
        )
        return confirm(self, self.tr("替换该校证书"), text)

    @Slot()
    def remove(self) -> None:
        """Remove the selected certificate after a confirmation."""
        from reports.signing import remove_trusted

        row = selected_row(self.table)
        if row < 0:
            return
        entry = self.model.row_object(row)
        text = self.tr(
            "从信任列表中移除此证书吗？\n\n学校：%1\n签署人：%2\n指纹：%3\n\n此后由它签署的报告将显示为“不受信任”。"
        )
        text = text.replace("%1", entry.school or "—").replace("%2", entry.signer or "—")
        if not confirm(
            self,
            self.tr("移除证书"),
            text.replace("%3", grouped_fingerprint(entry.fingerprint_sha256)),
        ):
            return
        run_op(self, lambda: remove_trusted(self.data_dir, entry.fingerprint_sha256))
        self.refresh()
