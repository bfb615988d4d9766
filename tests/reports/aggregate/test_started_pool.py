"""Worker processes started ahead of the run (the command starts them before it opens the store)
give every file the verdict a pool started by the run gives, skip the known files alike, and
leave neither processes nor their setup file behind."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from reports.aggregate.facts import FileOutcome
from reports.aggregate.inputs import list_report_files
from reports.aggregate.pool import check_files, start_pool
from tests.reports.aggregate.report_set import ReportSet


def _verdicts(outcomes: Iterable[FileOutcome]) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {o.path: (o.status, tuple(o.reasons)) for o in outcomes}


def test_a_pool_started_ahead_judges_as_the_run_s_own(report_set: ReportSet) -> None:
    files = list_report_files([report_set.folder]).files
    own = list(check_files(files, frozenset(), workers=2))
    known = {own[0].sha256} if own[0].sha256 else set()
    expected = _verdicts(check_files(files, known, workers=2))
    with start_pool(2, len(files)) as started:
        ahead = _verdicts(check_files(files, known, workers=2, started=started))
        setup = started.setup
        assert setup is not None and Path(setup).is_file()
        assert started.executor is None  # taken (and shut down) by the run
    assert ahead == expected
    assert ahead[own[0].path][0] == "known"
    assert "accepted" in {status for status, _ in ahead.values()}
    assert not Path(setup).exists()


def test_a_pool_started_ahead_and_never_used_is_stopped() -> None:
    with start_pool(2, 10) as started:
        assert started.executor is not None
        processes = list(started.executor._processes.values())
        assert len(processes) == 2  # spawned at once, to import while the parent works
    assert started.executor is None and started.setup is None
    assert not any(p.is_alive() for p in processes)


def test_checking_in_a_long_running_process_freezes_nothing(report_set: ReportSet) -> None:
    """Only a command's own process and the workers started ahead for it keep what they
    loaded out of the collector (gc.freeze): the window's checking, in the app's process,
    leaves nothing frozen there, or every run would add to what is never collected."""
    import gc

    files = list_report_files([report_set.folder]).files
    before = gc.get_freeze_count()
    outcomes = list(check_files(files, frozenset(), workers=1))  # checked in this process
    assert outcomes and gc.get_freeze_count() == before


# Started ahead (start_pool) or by the run itself (check_files without one): the command's
# process prints its workers' ids once they are up, then is killed.
_KILLED = {
    "ahead": (
        "from reports.aggregate.pool import start_pool\n"
        "started = start_pool(2, 10)\n"
        "assert started.executor is not None\n"
        "started.executor.submit(int).result()\n"  # the workers are up (their start is done)
    ),
    "own": (
        "from pathlib import Path\n"
        "from reports.aggregate.pool import check_files\n"
        "files = sorted(Path(sys.argv[1]).rglob('*.pdf'))\n"
        "checking = check_files(files, frozenset(), workers=2)\n"
        "next(checking)\n"  # the workers are checking
    ),
}


@pytest.mark.parametrize("pool", ["ahead", "own"])
def test_workers_end_with_a_killed_command(report_set: ReportSet, pool: str) -> None:
    """A command killed (by the user, out of memory) while its workers wait for work or check
    a file: they end too, instead of waiting forever for a pool whose pipe they hold open
    themselves."""
    import os
    import subprocess
    import sys
    import time

    script = (
        "import multiprocessing, os, signal, sys\n"
        + _KILLED[pool]
        + "print(*(p.pid for p in multiprocessing.active_children()), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    root = Path(__file__).resolve().parents[3]
    command = subprocess.Popen(
        [sys.executable, "-c", script, str(report_set.folder)], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert command.stdout is not None
    with command.stdout:  # the workers hold the pipe too: read the line, not to the end
        pids = [int(p) for p in command.stdout.readline().split()]
    command.wait(timeout=120)
    assert len(pids) == 2

    def alive(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"

    deadline = time.monotonic() + 20
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in pids if alive(p)]
    for pid in left:
        os.kill(pid, 9)
    assert not left
