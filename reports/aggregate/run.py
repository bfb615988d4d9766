"""One aggregation run: find the files, check them in worker processes, store the verdicts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reports.aggregate.database import OfficeStore
from reports.aggregate.facts import CHECK_VERSION, FileOutcome
from reports.aggregate.inputs import ReportFiles, list_report_files
from reports.aggregate.pool import StartedPool, StopCheck, check_files
from reports.aggregate.records import Recorder, stored_files

# Called after each file with (files done, files in total, its outcome).
ProgressCallback = Callable[[int, int, FileOutcome], None]


@dataclass
class RunResult:
    """What one run did: counts by outcome, and the files that could not be read or checked.

    A file whose content another file of the run already had is counted once, in
    ``duplicates``, not again as new or stored. ``contents`` is the SHA-256 of every file
    read: the scope of a summary of this run's paths.
    """

    files: int = 0
    done: int = 0
    accepted: int = 0
    rejected: int = 0
    known: int = 0
    failed: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False
    duplicates: int = 0
    contents: set[str] = field(default_factory=set)

    def count(self, outcome: FileOutcome) -> None:
        """Add one outcome to the tally."""
        self.done += 1
        if outcome.status == "failed":
            self.failed.append(outcome)
        elif outcome.sha256 in self.contents:
            self.duplicates += 1
        else:
            if outcome.sha256 is not None:
                self.contents.add(outcome.sha256)
            setattr(self, outcome.status, getattr(self, outcome.status) + 1)


def aggregate_paths(
    paths: Iterable[Path],
    store: OfficeStore,
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> RunResult:
    """Check every report file under ``paths`` and store the verdicts in ``store``.

    Files whose content (SHA-256) the store already holds are not checked again, so a second
    run over the same files changes nothing. One bad file never stops the run; files that
    cannot be read (dangling links, link loops, no permission, gone meanwhile) are in
    ``RunResult.failed`` (and not stored). ``should_stop`` cancels: what was checked until
    then is stored. A path given here that does not exist is an InputError.
    """
    return aggregate_files(
        list_report_files(paths), store, workers=workers, progress=progress, should_stop=should_stop
    )


def aggregate_files(
    listed: ReportFiles,
    store: OfficeStore,
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    started: StartedPool | None = None,
) -> RunResult:
    """:func:`aggregate_paths` on files already listed (the folder is listed once per run),
    with worker processes ``started`` ahead (pool.start_pool) when given.

    A database that fails on the way (a server gone, a full disk) is an EnvironmentProblem in
    one line, without SQL or its parameters; what was stored before stays stored.
    """
    with store.translate_errors():
        with store.connect() as s:
            stored = stored_files(s)
        known = {sha for sha, (_, version) in stored.items() if version == CHECK_VERSION}
        recorder = Recorder(store, stored)
        files = listed.files
        result = RunResult(files=len(files) + len(listed.unlisted))
        for where, zh, en in listed.unlisted:
            outcome = FileOutcome(
                where, "failed", reasons=("unreadable",), detail_zh=zh, detail_en=en
            )
            result.count(outcome)
            if progress is not None:
                progress(result.done, result.files, outcome)
        try:
            checked = check_files(
                files, known, workers=workers, should_stop=should_stop, started=started
            )
            for outcome in checked:
                recorder.add(outcome)
                result.count(outcome)
                if progress is not None:
                    progress(result.done, result.files, outcome)
        finally:
            recorder.flush()
    result.cancelled = result.done < result.files
    return result
