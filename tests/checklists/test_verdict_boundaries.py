"""Every corrected rule at its boundary, one step either side (±1 day, ±1 student, ±0.1 of a
measured value, ±1 person between a count and its roster), and the missing-data paths the
first tests left out (standards.md, "Decisions added after the first release")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checklists.helpers import evaluate, id_number
from tests.checklists.test_verdict_fidelity import (
    GOOD_ROOM,
    codes,
    guard,
    guards_and_safety,
    psych,
    teacher,
)

# ---- measured values: the limit itself passes, one step beyond fails ---------------------


@pytest.mark.parametrize(
    ("column", "value", "code", "fails"),
    [
        ("desk_lux", 299.9, "desk_lux_low", True),
        ("desk_lux", 300.0, "desk_lux_low", False),
        ("desk_uniformity", 0.69, "desk_uniformity_low", True),
        ("desk_uniformity", 0.7, "desk_uniformity_low", False),
        ("board_lux", 499.9, "board_lux_low", True),
        ("board_lux", 500.0, "board_lux_low", False),
        ("board_uniformity", 0.79, "board_uniformity_low", True),
        ("board_uniformity", 0.8, "board_uniformity_low", False),
        ("ugr", 19.0, "ugr_high", False),
        ("ugr", 19.1, "ugr_high", True),
        ("cct", 3299.9, "cct_out_of_range", True),
        ("cct", 3300.0, "cct_out_of_range", False),
        ("cct", 5500.0, "cct_out_of_range", False),
        ("cct", 5500.1, "cct_out_of_range", True),
        ("ra", 79.6, "ra_low", True),  # a test report's value, never rounded up to 80
        ("ra", 79.9, "ra_low", True),
        ("ra", 80.0, "ra_low", False),
        ("lpd", 11.0, "lpd_high", False),
        ("lpd", 11.1, "lpd_high", True),
        ("mount_height", 1.6, "mount_height_low", True),
        ("mount_height", 1.69, "mount_height_low", True),
        ("mount_height", 1.7, "mount_height_low", False),
    ],
)
def test_each_lighting_limit_one_step_either_side(
    column: str, value: float, code: str, fails: bool
) -> None:
    result = evaluate(
        "lighting",
        {"classrooms": [{"room": "三(2)班", **GOOD_ROOM, column: value}], "classrooms_total": 1},
    )
    assert (code in codes(result)) is fails
    assert result.item("classrooms").status == ("fail" if fails else "pass")


def test_a_classroom_with_some_readings_is_incomplete_for_the_rest() -> None:
    result = evaluate(
        "lighting", {"classrooms": [{"room": "三(2)班", "desk_lux": 320}], "classrooms_total": 1}
    )
    table = result.item("classrooms")
    assert table.status == "incomplete" and result.status == "incomplete"
    # lighting v3: every judged reading is required, not only the desk and blackboard ones
    assert {c for _, c in table.missing} == {
        "desk_uniformity",
        "board_lights",
        "board_lux",
        "board_uniformity",
        "ugr",
        "cct",
        "ra",
        "lpd",
        "mount_height",
        "lamps_perpendicular",
        "test_report",
    }


def test_one_good_classroom_of_thirty_keeps_the_checklist_open() -> None:
    result = evaluate(
        "lighting", {"classrooms": [{"room": "一(1)班", **GOOD_ROOM}], "classrooms_total": 30}
    )
    assert result.item("classrooms").status == "incomplete" and result.status != "compliant"
    assert result.summary["open"] >= 1


def test_classrooms_without_the_stated_number_are_not_compliant() -> None:
    result = evaluate("lighting", {"classrooms": [{"room": "一(1)班", **GOOD_ROOM}]})
    assert (
        result.item("classrooms_total").status == "unanswered"
        and result.item("classrooms_total").required
    )
    assert result.status != "compliant"


# ---- counts against rosters, ±1 person ----------------------------------------------------


@pytest.mark.parametrize(("reported", "mismatch"), [(1, True), (2, False), (3, True)])
def test_guard_count_one_either_side_of_the_roster(reported: int, mismatch: bool) -> None:
    result = guards_and_safety(reported=reported, on_post=2)
    assert ("guard_count_roster_mismatch" in codes(result)) is mismatch
    assert "guard_count_below_required" not in codes(result)  # the roster's 2 meet 800 students' 2


@pytest.mark.parametrize(
    ("enrollment", "on_post", "below"), [(100, 1, False), (101, 1, True), (101, 2, False)]
)
def test_guards_required_judged_on_the_roster(enrollment: int, on_post: int, below: bool) -> None:
    result = guards_and_safety(reported=on_post, on_post=on_post, enrollment=enrollment)
    assert ("guard_count_below_required" in codes(result)) is below


def test_a_count_above_a_short_roster_does_not_hide_the_shortage() -> None:
    result = guards_and_safety(reported=2, on_post=1, enrollment=101)
    assert {"guard_count_roster_mismatch", "guard_count_below_required"} <= set(codes(result))


@pytest.mark.parametrize(("count", "mismatch"), [(0, True), (1, False), (2, True)])
def test_psychology_count_one_either_side_of_the_roster(count: int, mismatch: bool) -> None:
    result = psych(
        count, [teacher(), teacher(name="吴老师", employment="parttime")], enrollment=1300
    )
    assert ("psych_teacher_count_mismatch" in codes(result)) is mismatch
    assert "fulltime_psych_teacher_missing" not in codes(
        result
    )  # the roster's one full-time teacher


# ---- thresholds by stage, ±1 student ------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "enrollment", "required"),
    [
        ("primary", 1199, False),
        ("primary", 1200, True),
        ("junior", 999, False),
        ("junior", 1000, True),
        ("senior", 999, False),
        ("senior", 1000, True),
        ("complete_middle", 999, False),  # both parts secondary: the total against 1000
        ("complete_middle", 1000, True),
    ],
)
def test_full_time_psychology_teacher_threshold_by_stage(
    stage: str, enrollment: int, required: bool
) -> None:
    assert (
        "fulltime_psych_teacher_missing" in codes(psych(0, [], stage=stage, enrollment=enrollment))
    ) is required


@pytest.mark.parametrize(
    ("primary", "secondary", "required"),
    [(1199, 999, False), (1200, 999, True), (1199, 1000, True), (1200, 0, True), (0, 1000, True)],
)
def test_twelve_year_school_by_part(primary: int, secondary: int, required: bool) -> None:
    result = psych(0, [], stage="twelve_year", enrollment=primary + secondary,
                   enrollment_primary=primary, enrollment_secondary=secondary)  # fmt: skip
    assert ("fulltime_psych_teacher_missing" in codes(result)) is required


# ---- identity and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "mismatch"), [("1990-05-04", True), ("1990-05-05", False), ("1990-05-06", True)]
)
def test_birth_date_one_day_either_side_of_the_id(entered: str, mismatch: bool) -> None:
    result = evaluate("guards", {"guards": [guard(birth_date=entered)]})
    assert ("id_birth_date_mismatch" in codes(result)) is mismatch


def test_a_61_year_old_hidden_behind_a_younger_birth_date_is_found() -> None:
    row = guard(id_number=id_number("1960-06-01"), birth_date="1975-06-01")
    assert {"id_birth_date_mismatch", "over_55_on_post"} <= set(
        codes(evaluate("guards", {"guards": [row]}))
    )


@pytest.mark.parametrize(
    ("cells", "missing"),
    [
        ({"hire_date": None}, "hire_date"),
        ({"assessment_date": "2021-06-01"}, "assessment_passed"),  # a date without its result
    ],
)
def test_missing_guard_data_never_passes(cells: dict[str, Any], missing: str) -> None:
    row = guard(
        id_number=id_number("1970-05-05"), **{k: v for k, v in cells.items() if v is not None}
    )
    for k, v in cells.items():
        if v is None:
            del row[k]
    result = evaluate("guards", {"guards": [row]})
    assert (0, missing) in result.item("guards").missing
    assert result.status != "compliant"


def test_a_self_check_without_the_last_fire_drill_is_not_compliant() -> None:
    result = evaluate("safety", {"fulltime_guards": 2})
    drill = result.item("last_fire_drill")
    assert drill.status == "unanswered" and drill.required and result.status != "compliant"


@pytest.mark.parametrize(("checks", "short"), [(1, True), (2, False), (3, False)])
def test_vision_checks_one_either_side_of_two(checks: int, short: bool) -> None:
    assert (
        "vision_checks_term_insufficient"
        in codes(evaluate("lighting", {"vision_checks_term": checks}))
    ) is short
