"""Benchmark: one save through the operations layer against a raw sqlite3 INSERT + COMMIT floor.

Both run in the same process on the same disk with the same pragmas (WAL, synchronous=FULL),
interleaved, so the ratio is fair on any machine. Saves: an answer of the small psychology
checklist, of the largest one (safety), and on the guards checklist of a school with a
2,000-guard roster — an answer of the checklist and a cell of the roster (the edit a person
makes most). Medians against the target ratio (≤ 3×), p99 against an absolute 5 ms. Also: the
time to open a data folder holding 200 assessments.
Usage: ``python bench/save.py [--n 400] [--assessments 200] [--roster 2000]``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checklists.answers_doc import DocumentParser  # noqa: E402
from checklists.registry import builtin_checklists  # noqa: E402
from models.database import open_database  # noqa: E402
from models.ops.answers import set_answer  # noqa: E402
from models.ops.exchange import import_document  # noqa: E402
from models.ops.rows import list_rows, update_cell  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"
# (checklist, item, two values that alternate) — a small and the largest checklist; on the
# guards checklist of a school with a big roster, an answer and a cell of the roster.
TARGETS = {
    "psychology": ("psychology", "fulltime_psych_teachers", (0, 3)),
    "safety": ("safety", "safety_work_plan", (True, False)),
    "guards answer": ("guards", "training_log", (False, True)),
    "guards roster cell": ("guards", "guards", ("粤莞保字2020A00001", None)),
}
P99_TARGET_MS = 5.0


def _floor_db(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"):
        conn.execute(pragma)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, item TEXT, value TEXT)")
    return conn


def _floor_once(conn: sqlite3.Connection, i: int) -> float:
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t (item, value) VALUES (?, ?)", ("item", json.dumps(i)))
    conn.execute("COMMIT")
    return time.perf_counter() - start


def _op_once(
    db: object, aid: int, target: tuple[str, str, tuple[object, object]], i: int, row: int | None
) -> float:
    cl, item, values = target
    start, cpu = time.perf_counter(), time.process_time()
    with db.session() as s, s.begin():  # type: ignore[attr-defined]
        if row is None:
            set_answer(s, aid, cl, item, values[i % 2], user="bench")
        else:
            update_cell(s, aid, row, "licence_no", values[i % 2], user="bench")
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start


CPU: list[float] = []  # the processor time of each save (its own work, not the disk's wait)


def _document(roster: int) -> object:
    """The sample school; with ``roster`` > 0 its guard roster grown to that many guards."""
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    if roster:
        from evaluate import grow  # bench/evaluate.py: unique, valid ID numbers

        raw = grow(raw, roster, len(raw["checklists"]["lighting"]["classrooms"]))
    return DocumentParser(builtin_checklists()).parse(raw)


def _p99(xs: list[float]) -> float:
    return sorted(xs)[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]


def bench_save(n: int, which: str, roster: int) -> tuple[list[float], list[float]]:
    """Interleaved samples (seconds) of the operation and of the floor."""
    folder = Path(tempfile.mkdtemp(prefix="bench-save-"))
    checklists = builtin_checklists()
    doc = _document(roster if which.startswith("guards") else 0)
    db = open_database(folder / "data")
    with db.session() as s, s.begin():
        aid = import_document(s, doc, user="bench", checklists=checklists)  # type: ignore[arg-type]
    row = None
    if which == "guards roster cell":
        with db.session() as s:
            row = list_rows(s, aid, "guards", "guards")[roster // 2].id
    floor = _floor_db(folder)
    ops: list[float] = []
    raw: list[float] = []
    for i in range(20):  # warm up both (imports, caches, page cache, the first evaluation)
        _op_once(db, aid, TARGETS[which], i, row)
        _floor_once(floor, i)
    CPU.clear()
    for i in range(n):
        ops.append(_op_once(db, aid, TARGETS[which], i, row))
        raw.append(_floor_once(floor, i))
    db.close()
    floor.close()
    return ops, raw


def bench_open(count: int) -> float:
    """Seconds to open a data folder holding ``count`` assessments (median of 5, after a warm-up)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-open-")) / "data"
    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))
    with open_database(folder) as db, db.session() as s, s.begin():
        for _ in range(count):
            import_document(s, doc, user="bench", checklists=checklists)
    times = []
    for _ in range(6):
        start = time.perf_counter()
        db = open_database(folder)
        with db.session() as s:
            from models.ops.assessments import list_assessments

            assert len(list_assessments(s)) == count
        times.append(time.perf_counter() - start)
        db.close()
    return statistics.median(times[1:])


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--assessments", type=int, default=200)
    parser.add_argument("--roster", type=int, default=2000, help="guards on the big roster")
    args = parser.parse_args()
    for which in TARGETS:
        ops, raw = bench_save(args.n, which, args.roster)
        op_med, raw_med = statistics.median(ops), statistics.median(raw)
        where = f"{which}, {args.roster}-guard roster" if which.startswith("guards") else which
        print(f"save ({where}): median {op_med * 1e3:.3f} ms, p99 {_p99(ops) * 1e3:.3f} ms")
        print(
            f"floor (sqlite3 INSERT+COMMIT, WAL, synchronous=FULL): median {raw_med * 1e3:.3f} ms, p99 {_p99(raw) * 1e3:.3f} ms"
        )
        print(f"ratio ({which}, median op / median floor): {op_med / raw_med:.2f}x (target <= 3x)")
        print(
            f"timings save {where}: p50 {op_med * 1e3:.2f} ms, p99 {_p99(ops) * 1e3:.2f} ms;"
            f" floor p50 {raw_med * 1e3:.2f} ms, p99 {_p99(raw) * 1e3:.2f} ms"
        )
        print(
            f"processor time ({which}): median {statistics.median(CPU) * 1e3:.3f} ms,"
            f" p99 {_p99(CPU) * 1e3:.3f} ms (the save's own work; the rest is waiting for the disk)"
        )
        if which.startswith("guards"):
            p99 = _p99(ops) * 1e3
            verdict = "met" if p99 <= P99_TARGET_MS else "NOT met"
            print(
                f"p99 ({which}): {p99:.2f} ms, ratio {p99 / (_p99(raw) * 1e3):.2f}x to the floor's p99"
                f" (target ≤ {P99_TARGET_MS:g} ms) ({verdict})"
            )
    seconds = bench_open(args.assessments)
    print(
        f"open a data folder with {args.assessments} assessments + list them: {seconds * 1e3:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
