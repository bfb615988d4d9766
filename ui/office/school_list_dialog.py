"""SchoolListDialog: which Excel school list, for which period, with which deadline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)


class SchoolListDialog(QDialog):
    """Asks for the list file, the period (typed or one of ``periods``) and an optional deadline.

    Accepted only with a file and a period; the caller imports (``file()``, ``period()``,
    ``deadline()``).
    """

    def __init__(self, periods: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolListDialog")
        self.setWindowTitle(self.tr("导入应报学校名单"))
        self.path = QLineEdit()
        self.path.setPlaceholderText(
            self.tr("Excel 名单（学校代码、学校名称、镇街、学段、联系人及电话）")
        )
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.period_box = QComboBox()
        self.period_box.setEditable(True)
        self.period_box.addItems(periods)
        self.has_deadline = QCheckBox(self.tr("报送截止日期"))
        self.deadline_edit = QDateEdit(QDate.currentDate())
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd")
        self.deadline_edit.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline_edit.setEnabled)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("名单文件"), row)
        form.addRow(self.tr("检查周期"), self.period_box)
        form.addRow(self.has_deadline, self.deadline_edit)
        form.addRow(self.buttons)
        for signal in (self.path.textChanged, self.period_box.currentTextChanged):
            signal.connect(self._update)
        self._update()
        self.resize(560, 180)

    @Slot()
    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择名单文件"), str(Path.home()), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if chosen:
            self.path.setText(chosen)

    @Slot()
    def _update(self) -> None:
        ok = bool(self.path.text().strip() and self.period_box.currentText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def file(self) -> Path:
        """The chosen list file."""
        return Path(self.path.text().strip())

    def period(self) -> str:
        """The period the list is for."""
        return self.period_box.currentText().strip()

    def deadline(self) -> date | None:
        """The deadline (inclusive), if one was set."""
        if not self.has_deadline.isChecked():
            return None
        chosen = self.deadline_edit.date().toPython()
        return chosen if isinstance(chosen, date) else None
