"""ui.shell.operation_runner: a finished operation gives its value; a failure is shown (never hidden), a
refusal in the person's language, an unexpected one logged with its traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists.foundation.errors import InputError
from ui.shell import errors, operation_runner
from ui.shell.operation_runner import Done, run_op


@pytest.fixture
def shown(monkeypatch) -> list[BaseException]:
    found: list[BaseException] = []
    monkeypatch.setattr(operation_runner, "show_error", lambda _parent, exc: found.append(exc))
    return found


def test_a_finished_operation_gives_its_value(shown) -> None:
    assert run_op(None, lambda: 42) == Done(42)
    assert run_op(None, lambda: None) == Done(None)  # None is a value, not a failure
    assert shown == []


def test_a_refusal_is_shown_and_gives_nothing(shown) -> None:
    refusal = InputError("学校代码应为10位数字", "the school code must be 10 digits")

    def refuse() -> int:
        raise refusal

    assert run_op(None, refuse) is None
    assert shown == [refusal]


def test_an_unexpected_failure_is_logged_with_its_traceback(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(errors._log_state, "dir", tmp_path)
    dialogs: list[str] = []

    class FakeDialog:
        def __init__(self, message: str, details: str, path: Path | None, parent: object) -> None:
            dialogs.append(message)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr("ui.dialogs.error_details_dialog.ErrorDetailsDialog", FakeDialog)

    def broken() -> int:
        found: dict[str, int] = {}
        return found["missing"]

    assert run_op(None, broken) is None
    assert dialogs and "意外问题" in dialogs[0]
    logged = (tmp_path / errors.LOG_NAME).read_text(encoding="utf-8")
    assert "KeyError" in logged and "in broken" in logged  # the traceback, down to the failing line


def test_interrupts_are_not_caught(shown) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_op(None, interrupted)
    assert shown == []
