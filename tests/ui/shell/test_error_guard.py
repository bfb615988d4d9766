"""The UI's guard: even when the error dialog fails, or a worker thread dies, no traceback reaches the console."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from ui.shell import errors


@pytest.fixture
def hooked(monkeypatch, data_dir: Path) -> Path:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.set_log_dir(data_dir / "logs")
    errors.install_excepthook()
    return data_dir / "logs" / "campus.log"


def _raise(kind: type[BaseException], text: str) -> None:
    try:
        raise kind(text)
    except kind:
        sys.excepthook(*sys.exc_info())


def test_a_failing_error_dialog_still_shows_no_traceback(monkeypatch, hooked: Path, capsys) -> None:
    def broken_dialog(parent: object, exc: BaseException) -> None:
        raise RuntimeError("the dialog could not be built")

    monkeypatch.setattr(errors, "show_error", broken_dialog)
    _raise(ValueError, "secret-detail-123")
    err = capsys.readouterr().err
    assert "Traceback" not in err and "secret-detail-123" not in err
    assert err.count("\n") == 1 and str(hooked) in err
    logged = hooked.read_text(encoding="utf-8")
    assert "secret-detail-123" in logged and "Traceback" in logged


def test_a_worker_thread_that_dies_is_logged_not_printed(hooked: Path, capsys) -> None:
    def work() -> None:
        raise LookupError("thread-detail-456")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert capsys.readouterr().err == ""
    assert "thread-detail-456" in hooked.read_text(encoding="utf-8")


def test_a_closed_console_is_not_an_error(monkeypatch, hooked: Path, capsys) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc))
    _raise(BrokenPipeError, "gone")
    assert shown == [] and capsys.readouterr().err == ""
