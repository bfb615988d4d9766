"""Cell editors of the table editor: a clearable date, choices, numbers in range, an ID number checked while typing."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDoubleValidator, QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from checklists.idnumber import InvalidIdNumber, parse_id_number
from checklists.model import Item
from ui.tables.columns import yes_no_text
from ui.tables.texts import FAIL_TEXT, current_lang

EMPTY_DATE = QDate(1900, 1, 1)  # the QDateEdit minimum stands for "no date"
_INT_BOUND = 2_000_000_000
PASS_COLOUR = "#2E7D32"


class CompositeEditor(QWidget):
    """An editor made of several widgets: tells the delegate when to commit or cancel.

    Signals:
        committed(): Enter pressed or focus left the editor — save the value.
        cancelled(): Escape pressed — drop the edit.
    """

    committed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)  # editors wider than their cell cover the neighbours
        self._done = False

    def watch(self, widget: QWidget) -> None:
        """Listen to ``widget``'s keys and focus (a child that takes the typing)."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.finish()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._done = True
                self.cancelled.emit()
                return True
        if event.type() == QEvent.Type.FocusOut and not self._inside(QApplication.focusWidget()):
            self.finish()
        return super().eventFilter(watched, event)

    def finish(self) -> None:
        """Commit once."""
        if not self._done:
            self._done = True
            self.committed.emit()

    def _inside(self, widget: QWidget | None) -> bool:
        while widget is not None:
            if widget is self:
                return True
            widget = widget.parentWidget()
        return QApplication.activePopupWidget() is not None  # a calendar or list popup is open


class TodayPageDateEdit(QDateEdit):
    """A QDateEdit whose calendar opens on today's month while it is still empty (its minimum
    date, shown as the special text), and which takes a typed date over the special text."""

    def mousePressEvent(self, event: Any) -> None:
        super().mousePressEvent(event)
        self._show_today_page()

    _advanced = False  # the last digit completed a section and moved on to the next

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text in ("-", "/", ".") and self._advanced:
            self._advanced = False  # "2021-" : the year already moved on; the "-" is typed anyway
            return
        if self.date() == self.minimumDate() and text.isdigit():
            # Empty ("未填写"): typing a date replaces the placeholder instead of appending to it.
            self.setDate(QDate.currentDate())
            self.setSelectedSection(QDateEdit.Section.YearSection)
        before = self.currentSection()
        super().keyPressEvent(event)
        self._advanced = text.isdigit() and self.currentSection() != before
        self._show_today_page()

    def _show_today_page(self) -> None:
        if self.date() == self.minimumDate():
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())


