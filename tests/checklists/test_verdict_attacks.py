"""Verdicts an inspector would not accept, each judged through the core: the same person or
classroom listed twice, a guard hired after the reference date, readings left out, blank text,
evidence dated outside its period, and a part-time count the roster contradicts."""

from __future__ import annotations

from typing import Any

import pytest

from checklists.results import ChecklistResult
from tests.checklists.helpers import codes, evaluate, id_number
from tests.checklists.test_verdict_fidelity import evaluate_all, guard

# ---- the guard roster: one person, one guard ------------------------------------------------


def guards_and_count(rows: list[dict[str, Any]], reported: int) -> tuple[ChecklistResult, ...]:
    results = evaluate_all(
        {"guards": {"guards": rows}, "safety": {"fulltime_guards": reported}}, enrollment=1350
    )
    return results.checklists["guards"], results.checklists["safety"]


def test_the_same_row_three_times_is_one_guard() -> None:
    row = guard(name="甲", id_number=id_number("1990-01-01"))
    guards, safety = guards_and_count([dict(row), dict(row), dict(row)], reported=3)
    assert codes(guards).count("duplicate_person") == 3
    assert guards.status == "non_compliant"
    finding = next(f for f in guards.findings if f.code == "duplicate_person")
    assert finding.severity == "major" and finding.clauses == (75,)
    assert guards.item("guards_on_post").value == 1
    assert safety.item("guards_counted").value == 1
    assert {"guard_count_below_required", "guard_count_roster_mismatch"} <= set(codes(safety))


def test_three_names_sharing_one_id_number_are_one_person() -> None:
    same = id_number("1990-12-21")
    rows = [guard(name=n, id_number=same) for n in ("罗文辉", "梁秀英", "邓家豪")]
    guards, safety = guards_and_count(rows, reported=3)
    assert codes(guards).count("duplicate_person") == 3
    assert guards.item("guards_on_post").value == 1
    assert "guard_count_below_required" in codes(safety)


def test_id_number_written_with_a_lowercase_x_is_the_same_number() -> None:
    upper = next(
        n for n in (id_number("1990-01-01", seq=f"{s:03d}") for s in range(200)) if n[-1] == "X"
    )
    rows = [guard(name="甲", id_number=upper), guard(name="甲", id_number=upper.lower())]
    guards, _ = guards_and_count(rows, reported=1)
    assert codes(guards).count("duplicate_person") == 2
    assert guards.item("guards_on_post").value == 1


def test_different_id_numbers_are_different_guards_even_with_one_name() -> None:
    rows = [
        guard(name="张伟", id_number=id_number("1990-01-01", seq="123")),
        guard(name="张伟", id_number=id_number("1990-01-01", seq="125")),
    ]
    guards, _ = guards_and_count(rows, reported=2)
    assert "duplicate_person" not in codes(guards)
    assert guards.item("guards_on_post").value == 2


@pytest.mark.parametrize(
    ("second_birth", "duplicate"), [("1980-03-01", True), ("1980-03-02", False)]
)
def test_without_id_number_name_and_birth_date_identify_the_person(
    second_birth: str, duplicate: bool
) -> None:
    rows = [
        guard(name="阿明", id_number="", birth_date="1980-03-01"),
        guard(name="阿明", id_number="", birth_date=second_birth),
    ]
    guards, _ = guards_and_count(rows, reported=2)
    assert ("duplicate_person" in codes(guards)) is duplicate
    assert guards.item("guards_on_post").value == (1 if duplicate else 2)


def test_a_duplicate_off_post_row_does_not_add_a_guard() -> None:
    rows = [
        guard(name="甲"),
        guard(name="甲", on_guard_post=False),
        guard(name="乙", id_number=id_number("1985-02-02")),
    ]
    guards, _ = guards_and_count(rows, reported=2)
    assert guards.item("guards_on_post").value == 2
    assert "duplicate_person" in codes(guards)


# ---- a guard hired after the reference date is not on post at it ----------------------------


