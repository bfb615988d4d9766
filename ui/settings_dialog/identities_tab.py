"""IdentitiesTab: the signing identities — list, create, import a .p12, export the certificate, delete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from checklists.answers import School
from reports.signing.identities import Identity
from ui.settings_dialog.widgets import confirm, make_table, note, selected_row
from ui.shell.operation_runner import run_op
from ui.sign.identities_model import COL_SCHOOL, IdentitiesModel, grouped_fingerprint


class IdentitiesTab(QWidget):
    """Identities of ``data_dir``; ``school()`` gives the profile to prefill a new identity."""

    def __init__(
        self, data_dir: Path, school: Callable[[], School | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.school = school
        self.model = IdentitiesModel(self)
        self.table = make_table(self.model, "identitiesTable", COL_SCHOOL)
        self.table.selectionModel().selectionChanged.connect(self._update)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新建…"))
        self.new_button.clicked.connect(self.create_identity)
        self.import_button = QPushButton(self.tr("导入 .p12…"))
        self.import_button.clicked.connect(self.import_p12)
        self.export_button = QPushButton(self.tr("导出证书…"))
        self.export_button.clicked.connect(self.export_certificate)
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.clicked.connect(self.delete)
        for button in (self.new_button, self.import_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                self.tr(
                    "签名身份用于为自查报告做数字签名：私钥用口令加密保存在数据文件夹中。"
                    "把导出的证书（.pem）交给教育局，教育局即可确认报告确由本校签署、未被改动。"
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Read the identities again."""
        from reports.signing import list_identities

        run_op(self, lambda: self.model.set_rows(list_identities(self.data_dir)))
        if select is not None and self.model.row_of(select) >= 0:
            self.table.selectRow(self.model.row_of(select))
        self._update()

    @Slot()
    def _update(self) -> None:
        chosen = selected_row(self.table) >= 0
        self.export_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    @Slot()
    def create_identity(self) -> None:
        """New identity (CreateIdentityDialog)."""
        from ui.sign.identity_ops import create_identity_interactively

        made = create_identity_interactively(self, self.data_dir, self.school())
        if made is not None:
            self.refresh(made.identity_id)

    @Slot()
    def import_p12(self) -> None:
        """Import a .p12/.pfx (ImportIdentityDialog), re-encrypted under the chosen passphrase."""
        from reports.signing import import_identity
        from ui.settings_dialog.import_identity_dialog import IdentityImport, ImportIdentityDialog
        from ui.verify.operations import read_file

        dialog = ImportIdentityDialog(self)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:
                request = dialog.request()

                def load(request: IdentityImport = request) -> Identity:
                    return import_identity(
                        self.data_dir,
                        read_file(request.path),
                        passphrase=request.passphrase,
                        new_passphrase=request.new_passphrase,
                    )

                made = run_op(self, load)
                if made:
                    self.refresh(made.value.identity_id)
                    return
        finally:
            dialog.deleteLater()

    @Slot()
    def export_certificate(self) -> None:
        """Write the selected identity's certificate (.pem or .cer) to hand to the office."""
        from reports.signing import export_certificate
        from ui.export.actions import export_folder, remember_folder

        row = selected_row(self.table)
        if row < 0:
            return
        identity = self.model.identity(row)
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出证书"),
            str(export_folder() / f"{identity.identity_id}.pem"),
            self.tr("证书 (*.pem *.cer)"),
        )
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() not in (".pem", ".cer", ".crt", ".der"):
            out = out.with_name(out.name + ".pem")
        if not run_op(self, lambda: export_certificate(self.data_dir, identity.identity_id, out)):
            return
        remember_folder(out)

    @Slot()
    def delete(self) -> None:
        """Delete the selected identity after a confirmation that names it."""
        from reports.signing import delete_identity

        row = selected_row(self.table)
        if row < 0:
            return
        identity = self.model.identity(row)
        text = self.tr(
            "确定删除签名身份“%1”吗？\n\n签署人：%2\n指纹：%3\n\n"
            "删除后不能再用它签名（已签名的报告仍可验证）。此操作无法撤销。"
        )
        text = text.replace("%1", identity.identity_id).replace("%2", identity.signer)
        if not confirm(
            self,
            self.tr("删除签名身份"),
            text.replace("%3", grouped_fingerprint(identity.fingerprint_sha256)),
        ):
            return
        run_op(self, lambda: delete_identity(self.data_dir, identity.identity_id))
        self.refresh()
