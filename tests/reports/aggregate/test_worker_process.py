"""A worker process's own ways of checking many files: pyHanko's event loop kept from one
signature to the next, and the garbage collected after each file. Neither may change a verdict,
and nothing a file leaves behind may stay in memory."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checklists.foundation.errors import InputError
from reports.aggregate import process, worker
from reports.aggregate.inputs import list_report_files
from reports.signing import verify
from tests.reports.aggregate.report_set import ReportSet


@pytest.fixture
def kept_loop(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """verify.keep_event_loop in this test only (its loop closed after it)."""
    monkeypatch.setattr(verify, "_RUNNER", None)
    monkeypatch.setattr(verify, "_RUNNER_THREAD", None)
    verify.keep_event_loop()
    runner = verify._RUNNER
    assert runner is not None
    try:
        yield
    finally:
        runner.close()


@pytest.fixture
def fresh_worker(monkeypatch: pytest.MonkeyPatch, kept_loop: None) -> Iterator[None]:
    """check_batch as in a new worker process; the collector's thresholds restored after."""
    monkeypatch.setattr(worker, "_settled", False)
    monkeypatch.setattr(worker, "_checked_since_full", 0)
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _files(report_set: ReportSet) -> list[Path]:
    return list(list_report_files([report_set.folder]).files)


def _verdict(path: Path) -> Any:
    try:
        return verify.verify_pdf(path.read_bytes(), report_checks=False)
    except InputError as exc:  # not a PDF
        return exc.en


