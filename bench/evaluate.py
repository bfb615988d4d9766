"""Benchmark: evaluate the sample grown to 2,000 guards and 1,000 classrooms.

Prints the evaluator's median time and its ratio against a floor measured in the same run:
plain Python computing the same guard and lighting findings directly from the same document
(same parsed document, same ID-number parser, no expression language). Target: ratio ≤ 3×.

    .venv/bin/python bench/evaluate.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checklists.answers_doc import DocumentParser  # noqa: E402
from checklists.dates import add_months, age_on  # noqa: E402
from checklists.evaluator import evaluate_document  # noqa: E402
from checklists.idnumber import InvalidIdNumber, check_character, clear_cache, parse_id_number  # noqa: E402
from checklists.registry import builtin_checklists  # noqa: E402


def grow(doc: dict[str, Any], guards: int, rooms: int) -> dict[str, Any]:
    """The sample with its tables repeated to the given sizes; ID numbers made unique."""
    out = copy.deepcopy(doc)
    base_guards = out["checklists"]["guards"]["guards"]
    base_rooms = out["checklists"]["lighting"]["classrooms"]
    grown = []
    for i in range(guards):
        row = dict(base_guards[i % len(base_guards)])
        idn = row.get("id_number")
        if isinstance(idn, str) and len(idn) == 18:
            first17 = idn[:14] + f"{i % 1000:03d}"
            good = check_character(first17)
            valid = idn[17] == check_character(idn[:17])
            row["id_number"] = first17 + (good if valid else ("0" if good != "0" else "1"))
        if i >= len(base_guards):
            row["name"] = f"{row['name']}{i}"  # one person per row (duplicate_person stays quiet)
        grown.append(row)
    out["checklists"]["guards"]["guards"] = grown
    out["checklists"]["lighting"]["classrooms"] = [
        dict(base_rooms[i % len(base_rooms)], room=f"教室{i}") for i in range(rooms)
    ]
    return out


def _d(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def floor_guards(rows: list[dict[str, Any]], ref: date) -> list[tuple[str, int, str, str]]:
    """The per-guard rules of guards.yaml written directly in Python, with messages."""
    out = []
    keys: list[tuple[Any, ...] | None] = []
    for row in rows:  # the same person: same valid ID number, else same name and birth date
        idn = row.get("id_number")
        try:
            keys.append(("id", parse_id_number(idn, ref).normalized) if idn else None)
        except InvalidIdNumber:
            keys.append(None)
        if keys[-1] is None and row.get("name") and row.get("birth_date"):
            keys[-1] = ("nb", row["name"], row["birth_date"])
    repeats = Counter(k for k in keys if k is not None)
    for i, row in enumerate(rows):
        name, idn, birth = row.get("name"), row.get("id_number"), _d(row.get("birth_date"))
        if idn:
            try:
                birth = parse_id_number(idn, ref).birth_date
            except InvalidIdNumber:
                out.append(
                    (
                        "invalid_id_number",
                        i,
                        f"{name}：身份证号码无效",
                        f"{name}: invalid ID number",
                    )
                )
        if birth is None:
            out.append(
                ("birth_date_unknown", i, f"{name}：出生日期未知", f"{name}: date of birth unknown")
            )
        hire, post = _d(row.get("hire_date")), row.get("on_guard_post", True)
        if post is True and hire is not None and hire > ref:
            post = False  # hired after the reference date: not on post then
        assessed, passed = _d(row.get("assessment_date")), row.get("assessment_passed")
        if birth is not None:
            age = age_on(birth, ref)
            if hire and hire >= date(2021, 1, 1) and age_on(birth, hire) > 45:
                out.append(
                    (
                        "new_hire_over_45",
                        i,
                        f"{name}：入职时 {age_on(birth, hire)} 周岁",
                        f"{name}: aged {age_on(birth, hire)} at hire",
                    )
                )
            if post is True and age >= 56:
                out.append(
                    ("over_55_on_post", i, f"{name}：现年 {age} 周岁", f"{name}: aged {age}")
                )
            in_window = assessed is not None and add_months(ref, -12) <= assessed <= ref
            if post is True and 45 <= age <= 55 and not in_window:
                out.append(
                    (
                        "assessment_not_current",
                        i,
                        f"{name}：{age} 周岁，无考核",
                        f"{name}: aged {age}, no assessment",
                    )
                )
            if post is True and 45 <= age <= 55 and in_window and passed is False:
                out.append(
                    (
                        "assessment_failed_still_on_post",
                        i,
                        f"{name}：{age} 周岁，{assessed} 考核不达标",
                        f"{name}: aged {age}, failed {assessed}",
                    )
                )
        if post is True and not row.get("licence_no"):
            out.append(("guard_licence_missing", i, f"{name}：无保安员证", f"{name}: no licence"))
        if keys[i] is not None and repeats[keys[i]] > 1:
            out.append(("duplicate_person", i, f"{name}：重复登记", f"{name}: listed twice"))
        if hire is not None and hire > ref:
            out.append(
                ("hired_after_reference_date", i, f"{name}：基准日后入职", f"{name}: hired later")
            )
    return out


LIGHT_CHECKS = (
    ("desk_lux_low", "desk_lux", lambda v: v < 300),
    ("desk_uniformity_low", "desk_uniformity", lambda v: v < 0.7),
    ("board_lights_missing", "board_lights", lambda v: v is False),
    ("board_lux_low", "board_lux", lambda v: v < 500),
    ("board_uniformity_low", "board_uniformity", lambda v: v < 0.8),
    ("ugr_high", "ugr", lambda v: v > 19),
    ("cct_out_of_range", "cct", lambda v: v < 3300 or v > 5500),
    ("ra_low", "ra", lambda v: v < 80),
    ("lpd_high", "lpd", lambda v: v > 11),
    ("mount_height_low", "mount_height", lambda v: v < 1.7),
    ("lamp_orientation_wrong", "lamps_perpendicular", lambda v: v is False),
    ("lighting_test_report_missing", "test_report", lambda v: v is False),
)


def floor_lighting(rows: list[dict[str, Any]]) -> list[tuple[str, int, str, str]]:
    """The per-classroom rules of lighting.yaml written directly in Python, with messages."""
    out = []
    names = [unicodedata.normalize("NFKC", r.get("room") or "").casefold() for r in rows]
    repeats = Counter(names)
    for i, row in enumerate(rows):
        room = row.get("room")
        if names[i] and repeats[names[i]] > 1:
            out.append(("duplicate_classroom", i, f"{room}：重复登记", f"{room}: listed twice"))
        for code, key, test in LIGHT_CHECKS:
            value = row.get(key)
            if value is not None and test(value):
                out.append(
                    (code, i, f"{room}：{key} {_fmt(value)}", f"{room}: {key} {_fmt(value)}")
                )
    return out


def run_floor(doc: Any) -> list[tuple[str, int]]:
    """Same findings as the engine's guard and lighting tables, from the same parsed document."""
    answers = doc.checklists
    found = floor_guards(list(answers["guards"]["guards"]), doc.reference_date)
    found += floor_lighting(list(answers["lighting"]["classrooms"]))
    return [(code, row) for code, row, _, _ in found]


