"""main.py as a CLI process collects cyclic garbage rarely; a test calling main() keeps its settings."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import gc, os, runpy, sys
sys.argv = ["main.py", *sys.argv[1:]]
os._exit = sys.exit  # the command's end (main.end_command) raises SystemExit here, to be seen
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


EXIT_PROBE = r"""
import atexit, runpy, sys
from pathlib import Path
marker = Path(sys.argv.pop(1))
atexit.register(lambda: marker.write_text("exit handlers ran", encoding="utf-8"))
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
print("not reached: the process ends in end_command", file=sys.stderr)
"""


def test_a_cli_process_ends_with_its_code_its_output_and_its_exit_handlers(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "marker.txt"
    done = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, str(marker), "version"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0 and "校园自查" in done.stdout and done.stderr == ""
    assert marker.read_text(encoding="utf-8") == "exit handlers ran"
    marker.unlink()
    refused = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, str(marker), "--data-dir", str(tmp_path / "none"),
         "export-pdf", "1", "--out", str(tmp_path / "r.pdf")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert refused.returncode == 2 and "还没有数据库" in refused.stderr
    assert "not reached" not in refused.stderr
    assert marker.read_text(encoding="utf-8") == "exit handlers ran"


def test_a_cli_process_under_a_profiler_ends_normally_and_the_profile_is_written(
    tmp_path: Path,
) -> None:
    out = tmp_path / "profile.out"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(out), "main.py", "version"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0 and "校园自查" in done.stdout
    assert out.stat().st_size > 0  # cProfile writes its results at the normal exit


def test_aggregate_in_process_leaves_the_collector_on(tmp_path: Path) -> None:
    """``aggregate`` pauses the collector while it imports and sets up, and turns it on again,
    also when it stops early (here: a database that cannot be opened)."""
    import main

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    import multiprocessing

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):  # two files: worker processes would check them
        (folder / name).write_bytes(b"%PDF-1.7\n")
    code = main.main(
        ["--data-dir", str(tmp_path / "data"), "aggregate", str(folder), "--out",
         str(tmp_path / "s.xlsx"), "--db", "nosuchdriver://x"]
    )  # fmt: skip
    assert code == 2
    assert gc.isenabled()
    assert not multiprocessing.active_children()  # none left running for a store not opened
    assert main.main(
        ["--data-dir", str(tmp_path / "data"), "aggregate", str(folder), "--out",
         str(tmp_path / "s.xlsx")]
    ) == 0  # fmt: skip
    assert gc.isenabled()
    if gc.get_freeze_count() > frozen:  # the command froze what it loaded: this process goes on
        gc.unfreeze()


def test_aggregate_starts_its_workers_before_its_heavy_imports(tmp_path: Path) -> None:
    """The workers start first, so they import the checking while the command imports the
    rest: nothing but the process pool is loaded when they are started (no database library,
    no workbook, no certificate or PDF library, no checking or answers parser)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (folder / name).write_bytes(b"%PDF-1.7\n")
    script = (
        "import sys\n"
        "import main\n"
        "import reports.aggregate.pool as pool\n"
        "def start_pool(workers, files):\n"
        "    print(' '.join(sorted(sys.modules)), flush=True)\n"
        "    raise SystemExit(0)\n"
        "pool.start_pool = start_pool\n"
        "main.main(sys.argv[1:])\n"
    )
    args = ["--data-dir", str(tmp_path / "data"), "aggregate", str(folder), "--out",
            str(tmp_path / "s.xlsx")]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "reports.aggregate.pool" in loaded and "multiprocessing" in loaded
    heavy = ("sqlalchemy", "openpyxl", "cryptography", "pyhanko", "reports.aggregate.worker",
             "reports.aggregate.store", "checklists.answers", "checklists.evaluator")  # fmt: skip
    assert not {m for m in loaded if m.startswith(heavy)}
