"""Checking many files in several processes, results streamed back as they finish."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence, Set
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from reports.aggregate.process import start_worker

if TYPE_CHECKING:
    from reports.aggregate.facts import FileOutcome

# The checking (reports.aggregate.worker) is imported once the workers are started: this
# module is imported before they are, and the command waits for nothing it does not need.

StopCheck = Callable[[], bool]
Batch = list[str]
# Files travel to the workers in small batches. The pool's own thread hands submitted batches
# to the workers, so enough are submitted ahead (~1-2 s of checking) that the workers keep busy
# while this process is committing a batch of results to the store (an fsync can take a few
# tenths of a second on a busy disk). Only small outcomes wait in memory.
_MAX_BATCH = 8
_BATCHES_PER_WORKER = 16
_POLL_SECONDS = 0.2


def default_workers() -> int:
    """One worker process per CPU."""
    return os.cpu_count() or 1


class StartedPool:
    """Worker processes started before the run knows what they need: they spawn and import
    the checking while this process imports the database and opens the store (one core would
    be idle otherwise). The first check_files given it uses it; ``close()`` ends it."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.executor: ProcessPoolExecutor | None = None
        self.setup: str | None = None
        if count > 1:
            executor = _executor(count, start_worker, ())
            try:
                for _ in range(count):
                    executor.submit(int)  # a process is spawned per task while none is idle
            except (OSError, RuntimeError):
                # Processes that cannot start (a broken pool): none are started ahead; the
                # run's own pool meets the same failure where a run reports it.
                executor.shutdown(wait=True, cancel_futures=True)
            else:
                self.executor = executor

    def take(
        self, known: Set[str]
    ) -> tuple[ProcessPoolExecutor, Callable[[Batch], list[FileOutcome]]]:
        """The executor, and the task that checks a batch with ``known`` and the checklists."""
        from reports.aggregate.worker import check_batch_set_up, write_setup

        assert self.executor is not None
        handle, self.setup = tempfile.mkstemp(prefix="campus-check-", suffix=".pickle")
        os.close(handle)
        write_setup(self.setup, known)
        executor, self.executor = self.executor, None
        return executor, partial(check_batch_set_up, self.setup)

    def close(self) -> None:
        """Stop the processes (when no run took them) and remove the setup file."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        if self.setup is not None:
            Path(self.setup).unlink(missing_ok=True)
            self.setup = None

    def __enter__(self) -> StartedPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def start_pool(workers: int | None, files: int) -> StartedPool:
    """Start the worker processes for checking ``files`` files ahead (none for one worker or
    one file: those are checked in this process)."""
    return StartedPool(min(default_workers() if workers is None else workers, files))


def _executor(
    count: int, initializer: Callable[..., None], args: tuple[object, ...]
) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(count, mp_context=context, initializer=initializer, initargs=args)


def check_files(
    files: Sequence[Path],
    known: Set[str],
    *,
    workers: int | None = None,
    should_stop: StopCheck | None = None,
    started: StartedPool | None = None,
) -> Iterator[FileOutcome]:
    """Yield the outcome of every file in ``files`` (as batches of them finish).

    Each file is read inside a worker process, one at a time, and let go of there; only the
    small outcome travels back. With one worker (or one file) the check runs in this process.
    ``should_stop`` is polled: once it is true no new batch starts and the generator ends
    after the batches already being checked. Spawned processes (not forked): safe from a
    thread of a Qt application and the same on every platform. ``started``: processes
    started ahead for this run (start_pool), used first.
    """
    stop = should_stop or (lambda: False)
    count = min(default_workers() if workers is None else workers, len(files))
    if count <= 1:
        yield from _in_process(files, known, stop)
        return
    size = max(1, min(_MAX_BATCH, len(files) // (count * 8)))
    paths = [str(p) for p in files]
    queue = [paths[i : i + size] for i in range(0, len(paths), size)][::-1]  # popped from the end
    while queue and not stop():
        ahead = started if started is not None and started.executor is not None else None
        yield from _run_pool(queue, known, count, stop, ahead)


def _in_process(files: Sequence[Path], known: Set[str], stop: StopCheck) -> Iterator[FileOutcome]:
    from reports.aggregate.worker import check_file, init_worker

    init_worker(known)
    try:
        for path in files:
            if stop():
                return
            yield check_file(str(path))
    finally:
        init_worker(frozenset())


def _run_pool(
    queue: list[Batch],
    known: Set[str],
    count: int,
    stop: StopCheck,
    started: StartedPool | None = None,
) -> Iterator[FileOutcome]:
    """Check batches from ``queue`` until it is empty, ``stop`` holds or the pool breaks."""
    from reports.aggregate.worker import check_batch, shipped_checklists, start_checking

    task: Callable[[Batch], list[FileOutcome]]
    if started is not None:
        pool, task = started.take(known)
    else:
        pool = _executor(count, start_checking, (frozenset(known), shipped_checklists()))
        task = check_batch
    pending: dict[Future[list[FileOutcome]], Batch] = {}
    limit = count * _BATCHES_PER_WORKER
    finished = False
    try:
        _fill(pool, task, queue, pending, limit, stop)
        while pending:
            done, _ = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                batch = pending.pop(future)
                if not future.cancelled():  # cancelled: never started, after a stop
                    yield from _results(future, batch)
            if stop():
                for future in pending:
                    future.cancel()
            _fill(pool, task, queue, pending, limit, stop)
        finished = not queue
    except BrokenProcessPool:
        # A worker died (killed, out of memory): the files it had are reported as failed and
        # the rest go to a fresh pool.
        for future, batch in pending.items():
            if not future.cancelled():
                yield from _results(future, batch)
    finally:
        # Every batch checked: the workers have nothing left but to exit, and this process
        # goes on (to the summary) meanwhile; the executor's thread joins them, and Python
        # joins that thread before it exits. Stopped or broken: wait for them here.
        pool.shutdown(wait=not finished, cancel_futures=True)


def _fill(
    pool: ProcessPoolExecutor,
    task: Callable[[Batch], list[FileOutcome]],
    queue: list[Batch],
    pending: dict[Future[list[FileOutcome]], Batch],
    limit: int,
    stop: StopCheck,
) -> None:
    while queue and len(pending) < limit and not stop():
        batch = queue.pop()
        try:
            pending[pool.submit(task, batch)] = batch
        except BrokenProcessPool:
            queue.append(batch)  # not started: the next pool takes it
            raise


def _results(future: Future[list[FileOutcome]], batch: Batch) -> list[FileOutcome]:
    from reports.aggregate.worker import failed

    try:
        return future.result()
    except BrokenProcessPool:
        return [failed(path, "check_failed", "worker process died") for path in batch]
    except Exception as exc:  # e.g. an outcome that could not be sent back
        return [failed(path, "check_failed", f"{type(exc).__name__}: {exc}") for path in batch]
