"""Fixtures of the report screens' tests: an open sample assessment, patched file dialogs and message boxes,
a signing identity, signed reports, and a helper that acts on a modal dialog once it is shown."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ui.store import Store

PASSPHRASE = "correct horse 8"
SCHOOL_CODE = "4419012345"
# Modules of the report screens that import ui.shell.errors.show_error by name (the operation runner
# shows the failures of the operations it runs).
ERROR_MODULES = (
    "ui.shell.operation_runner",
    "ui.export.actions",
    "ui.sign.actions",
    "ui.verify.verify_dialog",
)


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch) -> list[BaseException]:
    """Errors these screens would show in a dialog, recorded instead (a modal box would block the test)."""
    shown: list[BaseException] = []
    for name in ERROR_MODULES:
        monkeypatch.setattr(
            importlib.import_module(name), "show_error", lambda _p, exc: shown.append(exc)
        )
    return shown


class Boxes:
    """Recorded QMessageBox questions and notes; ``answer`` is what questions return."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.notes: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes


@pytest.fixture(autouse=True)
def boxes(monkeypatch) -> Boxes:
    """QMessageBox.question / information patched: recorded, questions answered with ``answer``."""
    found = Boxes()

    def question(_parent, _title, text, *args, **kwargs):
        found.questions.append(text)
        return found.answer

    def information(_parent, _title, text, *args, **kwargs):
        found.notes.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    return found


class Files:
    """Answers for the QFileDialog static functions, in order; asked titles are recorded."""

    def __init__(self) -> None:
        self.save: list[Path | None] = []
        self.open: list[Path | None] = []
        self.open_many: list[list[Path]] = []
        self.folders: list[Path | None] = []
        self.asked: list[str] = []

    def _next(self, queue: list[Any], title: str) -> Any:
        self.asked.append(title)
        assert queue, f"unexpected file dialog: {title!r}"
        return queue.pop(0)


@pytest.fixture(autouse=True)
def files(monkeypatch) -> Files:
    """QFileDialog patched: each call takes the next prepared answer (None = cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    found = Files()

    def save(_parent, title, *args, **kwargs):
        path = found._next(found.save, title)
        return (str(path) if path else "", "")

    def open_one(_parent, title, *args, **kwargs):
        path = found._next(found.open, title)
        return (str(path) if path else "", "")

    def open_many(_parent, title, *args, **kwargs):
        return ([str(p) for p in found._next(found.open_many, title)], "")

    def folder(_parent, title, *args, **kwargs):
        path = found._next(found.folders, title)
        return str(path) if path else ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_one))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_many))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))
    return found


def when_shown(
    kind: type[QWidget], act: Callable[[Any], None], *, timeout_ms: int = 60000
) -> list[Any]:
    """Call ``act(dialog)`` once a visible top-level ``kind`` appears (e.g. inside its exec());
    returns a list that holds the dialog once ``act`` ran."""
    done: list[Any] = []
    timer = QTimer()
    waited = {"ms": 0}

    def poll() -> None:
        waited["ms"] += 20
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible() and widget not in done:
                timer.stop()
                done.append(widget)
                act(widget)
                return
        if waited["ms"] > timeout_ms:
            timer.stop()

    timer.timeout.connect(poll)
    timer.start(20)
    when_shown.timers.append(timer)  # type: ignore[attr-defined]  # kept alive until the test ends
    return done


when_shown.timers = []  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _stop_timers():
    """Stop the when_shown timers; a modal dialog nobody handles is closed after 60 s (the test
    then fails on what it expected) instead of waiting for pytest's timeout."""
    stuck: list[str] = []
    watchdog = QTimer()
    seen: dict[int, int] = {}

    def watch() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            seen.clear()
            return
        seen[id(modal)] = seen.get(id(modal), 0) + 1
        if seen[id(modal)] > 300:  # 300 × 200 ms
            stuck.append(modal.windowTitle())
            modal.close()

    watchdog.timeout.connect(watch)
    watchdog.start(200)
    yield
    watchdog.stop()
    assert not stuck, f"a modal dialog was left open: {stuck}"
    for timer in when_shown.timers:  # type: ignore[attr-defined]
        timer.stop()
    when_shown.timers.clear()  # type: ignore[attr-defined]


@pytest.fixture
def opened(sample_window, sample_id: int):
    """The main window with the sample assessment open."""
    sample_window.open_assessment(sample_id)
    assert sample_window.assessment is not None
    return sample_window


@pytest.fixture
def identity(store: Store):
    """A signing identity of the sample school in the test's data folder."""
    from reports.signing import create_identity

    return create_identity(
        store.data_dir,
        school_name="东莞市南城示例实验小学",
        school_code=SCHOOL_CODE,
        signer="林思远",
        title="校长",
        passphrase=PASSPHRASE,
    )


@pytest.fixture
def signed_pdf(store: Store, sample_id: int, identity, tmp_path: Path) -> Path:
    """The sample's report, signed with ``identity`` (the assessment is locked)."""
    from reports.export_ops import SigningRequest, export_report

    out = tmp_path / "signed.pdf"
    export_report(
        store.db,
        sample_id,
        out,
        now=datetime.now().astimezone(),
        signing=SigningRequest(identity.identity_id, PASSPHRASE),
    )
    return out


def tampered_copy(path: Path, target: Path) -> Path:
    """A copy of ``path`` with one byte flipped in the middle of the signed content."""
    data = bytearray(path.read_bytes())
    index = len(data) // 3
    data[index] ^= 0x01
    target.write_bytes(bytes(data))
    return target
