"""Tests for every function of the expression language, with their edge cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checklists.expr import MapScope, Value, evaluate
from checklists.foundation.errors import ExpressionError

REF = date(2021, 12, 31)
MALE_1970 = "441900197001010010"  # the sample guard of DESIGN.md
FEMALE_1949 = "11010519491231002X"  # a published sample (standards.md)
BORN_2022 = "441900202201010019"  # checksum-valid, but born after the reference date

VALUES: dict[str, Any] = {
    "n": None,
    "blank": "",
    "d": REF,
    "multi": ["a", "c"],
    "multi_text": "a c",
    "none_selected": [],
    "codes": ["1", "2"],
    "numbers": [1, None, 2.5],
    "ints": [3, 1, 2],
    "flags": [True, False, True, None],
    "dates": [date(2021, 3, 1), None, date(2020, 1, 1)],
    "words": ["pear", "apple"],
    "mixed": [1, "a"],
    "nones": [None, None],
    "rows": [{"x": 1}, {"x": 2}, {"x": None}],
    "rooms": [
        {"room": "一(1)班", "w": 1},
        {"room": " 一（1）班", "w": 2},
        {"room": "二(1)班", "w": 1},
    ],
    "room_names": ["一(1)班", " 一（1）班", "二(1)班", None, ""],
    "ids": [MALE_1970, MALE_1970.lower(), FEMALE_1949, "", ""],
    "names": ["甲", "乙", "丙", "丁", "丁"],
    "births": [None, None, None, date(1980, 3, 1), date(1980, 3, 1)],
    "on_post": [True, True, False, True, True],
    "t": True,
    "s": "abc",
    "big": 1e308,
}


def ev(source: str, **extra: Any) -> Value:
    scope = MapScope({**VALUES, **extra}, current=extra.get("current"), reference_date=REF)
    return evaluate(source, scope)


def same(actual: Value, expected: Value) -> bool:
    """Equal and of the same type (True is not 1, 3.0 is not 3)."""
    return type(actual) is type(expected) and actual == expected


CASES: list[tuple[str, Value]] = [
    # not
    ("not(true())", False),
    ("not(false)", True),
    ("not(${n})", None),
    ("not(1 > 2)", True),
    # selected
    ("selected(${multi}, 'a')", True),
    ("selected(${multi}, 'b')", False),
    ("selected(${multi_text}, 'c')", True),
    ("selected(${multi_text}, 'a c')", False),
    ("selected('a', 'a')", True),
    ("selected(${none_selected}, 'a')", False),
    ("selected(${blank}, 'a')", False),
    ("selected(${n}, 'a')", None),
    ("selected(${multi}, ${n})", None),
    ("selected(${codes}, 1)", True),
    ("selected(${ints}, '3')", True),
    ("selected(3, '3')", True),
    ("selected(${multi}, '')", False),
    # count-selected
    ("count-selected(${multi})", 2),
    ("count-selected(${multi_text})", 2),
    ("count-selected(${none_selected})", 0),
    ("count-selected(${blank})", 0),
    ("count-selected(${n})", 0),
    # count
    ("count(${rows})", 3),
    ("count(${numbers})", 3),
    ("count(${none_selected})", 0),
    ("count(${n})", 0),
    # sum
    ("sum(${numbers})", 3.5),
    ("sum(${ints})", 6),
    ("sum(${rows.x})", 3),
    ("sum(${flags})", 2),
    ("sum(${none_selected})", None),
    ("sum(${nones})", None),
    ("sum(${n})", None),
    ("sum(5)", 5),
    # min / max
    ("min(${numbers})", 1),
    ("max(${numbers})", 2.5),
    ("min(${ints})", 1),
    ("max(${dates})", date(2021, 3, 1)),
    ("min(${dates})", date(2020, 1, 1)),
    ("min(${words})", "apple"),
    ("max(${none_selected})", None),
    ("max(${nones})", None),
    ("max(${n})", None),
    ("min(7)", 7),
    ("min(3, 1.5, 2)", 1.5),
    ("max(3, ${n}, 2)", 3),
    ("max(${n}, ${n})", None),
    ("max(${ints}, 10)", 10),
    ("min(${d}, date('2021-01-01'))", date(2021, 1, 1)),
    # date
    ("date('2021-03-01')", date(2021, 3, 1)),
    ("date(${d})", REF),
    ("date(${n})", None),
    ("date(${blank})", None),
    ("date('')", None),
    ("date(${s2})", date(2020, 2, 29)),
    # age (full years; the birthday itself counts; 29 Feb → 28 Feb in common years)
    ("age('1965-12-31', today())", 56),
    ("age('1966-01-01', today())", 55),
    ("age(date('1965-06-15'), ${d})", 56),
    ("age('2004-02-29', '2021-02-28')", 17),
    ("age('2004-02-29', '2021-02-27')", 16),
    ("age(today(), today())", 0),
    ("age(${n}, today())", None),
    ("age('1970-01-01', ${n})", None),
    ("age(${blank}, today())", None),
    # days
    ("days('2021-01-01', today())", 364),
    ("days(today(), '2021-01-01')", -364),
    ("days(${d}, ${d})", 0),
    ("days(${n}, ${d})", None),
    ("days(${d}, ${n})", None),
    # six calendar months, clamped to the month's end (standards.md S32)
    ("add_months('2021-03-30', 6)", date(2021, 9, 30)),
    ("add_months('2021-03-31', 6)", date(2021, 9, 30)),
    ("add_months('2021-08-31', 6)", date(2022, 2, 28)),
    ("add_months('2023-08-31', 6)", date(2024, 2, 29)),
    ("add_months('2021-12-15', -12)", date(2020, 12, 15)),
    ("add_months(${n}, 6)", None),
    # school_year_start: 1 September of the school year holding the date
    ("school_year_start('2021-12-31')", date(2021, 9, 1)),
    ("school_year_start('2021-09-01')", date(2021, 9, 1)),
    ("school_year_start('2021-08-31')", date(2020, 9, 1)),
    ("school_year_start(${n})", None),
    # count_distinct: text compared in NFKC form, case-folded, without spaces
    ("count_distinct(${room_names})", 2),
    ("count_distinct(${nones})", 0),
    ("count_distinct(${n})", 0),
    # count_rows: rows holding every (column, value) pair given
    ("count_rows(${rooms}, 'room', '一(1)班')", 2),
    ("count_rows(${rooms}, 'room', '一(1)班', 'w', 2)", 1),
    ("count_rows(${rooms}, 'room', '三(1)班')", 0),
    ("count_rows(${rooms}, 'room', ${n})", None),
    ("count_rows(${n}, 'room', 'x')", 0),
    # count_people: same valid ID = same person; without one, same name and birth date
    ("count_people(${ids}, ${names}, ${births})", 3),
    ("count_people(${ids}, ${names}, ${births}, ${on_post})", 2),
    ("count_people(${none_selected}, ${none_selected}, ${none_selected})", None),
    # string-length
    ("string-length('abc')", 3),
    ("string-length('张三丰')", 3),
    ("string-length('')", 0),
    ("string-length(${n})", 0),
    ("string-length(${n}) = 0", True),
    # round: half away from zero (四舍五入)
    ("round(2.675, 2)", 2.68),
    ("round(2.5)", 3),
    ("round(-2.5)", -3),
    ("round(0.5, 0)", 1),
    ("round(1.234, 1)", 1.2),
    ("round(1234, -2)", 1200),
    ("round(1250, -2)", 1300),
    ("round(1249.9, -2)", 1200),
    ("round(5, 2)", 5),
    ("round(${n}, 2)", None),
    ("round(1.5, ${n})", None),
    ("round(${big}, 2)", 1e308),
    # int: truncates toward zero
    ("int(3.7)", 3),
    ("int(-3.7)", -3),
    ("int(5)", 5),
    ("int('12')", 12),
    ("int(' -2.5 ')", -2),
    ("int('')", None),
    ("int(${n})", None),
    # number
    ("number('3.5')", 3.5),
    ("number(' 42 ')", 42),
    ("number('-.5')", -0.5),
    ("number(true())", 1),
    ("number(false())", 0),
    ("number('')", None),
    ("number(${n})", None),
    ("number(7)", 7),
    # coalesce: the first non-empty value
    ("coalesce(${n}, 5)", 5),
    ("coalesce(${blank}, 'x')", "x"),
    ("coalesce(${none_selected}, 'x')", "x"),
    ("coalesce(0, 5)", 0),
    ("coalesce(false(), true())", False),
    ("coalesce(${n}, ${blank})", None),
    ("coalesce(${n}, ${n}, 3)", 3),
    ("coalesce(1, ${missing})", 1),
    # concat
    ("concat('a', 1, 2.5, 3.0, true(), ${n}, ${d}, ${multi})", "a12.53true2021-12-31a c"),
    ("concat('x')", "x"),
    ("concat(${n})", ""),
    ("concat(1 div 3)", "0.3333333333333333"),
    ("concat(false())", "false"),
    # regex: the whole text must match
    ("regex('abc', 'a.c')", True),
    ("regex('abcd', 'a.c')", False),
    ("regex('xabc', 'a.c')", False),
    ("regex('三(2)班', '[一二三四五六]\\(\\d\\)班')", True),
    ("regex(${n}, 'a')", None),
    ("regex('a', ${n})", None),
    ("regex('', 'a*')", True),
    # id_*
    (f"id_valid('{MALE_1970}')", True),
    (f"id_valid('{FEMALE_1949}')", True),
    (f"id_valid('{FEMALE_1949.lower()}')", True),
    (f"id_valid('{MALE_1970[:-1]}1')", False),
    ("id_valid('12345')", False),
    (f"id_valid('{BORN_2022}')", False),
    ("id_valid(${n})", None),
    ("id_valid(${blank})", None),
    (f"id_birth_date('{MALE_1970}')", date(1970, 1, 1)),
    (f"id_birth_date('{FEMALE_1949}')", date(1949, 12, 31)),
    ("id_birth_date('12345')", None),
    ("id_birth_date(${n})", None),
    (f"id_sex('{MALE_1970}')", "male"),
    (f"id_sex('{FEMALE_1949}')", "female"),
    ("id_sex('12345')", None),
    ("id_sex(${n})", None),
    (f"age(id_birth_date('{MALE_1970}'), today()) >= 56", False),
    # in: three-valued membership
    ("in('primary', 'primary', 'junior')", True),
    ("in('senior', 'primary', 'junior')", False),
    ("in(${n}, 'primary')", None),
    ("in('x', ${n}, 'y')", None),
    ("in('y', ${n}, 'y')", True),
    ("in(5, 4, 5.0)", True),
    ("in(${d}, '2021-12-31')", True),
    ("in(${blank}, ${n})", True),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_function(source: str, expected: Value) -> None:
    assert same(ev(source, s2="2020-02-29"), expected)


def test_every_function_has_a_case() -> None:
    from checklists.expr import FUNCTIONS, functions_used, parse

    covered: set[str] = set()
    for source, _ in CASES:
        covered |= functions_used(parse(source))
    covered |= {"if"}  # tested in test_compiler.py
    assert covered == set(FUNCTIONS)


def test_id_functions_use_the_reference_date() -> None:
    later = MapScope({}, reference_date=date(2022, 6, 1))
    assert evaluate(f"id_valid('{BORN_2022}')", later) is True


@pytest.mark.parametrize(
    ("source", "en"),
    [
        ("not(1)", "expected yes/no (a condition), got number"),
        ("selected(${t}, 'a')", "expected a select answer, got yes/no"),
        ("selected(${multi}, ${multi})", "expected an option (text), got list"),
        ("selected(${rows}, 'a')", "expected text, a number or a date, got table row"),
        ("count-selected(${t})", "expected a multi-select answer, got yes/no"),
        ("count(5)", "expected a table or a list, got number"),
        ("count('abc')", "expected a table or a list, got text"),
        ("sum(${mixed})", "sum() adds numbers only"),
        ("sum(${rows})", "sum() adds numbers only"),
        ("sum(${s})", "sum() adds numbers only"),
        ("sum(${huge})", "number out of range"),
        ("min(${mixed})", "min() needs all numbers, all dates or all texts"),
        ("max(${d}, 1)", "max() needs all numbers, all dates or all texts"),
        ("max(${flags})", "max() needs all numbers"),
        ("date(${s})", "Wrong date format: 'abc'"),
        ("date(${s2})", "No such date: 2021-02-29"),
        ("date(5)", "expected a date, got number"),
        ("age('2022-01-01', today())", "the birth date is after the date the age is taken on"),
        ("age(1970, today())", "expected a date, got number"),
        ("days('soon', today())", "Wrong date format"),
        ("add_months('2021-01-01', 1.5)", "whole number of months"),
        ("string-length(5)", "expected text, got number"),
        ("round('1.5')", "expected a number, got text"),
        ("round(1.5, 0.5)", "digits must be a whole number from -20 to 20"),
        ("round(1.5, 21)", "digits must be a whole number from -20 to 20"),
        ("round(1.5, true())", "digits must be a whole number"),
        ("round(${huge_int}, -1)", "number out of range"),
        ("int('abc')", "text is not a number"),
        ("int(true())", "expected a number, got yes/no"),
        ("int(${d})", "expected a number, got date"),
        ("number('1e5')", "text is not a number"),
        ("number('１２')", "text is not a number"),
        ("number('nan')", "text is not a number"),
        ("number(${d})", "expected a number or numeric text, got date"),
        ("concat(${rows})", "expected text, a number or a date, got table row"),
        ("count_distinct(${rows})", "expected a single value, got table row"),
        ("concat(${huge_int})", "number out of range"),
        ("regex(5, 'a')", "expected text, got number"),
        ("regex('a', 5)", "expected a pattern (text), got number"),
        ("regex('a', ${bad_pattern})", "invalid regular expression"),
        ("regex('a', ${long_pattern})", "regular expression too long"),
        ("id_valid(441900197001010010)", "expected text, got number"),
        ("in(5, '5')", "cannot use '=' on number and text"),
        ("in(${multi}, 'a')", "cannot use '=' on list and text"),
    ],
)
def test_function_errors(source: str, en: str) -> None:
    extra = {
        "huge": [1e308, 1e308],
        "huge_int": 10**5000,
        "bad_pattern": "a(",
        "long_pattern": "a" * 201,
        "s2": "2021-02-29",
    }
    with pytest.raises(ExpressionError) as info:
        ev(source, **extra)
    assert en in info.value.en
    assert info.value.zh.startswith("表达式第 1 个字符处")  # the call itself is the place


@pytest.mark.parametrize(
    "pattern", ["(a+)+$", "(a|aa)+$", "(a*)*b", "(x+x+)+y", "^(([a-z])+.)+[A-Z]([a-z])+$"]
)
def test_regex_runs_in_linear_time_on_catastrophic_patterns(pattern: str) -> None:
    """Python's re took 33 s for '(a+)+$' on 30 characters; RE2 has no backtracking."""
    import time

    text = "a" * 20_000 + "!"
    start = time.monotonic()
    assert ev("regex(${t}, ${p})", t=text, p=pattern) is False
    assert time.monotonic() - start < 1


@pytest.mark.parametrize(
    ("pattern", "why"),
    [("(a)\\1", "back-references"), ("(?=a)a", "look-around"), ("(?<!a)b", "look-around")],
)
def test_patterns_re2_cannot_run_are_refused_with_the_reason(pattern: str, why: str) -> None:
    with pytest.raises(ExpressionError) as info:
        ev("regex('a', ${p})", p=pattern)
    assert "invalid regular expression" in info.value.en and why in info.value.en


def test_a_lone_surrogate_in_the_text_is_a_problem_not_a_crash() -> None:
    with pytest.raises(ExpressionError) as info:
        ev("regex(${t}, 'a')", t="\ud800")
    assert "lone surrogate" in info.value.en
