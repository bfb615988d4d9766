"""The cached ID number checks answer as the plain checks would, whatever the order of the
questions: a number is parsed once for all dates, so a number first judged against a late
date and then against an early one (an import checked against today, then evaluated against
the self-check's reference date) must still be "born in the future" for the early date."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from checklists.idnumber import (
    IdInfo,
    InvalidIdNumber,
    check_character,
    clear_cache,
    is_valid_id_number,
    parse_id_number,
    parse_result,
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _reference_check(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _reference(s: str, on: date) -> IdInfo | tuple[str, str, str]:
    """GB 11643-1999 checked step by step, uncached: the order a person fixes a number in."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).replace("x", "X")
    if re.fullmatch(r"[0-9]{15}", text):
        return ("length", "", "")
    if len(text) != 18:
        return ("length", "", "")
    if not re.fullmatch(r"[0-9]{17}[0-9X]", text):
        return ("characters", "", "")
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return ("birth_date", "", "")
    if birth > on:
        return ("future", on.isoformat(), "")
    expected = _reference_check(text[:17])
    if text[17] != expected:
        return ("checksum", expected, "")
    return IdInfo(text, birth, "male" if int(text[16]) % 2 else "female")


def _answer(s: str, on: date) -> IdInfo | tuple[str, str, str]:
    try:
        return parse_id_number(s, on)
    except InvalidIdNumber as exc:
        detail = on.isoformat() if exc.reason == "future" else ""
        if exc.reason == "checksum":
            found = re.search(r"应为 ([0-9X])", exc.text("zh"))
            assert found is not None
            detail = found.group(1)
        if exc.reason == "future":
            assert on.isoformat() in exc.text("zh") and on.isoformat() in exc.text("en")
        return (exc.reason, detail, "")


_DIGIT = st.sampled_from("0123456789")


@st.composite
def _numbers(draw: st.DrawFn) -> str:
    """Plausible numbers and their usual faults: a real or impossible birth date, a right or
    wrong check character, lower-case x, full-width digits, spaces, wrong lengths."""
    year = draw(st.integers(1890, 2030))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    first17 = (
        "".join(draw(st.lists(_DIGIT, min_size=6, max_size=6)))
        + f"{year:04d}{month:02d}{day:02d}"
        + "".join(draw(st.lists(_DIGIT, min_size=3, max_size=3)))
    )
    last = draw(st.sampled_from(["right", "x", "digit"]))
    check = check_character(first17)
    text = first17 + (check if last == "right" else draw(_DIGIT) if last == "digit" else "x")
    if draw(st.booleans()):
        text = text.lower() if check == "X" else text
    form = draw(st.sampled_from(["plain", "wide", "spaced", "short", "long", "text"]))
    if form == "wide":
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    elif form == "spaced":
        text = f" {text[:6]} {text[6:14]}\t{text[14:]} "
    elif form == "short":
        text = text[: draw(st.integers(0, 17))]
    elif form == "long":
        text = text + draw(_DIGIT)
    elif form == "text":
        text = draw(st.text(max_size=20))
    return text


_DATES = st.dates(date(1880, 1, 1), date(2035, 12, 31))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_numbers(), _DATES), min_size=1, max_size=6), st.booleans())
def test_cached_answers_equal_the_plain_checks_in_any_order(
    questions: list[tuple[str, date]], cold: bool
) -> None:
    if cold:
        clear_cache()
    for s, on in questions + questions[::-1]:  # each number again, after the others' dates
        expected = _reference(s, on)
        assert _answer(s, on) == expected
        assert is_valid_id_number(s, on) is isinstance(expected, IdInfo)
        assert parse_result(s, on) == (expected if isinstance(expected, IdInfo) else None)


def test_a_number_parsed_for_a_late_date_is_born_in_the_future_for_an_early_one() -> None:
    first17 = "44190020200301123"
    number = first17 + check_character(first17)
    clear_cache()
    assert parse_result(number, date(2021, 1, 1)) is not None
    assert parse_result(number, date(2020, 2, 29)) is None
    assert _answer(number, date(2020, 2, 29)) == ("future", "2020-02-29", "")
    assert _answer(number, date(2020, 1, 31)) == ("future", "2020-01-31", "")
    assert parse_result(number, date(2020, 3, 1)) == IdInfo(number, date(2020, 3, 1), "male")


def test_a_wrong_check_character_born_later_is_reported_as_born_later() -> None:
    first17 = "44190020200301123"
    wrong = first17 + ("0" if check_character(first17) != "0" else "1")
    clear_cache()
    assert _answer(wrong, date(2021, 1, 1)) == ("checksum", check_character(first17), "")
    assert _answer(wrong, date(2020, 1, 1)) == ("future", "2020-01-01", "")
    assert _answer(wrong, date(2021, 1, 1)) == ("checksum", check_character(first17), "")


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_equals_the_weighted_sum(first17: str) -> None:
    assert check_character(first17) == _reference_check(first17)
