"""CreateIdentityDialog: a new signing identity — school, signer, title, passphrase twice (≥ 8 characters)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from checklists.answers import School
from reports.signing.identities import MIN_PASSPHRASE_LENGTH
from ui.shell.i18n import current_language


@dataclass(frozen=True)
class NewIdentity:
    """What create_identity needs, as entered."""

    school_name: str
    school_code: str
    signer: str
    title: str
    passphrase: str


class CreateIdentityDialog(QDialog):
    """School name and code (from the profile), signer, title, passphrase twice.

    创建 is enabled once every field is filled and the passphrases match and are long
    enough; ``identity()`` is the input after Accepted (the caller creates the identity).
    """

    def __init__(
        self,
        school: School | None,
        signer: str = "",
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("createIdentityDialog")
        self.setWindowTitle(self.tr("新建签名身份"))
        self.school_name = QLineEdit(school.name if school else "")
        self.school_code = QLineEdit(school.code if school else "")
        self.signer = QLineEdit(signer or (school.principal if school else ""))
        self.signer.setObjectName("identitySigner")
        self.title_field = QLineEdit(title or self.tr("校长"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("newPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeatPassphrase")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.check = QLabel()
        self.check.setObjectName("passphraseCheck")
        self.check.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("学校名称："), self.school_name)
        form.addRow(self.tr("学校代码："), self.school_code)
        form.addRow(self.tr("签署人："), self.signer)
        form.addRow(self.tr("职务："), self.title_field)
        form.addRow(self.tr("口令："), self.passphrase)
        form.addRow(self.tr("再次输入口令："), self.repeat)
        form.addRow("", self.check)
        note = QLabel(
            self.tr(
                "口令保护签名私钥，每次签名都要输入。请牢记口令：忘记后无法找回，只能新建签名身份。"
                "证书有效期五年，可导出证书交给教育局以便核验。"
            )
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        for field in (
            self.school_name,
            self.school_code,
            self.signer,
            self.title_field,
            self.passphrase,
            self.repeat,
        ):
            field.textChanged.connect(self._validate)
        self.setMinimumWidth(480)
        self._validate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._validate()  # the fields' column has its real width now

    @Slot()
    def _validate(self) -> None:
        problem = self.problem()
        self.check.setText(problem)
        # A wrapped label in a form row is not given the lines it needs (the English refusal
        # of a name is five lines): its height is asked for at the width of the fields' column.
        width = self.repeat.width() if self.isVisible() else self.repeat.sizeHint().width() * 2
        self.check.setMinimumHeight(self.check.heightForWidth(width) if problem else 0)
        filled = all(
            f.text().strip()
            for f in (self.school_name, self.school_code, self.signer, self.title_field)
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(filled and not problem)

    def problem(self) -> str:
        """What is wrong with the subject's fields or the passphrases ("" when nothing)."""
        subject = self.subject_problem()
        if subject:
            return subject
        first, second = self.passphrase.text(), self.repeat.text()
        if not first:
            return self.tr("口令至少 %1 个字符。").replace("%1", str(MIN_PASSPHRASE_LENGTH))
        if len(first) < MIN_PASSPHRASE_LENGTH:
            return self.tr("口令太短：至少 %1 个字符。").replace("%1", str(MIN_PASSPHRASE_LENGTH))
        if first != second:
            return self.tr("两次输入的口令不一致。")
        return ""

    def subject_problem(self) -> str:
        """Why the school name, signer or title cannot go into a certificate ("" when they can,
        or while one is still empty): the core's check, in the UI language."""
        from reports.signing.identities import subject_fields_problem

        values = [f.text() for f in (self.school_name, self.signer, self.title_field)]
        if not all(v.strip() for v in values):
            return ""
        problem = subject_fields_problem(school_name=values[0], signer=values[1], title=values[2])
        if problem is None:
            return ""
        return problem[1] if current_language() == "en" else problem[0]

    def identity(self) -> NewIdentity:
        """The identity to create."""
        return NewIdentity(
            self.school_name.text().strip(),
            self.school_code.text().strip(),
            self.signer.text().strip(),
            self.title_field.text().strip(),
            self.passphrase.text(),
        )
