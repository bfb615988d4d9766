"""Long work off the UI thread: a JobThread runs one core operation with a cancellable progress callback."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

Progress = Callable[[str], None]
JobFunction = Callable[[Progress], Any]


class Cancelled(Exception):  # noqa: N818 - a request, not an error
    """The person cancelled the job; raised from the progress callback inside the worker."""


class JobThread(QThread):
    """Runs ``fn(progress)`` in its own thread; ``cancel()`` makes the next progress step raise.

    ``fn`` must open its own database session (SQLite connections stay in the thread that made
    them): use ``store.db.session()`` inside ``fn``, never a session of the UI thread. When
    QThread's ``finished`` is emitted exactly one of ``result`` / ``error`` / ``cancelled`` tells
    the outcome (``result`` may be None).

    Signals:
        progressed(str step): a step began (emitted from the worker thread).
        finished(): inherited from QThread; the job is over.
    """

    progressed = Signal(str)

    def __init__(self, fn: JobFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._stop = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False

    def cancel(self) -> None:
        """Ask the job to stop at its next step (any thread)."""
        self._stop.set()

    @property
    def cancel_requested(self) -> bool:
        """Whether cancel() was called."""
        return self._stop.is_set()

    def progress(self, step: str) -> None:
        """The callback handed to ``fn``: announce ``step``, then stop if cancelled."""
        self.progressed.emit(step)
        if self._stop.is_set():
            raise Cancelled(step)

    def run(self) -> None:
        """The job, in the worker thread (QThread.run)."""
        try:
            self.result = self._fn(self.progress)
        except Cancelled:
            self.cancelled = True
        except Exception as exc:  # shown by the caller through ui.shell.errors.show_error
            self.error = exc
