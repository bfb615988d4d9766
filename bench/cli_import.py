"""Benchmark: `main.py import-table` of a 5,000-row roster as a whole process, against a floor process.

What a person waits for is the whole command: start Python, open the data folder, read and check
the workbook, replace the table's rows, judge the checklist, commit. Each import goes into a
copy of the sample school (its own short roster replaced by the imported rows). The floor is a separate
Python process that reads the same workbook with openpyxl (read-only, values only) and inserts
every row as JSON into a SQLite table with executemany in one transaction (WAL,
synchronous=FULL) — the least any import does. Both are timed from outside as wall time, rounds
interleaved (order alternating), after one warm-up each; medians and p99. Target: ratio ≤ 1.5×.

The default size is the product's own limit on a table, ``limits.MAX_TABLE_ROWS`` (5,000 rows,
over ten times a big school's roster; the PDF report draws every row, so a larger table is
refused on import, see checklists/foundation/limits.py): the largest import a person can run.
``--rows`` above the limit measures a refused import and fails. ``--over-full`` imports into a
copy whose roster already holds the same rows (the monthly update of a full roster): the old
table is judged too, for the findings the import removes.

A line of CPU time (user + system of each process) follows the wall times: on a shared
machine it moves less than the wall time.

    .venv/bin/python bench/cli_import.py [--rows 5000] [--rounds 5] [--over-full]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checklists.foundation.limits import MAX_TABLE_ROWS  # noqa: E402

FLOOR = r"""
import json, sqlite3, sys
import openpyxl

path, database = sys.argv[1:3]
conn = sqlite3.connect(database, isolation_level=None)
for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"):
    conn.execute(pragma)
conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, position INTEGER, cells TEXT)")
wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
rows = wb.worksheets[0].iter_rows(values_only=True)
header = [str(h) for h in next(rows)]
params = [
    (n, json.dumps({h: v for h, v in zip(header, row) if v is not None}, default=str,
                   ensure_ascii=False))
    for n, row in enumerate(rows)
]
wb.close()
conn.execute("BEGIN")
conn.execute("DELETE FROM t")
conn.executemany("INSERT INTO t (position, cells) VALUES (?, ?)", params)
conn.execute("COMMIT")
conn.close()
"""


def _roster_module() -> object:
    """bench/import.py (a module name Python cannot import by name)."""
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one process (it must exit 0)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def p99(times: list[float]) -> float:
    """The 99th percentile (the largest of fewer than 100 samples)."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def main() -> None:
    """Build the roster and a data folder, run the interleaved rounds, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MAX_TABLE_ROWS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--over-full", action="store_true", help="replace a full roster")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="campus-bench-import-") as tmp:
        folder = Path(tmp)
        path = _roster_module().roster(folder, args.rows)  # type: ignore[attr-defined]
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(folder / "pycache"),
                   CAMPUS_SELFCHECK_CACHE=str(folder / "cache"))  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        pristine, data = folder / "pristine", folder / "data"
        sample = ROOT / "resources" / "samples" / "sample_school.json"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(pristine),
                        "import", str(sample)], check=True, capture_output=True)  # fmt: skip
        if args.over_full:
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(pristine),
                            "import-table", "1", "guards", "guards", str(path)],
                           check=True, capture_output=True)  # fmt: skip
        main_py = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data)]
        cmds = {
            "import": [*main_py, "import-table", "1", "guards", "guards", str(path)],
            "floor": [sys.executable, "-c", FLOOR, str(path), str(folder / "floor.db")],
        }

        def fresh() -> None:
            """Each import starts from the sample's own roster (copied outside the timing)."""
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(pristine, data)

        times: dict[str, list[float]] = {name: [] for name in cmds}
        cpu: dict[str, list[float]] = {name: [] for name in cmds}
        fresh()
        for cmd in cmds.values():
            timed(cmd, env)  # warm-up
        for round_ in range(args.rounds):
            order = list(cmds) if round_ % 2 == 0 else list(reversed(cmds))
            for name in order:
                if name == "import":
                    fresh()
                wall, used = timed(cmds[name], env)
                times[name].append(wall)
                cpu[name].append(used)
    med = {name: statistics.median(t) for name, t in times.items()}
    over = ", replacing a roster of as many rows" if args.over_full else ""
    print(
        f"guard roster: {args.rows} rows × 8 columns{over}, {args.rounds} rounds, whole processes"
    )
    print(f"floor   median {med['floor']:.3f} s, p99 {p99(times['floor']):.3f} s"
          "  (openpyxl read-only + sqlite3 executemany, one transaction)")  # fmt: skip
    print(f"import  median {med['import']:.3f} s, p99 {p99(times['import']):.3f} s"
          "  (main.py import-table)")  # fmt: skip
    print(f"timings import-table {args.rows} rows: p50 {med['import'] * 1e3:.1f} ms,"
          f" p99 {p99(times['import']) * 1e3:.1f} ms; floor p50 {med['floor'] * 1e3:.1f} ms,"
          f" p99 {p99(times['floor']) * 1e3:.1f} ms")  # fmt: skip
    cpu_med = {name: statistics.median(t) for name, t in cpu.items()}
    print(f"cpu     floor median {cpu_med['floor']:.3f} s, import median {cpu_med['import']:.3f} s"
          f"  (user + system; CPU import/floor {cpu_med['import'] / cpu_med['floor']:.2f}x,"
          f" p99 {p99(cpu['import']) / p99(cpu['floor']):.2f}x)")  # fmt: skip
    print(f"ratio import/floor: {med['import'] / med['floor']:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
