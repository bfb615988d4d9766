"""main.py as a CLI process collects cyclic garbage rarely; a test calling main() keeps its settings."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import gc, runpy, sys
sys.argv = ["main.py", *sys.argv[1:]]
before = gc.get_threshold()
try:
    runpy.run_path("main.py", run_name="__main__")
except SystemExit as exit_:
    code = exit_.code
print(before[0], gc.get_threshold()[0], code, file=sys.stderr)
"""


def _thresholds(*argv: str) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after, code = done.stderr.split()[-3:]
    return int(before), int(after), int(code)


def test_a_cli_command_process_collects_cycles_rarely() -> None:
    before, after, code = _thresholds("version")
    assert code == 0
    assert before < 10_000 <= after


def test_calling_main_in_process_leaves_the_collector_alone() -> None:
    import main

    threshold = gc.get_threshold()
    assert main.main(["version"]) == 0
    assert gc.get_threshold() == threshold
