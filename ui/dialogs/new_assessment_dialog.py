"""NewAssessmentDialog: period, reference date and checklists of a new self-check (or of a copy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from checklists.model import Checklist
from ui.shell.i18n import current_language
from ui.typed_text import one_line


@dataclass(frozen=True)
class NewAssessmentRequest:
    """What the dialog returns."""

    period: str
    reference_date: date
    checklist_ids: tuple[str, ...]


class NewAssessmentDialog(QDialog):
    """Asks for the period (检查周期), the reference date (基准日) and which checklists to use.

    With ``copy_from`` (the period copied), the checklists are those of the copied self-check and
    are not asked. The result is ``request()`` after ``exec()`` returns Accepted.
    """

    def __init__(
        self,
        checklists: dict[str, Checklist],
        period: str,
        reference_date: date,
        copy_from: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newAssessmentDialog")
        copying = copy_from is not None
        self.setWindowTitle(self.tr("从上期复制") if copying else self.tr("新建自查"))
        self.period = QLineEdit(period)
        self.period.setAccessibleName(self.tr("检查周期"))
        self.reference = QDateEdit(
            QDate(reference_date.year, reference_date.month, reference_date.day)
        )
        self.reference.setCalendarPopup(True)
        self.reference.setDisplayFormat("yyyy-MM-dd")
        self.reference.setAccessibleName(self.tr("基准日"))
        form = QFormLayout()
        form.addRow(self.tr("检查周期"), self.period)
        form.addRow(self.tr("基准日"), self.reference)
        hint = QLabel(self.tr("基准日用于计算年龄、期限等（通常为学期最后一天）。"))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        if copying:
            source = QLabel(
                self.tr("将以“%1”的答案为起点（包括表格和说明），可逐项修改。").replace(
                    "%1", copy_from or ""
                )
            )
            source.setWordWrap(True)
            layout.addWidget(source)
        layout.addLayout(form)
        layout.addWidget(hint)
        self.boxes: dict[str, QCheckBox] = {}
        if not copying:
            group = QGroupBox(self.tr("检查清单"))
            column = QVBoxLayout(group)
            for checklist in checklists.values():
                box = QCheckBox(checklist.title.get(current_language()))
                box.setChecked(True)
                box.setAccessibleName(checklist.title.get(current_language()))
                box.toggled.connect(self._update_ok)
                self.boxes[checklist.id] = box
                column.addWidget(box)
            layout.addWidget(group)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("开始自查") if not copying else self.tr("复制")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.period.textChanged.connect(self._update_ok)
        self.setMinimumWidth(420)
        self._update_ok()

    @Slot()
    def _update_ok(self) -> None:
        ok = bool(self.period.text().strip()) and (
            not self.boxes or any(b.isChecked() for b in self.boxes.values())
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def request(self) -> NewAssessmentRequest:
        """The period, reference date and chosen checklist ids."""
        chosen = tuple(cid for cid, box in self.boxes.items() if box.isChecked())
        qdate = self.reference.date()
        return NewAssessmentRequest(
            one_line(self.period.text()), date(qdate.year(), qdate.month(), qdate.day()), chosen
        )
