"""Benchmark: what re-evaluating the embedded answers adds to the office's check of one report.

The check step of ``aggregate`` (reports.aggregate.worker.check_bytes: verify_pdf, the report
checks, then read the embedded report) on one real signed report of the sample school, with the report checks
(certificate school, re-evaluation) as ``aggregate`` runs them, against a floor measured in the
same run: the same step without the report checks (reports.signing.report_checks.check_report). Rounds alternate.
Target: ratio ≤ 1.2× (re-evaluation adds at most 20 %).

    .venv/bin/python bench/reevaluate.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports.aggregate import worker  # noqa: E402
from reports.signing import embedded, report_checks  # noqa: E402
from tests.reports.signing.real_reports import build_real_report  # noqa: E402


def _time(fn, data: bytes) -> float:  # type: ignore[no-untyped-def]
    # Each round checks the same bytes: what one check keeps for the next steps of the same
    # report (embedded files read, the parsed answers) must not carry over to the next round.
    embedded._RECENT.clear()
    report_checks._PARSED.clear()
    start = time.perf_counter()
    outcome = fn("report.pdf", data, "0" * 64)
    elapsed = time.perf_counter() - start
    assert outcome.status == "accepted", outcome
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        data = build_real_report(Path(temp)).data

    def floor(path: str, blob: bytes, sha: str):  # type: ignore[no-untyped-def]
        # The worker verifies with report_checks=False and runs the report checks itself.
        with mock.patch.object(report_checks, "check_report", lambda result, **_: result):
            return worker.check_bytes(path, blob, sha)

    ours, base = [], []
    worker.check_bytes("warm.pdf", data, "0" * 64)
    for i in range(args.rounds):
        pair = [(base, floor), (ours, worker.check_bytes)]
        for bucket, fn in pair if i % 2 else reversed(pair):
            bucket.append(_time(fn, data))
    a, b = statistics.median(ours), statistics.median(base)
    print(f"check step, one report ({len(data) // 1024} KB), {args.rounds} rounds")
    print(f"ours  (verify + report checks + read): median {a * 1000:.1f} ms")
    print(f"floor (verify + read, no re-evaluation): median {b * 1000:.1f} ms")
    print(
        f"ratio ours/floor: {a / b:.2f}x (target <= 1.2x; re-evaluation adds {100 * (a / b - 1):.0f}%)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
