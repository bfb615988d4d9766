"""Checking many files in several processes, results streamed back as they finish."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence, Set
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reports.aggregate.facts import FileOutcome
from reports.aggregate.worker import check_file, failed, init_worker

StopCheck = Callable[[], bool]
# Files in flight per worker: enough to keep every process busy, few enough that nothing piles up.
_IN_FLIGHT_PER_WORKER = 8
_POLL_SECONDS = 0.2


def default_workers() -> int:
    """One worker process per CPU."""
    return os.cpu_count() or 1


def check_files(
    files: Sequence[Path],
    known: Set[str],
    *,
    workers: int | None = None,
    should_stop: StopCheck | None = None,
) -> Iterator[FileOutcome]:
    """Yield the outcome of every file in ``files`` (in the order they finish).

    Each file is read inside a worker process, one at a time, and let go of there; only the
    small outcome travels back. With one worker (or one file) the check runs in this process.
    ``should_stop`` is polled: once it is true no new file starts and the generator ends
    after the files already being checked. Spawned processes (not forked): safe from a
    thread of a Qt application and the same on every platform.
    """
    stop = should_stop or (lambda: False)
    count = min(default_workers() if workers is None else workers, len(files))
    if count <= 1:
        yield from _in_process(files, known, stop)
        return
    queue = [str(p) for p in reversed(files)]  # popped from the end: original order
    while queue and not stop():
        yield from _run_pool(queue, known, count, stop)


def _in_process(files: Sequence[Path], known: Set[str], stop: StopCheck) -> Iterator[FileOutcome]:
    init_worker(known)
    try:
        for path in files:
            if stop():
                return
            yield check_file(str(path))
    finally:
        init_worker(frozenset())


def _run_pool(
    queue: list[str], known: Set[str], count: int, stop: StopCheck
) -> Iterator[FileOutcome]:
    """Check files from ``queue`` until it is empty, ``stop`` holds or the pool breaks."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        count, mp_context=context, initializer=init_worker, initargs=(frozenset(known),)
    )
    pending: dict[Future[FileOutcome], str] = {}
    try:
        _fill(pool, queue, pending, count * _IN_FLIGHT_PER_WORKER, stop)
        while pending:
            done, _ = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                path = pending.pop(future)
                if not future.cancelled():  # cancelled: never started, after a stop
                    yield _result(future, path)
            if stop():
                for future in pending:
                    future.cancel()
            _fill(pool, queue, pending, count * _IN_FLIGHT_PER_WORKER, stop)
    except BrokenProcessPool:
        # A worker died (killed, out of memory): the files it had are reported as failed and
        # the rest go to a fresh pool.
        for future, path in pending.items():
            if not future.cancelled():
                yield _result(future, path)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _fill(
    pool: ProcessPoolExecutor,
    queue: list[str],
    pending: dict[Future[FileOutcome], str],
    limit: int,
    stop: StopCheck,
) -> None:
    while queue and len(pending) < limit and not stop():
        path = queue.pop()
        try:
            pending[pool.submit(check_file, path)] = path
        except BrokenProcessPool:
            queue.append(path)  # not started: the next pool takes it
            raise


def _result(future: Future[FileOutcome], path: str) -> FileOutcome:
    try:
        return future.result()
    except BrokenProcessPool:
        return failed(path, "check_failed", "worker process died")
    except Exception as exc:  # e.g. an outcome that could not be sent back
        return failed(path, "check_failed", f"{type(exc).__name__}: {exc}")
