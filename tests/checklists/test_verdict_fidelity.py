"""Nothing unchecked passes: missing inputs, counts against rosters, scope by stage, and the
corrected boundaries (standards.md, "Decisions added after the first release")."""

from __future__ import annotations

from typing import Any

import pytest

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.foundation.errors import AnswersError
from checklists.model import PLAN_CLAUSES
from checklists.registry import builtin_checklists
from checklists.results import ChecklistResult, Results
from tests.checklists.helpers import document, evaluate, id_number

GOOD_ROOM = {
    "desk_lux": 320,
    "desk_uniformity": 0.75,
    "board_lights": True,
    "board_lux": 520,
    "board_uniformity": 0.85,
    # lighting v3: every reading the checklist judges is required in every row
    "ugr": 16,
    "cct": 4500,
    "ra": 85,
    "lpd": 9,
    "mount_height": 1.8,
    "lamps_perpendicular": True,
    "test_report": True,
}


def evaluate_all(
    checklists: dict[str, Any], reference_date: str = "2021-12-31", **school: Any
) -> Results:
    registry = builtin_checklists()
    doc = DocumentParser(registry).parse(document(checklists, reference_date, **school))
    return evaluate_document(doc, registry)


def guard(**cells: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": "张三",
        "id_number": id_number("1990-05-05"),
        "hire_date": "2015-03-01",
        "licence_no": "粤保0001",
    }
    row.update(cells)
    return row


def codes(result: ChecklistResult) -> list[str]:
    return [f.code for f in result.findings]


# ---- missing data never passes ------------------------------------------------------------


def test_guard_row_without_hire_date_is_incomplete_not_compliant() -> None:
    # 47 at R; without a hire date the new-hire rule cannot be judged.
    row = guard(
        id_number=id_number("1974-06-01"), assessment_date="2021-06-01", assessment_passed=True
    )
    del row["hire_date"]
    result = evaluate("guards", {"guards": [row]})
    table = result.item("guards")
    assert table.status == "incomplete"
    assert (0, "hire_date") in table.missing
    assert any(where == "hire_date" and "入职日期" in zh for _, where, zh, _ in table.errors)
    assert result.status == "incomplete" and result.status != "compliant"


def test_guard_row_with_hire_date_is_judged() -> None:
    row = guard(
        id_number=id_number("1974-06-01"), assessment_date="2021-06-01", assessment_passed=True
    )
    assert evaluate("guards", {"guards": [row]}).item("guards").status == "pass"


def test_assessment_date_without_result_is_incomplete() -> None:
    row = guard(id_number=id_number("1970-05-05"), assessment_date="2021-06-01")
    table = evaluate("guards", {"guards": [row]}).item("guards")
    assert table.status == "incomplete" and (0, "assessment_passed") in table.missing


def test_assessment_result_not_required_without_a_date() -> None:
    table = evaluate("guards", {"guards": [guard()]}).item(
        "guards"
    )  # 31 years old, no assessment due
    assert table.status == "pass" and table.missing == ()


def test_a_failing_row_fails_the_item_even_when_another_row_is_incomplete() -> None:
    old = guard(name="李四", id_number=id_number("1960-01-01"))
    gap = guard(name="王五")
    del gap["hire_date"]
    result = evaluate("guards", {"guards": [gap, old]})
    assert result.item("guards").status == "fail"
    assert result.status == "non_compliant"
    assert (0, "hire_date") in result.item("guards").missing  # still listed


