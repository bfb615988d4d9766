"""Fixtures of the UI tests: an open store on a fresh data folder, the sample imported, isolated settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from models.database import open_database
from ui.open_assessment import OpenAssessment
from ui.shell.demo import import_sample
from ui.store import Store

_HERE = Path(__file__).resolve().parent
# The offscreen platform says this about every shown top-level window; it is not our warning.
_OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen platform's propagateSizeHints warning in the UI tests."""
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(_HERE):
            item.add_marker(_OFFSCREEN_NOISE)


@pytest.fixture(autouse=True)
def no_unexpected_modal(request, monkeypatch) -> None:
    """A modal dialog nobody patched would wait for a click forever: fail at once instead."""
    if Path(str(request.node.fspath)).resolve().parent != _HERE:
        return  # only this folder's tests (not tables/ or findings/)
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(dialog) -> int:
        raise AssertionError(
            f"unexpected modal dialog: {dialog.windowTitle()!r} {getattr(dialog, 'text', lambda: '')()!r}"
        )

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp) -> Iterator[Path]:
    """QSettings in a temporary folder, so tests never touch the user's settings."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("CampusSelfCheckTests")
    QCoreApplication.setApplicationName("CampusSelfCheckTests")
    yield folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A Store on a fresh data folder (closed after the test)."""
    db = open_database(data_dir)
    st = Store(db, "tester")
    yield st
    db.close()


@pytest.fixture
def sample_id(store: Store) -> int:
    """The sample school's assessment, imported into the test's data folder."""
    return store.call(lambda s: import_sample(s, user="tester"))


@pytest.fixture
def sample_model(store: Store, sample_id: int) -> OpenAssessment:
    """The sample assessment opened as an OpenAssessment."""
    return OpenAssessment(store, sample_id)


@pytest.fixture
def window(qtbot, store: Store):
    """The main window on the test's data folder (started and shown)."""
    from ui.shell.main_window import MainWindow

    win = MainWindow(store)
    qtbot.addWidget(win)
    win.start()
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def sample_window(qtbot, store: Store, sample_id: int):
    """The main window with the sample school in the data folder, on the home page."""
    from ui.shell.main_window import MainWindow

    win = MainWindow(store)
    qtbot.addWidget(win)
    win.start()
    win.show()
    qtbot.waitExposed(win)
    return win


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text`` into ``widget``: ASCII by key clicks, Chinese as an input method commits it."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QCoreApplication.sendEvent(widget, event)


def click_button(qtbot, button) -> None:
    """Click a radio button or check box on its indicator (its centre may lie past the text)."""
    from PySide6.QtCore import QPoint, Qt

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
