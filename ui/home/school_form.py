"""SchoolForm: the school profile fields with a live check of the 10-digit school code."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from checklists.answers import SPLIT_ENROLLMENT_STAGES, School, normalise_school_code
from checklists.model import STAGES
from ui.typed_text import one_line
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
            QRegularExpressionValidator(QRegularExpression(r"[0-9０-９]{0,10}"), self.code)
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
        # Nine- and twelve-year schools may give each part's enrolment; each part is then held
        # to its own psychology-teacher threshold (primary 1200, secondary 1000).
        self.split = QCheckBox(self.tr("分小学部、中学部填报（各自对照配备标准）"))
        self.split.setObjectName("splitEnrollment")
        self.primary_part = _count_box(self.tr(" 人"))
        self.primary_part.setObjectName("enrollmentPrimary")
        self.secondary_part = _count_box(self.tr(" 人"))
        self.secondary_part.setObjectName("enrollmentSecondary")
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
            ("", self.split, False),
            (self.tr("其中小学部"), self.primary_part, False),
            (self.tr("其中中学部"), self.secondary_part, False),
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
        self.form = form
        self.stage.currentIndexChanged.connect(self._update_parts)
        self.split.toggled.connect(self._update_parts)
        self.primary_part.valueChanged.connect(self._update_parts)
        self.secondary_part.valueChanged.connect(self._update_parts)
        self._update_parts()
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
        split = school.enrollment_primary is not None and school.enrollment_secondary is not None
        self.split.setChecked(split)
        self.primary_part.setValue(school.enrollment_primary or 0)
        self.secondary_part.setValue(school.enrollment_secondary or 0)
        self.boarding.setValue(school.boarding_students)
        self.district.setText(school.district)
        self.principal.setText(school.principal)
        self.contact.setText(school.contact)

    def school(self) -> School:
        """The profile as entered (the core checks it again when it is saved)."""
        split = self.parts_apply() and self.split.isChecked()
        return School(
            name=one_line(self.name.text()),
            code=normalise_school_code(self.code.text().strip()),  # full-width ０-９ as 0-9
            stage=str(self.stage.currentData()),
            enrollment=self.enrollment.value(),
            district=one_line(self.district.text()),
            boarding_students=self.boarding.value(),
            principal=one_line(self.principal.text()),
            contact=one_line(self.contact.text()),
            enrollment_primary=self.primary_part.value() if split else None,
            enrollment_secondary=self.secondary_part.value() if split else None,
        )

    def parts_apply(self) -> bool:
        """Whether the stage has a primary and a secondary part (九年一贯制, 十二年一贯制)."""
        return str(self.stage.currentData()) in SPLIT_ENROLLMENT_STAGES

    @Slot()
    def _update_parts(self) -> None:
        """Show the enrolment by part only where it applies; the total is then their sum."""
        applies = self.parts_apply()
        split = applies and self.split.isChecked()
        self.form.setRowVisible(self.split, applies)
        self.form.setRowVisible(self.primary_part, split)
        self.form.setRowVisible(self.secondary_part, split)
        self.enrollment.setReadOnly(split)
        if split:
            self.enrollment.setValue(self.primary_part.value() + self.secondary_part.value())

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
