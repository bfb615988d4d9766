"""Benchmark: evaluate the sample grown to 2,000 guards and 1,000 classrooms.

Prints the evaluator's median time (wall and CPU) and its ratio against a floor measured in the
same run: plain Python computing, from the same parsed document with the same ID-number parser
and no expression language, everything the evaluator gives for the guard roster and the
classroom table — every rule's findings with both messages (the duplicate checks compared as
count_rows compares rows: NFKC, case and spaces ignored), the required cells left empty, the
cells whose constraint fails, and the two counts the other items read (different people on
post, different classrooms). Before timing, the floor is checked against the engine on the
grown sample and on a copy with a roster's usual faults. Target: ratio ≤ 3× (cold).

    .venv/bin/python bench/evaluate.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
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


def with_defects(doc: dict[str, Any]) -> dict[str, Any]:
    """A grown document with the faults a real roster has (repeated people and classrooms,
    missing and impossible cells, a birth date that contradicts the ID number): the floor is
    checked against the engine on it too, so both judge every rule the same way."""
    out = copy.deepcopy(doc)
    g = out["checklists"]["guards"]["guards"]
    g[5]["id_number"] = g[0]["id_number"]  # the same person twice, by ID number
    for i in (7, 8):  # the same person twice, by name and birth date (no ID number)
        g[i].pop("id_number", None)
        g[i].update(name="王五", birth_date="1980-02-29")
    g[20].update(name="王五", birth_date="1980-02-29")  # ...and once more with a valid ID
    g[9].pop("hire_date")
    g[10]["birth_date"] = "1970-01-01"
    g[11].pop("id_number", None)
    g[11]["birth_date"] = "2025-01-01"
    g[12]["assessment_date"] = "2030-01-01"
    g[13]["assessment_date"] = "2021-10-01"
    g[13].pop("assessment_passed", None)
    g[14].pop("name")
    g[15].pop("licence_no")
    g[16]["hire_date"] = "2030-03-01"
    g[17]["on_guard_post"] = False
    r = out["checklists"]["lighting"]["classrooms"]
    r[3]["room"] = "教室 4"
    r[5].pop("desk_lux")
    r[6]["test_date"] = "2030-01-01"
    r[7].pop("room")
    r[8]["board_lights"] = False
    return out


def _d(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _fmt(value: Any, zh: bool) -> str:
    """A value in a message, as the engine writes it."""
    if value is None:
        return "—"
    if value is True or value is False:
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _same(value: Any) -> Any:
    """A value as rows are compared for sameness (NFKC, case-folded, no spaces)."""
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFKC", value).casefold().split())
    return value


def _empty(value: Any) -> bool:
    return value is None or value == ""


Found = tuple[str, int, str, str]


class FloorResult:
    """What the floor computes for the two tables: findings with both messages, the cells left
    empty that a row needs, the cells whose constraint fails, and the two counts."""

    def __init__(self) -> None:
        self.findings: list[Found] = []
        self.missing: set[tuple[str, int, str]] = set()
        self.invalid: set[tuple[str, int, str]] = set()
        self.guards_on_post: int | None = None
        self.classrooms_listed: int | None = None


def floor_guards(rows: list[dict[str, Any]], ref: date, out: FloorResult) -> None:
    """The rules of the guard roster (guards.yaml) written directly in Python, with messages,
    required cells, constraints and the count of different people on post."""
    found = out.findings
    infos: list[Any] = []
    for row in rows:
        idn = row.get("id_number")
        info: Any = None  # parsed, False when invalid, None when not given
        if idn:
            try:
                info = parse_id_number(idn, ref)
            except InvalidIdNumber:
                info = False
        infos.append(info)
    by_id = Counter(_same(row.get("id_number")) for row in rows)
    by_name = Counter((_same(row.get("name")), _same(row.get("birth_date"))) for row in rows)
    window_start = add_months(ref, -12)
    people: set[Any] = set()
    for i, row in enumerate(rows):
        name, idn, entered = row.get("name"), row.get("id_number"), _d(row.get("birth_date"))
        info = infos[i]
        birth = info.birth_date if info else entered
        hire = _d(row.get("hire_date"))
        post = row.get("on_guard_post", True)
        on_post = post is True and (hire is None or hire <= ref)
        assessed = _d(row.get("assessment_date"))
        passed = row.get("assessment_passed") if assessed is not None else None
        nz, ne = _fmt(name, True), _fmt(name, False)
        row_found = len(found)
        # required cells (the result only asked for once an assessment date is given)
        for column in ("name", "hire_date"):
            if _empty(row.get(column)):
                out.missing.add(("guards", i, column))
        if assessed is not None and _empty(passed):
            out.missing.add(("guards", i, "assessment_passed"))
        # constraints
        if entered is not None and ((hire is not None and entered > hire) or entered > ref):
            out.invalid.add(("guards", i, "birth_date"))
        if assessed is not None and assessed > ref:
            out.invalid.add(("guards", i, "assessment_date"))
        if info is False:
            found.append(
                (
                    "invalid_id_number",
                    i,
                    f"{nz}：身份证号码无效（长度、出生日期或校验码不符），请核对身份证原件",
                    f"{ne}: the ID number is not valid (length, birth date or check character); check the ID card",
                )
            )
        if birth is None:
            found.append(
                (
                    "birth_date_unknown",
                    i,
                    f"{nz}：无有效身份证号码，也未填写出生日期，无法核查年龄",
                    f"{ne}: no valid ID number and no birth date, so the age cannot be checked",
                )
            )
        if entered is not None and info and entered != info.birth_date:
            e, b = entered.isoformat(), info.birth_date.isoformat()
            found.append(
                (
                    "id_birth_date_mismatch",
                    i,
                    f"{nz}：填写的出生日期 {e} 与身份证号码中的出生日期 {b} 不一致（年龄按身份证号码计算），请核对身份证原件",
                    f"{ne}: the birth date entered ({e}) differs from the one in the ID number ({b}); the age uses the ID number; check the ID card",
                )
            )
        if birth is not None and ((hire is not None and birth > hire) or birth > ref):
            b, h = birth.isoformat(), _fmt(hire, True)
            found.append(
                (
                    "birth_date_implausible",
                    i,
                    f"{nz}：出生日期 {b} 晚于入职日期 {h} 或检查基准日，请核对身份证号码、出生日期和入职日期",
                    f"{ne}: birth date {b} is after the hire date {h} or the reference date; check the ID number, birth date and hire date",
                )
            )
        if hire is None and birth is not None and len(found) == row_found:
            out.missing.add(("guards", i, "age_at_hire"))  # the hire age cannot be judged
        age = age_on(birth, ref) if birth is not None and birth <= ref else None
        if birth is not None and hire is not None and birth <= hire:
            at_hire = age_on(birth, hire)
            if hire >= date(2021, 1, 1) and at_hire > 45:
                h = hire.isoformat()
                found.append(
                    (
                        "new_hire_over_45",
                        i,
                        f"{nz}：{h} 新入职时已满 {at_hire} 周岁，超过新入职保安原则上45周岁以下的要求",
                        f"{ne}: hired on {h} at age {at_hire}, above the usual limit of 45 for new guards",
                    )
                )
        if on_post and age is not None and age >= 56:
            found.append(
                (
                    "over_55_on_post",
                    i,
                    f"{nz}：现年 {age} 周岁（超过55周岁）仍在保安岗位，原则上应调整出保安岗位",
                    f"{ne}: aged {age} (over 55) and still on a guard post; should in principle be moved off guard duty",
                )
            )
        if on_post and age is not None and 45 <= age < 56:
            if assessed is None or not window_start <= assessed <= ref:
                found.append(
                    (
                        "assessment_not_current",
                        i,
                        f"{nz}：{age} 周岁，在保安岗位，检查基准日前一年以内（自上一年同月同日起，含当日）无考核记录（45至55周岁须进行考核）",
                        f"{ne}: aged {age}, on a guard post, with no assessment in the year up to the reference date (from the same date a year earlier, that day included; guards aged 45 to 55 must be assessed)",
                    )
                )
            elif passed is False:
                a = assessed.isoformat()
                found.append(
                    (
                        "assessment_failed_still_on_post",
                        i,
                        f"{nz}：{age} 周岁，{a} 考核不达标，仍在保安岗位，应及时调整岗位",
                        f"{ne}: aged {age}, failed the assessment of {a} and is still on a guard post; move to another post",
                    )
                )
        if on_post and _empty(row.get("licence_no")):
            found.append(
                (
                    "guard_licence_missing",
                    i,
                    f"{nz}：在保安岗位但未登记《保安员证》编号，须持证上岗",
                    f"{ne}: on a guard post without a recorded guard licence number; guards must be licensed",
                )
            )
        if info:
            repeats = by_id[_same(idn)]
        elif _empty(name) or _empty(row.get("birth_date")):
            repeats = 0
        else:
            repeats = by_name[(_same(name), _same(row.get("birth_date")))]
        if repeats > 1:
            found.append(
                (
                    "duplicate_person",
                    i,
                    f"{nz}：与名册中另一行是同一人（身份证号码相同；无有效号码时姓名和出生日期相同），重复登记；保安人数只计一次，请删除重复行",
                    f"{ne}: the same person as another row of the roster (same ID number; without a valid one, same name and birth date), listed twice; counted once as a guard; delete the repeated row",
                )
            )
        if hire is not None and hire > ref:
            h = hire.isoformat()
            found.append(
                (
                    "hired_after_reference_date",
                    i,
                    f"{nz}：入职日期 {h} 晚于检查基准日，基准日时尚未在岗，不计入在岗保安人数；请核对入职日期或基准日",
                    f"{ne}: hired on {h}, after the reference date, so not yet on post then and not counted as a guard; check the hire date or the reference date",
                )
            )
        if on_post:  # different people on post: the same valid ID, else the same name and birth
            if info:
                people.add(("id", info.normalized))
            elif not _empty(name) and not _empty(row.get("birth_date")):
                people.add(("name", _same(name), _same(row.get("birth_date"))))
            else:
                people.add(("row", i))
    out.guards_on_post = len(people) if rows else None


# (code, column, fails, zh words, en words): the lighting rules, one reading each
LIGHT_CHECKS: tuple[tuple[str, str, Any, str, str], ...] = (
    (
        "desk_lux_low",
        "desk_lux",
        lambda v: v < 300,
        "课桌面平均照度 {} lx，低于 300 lx",
        "desk average illuminance {} lx, below 300 lx",
    ),
    (
        "desk_uniformity_low",
        "desk_uniformity",
        lambda v: v < 0.7,
        "课桌面照度均匀度 {}，低于 0.7",
        "desk illuminance uniformity {}, below 0.7",
    ),
    (
        "board_lights_missing",
        "board_lights",
        lambda v: v is False,
        "未设专用黑板灯",
        "no dedicated blackboard lights",
    ),
    (
        "board_lux_low",
        "board_lux",
        lambda v: v < 500,
        "黑板面平均照度 {} lx，低于 500 lx",
        "blackboard average illuminance {} lx, below 500 lx",
    ),
    (
        "board_uniformity_low",
        "board_uniformity",
        lambda v: v < 0.8,
        "黑板面照度均匀度 {}，低于 0.8",
        "blackboard illuminance uniformity {}, below 0.8",
    ),
    (
        "ugr_high",
        "ugr",
        lambda v: v > 19,
        "统一眩光值 UGR {}，高于 19",
        "unified glare rating {}, above 19",
    ),
    (
        "cct_out_of_range",
        "cct",
        lambda v: v < 3300 or v > 5500,
        "相关色温 {} K，不在 3300–5500 K 范围内",
        "colour temperature {} K, outside 3300–5500 K",
    ),
    (
        "ra_low",
        "ra",
        lambda v: v < 80,
        "显色指数 Ra {}，低于 80",
        "colour rendering index Ra {}, below 80",
    ),
    (
        "lpd_high",
        "lpd",
        lambda v: v > 11,
        "照明功率密度 {} W/m²，高于 11 W/m²",
        "lighting power density {} W/m², above 11 W/m²",
    ),
    (
        "mount_height_low",
        "mount_height",
        lambda v: v < 1.7,
        "灯具距课桌面 {} m，低于 1.7 m（GB 7793-2010 §5.7：最低悬挂高度不应低于1.7 m）",
        "luminaires {} m above the desks, below 1.7 m (GB 7793-2010 §5.7: shall hang at least 1.7 m above the desks)",
    ),
    (
        "lamp_orientation_wrong",
        "lamps_perpendicular",
        lambda v: v is False,
        "灯管长轴未垂直于黑板或有裸灯",
        "lamp axes not perpendicular to the board, or bare lamps",
    ),
    (
        "lighting_test_report_missing",
        "test_report",
        lambda v: v is False,
        "无第三方照明检测报告",
        "no third-party lighting test report",
    ),
)
LIGHT_REQUIRED = ("room", *(check[1] for check in LIGHT_CHECKS))


def floor_lighting(rows: list[dict[str, Any]], ref: date, out: FloorResult) -> None:
    """The rules of the classroom table (lighting.yaml) written directly in Python, with
    messages, required readings, constraints and the count of different classrooms."""
    found = out.findings
    names = [_same(r.get("room")) for r in rows]
    repeats = Counter(names)
    for i, row in enumerate(rows):
        room = row.get("room")
        rz, ren = _fmt(room, True), _fmt(room, False)
        for column in LIGHT_REQUIRED:
            if _empty(row.get(column)):
                out.missing.add(("classrooms", i, column))
        for column in ("upgrade_date", "test_date"):
            when = _d(row.get(column))
            if when is not None and when > ref:
                out.invalid.add(("classrooms", i, column))
        if not _empty(room) and repeats[names[i]] > 1:
            found.append(
                (
                    "duplicate_classroom",
                    i,
                    f"{rz}：同一教室登记了多行，只计一间；请删除重复行（教室覆盖按不同教室计）",
                    f"{ren}: the same classroom is listed more than once and counts once; delete the repeated rows (coverage counts different classrooms)",
                )
            )
        for code, key, test, zh, en in LIGHT_CHECKS:
            value = row.get(key)
            if value is not None and test(value):
                found.append(
                    (
                        code,
                        i,
                        f"{rz}：" + zh.format(_fmt(value, True)),
                        f"{ren}: " + en.format(_fmt(value, False)),
                    )
                )
    distinct = set(names)
    distinct.discard(None)
    distinct.discard("")
    out.classrooms_listed = len(distinct)


def run_floor(doc: Any) -> FloorResult:
    """Same output as the engine gives for the guard and classroom tables, from the same parsed
    document."""
    answers, out = doc.checklists, FloorResult()
    floor_guards(list(answers["guards"]["guards"]), doc.reference_date, out)
    floor_lighting(list(answers["lighting"]["classrooms"]), doc.reference_date, out)
    return out


TABLES = ("guards", "classrooms")


def run_engine(doc: Any, registry: Any) -> Any:
    """The engine on the same parsed document (all four checklists are evaluated)."""
    return evaluate_document(doc, registry)


def same_output(results: Any, floor: FloorResult) -> list[str]:
    """Where the engine's output for the two tables differs from the floor's (empty: same)."""
    engine = sorted(
        (f.code, f.row, f.message.zh, f.message.en)
        for f in results.findings
        if f.item in TABLES and f.row is not None
    )
    problems = []
    if engine != sorted(floor.findings):
        diff = set(engine) ^ set(floor.findings)
        problems.append(
            f"findings differ ({len(engine)} vs {len(floor.findings)}): {sorted(diff)[:3]}"
        )
    items = {
        cl: {item.item: item for item in results.checklists[cl].items}
        for cl in ("guards", "lighting")
    }
    tables = (items["guards"]["guards"], items["lighting"]["classrooms"])
    missing = {(t.item, row, col) for t in tables for row, col in t.missing if row is not None}
    invalid = {(t.item, row, col) for t in tables for row, col in t.invalid_cells}
    if missing != floor.missing:
        problems.append(f"missing cells differ: {sorted(missing ^ floor.missing)[:3]}")
    if invalid != floor.invalid:
        problems.append(f"invalid cells differ: {sorted(invalid ^ floor.invalid)[:3]}")
    counts = (items["guards"]["guards_on_post"].value, items["lighting"]["classrooms_listed"].value)
    if counts != (floor.guards_on_post, floor.classrooms_listed):
        problems.append(
            f"counts differ: {counts} vs {(floor.guards_on_post, floor.classrooms_listed)}"
        )
    return problems


def _cold() -> None:
    """Forget every parsed ID number, so a run validates them all as a fresh evaluation does,
    and the counts and sameness keys carried between evaluations of a roster."""
    from checklists.expr.functions import clear_counts

    clear_cache()
    clear_counts()


def _measure(fn: Any, cold: bool) -> tuple[float, float]:
    """One run of ``fn``: wall and CPU seconds."""
    if cold:
        _cold()
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


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
    messy = DocumentParser(registry).parse(with_defects(raw))
    problems = same_output(run_engine(messy, registry), run_floor(messy))
    floor = run_floor(doc)
    problems += same_output(run_engine(doc, registry), floor)
    if problems:
        sys.exit("the engine and the floor disagree: " + "; ".join(problems))
    print(
        f"rows: {args.guards} guards, {args.rooms} classrooms; findings: {len(floor.findings)}, "
        f"missing cells: {len(floor.missing)}, invalid cells: {len(floor.invalid)} (engine = floor)"
    )
    print(f"validating the answers document (not in either timing): {parse_ms:.1f} ms")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for cold in (True, False):
        engine_t, floor_t = [], []
        for _ in range(args.rounds):  # interleaved, so load on the machine hits both alike
            floor_t.append(_measure(lambda: run_floor(doc), cold))
            engine_t.append(_measure(lambda: run_engine(doc, registry), cold))
        label = (
            "cold (every ID number parsed afresh, as in one evaluation)"
            if cold
            else "warm (ID numbers cached from earlier runs)"
        )
        print(f"\n{label}:")
        for what, index in (("wall", 0), ("CPU", 1)):
            eng = statistics.median(t[index] for t in engine_t)
            flo = statistics.median(t[index] for t in floor_t)
            print(
                f"  {what}: engine (evaluate, all four checklists) median {eng * 1000:.1f} ms; "
                f"floor (plain Python, same output for the two tables) {flo * 1000:.1f} ms; "
                f"ratio {eng / flo:.2f}x (target <= 3x)"
            )
        kind = "cold" if cold else "warm"
        eng_wall = [t[0] for t in engine_t]
        flo_wall = [t[0] for t in floor_t]
        print(f"timings evaluate {args.guards} guards + {args.rooms} rooms, {kind}:"
              f" p50 {statistics.median(eng_wall) * 1000:.1f} ms, p99 {_p99(eng_wall) * 1000:.1f} ms;"
              f" floor p50 {statistics.median(flo_wall) * 1000:.1f} ms, p99 {_p99(flo_wall) * 1000:.1f} ms")  # fmt: skip


def _p99(values: list[float]) -> float:
    """The 99th percentile (the largest of fewer than 100 samples)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


if __name__ == "__main__":
    main()
