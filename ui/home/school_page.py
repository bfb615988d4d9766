"""SchoolProfilePage: the school profile on first start (after the welcome page)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from checklists.answers import School
from ui.home.school_form import SchoolForm


class SchoolProfilePage(QWidget):
    """A heading, the school form and 保存并继续.

    Signals:
        saveRequested(object school): the person confirmed the profile (the window saves it).
        backRequested(): back to the welcome page.
    """

    saveRequested = Signal(object)
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolPage")
        title = QLabel(self.tr("学校信息"))
        title.setObjectName("pageTitle")
        lead = QLabel(
            self.tr(
                "这些信息决定哪些要求适用于本校（例如在校生人数决定是否须配备专职心理教师），并印在自查报告上。以后可以在“文件 › 学校信息”中修改。"
            )
        )
        lead.setWordWrap(True)
        lead.setObjectName("pageLead")
        self.form = SchoolForm()
        self.back_button = QPushButton(self.tr("返回"))
        self.save_button = QPushButton(self.tr("保存并继续"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        for button in (self.back_button, self.save_button):
            button.setAccessibleName(button.text())
        self.form.validityChanged.connect(self.save_button.setEnabled)
        self.save_button.clicked.connect(self._save)
        self.back_button.clicked.connect(self.backRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(lead)
        column.addSpacing(12)
        column.addWidget(self.form)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_school(self, school: School) -> None:
        """Pre-fill the form."""
        self.form.set_school(school)

    @Slot()
    def _save(self) -> None:
        if self.form.is_valid():
            self.saveRequested.emit(self.form.school())
