"""Answer widgets, one per item type: they show a value and emit ``edited(value)``; they never save.

ui.assessment.answer_factory picks the widget for an item; evidence and tables live in their own modules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from checklists.model import Item
from ui.assessment.units import unit_text
from ui.shell.i18n import current_language, translate
from ui.typed_text import one_line

_EMPTY_DATE = QDate(1900, 1, 1)  # the QDateEdit minimum, shown as "未填写"
_BIG = 999_999_999


class AnswerWidget(QWidget):
    """Base of the answer widgets.

    Signals:
        edited(object value): the person changed the answer (None clears it); not emitted by set_value.
    """

    edited = Signal(object)

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._loading = False
        self._value: Any = None  # what is shown (= stored): an edit is only what differs from it

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting ``edited``."""
        self._loading = True
        self._value = value
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self, value: Any) -> None:
        if self._loading or _same(value, self._value):
            return  # leaving a field unchanged is not an edit (no write, no "saved")
        self._value = value
        self.edited.emit(value)

    def commit(self) -> None:
        """Send a pending edit (text typed but not yet confirmed) — called before leaving the item."""

    def set_read_only(self, read_only: bool) -> None:
        """Disable editing (a signed assessment)."""
        self.setEnabled(not read_only)

    def focus_target(self) -> QWidget:
        """The widget that takes the keyboard focus when the item is shown."""
        return self

    def _clear_button(self) -> QToolButton:
        button = QToolButton()
        button.setText(self.tr("清除"))
        button.setToolTip(self.tr("清除此项的答案"))
        button.setAccessibleName(self.tr("清除答案"))
        button.setAutoRaise(True)
        button.clicked.connect(lambda: self._emit(None))
        return button


