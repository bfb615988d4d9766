"""Tests for checklists.dates: 周岁 ages, date parsing and day spans."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklists.dates import InvalidDate, age_on, days_between, parse_date, parse_flexible_date
from checklists.foundation.errors import InputError

# --- age_on -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2021, 3, 14), 44),  # day before the 45th birthday
        (date(2021, 3, 15), 45),  # on the birthday: reached (project decision)
        (date(2021, 3, 16), 45),  # day after
        (date(2022, 3, 14), 45),
        (date(2022, 3, 15), 46),
    ],
)
def test_age_around_birthday(on: date, expected: int) -> None:
    assert age_on(date(1976, 3, 15), on) == expected


def test_age_on_birth_day_is_zero() -> None:
    assert age_on(date(2000, 1, 1), date(2000, 1, 1)) == 0


def test_age_before_birth_raises() -> None:
    with pytest.raises(ValueError, match="before birth"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2001, 2, 27), 0),
        (date(2001, 2, 28), 1),  # non-leap year: birthday on 28 Feb
        (date(2001, 3, 1), 1),
        (date(2004, 2, 28), 3),  # leap year: birthday is 29 Feb itself
        (date(2004, 2, 29), 4),
        (date(2004, 3, 1), 4),
        (date(2100, 2, 27), 99),  # 2100 is a century year, not leap
        (date(2100, 2, 28), 100),
    ],
)
def test_age_born_29_february(on: date, expected: int) -> None:
    assert age_on(date(2000, 2, 29), on) == expected


def test_age_century_years() -> None:
    # 1900 is not a leap year, 2000 is; someone born 1896-02-29 turns 4 on 1900-02-28.
    assert age_on(date(1896, 2, 29), date(1900, 2, 27)) == 3
    assert age_on(date(1896, 2, 29), date(1900, 2, 28)) == 4
    assert age_on(date(1996, 2, 29), date(2000, 2, 28)) == 3
    assert age_on(date(1996, 2, 29), date(2000, 2, 29)) == 4


def test_guard_age_bands_boundaries() -> None:
    # 45 on the 45th birthday (still a new-hire pass); 56 (= 超过55) on the 56th.
    birth = date(1965, 9, 1)
    assert age_on(birth, date(2010, 9, 1)) == 45
    assert age_on(birth, date(2021, 8, 31)) == 55
    assert age_on(birth, date(2021, 9, 1)) == 56


births = st.dates(min_value=date(1900, 1, 1), max_value=date(2050, 12, 31))


@given(birth=births, offset=st.integers(min_value=0, max_value=40_000))
def test_age_never_decreases_and_steps_by_at_most_one(birth: date, offset: int) -> None:
    on = birth + timedelta(days=offset)
    today = age_on(birth, on)
    tomorrow = age_on(birth, on + timedelta(days=1))
    assert today >= 0
    assert tomorrow - today in (0, 1)


@given(birth=births, years=st.integers(min_value=1, max_value=100))
def test_age_increases_by_one_across_each_birthday(birth: date, years: int) -> None:
    year = birth.year + years
    if birth.month == 2 and birth.day == 29 and not _is_leap(year):
        birthday = date(year, 2, 28)
    else:
        birthday = birth.replace(year=year)
    assert age_on(birth, birthday - timedelta(days=1)) == years - 1
    assert age_on(birth, birthday) == years


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# --- parse_date ---------------------------------------------------------------------------


def test_parse_date_iso_and_date_objects() -> None:
    assert parse_date("2021-03-01") == date(2021, 3, 1)
    assert parse_date("  2021-03-01 ") == date(2021, 3, 1)
    assert parse_date(date(2020, 2, 29)) == date(2020, 2, 29)
    assert parse_date(None) is None
    assert parse_date("   ") is None


@pytest.mark.parametrize(
    "text", ["2021-02-30", "2019-02-29", "1900-02-29", "2021-13-01", "0000-01-01"]
)
def test_parse_date_impossible_dates(text: str) -> None:
    with pytest.raises(InvalidDate, match="日期不存在") as info:
        parse_date(text)
    assert "No such date" in info.value.text("en")
    assert info.value.value == text


def test_parse_date_leap_days_that_exist() -> None:
    assert parse_date("2000-02-29") == date(2000, 2, 29)
    assert parse_date("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["2021/03/01", "2021-3-1", "20210301", "01-03-2021", "yesterday"])
def test_parse_date_bad_format(text: str) -> None:
    with pytest.raises(InvalidDate, match="日期格式不正确") as info:
        parse_date(text)
    assert "expected YYYY-MM-DD" in info.value.text("en")


def test_parse_date_refuses_datetime_and_other_types() -> None:
    with pytest.raises(InvalidDate, match="日期不能带时间"):
        parse_date(datetime(2021, 3, 1, 8, 30))
    with pytest.raises(InvalidDate, match="无法识别的日期"):
        parse_date(20210301)


def test_invalid_date_is_an_input_error() -> None:
    assert issubclass(InvalidDate, InputError)


# --- parse_flexible_date ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2021-03-01",
        "2021-3-1",
        "2021/3/1",
        "2021/03/01",
        "2021.3.1",
        "2021年3月1日",
        "2021 年 3 月 1 日",
        "2021年03月01",
        "20210301",
        " 2021-03-01 ",
        "２０２１／３／１",  # full-width, as typed with a Chinese input method
    ],
)
def test_parse_flexible_date_formats(text: str) -> None:
    assert parse_flexible_date(text) == date(2021, 3, 1)


@pytest.mark.parametrize("text", ["", "3/1/2021", "2021-3/1", "2021031", "21-3-1", "三月一日"])
def test_parse_flexible_date_unrecognised(text: str) -> None:
    with pytest.raises(InvalidDate, match="无法识别的日期") as info:
        parse_flexible_date(text)
    assert "Unrecognised date" in info.value.text("en")


@pytest.mark.parametrize("text", ["2021/2/30", "2021年2月29日", "20211301", "2021.4.31"])
def test_parse_flexible_date_impossible(text: str) -> None:
    with pytest.raises(InvalidDate, match="日期不存在"):
        parse_flexible_date(text)


# --- days_between -------------------------------------------------------------------------


def test_days_between_is_signed() -> None:
    assert days_between(date(2021, 2, 28), date(2021, 3, 1)) == 1
    assert days_between(date(2020, 2, 28), date(2020, 3, 1)) == 2
    assert days_between(date(2021, 3, 1), date(2021, 2, 28)) == -1
    assert days_between(date(2021, 1, 1), date(2021, 1, 1)) == 0