@pytest.mark.parametrize(("hire_date", "on_post"), [("2021-12-31", True), ("2022-01-01", False)])
def test_guard_hired_after_the_reference_date_is_not_counted(hire_date: str, on_post: bool) -> None:
    rows = [
        guard(name="甲"),
        guard(name="乙", id_number=id_number("1985-02-02"), hire_date=hire_date),
    ]
    guards, safety = guards_and_count(rows, reported=2)
    assert guards.item("guards_on_post").value == (2 if on_post else 1)
    assert ("hired_after_reference_date" in codes(guards)) is not on_post
    assert ("guard_count_roster_mismatch" in codes(safety)) is not on_post
    if not on_post:
        finding = next(f for f in guards.findings if f.code == "hired_after_reference_date")
        assert finding.severity == "minor" and finding.row == 1


def test_over_55_hired_after_the_reference_date_was_not_on_post_at_it() -> None:
    row = guard(id_number=id_number("1960-01-01"), hire_date="2022-02-01")
    guards, _ = guards_and_count([row], reported=0)
    assert "over_55_on_post" not in codes(guards)
    assert "hired_after_reference_date" in codes(guards)


# ---- lighting: every judged reading is required, every classroom counts once ----------------

FULL_ROOM: dict[str, Any] = {
    "desk_lux": 350,
    "desk_uniformity": 0.8,
    "board_lights": True,
    "board_lux": 550,
    "board_uniformity": 0.85,
    "ugr": 15,
    "cct": 4500,
    "ra": 90,
    "lpd": 9,
    "mount_height": 1.85,
    "lamps_perpendicular": True,
    "test_report": True,
    "test_date": "2021-10-19",
}


def lighting(rooms: list[dict[str, Any]], total: int | None = None) -> ChecklistResult:
    return evaluate(
        "lighting",
        {"classrooms": rooms, "classrooms_total": len(rooms) if total is None else total},
    )


def room(name: str, **cells: Any) -> dict[str, Any]:
    return {"room": name, **FULL_ROOM, **cells}


def test_a_full_row_passes() -> None:
    assert lighting([room("一(1)班"), room("一(2)班")]).item("classrooms").status == "pass"


@pytest.mark.parametrize(
    "column",
    ["ugr", "cct", "ra", "lpd", "mount_height", "lamps_perpendicular", "test_report"],
)
def test_each_judged_reading_left_out_makes_the_row_incomplete(column: str) -> None:
    rows = [room("一(1)班"), room("一(2)班")]
    del rows[1][column]
    result = lighting(rows)
    table = result.item("classrooms")
    assert table.status == "incomplete"
    assert (1, column) in table.missing
    assert result.status == "incomplete"


def test_no_ugr_cct_ra_height_lpd_orientation_for_any_room_is_not_compliant() -> None:
    bare = [
        {
            k: v
            for k, v in room(f"{i}班").items()
            if k not in {"ugr", "cct", "ra", "lpd", "mount_height", "lamps_perpendicular"}
        }
        for i in range(3)
    ]
    result = lighting(bare)
    assert result.status == "incomplete"
    assert len(result.item("classrooms").missing) == 18


def test_test_and_upgrade_dates_stay_optional() -> None:
    row = room("一(1)班")
    del row["test_date"]
    assert lighting([row]).item("classrooms").status == "pass"


def test_one_classroom_entered_many_times_does_not_cover_the_others() -> None:
    result = lighting([room("一(1)班") for _ in range(24)], total=24)
    table = result.item("classrooms")
    assert codes(result).count("duplicate_classroom") == 24
    assert result.item("classrooms_listed").value == 1
    assert any("已登记 1 间不同的教室" in e[2] for e in table.errors)
    finding = next(f for f in result.findings if f.code == "duplicate_classroom")
    assert finding.severity == "major" and finding.clauses == (21,)


def test_the_same_room_written_with_full_width_brackets_and_spaces_is_a_duplicate() -> None:
    result = lighting([room("一(1)班"), room(" 一（1）班 "), room("一(2)班")], total=3)
    assert codes(result).count("duplicate_classroom") == 2
    assert result.item("classrooms_listed").value == 2
    assert result.status == "non_compliant"


