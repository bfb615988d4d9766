"""A warning where a character the bundled font cannot draw is typed, in any text field of the app."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Signal, Slot
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from reports.fonts import describe_character, missing_characters

WATCHED = "fontWatched"
FLAG = "undrawable"  # a dynamic property the stylesheet marks (amber frame)
_SAVED_TIP = "toolTipBeforeFontWarning"


def field_text(widget: QWidget) -> str | None:
    """The text of a text field (line edit, plain or rich text edit); None for other widgets."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    return None


def ordered_missing(text: str) -> list[str]:
    """The characters of ``text`` the font lacks, in the order they first appear."""
    missing = missing_characters(text)
    return sorted(missing, key=text.index)


class UndrawableWatcher(QObject):
    """Watches every text field that gets the focus and warns on characters the font lacks.

    The field gets an amber frame and a tooltip naming each character and its code point
    (shown at once, and kept while the character is there); the field's own tooltip comes
    back when the text is clean again. Watching starts when a field first gets the focus,
    so table-cell editors and dialogs are covered without registering each one.

    Signals:
        warned(QWidget field, str characters): characters the font lacks were typed.
    """

    warned = Signal(QWidget, str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusChanged.connect(self._on_focus)

    @Slot(QWidget, QWidget)
    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            self.watch(new)

    def watch(self, widget: QWidget) -> None:
        """Start watching ``widget`` if it is a text field (once) and check its current text."""
        if field_text(widget) is None or widget.property(WATCHED):
            return
        widget.setProperty(WATCHED, True)
        widget.textChanged.connect(self._on_changed)  # type: ignore[attr-defined]
        self.check(widget)

    @Slot()
    def _on_changed(self) -> None:
        sender = self.sender()
        if isinstance(sender, QWidget):
            self.check(sender)

    def message(self, chars: list[str]) -> str:
        """The warning naming ``chars``."""
        shown = "、".join(describe_character(c) for c in chars)
        return self.tr(
            "内置字体缺字：%1。界面和报告中将显示为带问号的方框（报告的文字层保留原字）。"
            "如可能，请改用规范字形。"
        ).replace("%1", shown)

    def check(self, widget: QWidget) -> list[str]:
        """Flag or clear ``widget`` for its current text; returns the characters the font lacks."""
        text = field_text(widget) or ""
        chars = ordered_missing(text)
        if chars:
            message = self.message(chars)
            if not widget.property(FLAG):
                widget.setProperty(_SAVED_TIP, widget.toolTip())
            widget.setToolTip(message)
            self._set_flag(widget, True)
            if widget.isVisible():
                QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), message, widget)
            self.warned.emit(widget, "".join(chars))
        elif widget.property(FLAG):
            widget.setToolTip(str(widget.property(_SAVED_TIP) or ""))
            self._set_flag(widget, False)
        return chars

    @staticmethod
    def _set_flag(widget: QWidget, on: bool) -> None:
        widget.setProperty(FLAG, on)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)


def install_undrawable_watcher(app: QApplication) -> UndrawableWatcher:
    """The application's one watcher (created on first call)."""
    existing = app.findChild(UndrawableWatcher)
    if isinstance(existing, UndrawableWatcher):
        return existing
    return UndrawableWatcher(app)