class DateCellEditor(CompositeEditor):
    """A date with a calendar popup, and a button that clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = TodayPageDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(EMPTY_DATE)
        self.clear_button = QToolButton(self)
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self.watch(self.edit)
        # A day clicked in the calendar is the whole edit (the popup closes first, then commit).
        self.edit.calendarWidget().clicked.connect(lambda _day: QTimer.singleShot(0, self.finish))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The texts in the current language."""
        self.edit.setSpecialValueText(self.tr("（空）"))
        self.clear_button.setText(self.tr("清除"))
        self.clear_button.setToolTip(self.tr("清除这个日期"))

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None: empty)."""
        self.edit.setDate(
            EMPTY_DATE if value is None else QDate(value.year, value.month, value.day)
        )

    def value(self) -> date | None:
        """The chosen date, or None when cleared."""
        chosen = self.edit.date()
        if chosen == EMPTY_DATE or not chosen.isValid():
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    @Slot()
    def clear(self) -> None:
        """Empty the date."""
        self.edit.setDate(EMPTY_DATE)
        self.edit.setFocus()


class IdNumberEditor(CompositeEditor):
    """An ID number field that shows ✓ or ✗ and the reason while typing."""

    def __init__(self, reference_date: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference_date = reference_date
        self.line = QLineEdit(self)
        self.line.setMaxLength(40)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("0" * 20) + 12)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self._set_border()
        layout = self._layout = QVBoxLayout(
            self
        )  # the check under the number: covers the row below
        layout.setContentsMargins(1, 1, 4, 3)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.status)
        self.line.textChanged.connect(self._check)
        self.setFocusProxy(self.line)
        self.watch(self.line)
        self.valid: bool | None = None

    def _set_border(self) -> None:
        """A thin border so the editor reads as one box over the rows it covers."""
        self.setObjectName("idNumberEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#idNumberEditor { border: 1px solid palette(mid); background: palette(base); }"
        )

    def preferred_height(self) -> int:
        """Room for the number and two lines of explanation."""
        layout = self._layout
        margins = layout.contentsMargins()
        line = self.status.fontMetrics().lineSpacing()
        return (
            self.line.sizeHint().height()
            + 2 * line
            + layout.spacing()
            + margins.top()
            + margins.bottom()
            + 2
        )

    def set_value(self, value: str | None) -> None:
        """Show ``value`` and its check."""
        self.line.setText(value or "")
        self._check(self.line.text())

    def value(self) -> str:
        """The typed text."""
        return self.line.text()

    @Slot(str)
    def _check(self, text: str) -> None:
        if not text.strip():
            self.valid = None
            self.status.setText("")
            return
        try:
            info = parse_id_number(text, self.reference_date)
        except InvalidIdNumber as exc:
            self.valid = False
            self.status.setText("✗ " + exc.text(current_lang()))
            self.status.setStyleSheet(f"color: {FAIL_TEXT.name()};")
            self.status.setToolTip(exc.text(current_lang()))
            return
        self.valid = True
        sex = self.tr("男") if info.sex == "male" else self.tr("女")
        self.status.setText(
            "✓ "
            + self.tr("有效，出生 %1，%2")
            .replace("%1", info.birth_date.isoformat())
            .replace("%2", sex)
        )
        self.status.setStyleSheet(f"color: {PASS_COLOUR};")
        self.status.setToolTip("")

    def status_text(self) -> str:
        """What the check says now ('' for an empty field)."""
        return self.status.text()


class MultiChoiceEditor(CompositeEditor):
    """One check box per choice."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for choice in item.choices:
            box = QCheckBox(choice.label.get(current_lang()), self)
            layout.addWidget(box)
            self.watch(box)
            self.boxes.append((choice.value, box))
        if self.boxes:
            self.setFocusProxy(self.boxes[0][1])

    def set_value(self, value: Any) -> None:
        """Tick the chosen values."""
        chosen = set(value or ())
        for key, box in self.boxes:
            box.setChecked(key in chosen)

    def value(self) -> list[str] | None:
        """The ticked values in the definition's order (None when none)."""
        ticked = [key for key, box in self.boxes if box.isChecked()]
        return ticked or None


class ChoiceCombo(QComboBox):
    """A combo box that says when an entry was picked from its list (not when arrowed through).

    Signals:
        picked(): an entry was chosen in the popup list — the whole edit, save it.
    """

    picked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._closing = False
        self.activated.connect(self._on_activated)

    def hidePopup(self) -> None:
        self._closing = True  # Qt hides the list, then emits activated for the chosen entry
        super().hidePopup()
        QTimer.singleShot(0, self._reset)

    @Slot()
    def _reset(self) -> None:
        self._closing = False

    @Slot(int)
    def _on_activated(self, _index: int) -> None:
        if self._closing:
            self._closing = False
            self.picked.emit()


def choice_combo(item: Item, parent: QWidget) -> ChoiceCombo:
    """A combo box of the item's answers, the first entry empty (clears the cell)."""
    combo = ChoiceCombo(parent)
    combo.addItem("", None)
    if item.type == "yes_no":
        for value in (True, False, *(("na",) if item.allow_na else ())):
            combo.addItem(yes_no_text(value), value)
    else:
        for choice in item.choices:
            combo.addItem(choice.label.get(current_lang()), choice.value)
    return combo


def number_line(item: Item, parent: QWidget) -> QLineEdit:
    """A line edit that takes only numbers within the item's min and max ('' clears)."""
    line = QLineEdit(parent)
    low = item.min if item.min is not None else -_INT_BOUND
    high = item.max if item.max is not None else _INT_BOUND
    if item.type == "integer":
        validator: QIntValidator | QDoubleValidator = QIntValidator(int(low), int(high), line)
    else:
        validator = QDoubleValidator(low, high, 6, line)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
    validator.setLocale(QLocale.c())  # a dot for decimals, whatever the system locale
    line.setValidator(validator)
    line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if item.min is not None or item.max is not None:
        bounds = (
            f"{low:g} – {high:g}"
            if item.min is not None and item.max is not None
            else (f"≥ {low:g}" if item.min is not None else f"≤ {high:g}")
        )
        line.setPlaceholderText(bounds)
        line.setToolTip(bounds)
    return line
