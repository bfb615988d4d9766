"""Benchmark: PDF and Excel exports of a school whose table rows each fail several rules.

Every classroom of the sample's lighting table is copied to N rooms measured far below the
standard (8 findings a room), and the exports are timed for N and for 5×N rooms. Printed per
export: CPU seconds, the findings, and the growth ratio (time at 5×N) / (5 × time at N) —
1.0 is linear; the quadratic work this guards against showed as 3× and more. Floor, measured in
the same run: the same rooms measured to the standard (no findings), at 5×N.
Target: growth ≤ 1.2× (linear); the ratio to the floor is reported, no target.

    .venv/bin/python bench/export_findings.py [--rooms 200]
"""

from __future__ import annotations

import argparse
import copy
import functools
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checklists.answers_doc import DocumentParser  # noqa: E402
from checklists.evaluator import evaluate_document  # noqa: E402
from checklists.registry import builtin_checklists  # noqa: E402
from reports.excel.export import write_export  # noqa: E402
from reports.pdf import ReportData, make_report_id, write_report  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"
CLOCK = datetime(2022, 1, 5, 9, 30, tzinfo=timezone(timedelta(hours=8)))
FAILING = {"desk_lux": 100, "desk_uniformity": 0.1, "board_lux": 100, "board_uniformity": 0.1,
           "ugr": 30, "cct": 9000, "ra": 10, "mount_height": 1.0}  # fmt: skip


def school(rooms: int, failing: bool) -> dict[str, Any]:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    lighting = doc["checklists"]["lighting"]
    model = lighting["classrooms"]
    grown = []
    for i in range(rooms):
        row = copy.deepcopy(model[i % len(model)])
        row["room"] = f"{row['room']}-{i}"
        if failing:
            row.update(FAILING)
        grown.append(row)
    lighting["classrooms"] = grown
    lighting["classrooms_total"] = rooms
    return doc


def timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    action()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=200)
    args = parser.parse_args()
    registry = builtin_checklists()
    folder = Path(tempfile.mkdtemp(prefix="bench-findings-"))
    cases = {}
    for name, rooms, failing in (
        ("small", args.rooms, True),
        ("large", 5 * args.rooms, True),
        ("floor", 5 * args.rooms, False),
    ):
        doc = DocumentParser(registry).parse(school(rooms, failing))
        results = evaluate_document(doc, registry)
        cases[name] = (doc, results, len(results.findings))
    doc, results, _ = cases["small"]  # warm-up: imports, fonts, caches
    write_report(ReportData(doc, results, registry, make_report_id(doc, results), CLOCK),
                 folder / "warm.pdf")  # fmt: skip
    for export in ("pdf", "xlsx"):
        seconds = {}
        for name, (doc, results, _) in cases.items():
            out = folder / f"{name}.{export}"
            if export == "pdf":
                data = ReportData(doc, results, registry, make_report_id(doc, results), CLOCK)
                seconds[name] = timed(functools.partial(write_report, data, out))
            else:
                seconds[name] = timed(functools.partial(write_export, doc, results, registry, out))
        growth = seconds["large"] / (5 * seconds["small"])
        print(
            f"{export}: {args.rooms} rooms ({cases['small'][2]} findings) {seconds['small']:.2f} s, "
            f"{5 * args.rooms} rooms ({cases['large'][2]} findings) {seconds['large']:.2f} s, "
            f"floor without findings {seconds['floor']:.2f} s"
        )
        print(f"  {export} growth ratio {growth:.2f}x (target <= 1.2x; 1.0 = linear)")
        print(
            f"  {export} ratio to the floor {seconds['large'] / seconds['floor']:.2f}x"
            " (reported, no target)"
        )


if __name__ == "__main__":
    main()
