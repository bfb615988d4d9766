"""The typed-character warning: a field with a character the bundled font lacks says which one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ui.shell.font_watch import FLAG, WATCHED, UndrawableWatcher, install_undrawable_watcher
from ui.shell.style import register_fonts

NOT_IN_FONT = "𠀀"  # U+20000


@pytest.fixture
def watcher(qapp):
    """A watcher of its own, removed after the test (so the next test's install makes a new one)."""
    made = UndrawableWatcher(qapp)
    yield made
    made.setParent(None)
    made.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _form(qtbot) -> tuple[QWidget, QLineEdit, QPlainTextEdit]:
    form = QWidget()
    line, notes = QLineEdit(), QPlainTextEdit()
    line.setToolTip("保安员姓名")
    layout = QVBoxLayout(form)
    layout.addWidget(line)
    layout.addWidget(notes)
    qtbot.addWidget(form)
    return form, line, notes


def test_rare_names_are_drawn_by_the_bundled_font(qapp) -> None:
    family = register_fonts()
    assert family == "CampusCJK" and QApplication.font().family() == family
    metrics = QFontMetrics(QFont(family, 10))
    for char in "道滘高埗李堃王喆刘䶮陈玥张镕𫖮":
        assert metrics.inFontUcs4(ord(char)), char
    assert not metrics.inFontUcs4(ord(NOT_IN_FONT))


def test_line_edit_names_the_character_and_clears(watcher, qtbot) -> None:
    _form_widget, line, _notes = _form(qtbot)
    watcher.watch(line)
    with qtbot.waitSignal(watcher.warned) as signal:
        line.setText(f"张{NOT_IN_FONT}三")
    assert signal.args == [line, NOT_IN_FONT]
    assert line.property(FLAG) is True
    assert "𠀀 (U+20000)" in line.toolTip()
    line.setText("李堃")  # covered by the font: no warning, the field's own tooltip is back
    assert not line.property(FLAG)
    assert line.toolTip() == "保安员姓名"


def test_clean_text_never_warns(watcher, qtbot) -> None:
    _form_widget, line, _notes = _form(qtbot)
    watcher.watch(line)
    warnings: list[str] = []
    watcher.warned.connect(lambda _w, chars: warnings.append(chars))
    line.setText("东莞市道滘镇高埗中心小学 刘䶮 𫖮 ✔ ✗ ≒")
    assert warnings == [] and not line.property(FLAG)


@pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise|propagateSizeHints)\(\)"  # offscreen tooltip window
)
def test_fields_are_watched_when_they_get_the_focus(watcher, qapp, qtbot) -> None:
    assert install_undrawable_watcher(qapp) is watcher  # one per application
    form, _line, notes = _form(qtbot)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    notes.setFocus()
    qtbot.waitUntil(lambda: bool(notes.property(WATCHED)))
    notes.setPlainText(f"整改说明：{NOT_IN_FONT}")
    assert notes.property(FLAG) is True and "U+20000" in notes.toolTip()


def test_warning_names_every_character_in_order(watcher) -> None:
    line = QLineEdit(f"\U0002a6a5{NOT_IN_FONT}\U0002a6a5")
    assert watcher.check(line) == ["\U0002a6a5", NOT_IN_FONT]
    assert watcher.message(["\U0002a6a5", NOT_IN_FONT]).index("U+2A6A5") < watcher.message(
        ["\U0002a6a5", NOT_IN_FONT]
    ).index("U+20000")