def test_the_kept_event_loop_gives_every_file_the_same_verdict(
    report_set: ReportSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _files(report_set)
    each_its_own = [_verdict(p) for p in files]
    monkeypatch.setattr(verify, "_RUNNER", None)
    monkeypatch.setattr(verify, "_RUNNER_THREAD", None)
    verify.keep_event_loop()
    runner = verify._RUNNER
    assert runner is not None

    def no_new_loop(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a new event loop for a signature")

    try:
        with monkeypatch.context() as m:
            m.setattr(asyncio, "run", no_new_loop)
            kept = [_verdict(p) for p in files]
    finally:
        runner.close()
    assert kept == each_its_own
    assert {getattr(r, "intact", None) for r in kept} == {True, False, None}  # good, tampered
    # and no PDF at all


def test_another_thread_does_not_use_the_kept_loop(
    report_set: ReportSet, kept_loop: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event loop belongs to one thread: any other verifies with a loop of its own."""
    data = next(
        p for p in _files(report_set) if p.suffix == ".pdf" and p.stat().st_size > 1000
    ).read_bytes()
    expected = verify.verify_pdf(data, report_checks=False)
    assert expected.intact
    runs: list[int] = []
    own_run = asyncio.run

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        return own_run(*args, **kwargs)

    monkeypatch.setattr(asyncio, "run", counted)
    found: list[Any] = []
    thread = threading.Thread(
        target=lambda: found.append(verify.verify_pdf(data, report_checks=False))
    )
    thread.start()
    thread.join()
    assert found == [expected] and runs == [1]


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_worker_collects_what_each_file_left_in_a_cycle(
    report_set: ReportSet, fresh_worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The automatic passes start late in a worker (after many new objects); what checking a
    file left unreachable in a cycle is collected once the file is done, not later."""
    left: list[weakref.ref[_Cycle]] = []
    check = worker.check_file

    def leaving_a_cycle(path: str) -> Any:
        cycle = _Cycle()
        left.append(weakref.ref(cycle))
        del cycle
        return check(path)

    monkeypatch.setattr(worker, "check_file", leaving_a_cycle)
    paths = [str(p) for p in _files(report_set)[:3]]
    outcomes = worker.check_batch(paths)
    assert [o.path for o in outcomes] == paths
    assert gc.get_threshold()[0] == worker._YOUNG_OBJECTS
    assert len(left) == 3 and all(ref() is None for ref in left)


def test_a_worker_collects_the_whole_heap_now_and_then(
    fresh_worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What lived long enough to reach the oldest generation and then became garbage is found
    by a full collection every _FULL_COLLECTION_EVERY files."""
    full: list[int] = []

    def counted(generation: int = 2) -> int:
        if generation == 2:
            full.append(1)
        return 0

    monkeypatch.setattr(worker, "check_file", lambda path: worker.failed(path, "unreadable"))
    monkeypatch.setattr(gc, "collect", counted)
    worker.check_batch(["x"] * (2 * worker._FULL_COLLECTION_EVERY))
    assert len(full) == 2


def test_the_two_digests_of_a_file_hashed_together_are_each_its_own(
    report_set: ReportSet,
) -> None:
    """file_digests hashes the bytes before the signature once for both digests: each must be
    what hashing alone gives, on every file, a copy with other padding, and broken ranges."""
    import hashlib

    datas = [p.read_bytes() for p in _files(report_set)]
    genuine = next(d for d in datas if worker.signed_revision_sha256(d) is not None)
    tail = int(genuine[genuine.rfind(b"/ByteRange") :].split()[3])
    assert genuine[tail - 4 : tail] == b"000>"
    padded = genuine[: tail - 3] + b"1" + genuine[tail - 2 :]  # other /Contents padding
    odd = [
        b"",
        b"/ByteRange [0 10 20 5]",  # beyond the end
        genuine.replace(b"/ByteRange [0 ", b"/ByteRange [1 "),
        genuine + b"\n/ByteRange [0 1 2 3]\n",  # the last one counts
        padded,
    ]
    for data in [*datas, *odd]:
        whole, signed = worker.file_digests(data)
        assert whole == hashlib.sha256(data).hexdigest()
        assert signed == worker.signed_revision_sha256(data)
    assert worker.file_digests(padded)[1] == worker.file_digests(genuine)[1]
    assert worker.file_digests(padded)[0] != worker.file_digests(genuine)[0]


def test_an_outcome_carries_both_digests(report_set: ReportSet) -> None:
    import hashlib

    for path in _files(report_set):
        outcome = worker.check_file(str(path))
        data = path.read_bytes()
        assert outcome.sha256 == hashlib.sha256(data).hexdigest()
        if outcome.signature is not None:
            assert outcome.signature.signed_sha256 == worker.signed_revision_sha256(data)


def test_the_collector_is_paused_while_setting_up_and_on_again_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(process, "_paused", False)
    frozen = gc.get_freeze_count()
    try:
        process.pause_collection()
        assert not gc.isenabled()
        kept = [object(), [1, 2]]  # made while paused: kept, then frozen with the rest
        process.keep_what_is_loaded()
        assert gc.isenabled() and gc.get_freeze_count() > frozen
        assert kept
        process.resume_collection()  # nothing paused: nothing to do
        assert gc.isenabled()
        gc.disable()  # someone else's choice is left alone
        process.pause_collection()
        process.keep_what_is_loaded()
        process.resume_collection()
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()  # this test's process is a long-running one


def test_a_worker_started_ahead_collects_only_once_it_has_its_setup(
    report_set: ReportSet, tmp_path: Path
) -> None:
    """The processes import the checking with the collector paused; the first batch (with the
    setup) turns it on again before any file is checked."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    files = [str(p) for p in _files(report_set)[:2]]
    setup = str(tmp_path / "setup.pickle")
    worker.write_setup(setup, frozenset())
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=process.start_worker) as pool:
        assert pool.submit(gc.isenabled).result() is False
        outcomes = pool.submit(worker.check_batch_set_up, setup, files).result()
        assert [o.path for o in outcomes] == files
        assert pool.submit(gc.isenabled).result() is True


def test_a_known_file_is_not_followed_by_a_collection(
    report_set: ReportSet, fresh_worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the store holds already is only read and hashed: a run over a folder of known
    files pays no collection per file."""
    import hashlib

    path = next(p for p in _files(report_set) if p.suffix == ".pdf")
    monkeypatch.setattr(
        worker, "_KNOWN", frozenset({hashlib.sha256(path.read_bytes()).hexdigest()})
    )
    collections: list[int] = []

    def counted(generation: int = 2) -> int:
        collections.append(generation)
        return 0

    monkeypatch.setattr(gc, "collect", counted)
    outcomes = worker.check_batch([str(path)] * 3)
    assert [o.status for o in outcomes] == ["known"] * 3 and collections == []
