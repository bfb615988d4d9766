"""SchoolForm: the school profile fields with a live check of the 10-digit school code."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from checklists.answers import School
from checklists.model import STAGES
from ui.words import stage_text

_MAX_STUDENTS = 200_000


class SchoolForm(QWidget):
    """Name, code, stage, enrollment, boarding students, district, principal, contact.

    Signals:
        validityChanged(bool): whether the required fields are filled in correctly.
    """

    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("例如：东莞市南城示例实验小学"))
        self.code = QLineEdit()
        self.code.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,10}"), self.code)
        )
        self.code.setPlaceholderText(self.tr("10位数字"))
        self.code_check = QLabel()
        self.code_check.setObjectName("codeCheck")
        self.stage = QComboBox()
        for stage in STAGES:
            self.stage.addItem(stage_text(stage), stage)
        self.stage.setCurrentIndex(STAGES.index("primary"))
        self.stage.setMaximumWidth(320)
        self.enrollment = _count_box(self.tr(" 人"))
        # Enrollment decides thresholds (e.g. psychology teachers): it must be entered, so an
        # untouched field reads 未填写, not a silent 0.
        self.enrollment.setMinimum(-1)
        self.enrollment.setSpecialValueText(self.tr("未填写"))
        self.enrollment.setValue(-1)
        self.boarding = _count_box(self.tr(" 人"))
        self.district = QLineEdit()
        self.district.setPlaceholderText(self.tr("例如：南城街道"))
        self.principal = QLineEdit()
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(self.tr("电话或电子邮箱"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (
            (self.tr("学校名称"), self.name, True),
            (self.tr("学校代码"), self.code, True),
            ("", self.code_check, False),
            (self.tr("学段"), self.stage, True),
            (self.tr("在校生人数"), self.enrollment, True),
            (self.tr("寄宿生人数"), self.boarding, False),
            (self.tr("所在镇街"), self.district, False),
            (self.tr("校长"), self.principal, False),
            (self.tr("联系方式"), self.contact, False),
        )
        for text, widget, required in rows:
            if not text:
                form.addRow("", widget)
                continue
            label = QLabel(f"{text} *" if required else text)
            label.setBuddy(widget)
            widget.setAccessibleName(text)
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.name.textChanged.connect(self._check)
        self.code.textChanged.connect(self._check)
        self.enrollment.valueChanged.connect(self._check)
        self._valid = False
        self._check()

    def set_school(self, school: School) -> None:
        """Show an existing profile."""
        self.name.setText(school.name)
        self.code.setText(school.code)
        if school.stage in STAGES:
            self.stage.setCurrentIndex(STAGES.index(school.stage))
        self.enrollment.setValue(school.enrollment)
        self.boarding.setValue(school.boarding_students)
        self.district.setText(school.district)
        self.principal.setText(school.principal)
        self.contact.setText(school.contact)

    def school(self) -> School:
        """The profile as entered (the core checks it again when it is saved)."""
        return School(
            name=self.name.text().strip(),
            code=self.code.text().strip(),
            stage=str(self.stage.currentData()),
            enrollment=self.enrollment.value(),
            district=self.district.text().strip(),
            boarding_students=self.boarding.value(),
            principal=self.principal.text().strip(),
            contact=self.contact.text().strip(),
        )

    def is_valid(self) -> bool:
        """True when the name is given, the code has 10 digits and the enrollment is entered."""
        return self._valid

    @Slot()
    def _check(self) -> None:
        digits = len(self.code.text())
        if digits == 0:
            self.code_check.setText(self.tr("学校代码为教育部门分配的10位数字。"))
            self.code_check.setProperty("state", "hint")
        elif digits < 10:
            self.code_check.setText(
                self.tr("还差 %1 位（学校代码为10位数字）").replace("%1", str(10 - digits))
            )
            self.code_check.setProperty("state", "error")
        else:
            self.code_check.setText(self.tr("✓ 格式正确"))
            self.code_check.setProperty("state", "ok")
        self.code_check.style().polish(self.code_check)
        valid = digits == 10 and bool(self.name.text().strip()) and self.enrollment.value() > 0
        if valid != self._valid:
            self._valid = valid
            self.validityChanged.emit(valid)


def _count_box(suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, _MAX_STUDENTS)
    box.setSuffix(suffix)
    box.setGroupSeparatorShown(True)
    box.setMinimumWidth(140)
    box.setMaximumWidth(220)
    return box
