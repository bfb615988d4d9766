"""AggregateWorker: a QThread running the core's aggregation off the UI thread, cancellable."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from reports.aggregate import (
    FileOutcome,
    RunResult,
    Summary,
    aggregate_paths,
    build_summary,
    open_store,
    trusted_fingerprints,
)


@dataclass(frozen=True)
class AggregateOutcome:
    """What a finished job hands back: the run (None when only the summary was read) and the summary."""

    run: RunResult | None
    summary: Summary


class AggregateWorker(QThread):
    """Checks the files under ``paths`` into the data folder's office store, then summarises it;
    with no paths it only reads the summary. ``start()`` runs it; ``cancel()`` stops it.

    When QThread's ``finished`` is emitted, exactly one of ``outcome`` (an AggregateOutcome)
    and ``error`` (the exception, e.g. the store cannot be opened) is set.

    Signals:
        progress(int done, int total): after each file (from the worker thread).
        finished(): inherited from QThread; the job is over (completed, cancelled or failed).
    """

    progress = Signal(int, int)

    def __init__(
        self,
        data_dir: Path,
        paths: Sequence[Path],
        *,
        require_trust: bool = False,
        workers: int | None = None,
        scope: set[str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.paths = list(paths)
        self.require_trust = require_trust
        self.workers = workers
        self.scope = scope  # only reading: the summary of these contents (None: the whole store)
        self.outcome: AggregateOutcome | None = None
        self.error: BaseException | None = None
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the run to stop: files being checked finish, no new file starts (any thread)."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._stop.is_set()

    def run(self) -> None:
        """The job, in the worker thread (QThread.run)."""
        try:
            self.outcome = self._aggregate()
        except Exception as exc:  # shown by the window through ui.shell.errors.show_error
            self.error = exc

    def _aggregate(self) -> AggregateOutcome:
        from reports.aggregate.pins import run_pins

        trusted = trusted_fingerprints([], self.data_dir)
        with open_store(None, data_dir=self.data_dir) as store:
            run = None
            if self.paths:
                run = aggregate_paths(
                    self.paths,
                    store,
                    workers=self.workers,
                    progress=self._progress,
                    should_stop=self._stop.is_set,
                )
            summary = build_summary(
                store,
                trusted=trusted,
                require_trust=self.require_trust,
                failed=run.failed if run else (),
                pins=run_pins([], self.data_dir),
                scope=run.contents if run is not None else self.scope,
            )
        return AggregateOutcome(run, summary)

    def _progress(self, done: int, total: int, _outcome: FileOutcome) -> None:
        self.progress.emit(done, total)
