"""The fixed guard rules (第75条), to the day: birthdays, 29 February, the one-year assessment window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checklists.helpers import codes, evaluate, id_number

# The assessment rules carry new codes since guards v2: the window includes the same date a year
# earlier (standards.md §4: 以内 includes the number; docs/decisions.md: one calendar year, so
# 366 days across 29 February; the leap-year edges are in test_verdict_fidelity).
AGE_CODES = {
    "new_hire_over_45",
    "over_55_on_post",
    "assessment_not_current",
    "assessment_failed_still_on_post",
}


def guard(**cells: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"name": "张三", "hire_date": "2015-03-01", "licence_no": "粤保0001"}
    row.update(cells)
    return row


def guard_codes(rows: list[dict[str, Any]], ref: str = "2021-12-31") -> list[str]:
    result = evaluate("guards", {"guards": rows}, ref)
    return [
        f.code
        for f in result.findings
        if f.item == "guards" and f.code in AGE_CODES | {"invalid_id_number", "birth_date_unknown"}
    ]


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("1965-12-31", ["over_55_on_post"]),  # 56th birthday on R: 56
        ("1966-01-01", ["assessment_not_current"]),  # one day short of 56: 55
        ("1965-12-30", ["over_55_on_post"]),
    ],
)
def test_over_55_on_the_birthday(birth: str, expected: list[str]) -> None:
    assert guard_codes([guard(id_number=id_number(birth))]) == expected


def test_over_55_only_on_a_guard_post() -> None:
    assert guard_codes([guard(id_number=id_number("1950-06-01"), on_guard_post=False)]) == []


def test_on_guard_post_defaults_to_yes() -> None:
    assert guard_codes([guard(id_number=id_number("1950-06-01"))]) == ["over_55_on_post"]


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("1976-12-31", ["assessment_not_current"]),  # 45th birthday on R
        ("1977-01-01", []),  # 44 on R
    ],
)
def test_assessment_band_starts_at_45(birth: str, expected: list[str]) -> None:
    assert guard_codes([guard(id_number=id_number(birth))]) == expected


@pytest.mark.parametrize(
    ("assessed", "expected"),
    [
        ("2021-12-31", []),  # on R
        ("2021-01-01", []),  # R - 364
        # Corrected boundary (standards.md §4, "以内 includes the number"): R - 365 is inside.
        ("2020-12-31", []),  # R - 365: the same date a year earlier, inside (a year without 29 Feb)
        ("2020-12-30", ["assessment_not_current"]),  # R - 366: outside
        ("2022-01-01", ["assessment_not_current"]),  # after R does not count
    ],
)
def test_assessment_window_edges(assessed: str, expected: list[str]) -> None:
    row = guard(id_number=id_number("1970-05-05"), assessment_date=assessed, assessment_passed=True)
    assert guard_codes([row]) == expected


def test_failed_assessment_on_post() -> None:
    row = guard(
        id_number=id_number("1970-05-05"), assessment_date="2021-06-01", assessment_passed=False
    )
    assert guard_codes([row]) == ["assessment_failed_still_on_post"]
    row["on_guard_post"] = False
    assert guard_codes([row]) == []


def test_failed_assessment_outside_window_is_missing_not_failed() -> None:
    row = guard(
        id_number=id_number("1970-05-05"), assessment_date="2020-06-01", assessment_passed=False
    )
    assert guard_codes([row]) == ["assessment_not_current"]


@pytest.mark.parametrize(
    ("birth", "hire", "expected"),
    [
        # (all of them are 45-55 at R and unassessed, hence assessment_not_current too)
        (
            "1975-03-01",
            "2021-03-01",
            ["new_hire_over_45", "assessment_not_current"],
        ),  # 46 on the hire date
        ("1975-03-02", "2021-03-01", ["assessment_not_current"]),  # 45 at hire
        (
            "1970-01-01",
            "2020-12-31",
            ["assessment_not_current"],
        ),  # hired before the rule took effect
        (
            "1970-01-01",
            "2021-01-01",
            ["new_hire_over_45", "assessment_not_current"],
        ),  # on the effective date
    ],
)
def test_new_hire_over_45(birth: str, hire: str, expected: list[str]) -> None:
    assert sorted(guard_codes([guard(id_number=id_number(birth), hire_date=hire)])) == sorted(
        expected
    )


def test_29_february_birthday_falls_on_28_february() -> None:
    born = id_number("1965-02-28")
    leap = id_number("1964-02-29")
    # R = 2020-02-28 (leap year 2020): the 29 Feb child is 55 until 2020-02-29.
    assert guard_codes([guard(id_number=leap)], "2020-02-28") == ["assessment_not_current"]
    assert guard_codes([guard(id_number=leap)], "2020-02-29") == ["over_55_on_post"]
    # R = 2021-02-28 (non-leap): the 28 Feb child turns 56 that day.
    assert guard_codes([guard(id_number=born)], "2021-02-27") == ["assessment_not_current"]
    assert guard_codes([guard(id_number=born)], "2021-02-28") == ["over_55_on_post"]
    # A 29 Feb birthday in a non-leap year: age 45 reached on 28 Feb.
    young = id_number("1976-02-29")
    assert guard_codes([guard(id_number=young)], "2021-02-27") == []
    assert guard_codes([guard(id_number=young)], "2021-02-28") == ["assessment_not_current"]


def test_invalid_id_number_falls_back_to_birth_date() -> None:
    bad = id_number("1960-01-01")[:-1] + ("0" if id_number("1960-01-01")[-1] != "0" else "1")
    assert guard_codes([guard(id_number=bad)]) == ["invalid_id_number", "birth_date_unknown"]
    assert guard_codes([guard(id_number=bad, birth_date="1960-01-01")]) == [
        "invalid_id_number",
        "over_55_on_post",
    ]


def test_valid_id_number_wins_over_birth_date() -> None:
    assert guard_codes([guard(id_number=id_number("1990-01-01"), birth_date="1950-01-01")]) == []


def test_lowercase_x_check_character_is_valid() -> None:
    # 11010519491231002X is a published valid sample.
    assert "invalid_id_number" not in guard_codes(
        [guard(id_number="11010519491231002x", on_guard_post=False)]
    )


def test_no_id_and_no_birth_date() -> None:
    assert guard_codes([guard()]) == ["birth_date_unknown"]


def test_findings_carry_row_index_and_clause() -> None:
    rows = [
        guard(id_number=id_number("1990-01-01")),
        guard(name="李四", id_number=id_number("1950-01-01")),
    ]
    result = evaluate("guards", {"guards": rows})
    found = [f for f in result.findings if f.code == "over_55_on_post"]
    assert len(found) == 1 and found[0].row == 1 and 75 in found[0].clauses
    assert "李四" in found[0].message.zh
    assert found[0].explainable
    assert codes(result, row=0) == [c for c in codes(result, row=0) if c not in AGE_CODES]
