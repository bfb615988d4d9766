"""ImportIdentityDialog: a .p12/.pfx file (e.g. from a CA), its passphrase, optionally a new one to keep it under."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reports.signing.identities import MIN_PASSPHRASE_LENGTH


@dataclass(frozen=True)
class IdentityImport:
    """What import_identity needs, as entered."""

    path: Path
    passphrase: str
    new_passphrase: str | None


class ImportIdentityDialog(QDialog):
    """The file, the passphrase that opens it and an optional new passphrase (typed twice).

    ``request()`` is the input after Accepted (the caller imports).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importIdentityDialog")
        self.setWindowTitle(self.tr("导入签名身份"))
        self.file = QLineEdit()
        self.file.setObjectName("p12Path")
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(browse)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("p12Passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_passphrase = QLineEdit()
        self.new_passphrase.setObjectName("p12NewPassphrase")
        self.new_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_passphrase.setPlaceholderText(self.tr("留空则沿用文件的口令"))
        self.repeat = QLineEdit()
        self.repeat.setObjectName("p12Repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.check = QLabel()
        self.check.setObjectName("passphraseCheck")
        self.check.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("文件："), where)
        form.addRow(self.tr("文件口令："), self.passphrase)
        form.addRow(self.tr("新口令："), self.new_passphrase)
        form.addRow(self.tr("再次输入新口令："), self.repeat)
        form.addRow("", self.check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in (self.file, self.passphrase, self.new_passphrase, self.repeat):
            field.textChanged.connect(self._validate)
        self.setMinimumWidth(520)
        self._validate()

    @Slot()
    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("导入签名身份"), "", self.tr("PKCS#12 文件 (*.p12 *.pfx)")
        )
        if chosen:
            self.file.setText(chosen)

    def problem(self) -> str:
        """What keeps the import from starting ("" when nothing)."""
        new, repeat = self.new_passphrase.text(), self.repeat.text()
        kept = new or self.passphrase.text()
        if kept and len(kept) < MIN_PASSPHRASE_LENGTH:
            return self.tr("保存用的口令至少 %1 个字符，请设置新口令。").replace(
                "%1", str(MIN_PASSPHRASE_LENGTH)
            )
        if new and new != repeat:
            return self.tr("两次输入的新口令不一致。")
        return ""

    @Slot()
    def _validate(self) -> None:
        problem = self.problem()
        self.check.setText(problem)
        ready = bool(self.file.text().strip()) and bool(self.passphrase.text()) and not problem
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def request(self) -> IdentityImport:
        """The import to make."""
        return IdentityImport(
            Path(self.file.text().strip()),
            self.passphrase.text(),
            self.new_passphrase.text() or None,
        )
