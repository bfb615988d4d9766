"""Benchmark: `python main.py` until the main window is painted, against a floor in the same run.

Two starts: on a data folder holding the sample school (``--data-dir``), and ``--demo`` (a copy
of the sample in a fresh temporary folder), each with CAMPUS_SELFCHECK_QUIT_AFTER_PAINT=1 (the
app quits right after the first paint of the main window). The floor is a script that imports
PySide6 and SQLAlchemy, opens the same database, reads from it and shows an empty QMainWindow,
quitting after its first paint. All are timed from outside as whole-process wall time, rounds
interleaved (order alternating), after one warm-up each (which also fills the caches an
installed app has: bytecode, compiled checklists, the prepared demo database). Medians and p99
are printed, and each process's processor time (user + system, from getrusage): on a busy
machine the wall time waits for other processes, the processor time does not. Target: ratio ≤
1.5× (wall time).

What the app does before its first paint beyond the floor's work: the options, settings and
language, the folder lock and the database checks, the Fusion style, the bundled font, the menus
and the home page, whose lists it reads with SQL on a connection (no ORM, no Session: those are
imported when a self-check is opened). It imports the Qt-free modules it needs before PySide6
(whose import hook doubles the cost of every import after it) and collects no cyclic garbage
until the window is shown; the floor, written the plain way, does neither, so the app's
processor time can come out near or below the floor's.

    .venv/bin/python bench/startup.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = r"""
import sys
from sqlalchemy import create_engine, text
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

engine = create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    conn.execute(text("SELECT count(*) FROM assessments")).scalar()
app = QApplication([sys.argv[0]])
window = QMainWindow()
window.resize(1280, 800)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is window:
            QTimer.singleShot(0, app.quit)
        return False

spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
engine.dispose()
"""


def prepare(folder: Path) -> Path:
    """A data folder with the sample school imported (through the CLI, as a person would)."""
    data = folder / "data"
    cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "import",
           str(ROOT / "resources" / "samples" / "sample_school.json")]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return data


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, list[float]] = {}  # processor seconds of each process, by command name


def timed(cmd: list[str], env: dict[str, str], name: str = "") -> float:
    """Wall time of one process, in seconds (it must exit 0); its processor time goes to CPU."""
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    if name:
        CPU.setdefault(name, []).append(_children_cpu() - cpu)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Run the rounds and print the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="campus-bench-startup-") as tmp:
        folder = Path(tmp)
        data = prepare(folder)
        # Own settings (the person's are never touched) and a bytecode cache for both commands, as an
        # installed app has (PYTHONDONTWRITEBYTECODE would make every run compile the sources again).
        env = dict(
            os.environ,
            CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1",
            XDG_CONFIG_HOME=str(folder / "config"),
            HOME=str(folder),
            PYTHONPYCACHEPREFIX=str(folder / "pycache"),
            CAMPUS_SELFCHECK_CACHE=str(folder / "cache"),
            TMPDIR=str(folder),
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "")
        if not env["QT_QPA_PLATFORM"]:
            env.pop("QT_QPA_PLATFORM")
        base = [sys.executable, str(ROOT / "main.py")]
        commands = {
            "data folder": [*base, "--data-dir", str(data)],
            "demo": [*base, "--demo", "--data-dir", str(folder / "own")],
        }
        floor_cmd = [sys.executable, "-c", FLOOR, str(data / "campus.db")]
        timed(floor_cmd, env)
        floor_times: list[float] = []
        app_times: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():
            timed(cmd, env)  # warm-up: the day's first open also writes a backup
        for round_ in range(args.rounds):
            pair = [(name, cmd, app_times[name]) for name, cmd in commands.items()]
            pair.append(("floor", floor_cmd, floor_times))
            for name, cmd, out in pair if round_ % 2 == 0 else reversed(pair):
                out.append(timed(cmd, env, name))
    floor = statistics.median(floor_times)
    floor_cpu = statistics.median(CPU["floor"])
    print(f"rounds {args.rounds}")
    print(
        f"floor  {floor * 1000:7.1f} ms, p99 {p99(floor_times) * 1000:7.1f} ms,"
        f" processor {floor_cpu * 1000:7.1f} ms"
        "  (PySide6 + SQLAlchemy, open the database, empty QMainWindow painted)"
    )
    for name, times in app_times.items():
        app = statistics.median(times)
        print(f"{name}:")
        print(
            f"  app    {app * 1000:7.1f} ms, p99 {p99(times) * 1000:7.1f} ms  (main window painted)"
        )
        print(f"  ratio  {app / floor:7.2f}x  (target <= 1.5x)")
        cpu = statistics.median(CPU[name])
        print(
            f"  processor {cpu * 1000:7.1f} ms: ratio {cpu / floor_cpu:.2f}x"
            " to the floor's (reported, no target)"
        )
        print(f"timings start {name}: p50 {app * 1000:.1f} ms, p99 {p99(times) * 1000:.1f} ms;"
              f" floor p50 {floor * 1000:.1f} ms, p99 {p99(floor_times) * 1000:.1f} ms")  # fmt: skip
    return 0


def p99(times: list[float]) -> float:
    """The 99th percentile (the largest of fewer than 100 samples)."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


if __name__ == "__main__":
    sys.exit(main())