@pytest.mark.parametrize(("distinct", "status"), [(23, "incomplete"), (24, "pass")])
def test_coverage_counts_different_rooms(distinct: int, status: str) -> None:
    rows = [room(f"{i}班") for i in range(distinct)]
    assert lighting(rows, total=24).item("classrooms").status == status


@pytest.mark.parametrize(
    ("column", "value", "valid"),
    [
        ("test_date", "2021-12-31", True),
        ("test_date", "2022-01-01", False),
        ("upgrade_date", "2021-12-31", True),
        ("upgrade_date", "2022-01-01", False),
    ],
)
def test_lighting_dates_after_the_reference_date_are_invalid(
    column: str, value: str, valid: bool
) -> None:
    result = lighting([room("一(1)班", **{column: value})])
    table = result.item("classrooms")
    assert (table.status == "pass") is valid
    assert ((0, column) in table.invalid_cells) is not valid
    if not valid:
        assert result.status == "incomplete"


# ---- blank text is no answer ----------------------------------------------------------------


def test_whitespace_licence_number_is_no_licence() -> None:
    result = evaluate("guards", {"guards": [guard(licence_no="   ")]})
    assert "guard_licence_missing" in codes(result)


def test_whitespace_room_name_is_a_missing_name() -> None:
    result = lighting([room(" \u3000 ")])
    assert (0, "room") in result.item("classrooms").missing
    assert result.status == "incomplete"


def test_whitespace_teacher_name_is_a_missing_name() -> None:
    result = evaluate(
        "psychology",
        {
            "fulltime_psych_teachers": 1,
            "parttime_psych_teachers": 0,
            "psych_teachers": [
                {"name": "  ", "employment": "fulltime", "teacher_cert": True, "psych_major": True}
            ],
        },
    )
    assert (0, "name") in result.item("psych_teachers").missing
    assert result.status != "compliant"


def test_whitespace_other_subject_does_not_make_a_teacher_part_time() -> None:
    result = evaluate(
        "psychology",
        {
            "fulltime_psych_teachers": 1,
            "parttime_psych_teachers": 0,
            "psych_teachers": [
                {
                    "name": "周老师",
                    "employment": "fulltime",
                    "other_subject": " ",
                    "teacher_cert": True,
                    "psych_major": True,
                }
            ],
        },
        enrollment=1300,
    )
    assert not {"psych_fulltime_teaches_other_subject", "psych_teacher_count_mismatch"} & set(
        codes(result)
    )


def test_text_answers_are_kept_without_surrounding_spaces() -> None:
    from checklists.answers import check_value
    from checklists.registry import builtin_checklists

    table = builtin_checklists()["guards"].item("guards")
    rows, problems = check_value(table, [{"name": "  张三 ", "licence_no": "\t"}], "guards")
    assert problems == [] and rows == ({"name": "张三"},)


# ---- dates of evidence inside their period ----------------------------------------------------


def safety(answers: dict[str, Any], reference_date: str = "2021-12-31") -> ChecklistResult:
    return evaluate("safety", answers, reference_date)


@pytest.mark.parametrize(
    ("held_on", "ref", "finding"),
    [
        ("2021-09-01", "2021-12-31", False),  # first day of the school year holding R
        ("2021-08-31", "2021-12-31", True),  # last day of the year before
        ("2020-09-01", "2021-08-31", False),  # R on the school year's last day
        ("2021-09-01", "2021-09-01", False),  # R on its first day
        ("2021-08-31", "2021-09-01", True),
        ("2015-09-03", "2021-12-31", True),  # the tester's 2015 meeting
    ],
)
def test_safety_meeting_this_school_year(held_on: str, ref: str, finding: bool) -> None:
    result = safety({"safety_meeting_held": True, "safety_meeting_date": held_on}, ref)
    assert ("safety_meeting_not_this_school_year" in codes(result)) is finding
    if finding:
        f = next(f for f in result.findings if f.code == "safety_meeting_not_this_school_year")
        assert f.severity == "major" and f.clauses == (72,)


