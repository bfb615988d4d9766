"""Benchmark: `python main.py` until the main window is painted, against a floor in the same run.

The app runs on a data folder holding the sample school, with CAMPUS_SELFCHECK_QUIT_AFTER_PAINT=1
(it quits right after the first paint of the main window). The floor is a script that imports
PySide6 and SQLAlchemy, opens the same database, reads from it and shows an empty QMainWindow,
quitting after its first paint. Both are timed from outside as whole-process wall time, rounds
interleaved (order alternating), after one warm-up each. Target: ratio ≤ 1.5×.

    .venv/bin/python bench/startup.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
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


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall time of one process, in seconds (it must exit 0)."""
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
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
        env = dict(os.environ, CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1", XDG_CONFIG_HOME=str(folder / "config"),
                   HOME=str(folder), PYTHONPYCACHEPREFIX=str(folder / "pycache"))  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "")
        if not env["QT_QPA_PLATFORM"]:
            env.pop("QT_QPA_PLATFORM")
        app_cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data)]
        floor_cmd = [sys.executable, "-c", FLOOR, str(data / "campus.db")]
        timed(app_cmd, env)  # warm-up: the day's first open also writes a backup
        timed(floor_cmd, env)
        app_times, floor_times = [], []
        for round_ in range(args.rounds):
            pair = [(app_cmd, app_times), (floor_cmd, floor_times)]
            for cmd, out in pair if round_ % 2 == 0 else reversed(pair):
                out.append(timed(cmd, env))
    floor = statistics.median(floor_times)
    app = statistics.median(app_times)
    print(f"rounds {args.rounds}")
    print(
        f"floor  {floor * 1000:7.1f} ms  (PySide6 + SQLAlchemy, open the database, empty QMainWindow painted)"
    )
    print(
        f"app    {app * 1000:7.1f} ms  (python main.py on the sample school, main window painted)"
    )
    print(f"ratio  {app / floor:7.2f}x  (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
