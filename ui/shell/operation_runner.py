"""Running an operation from the UI with its failure shown by default (after Anki's CollectionOp).

    done = run_op(self, lambda: self.store.call(lambda s: start_assessment(s, ...)))
    if done is None:
        return  # the person was told why, in their language
    self.open_assessment(done.value)

A refusal of bad input (a UserFacingError) is shown in the person's language; anything else is
shown in the unexpected-error dialog and its traceback written to the log (ui.shell.errors.show_error).
Nothing is swallowed: every failure is shown, and a failed operation leaves no result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtWidgets import QWidget

from ui.shell.errors import show_error

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """A finished operation and what it returned (true in a condition, even when the value is not)."""

    value: T


def run_op(parent: QWidget | None, op: Callable[[], T]) -> Done[T] | None:
    """Run ``op``; its result in a Done, or None once its failure has been shown over ``parent``."""
    try:
        return Done(op())
    except Exception as exc:  # shown (an unexpected one logged with its traceback), never hidden
        show_error(parent, exc)
        return None