@pytest.mark.parametrize(("day", "status"), [("2021-12-31", "pass"), ("2022-01-01", "invalid")])
def test_safety_meeting_after_the_reference_date_is_invalid(day: str, status: str) -> None:
    result = safety({"safety_meeting_held": True, "safety_meeting_date": day})
    assert result.item("safety_meeting_date").status == status


def test_meeting_held_without_its_date_is_unanswered() -> None:
    result = safety({"safety_meeting_held": True})
    date_item = result.item("safety_meeting_date")
    assert date_item.status == "unanswered" and date_item.required
    assert result.status != "compliant"


@pytest.mark.parametrize(
    ("day", "status", "finding"),
    [
        ("2021-09-01", "pass", False),
        ("2021-08-31", "fail", True),
        ("2015-04-15", "fail", True),
        ("2021-12-31", "pass", False),
        ("2022-01-01", "invalid", False),  # after R: not valid, not a pass
    ],
)
def test_national_security_activity_this_school_year(day: str, status: str, finding: bool) -> None:
    result = safety({"natsec_activity": True, "natsec_activity_date": day})
    assert result.item("natsec_activity_date").status == status
    assert ("natsec_activity_not_this_school_year" in codes(result)) is finding


def test_national_security_activity_without_date_is_unanswered() -> None:
    result = safety({"natsec_activity": True})
    assert result.item("natsec_activity_date").status == "unanswered"


# ---- the part-time count against the roster ---------------------------------------------------


def teachers(parttime_count: int, roster: list[dict[str, Any]]) -> ChecklistResult:
    return evaluate(
        "psychology",
        {
            "fulltime_psych_teachers": sum(
                1 for t in roster if t["employment"] == "fulltime" and not t.get("other_subject")
            ),
            "parttime_psych_teachers": parttime_count,
            "psych_teachers": roster,
        },
        enrollment=1300,
    )


def pt(name: str, **cells: Any) -> dict[str, Any]:
    return {"name": name, "employment": "parttime", "teacher_cert": True, **cells}


FT = {"name": "王老师", "employment": "fulltime", "teacher_cert": True, "psych_major": True}


@pytest.mark.parametrize(("reported", "mismatch"), [(1, True), (2, False), (3, True)])
def test_part_time_count_one_either_side_of_the_roster(reported: int, mismatch: bool) -> None:
    result = teachers(reported, [FT, pt("苏老师"), pt("郑老师")])
    assert result.item("parttime_in_roster").value == 2
    assert ("psych_parttime_count_mismatch" in codes(result)) is mismatch
    if mismatch:
        f = next(f for f in result.findings if f.code == "psych_parttime_count_mismatch")
        assert f.severity == "minor" and f.clauses == (17,)


def test_full_time_with_another_subject_counts_as_part_time() -> None:
    roster = [FT, {**FT, "name": "吴老师", "other_subject": "语文"}]
    result = teachers(1, roster)
    assert result.item("parttime_in_roster").value == 1
    assert "psych_parttime_count_mismatch" not in codes(result)


def test_part_time_count_without_roster_is_not_compared() -> None:
    result = teachers(5, [])
    assert result.item("parttime_in_roster").value is None
    assert "psych_parttime_count_mismatch" not in codes(result)


@pytest.mark.parametrize(("day", "valid"), [("2021-12-31", True), ("2022-01-01", False)])
def test_an_assessment_after_the_reference_date_is_not_valid(day: str, valid: bool) -> None:
    # 30 at R: no assessment is needed, yet a date after R is wrongly filled in, as everywhere
    result = evaluate(
        "guards",
        {
            "guards": [
                guard(
                    id_number=id_number("1991-01-01"), assessment_date=day, assessment_passed=True
                )
            ]
        },
    )
    table = result.item("guards")
    assert ((0, "assessment_date") in table.invalid_cells) is not valid
    assert table.status == ("pass" if valid else "invalid")
