"""SchoolProfileDialog: change the school profile later (the same form as on first start)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from checklists.answers import School
from ui.home.school_form import SchoolForm


class SchoolProfileDialog(QDialog):
    """The school form with 保存 / 取消; ``school()`` is the result after Accepted."""

    def __init__(self, school: School | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolProfileDialog")
        self.setWindowTitle(self.tr("学校信息"))
        self.form = SchoolForm()
        if school is not None:
            self.form.set_school(school)
        note = QLabel(self.tr("修改后，未签名的自查将按新信息重新判断；已签名的自查保持不变。"))
        note.setWordWrap(True)
        note.setObjectName("hint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.validityChanged.connect(
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.form.is_valid())
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def school(self) -> School:
        """The profile as entered."""
        return self.form.school()
