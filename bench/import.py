"""Benchmark: import a 5,000-row guard roster from Excel (the product's table limit).

Prints median times of, in the same run and on the same file:
  floor   openpyxl read-only (data_only) iterating every row's values — the least any import does;
  parse   reports.excel.read_table: pre-checks, header, conversions, check_value on every cell;
  store   parse + replace_table_rows in one transaction of a real data folder (WAL, synchronous=FULL);
and their ratios against the floor. Target: parse ≤ 1.5× the floor.

The default size is ``limits.MAX_TABLE_ROWS`` (5,000 rows, the most a table may hold; a larger
file is refused on import, see checklists/foundation/limits.py).

    .venv/bin/python bench/import.py [--rows 5000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from checklists.answers_doc import read_answers_file  # noqa: E402
from checklists.foundation.limits import MAX_TABLE_ROWS  # noqa: E402
from checklists.idnumber import check_character  # noqa: E402
from checklists.registry import builtin_checklists  # noqa: E402
from models.database import Database, open_database  # noqa: E402
from models.ops.exchange import import_document  # noqa: E402
from reports.excel.ops import import_table  # noqa: E402
from reports.excel.reader import read_table  # noqa: E402
from reports.excel.template import write_template  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"


def roster(folder: Path, rows: int) -> Path:
    """The guard template filled with ``rows`` plausible guards, saved as Excel would keep it."""
    path = folder / "roster.xlsx"
    write_template(builtin_checklists()["guards"], "guards", path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for i in range(rows):
        birth = date(1960, 1, 1) + timedelta(days=(i * 37) % 12000)
        first17 = f"441900{birth:%Y%m%d}{i % 1000:03d}"
        hire = date(2010, 1, 1) + timedelta(days=(i * 11) % 4000)
        assessed = hire + timedelta(days=300) if i % 3 == 0 else None
        values = [f"保安{i:05d}", first17 + check_character(first17), None, hire,
                  "是" if i % 5 else "否", assessed, ("是" if i % 2 else "否") if assessed else None,
                  f"粤莞保字{2010 + i % 12}A{i:05d}"]  # fmt: skip
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=i + 2, column=col, value=value)
    wb.save(path)
    return path


def floor(path: Path) -> int:
    """openpyxl alone: open read-only and walk every row's values."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return count


def parse(path: Path) -> int:
    """The import without storage."""
    return len(read_table(path, builtin_checklists()["guards"], "guards").rows)


def store(db: Database, path: Path) -> int:
    """The whole import: parse, then replace the table's rows in one transaction."""
    with db.session() as s, s.begin():
        return len(import_table(s, 1, "guards", "guards", path).parsed.rows)


def median_times(rounds: int, jobs: dict[str, Callable[[], int]]) -> dict[str, float]:
    """Run the jobs interleaved, ``rounds`` times each; median seconds per job."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Build the roster, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MAX_TABLE_ROWS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = roster(folder, args.rows)
        size = path.stat().st_size
        checklists = builtin_checklists()
        with open_database(folder / "data", backup_on_open=False) as db:
            with db.session() as s, s.begin():
                import_document(s, read_answers_file(SAMPLE, checklists), checklists=checklists)
            assert parse(path) == args.rows == store(db, path)  # warm-up, and a sanity check
            result = median_times(
                args.rounds,
                {
                    "floor": lambda: floor(path),
                    "parse": lambda: parse(path),
                    "store": lambda: store(db, path),
                },
            )
    print(
        f"guard roster: {args.rows} rows × 8 columns, {args.rounds} rounds (median), file {size // 1024} KiB"
    )
    for name in ("floor", "parse", "store"):
        ratio = result[name] / result["floor"]
        print(f"{name:6} {result[name] * 1000:8.1f} ms   ratio {ratio:4.2f}x")
    print(f"parse ratio vs floor: {result['parse'] / result['floor']:.2f}x (target ≤ 1.5x)")


if __name__ == "__main__":
    main()