TABLES = ("guards", "classrooms")


def run_engine(doc: Any, registry: Any) -> list[tuple[str, int]]:
    """The engine on the same parsed document (all four checklists are evaluated)."""
    results = evaluate_document(doc, registry)
    return [(f.code, f.row) for f in results.findings if f.item in TABLES and f.row is not None]


def _cold() -> None:
    """Forget every parsed ID number, so a run validates them all as a fresh evaluation does."""
    clear_cache()


def _measure(fn: Any, rounds: int, cold: bool) -> list[float]:
    out = []
    for _ in range(rounds):
        if cold:
            _cold()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--guards", type=int, default=2000)
    parser.add_argument("--rooms", type=int, default=1000)
    args = parser.parse_args()
    sample = json.loads((ROOT / "resources/samples/sample_school.json").read_text(encoding="utf-8"))
    registry = builtin_checklists()
    raw = grow(sample, args.guards, args.rooms)
    t = time.perf_counter()
    doc = DocumentParser(registry).parse(raw)
    parse_ms = (time.perf_counter() - t) * 1000
    engine_findings, floor_findings = run_engine(doc, registry), run_floor(doc)
    if sorted(engine_findings) != sorted(floor_findings):
        sys.exit(f"findings differ: engine {len(engine_findings)}, floor {len(floor_findings)}")
    print(
        f"rows: {args.guards} guards, {args.rooms} classrooms; findings: {len(engine_findings)} (engine = floor)"
    )
    print(f"validating the answers document (not in either timing): {parse_ms:.1f} ms")
    for cold in (True, False):
        engine_t, floor_t = [], []
        for _ in range(args.rounds):  # interleaved, so load on the machine hits both alike
            floor_t += _measure(lambda: run_floor(doc), 1, cold)
            engine_t += _measure(lambda: run_engine(doc, registry), 1, cold)
        eng, flo = statistics.median(engine_t), statistics.median(floor_t)
        label = (
            "cold (every ID number parsed afresh, as in one evaluation)"
            if cold
            else "warm (ID numbers cached from earlier runs)"
        )
        print(f"\n{label}:")
        print(f"  engine (evaluate, all four checklists): median {eng * 1000:.1f} ms")
        print(
            f"  floor (plain Python, same guard + classroom findings and messages): median {flo * 1000:.1f} ms"
        )
        print(f"  ratio engine/floor: {eng / flo:.2f}x (target <= 3x)")
        kind = "cold" if cold else "warm"
        print(f"timings evaluate {args.guards} guards + {args.rooms} rooms, {kind}:"
              f" p50 {eng * 1000:.1f} ms, p99 {_p99(engine_t) * 1000:.1f} ms;"
              f" floor p50 {flo * 1000:.1f} ms, p99 {_p99(floor_t) * 1000:.1f} ms")  # fmt: skip


def _p99(values: list[float]) -> float:
    """The 99th percentile (the largest of fewer than 100 samples)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


if __name__ == "__main__":
    main()
