"""FindingEditor: the school's explanation and rectification plan (整改) of one finding."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from checklists.answers import Rectification
from checklists.foundation.errors import UserFacingError
from checklists.results import Finding
from ui.open_assessment import OpenAssessment
from ui.tables.editors import DateCellEditor
from ui.tables.texts import (
    FAIL_TEXT,
    STATUSES,
    clauses_text,
    current_lang,
    severity_text,
    status_text,
)
from ui.typed_text import many_lines, one_line

_EMPTY_PLAN = Rectification("", "", None, "open")
_REQUIRED_STYLE = f"QPlainTextEdit {{ border: 1px solid {FAIL_TEXT.name()}; }}"


class FindingEditor(QWidget):
    """Edits one finding: explanation, measure, responsible person, due date, status.

    ``save()`` writes through the OpenAssessment (explain_finding / set_rectification, one
    undo step together). An explainable finding (a "原则上" rule) asks for its explanation.

    Signals:
        saveFailed(object): a write was refused (a UserFacingError to show).
    """

    saveFailed = Signal(object)

    def __init__(self, model: OpenAssessment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.finding: Finding | None = None
        self._build()
        self.retranslate_ui()
        self.set_finding(None)
        model.readOnlyChanged.connect(self._on_read_only)

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.explanation = QPlainTextEdit(self)
        self.explanation.setTabChangesFocus(True)
        self.explanation.setFixedHeight(64)
        self.explanation.textChanged.connect(self._mark_required)
        self.measure = QPlainTextEdit(self)
        self.measure.setTabChangesFocus(True)
        self.measure.setFixedHeight(52)
        self.responsible = QLineEdit(self)
        self.due = DateCellEditor(self)
        self.due.setAutoFillBackground(False)
        self.due.setMaximumWidth(240)
        self.due.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.status = QComboBox(self)
        self.status.setMaximumWidth(240)
        for status in STATUSES:
            self.status.addItem("", status)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels = [QLabel(self) for _ in range(5)]
        for label, field in zip(
            self.labels,
            (self.explanation, self.measure, self.responsible, self.due, self.status),
            strict=True,
        ):
            label.setBuddy(field.focusProxy() or field)
            self.form.addRow(label, field)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        from ui.photos import PhotoStrip

        self.photo_strip = PhotoStrip(self.model, self)
        self.photo_strip.failed.connect(self.saveFailed)
        layout.addWidget(self.photo_strip)
        layout.addStretch(1)

    # ---- public --------------------------------------------------------------------------------

    def set_finding(self, finding: Finding | None) -> None:
        """Show ``finding`` (None: nothing selected); its stored explanation and plan fill the fields."""
        same = (
            finding is not None and self.finding is not None and finding.key() == self.finding.key()
        )
        if same and self.is_dirty():
            self.finding = finding  # the person is typing: keep the fields
            return
        self.finding = finding
        rect = finding.rectification if finding is not None else None
        self.explanation.setPlainText(finding.explanation if finding is not None else "")
        self.measure.setPlainText(rect.measure if rect else "")
        self.responsible.setText(rect.responsible if rect else "")
        self.due.set_value(rect.due_date if rect else None)
        self.status.setCurrentIndex(max(0, self.status.findData(rect.status if rect else "open")))
        if not same:
            self.saved_label.clear()
            if finding is None:
                self.photo_strip.clear_place()
            else:
                self.photo_strip.set_place(
                    finding.checklist, finding.item, finding.code, finding.row
                )
        self._show_state()

    def is_dirty(self) -> bool:
        """True when the fields differ from what is stored."""
        if self.finding is None:
            return False
        return (self.explanation.toPlainText(), self._rectification()) != (
            self.finding.explanation,
            self.finding.rectification,
        )

    @Slot()
    def save(self) -> bool:
        """Write the explanation and the plan (one undo step); False when a write was refused."""
        finding = self.finding
        if finding is None or self.model.read_only:
            return False
        text, rect = many_lines(self.explanation.toPlainText()), self._rectification()
        stack = self.model.undo_stack
        stack.beginMacro(self.tr("整改：%1").replace("%1", finding.code))
        try:
            if text != finding.explanation:
                self.model.explain_finding(finding, text)
            if rect != finding.rectification:
                self.model.set_rectification(finding, rect)
        except UserFacingError as exc:
            self.saveFailed.emit(exc)
            return False
        finally:
            stack.endMacro()
        self.saved_label.setText(self.tr("已保存"))
        return True

    # ---- internals -----------------------------------------------------------------------------

    def _rectification(self) -> Rectification | None:
        """The plan in the fields; None when they are all empty (no plan)."""
        value = Rectification(
            many_lines(self.measure.toPlainText()),
            one_line(self.responsible.text()),
            self.due.value(),
            self.status.currentData(),
        )
        if value != _EMPTY_PLAN:
            return value
        stored = self.finding.rectification if self.finding is not None else None
        return stored if stored == _EMPTY_PLAN else None

    def _show_state(self) -> None:
        f = self.finding
        enabled = f is not None and not self.model.read_only
        for field in (
            self.explanation,
            self.measure,
            self.responsible,
            self.due,
            self.status,
            self.save_button,
        ):
            field.setEnabled(enabled)
        lang = current_lang()
        if f is None:
            self.heading.setText(self.tr("在上方列表中选择一个问题，填写说明和整改计划。"))
            self.hint.clear()
        else:
            self.heading.setText(
                f"[{severity_text(f.severity)}] {clauses_text(f.clauses)}  {f.message.get(lang)}"
            )
            self.hint.setText(self._hint_text(f))
        self._mark_required()

    def _hint_text(self, f: Finding) -> str:
        if f.explainable:
            return self.tr(
                "此条为“原则上”要求：如有特殊情况，请在“说明”中写明理由；否则请制定整改计划。"
            )
        return self.tr("请制定整改计划；需要时可补充说明。")

    @Slot(bool)
    def _on_read_only(self, _read_only: bool) -> None:
        self._show_state()

    @Slot()
    def _mark_required(self) -> None:
        """An explainable finding without an explanation shows its explanation box as required."""
        f = self.finding
        needed = f is not None and f.explainable and not self.explanation.toPlainText().strip()
        self.explanation.setStyleSheet(_REQUIRED_STYLE if needed else "")
        self.labels[0].setText(
            self.tr("说明 *") if f is not None and f.explainable else self.tr("说明")
        )

    def retranslate_ui(self) -> None:
        """Every visible text in the current language."""
        self.explanation.setPlaceholderText(self.tr("特殊情况的理由，或已采取的措施"))
        self.measure.setPlaceholderText(self.tr("要做什么、怎么做"))
        self.responsible.setPlaceholderText(self.tr("姓名或岗位"))
        for label, text in zip(
            self.labels[1:],
            (self.tr("整改措施"), self.tr("责任人"), self.tr("完成期限"), self.tr("状态")),
            strict=True,
        ):
            label.setText(text)
        for i, status in enumerate(STATUSES):
            self.status.setItemText(i, status_text(status))
        self.save_button.setText(self.tr("保存"))
        self.due.retranslate_ui()
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