class ChoiceAnswer(AnswerWidget):
    """Radio buttons (yes/no, single choice) or check boxes (multiple choice)."""

    def __init__(
        self, item: Item, options: list[tuple[Any, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(item, parent)
        self.multi = item.type == "multi_choice"
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multi)
        self.buttons: list[tuple[Any, QRadioButton | QCheckBox]] = []
        layout = QHBoxLayout(self) if len(options) <= 3 and not self.multi else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for value, text in options:
            button: QRadioButton | QCheckBox = QCheckBox(text) if self.multi else QRadioButton(text)
            button.setAccessibleName(text)
            self.group.addButton(button)
            self.buttons.append((value, button))
            layout.addWidget(button)
        self.group.buttonClicked.connect(self._clicked)
        if not self.multi:
            layout.addWidget(self._clear_button())
        if isinstance(layout, QHBoxLayout):
            layout.addStretch(1)

    def _show(self, value: Any) -> None:
        chosen = set(value or ()) if self.multi else {value}
        self.group.setExclusive(False)  # lets every button be unchecked (an unanswered item)
        for option, button in self.buttons:
            button.setChecked(option in chosen and (value is not None))
        self.group.setExclusive(not self.multi)

    @Slot()
    def _clicked(self) -> None:
        checked = [v for v, b in self.buttons if b.isChecked()]
        if self.multi:
            self._emit(checked)
        else:
            self._emit(checked[0] if checked else None)

    def focus_target(self) -> QWidget:
        for _value, button in self.buttons:
            if button.isChecked():
                return button
        return self.buttons[0][1] if self.buttons else self


def yes_no_options(item: Item) -> list[tuple[Any, str]]:
    """是 / 否 (/ 不适用)."""
    options: list[tuple[Any, str]] = [
        (True, translate("AnswerWidget", "是")),
        (False, translate("AnswerWidget", "否")),
    ]
    if item.allow_na:
        options.append(("na", translate("AnswerWidget", "不适用")))
    return options


class _IntBox(QSpinBox):
    """A spin box whose "not answered" text is selected on focus, so typing replaces it."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.value() == self.minimum():
            self.lineEdit().selectAll()


class _DecimalBox(QDoubleSpinBox):
    """The decimal twin of _IntBox."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.value() == self.minimum():
            self.lineEdit().selectAll()


class NumberAnswer(AnswerWidget):
    """A spin box with the item's min, max and unit; its lowest step means "not answered"."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.decimal = item.type == "decimal"
        box: QSpinBox | QDoubleSpinBox = _DecimalBox() if self.decimal else _IntBox()
        low = item.min if item.min is not None else -_BIG
        high = item.max if item.max is not None else _BIG
        if isinstance(box, QDoubleSpinBox):
            box.setDecimals(2)
            self.empty: float = low - 0.01
            box.setRange(self.empty, high)
        else:
            self.empty = int(low) - 1
            box.setRange(int(self.empty), int(high))
        box.setSpecialValueText(self.tr("未填写"))
        box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        box.setKeyboardTracking(False)
        box.setAccelerated(True)
        box.setMinimumWidth(140)
        if item.unit:
            box.setSuffix(f" {unit_text(item.unit)}")
        box.setAccessibleName(item.label.get(current_language()))
        self.box = box
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(self._clear_button())
        hint = self._range_hint()
        if hint:
            label = QLabel(hint)
            label.setObjectName("rangeHint")
            layout.addWidget(label)
        layout.addStretch(1)
        box.editingFinished.connect(self.commit)

    def _range_hint(self) -> str:
        item = self.item
        unit = f" {unit_text(item.unit)}" if item.unit else ""
        low = _number(item.min)
        high = _number(item.max)
        if item.min is not None and item.max is not None:
            return self.tr("范围 %1–%2").replace("%1", low).replace("%2", high) + unit
        if item.min is not None:
            return self.tr("不小于 %1").replace("%1", low) + unit
        if item.max is not None:
            return self.tr("不大于 %1").replace("%1", high) + unit
        return ""

    def _show(self, value: Any) -> None:
        self.box.setValue(self.empty if value is None else value)  # type: ignore[arg-type]

    def current(self) -> int | float | None:
        """The value shown (None for "not answered")."""
        value = self.box.value()
        if value <= self.empty:
            return None
        return round(value, 2) if self.decimal else int(value)

    @Slot()
    def commit(self) -> None:
        text = self.box.cleanText().strip()
        if text in ("", self.box.specialValueText()):  # an emptied field means "not answered"
            self._emit(None)
            return
        self.box.interpretText()
        self._emit(self.current())

    def focus_target(self) -> QWidget:
        return self.box


def _same(a: Any, b: Any) -> bool:
    """Equal as answers (a list and a tuple of the same choices are the same answer)."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return list(a) == list(b)
    return type(a) is type(b) and a == b or (a is None and b is None)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class DateAnswer(AnswerWidget):
    """A date field with a calendar popup; its lowest date means "not answered" (shown as 未填写)."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        from ui.tables.editors import TodayPageDateEdit

        # An empty field shows 未填写 (its minimum date); the popup opens on today's month.
        self.edit = TodayPageDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_EMPTY_DATE)
        self.edit.setSpecialValueText(self.tr("未填写"))
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumWidth(150)
        self.edit.setAccessibleName(item.label.get(current_language()))
        today = FieldButton(self.tr("今天"), self)
        today.clicked.connect(lambda: self._pick(QDate.currentDate()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(today)
        layout.addWidget(self._clear_button())
        layout.addStretch(1)
        self.edit.editingFinished.connect(self.commit)
        self.edit.calendarWidget().clicked.connect(self._pick)

    def _show(self, value: Any) -> None:
        if isinstance(value, date):
            self.edit.setDate(QDate(value.year, value.month, value.day))
        else:
            self.edit.setDate(
                _EMPTY_DATE
            )  # never select today here: that would show it as answered

    def current(self) -> date | None:
        """The date shown (None for "not answered")."""
        shown = self.edit.date()
        if shown <= _EMPTY_DATE:
            return None
        return date(shown.year(), shown.month(), shown.day())

    @Slot(QDate)
    def _pick(self, picked: QDate) -> None:
        self.edit.setDate(picked)
        self.commit()

    @Slot()
    def commit(self) -> None:
        self._emit(self.current())

    def focus_target(self) -> QWidget:
        return self.edit


class FieldButton(QToolButton):
    """A small flat button next to a field."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setAccessibleName(text)
        self.setAutoRaise(True)


class TextAnswer(AnswerWidget):
    """A one-line text, saved when Enter is pressed or the field is left."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(item.label.get(current_language()))
        self.edit.setClearButtonEnabled(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.editingFinished.connect(self.commit)
        self._shown: str = ""

    def _show(self, value: Any) -> None:
        self._shown = "" if value is None else str(value)
        self.edit.setText(self._shown)

    @Slot()
    def commit(self) -> None:
        text = one_line(self.edit.text())
        if text != self._shown:
            self._shown = text
            self._emit(text or None)

    def focus_target(self) -> QWidget:
        return self.edit


class IdNumberAnswer(TextAnswer):
    """A resident ID number with a live check (GB 11643: length, birth date, check digit)."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit.setMaxLength(18)
        self.edit.setPlaceholderText(self.tr("18位居民身份证号码"))
        self.check = QLabel()
        self.check.setObjectName("idCheck")
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.check)
        self.edit.textChanged.connect(self._live_check)

    @Slot(str)
    def _live_check(self, text: str) -> None:
        from checklists.idnumber import InvalidIdNumber, parse_id_number

        text = text.strip()
        if not text:
            self.check.setText("")
            return
        try:
            info = parse_id_number(text)
        except InvalidIdNumber:
            self.check.setText(self.tr("号码无效（请核对位数、出生日期和校验位）"))
            self.check.setProperty("valid", False)
        else:
            sex = self.tr("男") if info.sex == "male" else self.tr("女")
            self.check.setText(
                self.tr("有效：出生日期 %1，%2")
                .replace("%1", info.birth_date.isoformat())
                .replace("%2", sex)
            )
            self.check.setProperty("valid", True)
        self.check.style().polish(self.check)


class NoteAnswer(AnswerWidget):
    """A note: text only, nothing to answer."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        label = QLabel(self.tr("此项为说明，无需填写。"))
        label.setObjectName("noteHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)

    def _show(self, value: Any) -> None:
        return None


class CalculatedAnswer(AnswerWidget):
    """A value the checklist calculates from other answers: shown, not edited."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.label = QLabel()
        self.label.setObjectName("calculatedValue")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addStretch(1)

    def _show(self, value: Any) -> None:
        from ui.assessment.value_text import value_text

        shown = value_text(self.item, value) if value is not None else self.tr("（暂无法计算）")
        self.label.setText(self.tr("自动计算：%1").replace("%1", shown))