def test_classroom_row_with_only_its_name_is_incomplete() -> None:
    result = evaluate("lighting", {"classrooms": [{"room": "三(2)班"}], "classrooms_total": 1})
    table = result.item("classrooms")
    assert table.status == "incomplete"
    # lighting v3: every judged reading is required, not only the desk and blackboard ones
    assert {c for _, c in table.missing} == {
        "desk_lux",
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
    assert result.status == "incomplete"


@pytest.mark.parametrize(
    ("listed", "total", "status"),
    [(1, 30, "incomplete"), (29, 30, "incomplete"), (30, 30, "pass"), (31, 30, "pass")],
)
def test_classroom_coverage_against_the_stated_number(listed: int, total: int, status: str) -> None:
    rooms = [{"room": f"{i}班", **GOOD_ROOM} for i in range(listed)]
    result = evaluate("lighting", {"classrooms": rooms, "classrooms_total": total})
    table = result.item("classrooms")
    assert table.status == status
    if status == "incomplete":
        assert any(
            f"已登记 {listed} 间不同的教室" in zh and f"{total} 间" in zh
            for _, _, zh, _ in table.errors
        )
        assert result.status != "compliant"


def test_rule_that_needs_a_missing_profile_value_is_incomplete() -> None:
    # The guard count's required number depends on the enrolment: present → judged.
    result = evaluate("safety", {"fulltime_guards": 1}, enrollment=100)
    assert result.item("fulltime_guards").status == "pass"


# ---- counts and rosters -------------------------------------------------------------------


def psych(count: int, roster: list[dict[str, Any]], **school: Any) -> ChecklistResult:
    return evaluate(
        "psychology", {"fulltime_psych_teachers": count, "psych_teachers": roster}, **school
    )


def teacher(**cells: Any) -> dict[str, Any]:
    row = {"name": "周老师", "employment": "fulltime", "teacher_cert": True, "psych_major": True}
    row.update(cells)
    return row


def test_count_says_one_but_roster_lists_only_part_time() -> None:
    result = psych(1, [teacher(employment="parttime")], enrollment=1300)
    assert "fulltime_psych_teacher_missing" in codes(result)
    assert "psych_teacher_count_mismatch" in codes(result)
    assert result.status == "non_compliant"


def test_full_time_teacher_who_also_teaches_chinese_is_not_full_time() -> None:
    result = psych(1, [teacher(other_subject="语文")], enrollment=1300)
    assert {
        "fulltime_psych_teacher_missing",
        "psych_fulltime_teaches_other_subject",
        "psych_teacher_count_mismatch",
    } <= set(codes(result))


def test_roster_agrees_with_count() -> None:
    result = psych(
        1,
        [teacher(), teacher(name="吴老师", employment="parttime", other_subject="语文")],
        enrollment=1300,
    )
    assert not {"fulltime_psych_teacher_missing", "psych_teacher_count_mismatch"} & set(
        codes(result)
    )


def test_roster_wins_when_the_count_says_zero() -> None:
    result = psych(0, [teacher()], enrollment=1300)
    assert "fulltime_psych_teacher_missing" not in codes(result)
    assert "psych_teacher_count_mismatch" in codes(result)


def test_empty_roster_uses_the_count() -> None:
    assert "fulltime_psych_teacher_missing" not in codes(psych(1, [], enrollment=1300))
    assert "fulltime_psych_teacher_missing" in codes(psych(0, [], enrollment=1300))


def guards_and_safety(
    reported: int, on_post: int, off_post: int = 0, enrollment: int = 800
) -> ChecklistResult:
    # one ID number each: the roster counts people, and one ID number is one person
    rows = [
        guard(name=f"保安{i}", id_number=id_number("1990-05-05", seq=f"{i:03d}"))
        for i in range(on_post)
    ] + [
        guard(
            name=f"后勤{i}", id_number=id_number("1991-05-05", seq=f"{i:03d}"), on_guard_post=False
        )
        for i in range(off_post)
    ]
    answers: dict[str, Any] = {"safety": {"fulltime_guards": reported}}
    if on_post or off_post:
        answers["guards"] = {"guards": rows}
    return evaluate_all(answers, enrollment=enrollment).checklists["safety"]


def test_guard_count_compared_with_guards_on_post() -> None:
    result = guards_and_safety(reported=2, on_post=1, off_post=1)
    assert "guard_count_roster_mismatch" in codes(result)
    assert "guard_count_below_required" in codes(result)  # 800 students need 2; the roster has 1
    assert result.item("guards_counted").value == 1


def test_guard_count_matching_the_roster() -> None:
    result = guards_and_safety(reported=2, on_post=2)
    assert not {"guard_count_roster_mismatch", "guard_count_below_required"} & set(codes(result))


def test_guard_count_without_a_roster_uses_the_count() -> None:
    result = guards_and_safety(reported=2, on_post=0)
    assert result.item("guards_on_roster").value is None
    assert not {"guard_count_roster_mismatch", "guard_count_below_required"} & set(codes(result))


def test_safety_alone_is_judged_after_guards_whatever_the_order() -> None:
    registry = builtin_checklists()
    assert list(registry).index("safety") < list(registry).index("guards")  # safety comes first
    result = guards_and_safety(reported=3, on_post=2)
    assert "guard_count_roster_mismatch" in codes(result)


# ---- scope by stage -----------------------------------------------------------------------


def test_kindergarten_art_17_items_not_applicable_with_reason() -> None:
    result = evaluate(
        "psychology",
        {"fulltime_psych_teachers": 0, "counselling_room": False},
        stage="kindergarten",
        enrollment=3000,
    )
    assert codes(result) == []
    room = result.item("counselling_room")
    assert room.status == "not_applicable" and room.out_of_scope and not room.skipped
    assert (
        room.reason is not None and "幼儿园" in room.reason.zh and "kindergarten" in room.reason.en
    )
    assert result.item("parent_school").status == "unanswered"  # art. 18 still applies


def test_kindergarten_gb_7793_items_not_applicable() -> None:
    result = evaluate(
        "lighting",
        {"classrooms": [{"room": "小一班", "desk_lux": 100}], "classrooms_total": 5},
        stage="kindergarten",
    )
    assert "desk_lux_low" not in codes(result)
    assert result.item("classrooms").out_of_scope and result.item("classrooms_total").out_of_scope
    assert result.item("eye_exercises").status == "unanswered"  # the 2018 myopia plan still applies


def test_primary_school_gets_the_lighting_items() -> None:
    result = evaluate(
        "lighting",
        {"classrooms": [{"room": "一(1)班", **GOOD_ROOM, "desk_lux": 100}], "classrooms_total": 1},
    )
    assert "desk_lux_low" in codes(result)


@pytest.mark.parametrize(
    ("primary", "secondary", "expected"),
    [
        (1199, 999, False),
        (1200, 0, True),
        (0, 1000, True),
        (1199, 1000, True),
        (1100, 900, False),  # 2000 in total, but neither part reaches its threshold
    ],
)
def test_mixed_stage_each_part_against_its_own_threshold(
    primary: int, secondary: int, expected: bool
) -> None:
    result = psych(
        0,
        [],
        stage="nine_year",
        enrollment=primary + secondary,
        enrollment_primary=primary,
        enrollment_secondary=secondary,
    )
    assert ("fulltime_psych_teacher_missing" in codes(result)) is expected


@pytest.mark.parametrize(("total", "expected"), [(999, False), (1000, True)])
def test_mixed_stage_with_only_a_total_uses_the_stricter_threshold(
    total: int, expected: bool
) -> None:
    assert (
        "fulltime_psych_teacher_missing" in codes(psych(0, [], stage="nine_year", enrollment=total))
    ) is expected


@pytest.mark.parametrize(
    ("school", "message"),
    [
        (
            {
                "stage": "primary",
                "enrollment": 100,
                "enrollment_primary": 100,
                "enrollment_secondary": 0,
            },
            "九年一贯制",
        ),
        ({"stage": "nine_year", "enrollment": 100, "enrollment_primary": 100}, "都要填写"),
        (
            {
                "stage": "nine_year",
                "enrollment": 100,
                "enrollment_primary": 60,
                "enrollment_secondary": 30,
            },
            "之和",
        ),
        (
            {
                "stage": "nine_year",
                "enrollment": 100,
                "enrollment_primary": -1,
                "enrollment_secondary": 101,
            },
            "非负整数",
        ),
    ],
)
def test_enrolment_by_part_is_checked(school: dict[str, Any], message: str) -> None:
    with pytest.raises(AnswersError, match=message):
        DocumentParser(builtin_checklists()).parse(document({}, **school))


# ---- corrected boundaries -----------------------------------------------------------------


# The window is one year back to the same calendar date, both ends included (docs/decisions.md:
# "365天以内" read as one year, so a school that assesses on the same date every year is never
# flagged, even when the year holds a 29 February and is 366 days long; 28 Feb for 29 Feb).
@pytest.mark.parametrize(
    ("assessed", "ref", "not_current"),
    [
        # A year without 29 February (365 days).
        ("2021-01-01", "2021-12-31", False),  # R − 364
        ("2020-12-31", "2021-12-31", False),  # R − 365: the same date a year earlier
        ("2020-12-30", "2021-12-31", True),  # R − 366
        ("2021-12-31", "2021-12-31", False),  # on R
        ("2022-01-01", "2021-12-31", True),  # after R
        # A year across 29 February 2024 (366 days): the same date a year earlier still counts.
        ("2023-03-02", "2024-03-01", False),  # R − 365
        ("2023-03-01", "2024-03-01", False),  # R − 366: the same date a year earlier
        ("2023-02-28", "2024-03-01", True),  # R − 367
        # R on 29 February: the same date a year earlier is 28 February.
        ("2023-02-28", "2024-02-29", False),  # R − 366
        ("2023-02-27", "2024-02-29", True),  # R − 367
        ("2024-02-29", "2024-02-29", False),  # on R
        ("2024-03-01", "2024-02-29", True),  # after R
        # Assessed on 29 February, judged a year later (no 29 February): 28 February bounds it.
        ("2024-02-29", "2025-02-28", False),  # R − 365
        ("2024-02-28", "2025-02-28", False),  # R − 366: the same date a year earlier
        ("2024-02-27", "2025-02-28", True),  # R − 367
        ("2024-02-29", "2025-03-01", True),  # R − 366, a year and a day
        ("2024-03-01", "2025-03-01", False),  # R − 365: the same date a year earlier
    ],
)
def test_assessment_window_is_one_year_to_the_same_date(
    assessed: str, ref: str, not_current: bool
) -> None:
    row = guard(id_number=id_number("1970-05-05"), assessment_date=assessed, assessment_passed=True)
    assert (
        "assessment_not_current" in codes(evaluate("guards", {"guards": [row]}, ref))
    ) is not_current
    # A failed assessment inside the same window is the other finding, never both.
    row["assessment_passed"] = False
    found = codes(evaluate("guards", {"guards": [row]}, ref))
    assert ("assessment_failed_still_on_post" in found) is (not not_current)
    assert ("assessment_not_current" in found) is not_current


@pytest.mark.parametrize(
    ("enrollment", "required"),
    [(99, 1), (100, 1), (101, 2), (999, 2), (1000, 3), (1499, 3), (1500, 4)],
)
def test_guards_required_by_enrolment(enrollment: int, required: int) -> None:
    result = evaluate("safety", {"fulltime_guards": 1}, enrollment=enrollment)
    assert result.item("guards_required").value == required
    assert ("guard_count_below_required" in codes(result)) is (required > 1)


@pytest.mark.parametrize(
    ("drill", "ref", "overdue"),
    [
        ("2021-03-30", "2021-09-30", False),  # six calendar months, the last day included
        ("2021-03-30", "2021-10-01", True),
        ("2021-03-31", "2021-09-30", False),  # 31 March + 6 months clamps to 30 September
        ("2021-03-31", "2021-10-01", True),
        ("2021-08-31", "2022-02-28", False),  # clamps to 28 February
        ("2021-08-31", "2022-03-01", True),
        ("2023-08-31", "2024-02-29", False),  # a leap year: 29 February
        ("2023-08-31", "2024-03-01", True),
    ],
)
def test_fire_drill_every_six_calendar_months(drill: str, ref: str, overdue: bool) -> None:
    result = evaluate("safety", {"last_fire_drill": drill}, ref)
    assert ("fire_drill_over_six_months" in codes(result)) is overdue


@pytest.mark.parametrize(
    ("cells", "code", "fails"),
    [
        ({"ra": 79.9}, "ra_low", True),
        ({"ra": 80.0}, "ra_low", False),
        (
            {"ra": 79.6},
            "ra_low",
            True,
        ),  # a test report's "Ra 79.6" is judged as entered, not rounded
        ({"cct": 3299.9}, "cct_out_of_range", True),
        ({"cct": 5500.1}, "cct_out_of_range", True),
        ({"cct": 5499.9}, "cct_out_of_range", False),
        ({"desk_lux": 299.9}, "desk_lux_low", True),
        ({"desk_uniformity": 0.69}, "desk_uniformity_low", True),
        ({"board_uniformity": 0.8}, "board_uniformity_low", False),
        ({"ugr": 19.1}, "ugr_high", True),
        ({"ugr": 19.0}, "ugr_high", False),
        ({"mount_height": 1.69}, "mount_height_low", True),
        ({"mount_height": 1.7}, "mount_height_low", False),
    ],
)
def test_measured_values_keep_their_decimals(cells: dict[str, Any], code: str, fails: bool) -> None:
    rooms = [{"room": "三(2)班", **GOOD_ROOM, **cells}]
    assert (
        code in codes(evaluate("lighting", {"classrooms": rooms, "classrooms_total": 1}))
    ) is fails


def test_lamp_height_cites_gb_7793_as_a_requirement() -> None:
    rooms = [{"room": "三(2)班", **GOOD_ROOM, "mount_height": 1.5}]
    finding = next(
        f
        for f in evaluate("lighting", {"classrooms": rooms}).findings
        if f.code == "mount_height_low"
    )
    assert "GB 7793-2010 §5.7" in finding.message.zh and "不应低于" in finding.message.zh
    assert "GB 7793-2010 §5.7" in finding.message.en
    assert "36876" not in finding.message.zh
    # The column's standard names the clause too (shown beside the value and in the report).
    column = next(
        c
        for c in builtin_checklists()["lighting"].item("classrooms").columns
        if c.id == "mount_height"
    )
    assert (
        column.standard is not None
        and "§5.7" in column.standard.zh
        and "§5.7" in column.standard.en
    )


@pytest.mark.parametrize(
    ("entered", "mismatch"), [("1990-05-05", False), ("1990-05-06", True), ("1964-05-05", True)]
)
def test_birth_date_beside_a_valid_id_number(entered: str, mismatch: bool) -> None:
    result = evaluate("guards", {"guards": [guard(birth_date=entered)]})
    found = [f for f in result.findings if f.code == "id_birth_date_mismatch"]
    assert bool(found) is mismatch
    if found:
        assert found[0].severity == "major" and entered in found[0].message.zh
    assert "over_55_on_post" not in codes(result)  # the ID's date (1990) is used for the age


def test_birth_date_beside_an_invalid_id_number_is_used_without_mismatch() -> None:
    bad = id_number("1960-01-01")[:-1] + ("0" if id_number("1960-01-01")[-1] != "0" else "1")
    result = evaluate("guards", {"guards": [guard(id_number=bad, birth_date="1960-01-01")]})
    assert "id_birth_date_mismatch" not in codes(result) and "over_55_on_post" in codes(result)


def test_vision_checks_twice_a_term_cited_to_the_2018_plan() -> None:
    registry = builtin_checklists()
    item = registry["lighting"].item("vision_checks_term")
    assert (
        item.standard is not None and "2018" in item.standard.zh and "光明行动" in item.standard.zh
    )
    assert "vision_checks_term_insufficient" in codes(
        evaluate("lighting", {"vision_checks_term": 1})
    )
    assert "vision_checks_term_insufficient" not in codes(
        evaluate("lighting", {"vision_checks_term": 2})
    )


def test_every_item_still_cites_its_plan_clause() -> None:
    for checklist in builtin_checklists().values():
        for item in checklist.items():
            assert item.clauses, f"{checklist.id}.{item.id} cites no clause"
            assert set(item.clauses) <= set(PLAN_CLAUSES)
            for rule in item.rules:
                assert rule.clauses, f"{rule.code} cites no clause"


def test_changed_rules_have_new_codes_and_their_checklists_new_versions() -> None:
    registry = builtin_checklists()
    all_codes = {rule.code for c in registry.values() for _, _, rule in c.rules()}
    retired = {
        "assessment_missing",
        "assessment_failed_on_post",
        "guard_count_short",
        "fire_drill_overdue",
        "psych_teacher_missing",
        "vision_checks_insufficient",
    }
    assert not retired & all_codes
    # v3 of each: duplicates, readings required, dates inside their period, part-time count
    # against the roster (tests/checklists/test_verdict_attacks.py)
    assert {c.id: c.version for c in registry.values()} == {
        "safety": 3,
        "psychology": 3,
        "lighting": 3,
        "guards": 3,
    }
