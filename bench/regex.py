"""Benchmark: regex() in rules on catastrophic patterns, RE2 against Python's backtracking ``re``.

For each pattern, the time RE2 (what regex() uses) takes on a 100,000-character text that almost
matches, and its ratio against a floor measured in the same run: scanning the same text once
with ``str.count`` (the least any engine must do). Python's ``re`` is timed on a 20-character
text only — every further character doubles its time. Target: ratio ≤ 50×, for every pattern.

    .venv/bin/python bench/regex.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checklists.expr.parser import compile_pattern  # noqa: E402

PATTERNS = ("(a+)+$", "(a|aa)+$", "(a*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$")
TARGET = 50.0


def _median(work: object, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    text = "a" * 100_000 + "!"
    short = "a" * 20 + "!"
    floor = _median(lambda: text.count("!"), rounds)
    worst = 0.0
    for pattern in PATTERNS:
        compiled = compile_pattern(pattern)
        linear = _median(lambda c=compiled: c.fullmatch(text), rounds)
        backtracking = _median(lambda p=pattern: re.fullmatch(p, short), 1)
        ratio = linear / max(floor, 1e-9)
        worst = max(worst, ratio)
        print(
            f"{pattern:32} RE2 on 100,001 chars: {linear * 1000:8.2f} ms  ratio {ratio:6.1f}×   "
            f"re on 21 chars: {backtracking * 1000:9.1f} ms"
        )
    print(
        f"worst ratio {worst:.1f}× (target ≤ {TARGET:.0f}×): {'OK' if worst <= TARGET else 'SLOW'}"
    )
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
