"""main.py as a CLI process collects cyclic garbage rarely; a test calling main() keeps its settings."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The process ends without Python's teardown (main.end_command), but its exit handlers run:
# the probe reports from one.
PROBE = r"""
import atexit, gc, runpy, sys
sys.argv = ["main.py", *sys.argv[1:]]
before = gc.get_threshold()
atexit.register(lambda: print(before[0], gc.get_threshold()[0], file=sys.stderr))
runpy.run_path("main.py", run_name="__main__")
"""


def _thresholds(*argv: str) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True
    )
    before, after = done.stderr.split()[-2:]
    return int(before), int(after), done.returncode


def test_a_cli_command_process_collects_cycles_rarely() -> None:
    before, after, code = _thresholds("version")
    assert code == 0
    assert before < 10_000 <= after


def test_calling_main_in_process_leaves_the_collector_alone() -> None:
    import main

    threshold = gc.get_threshold()
    assert main.main(["version"]) == 0
    assert gc.get_threshold() == threshold


def test_a_cli_process_ends_with_its_code_its_output_flushed_and_its_exit_handlers_run(
    tmp_path: Path,
) -> None:
    probe = (
        "import atexit, runpy, sys\n"
        "sys.argv = ['main.py', *sys.argv[1:]]\n"
        "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
        "print('buffered before the command', end='')\n"
        "runpy.run_path('main.py', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("buffered before the command")
    assert "Campus Self-Check" in done.stdout
    assert "exit handler ran" in done.stderr
    folder = str(tmp_path / "empty")
    command = ["--data-dir", folder, "--lang", "en", "import-table", "1", "guards", "guards"]
    refused = subprocess.run(
        [sys.executable, "-c", probe, *command, str(tmp_path / "roster.xlsx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2
    assert "there is no database" in refused.stderr
    assert "exit handler ran" in refused.stderr
    failed = subprocess.run(
        [sys.executable, "-c", probe, "--lang", "en", "checklists", "--no-such-option"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 2  # argparse's own exit is untouched
