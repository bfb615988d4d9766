"""Tests for checklists.idnumber: GB 11643-1999 validation, birth date, sex and masking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklists.foundation.errors import InputError
from checklists.idnumber import (
    IdInfo,
    InvalidIdNumber,
    check_character,
    is_valid_id_number,
    mask_id_number,
    parse_id_number,
)

ON = date(2021, 6, 1)


def _with_check(first17: str) -> str:
    return first17 + check_character(first17)


# --- published samples --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        ("11010519491231002X", date(1949, 12, 31), "female"),
        ("440524188001010014", date(1880, 1, 1), "male"),
        ("120223198902021249", date(1989, 2, 2), "female"),
    ],
)
def test_published_samples_are_valid(number: str, birth: date, sex: str) -> None:
    info = parse_id_number(number, ON)
    assert info == IdInfo(normalized=number, birth_date=birth, sex=sex)
    assert is_valid_id_number(number, ON)


def test_published_invalid_sample_fails_checksum() -> None:
    with pytest.raises(InvalidIdNumber, match=r"校验位错误（应为 [0-9X]）") as info:
        parse_id_number("130402198207290622", ON)
    assert info.value.reason == "checksum"
    assert "check character" in info.value.text("en")
    assert not is_valid_id_number("130402198207290622", ON)


def test_checksum_message_names_the_expected_character() -> None:
    with pytest.raises(InvalidIdNumber, match=r"（应为 X）"):
        parse_id_number("110105194912310020", ON)


def test_check_character_of_samples() -> None:
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"
    assert check_character("12022319890202124") == "9"


@pytest.mark.parametrize("bad", ["1234567890123456", "1101051949123100X", "110105194912310020"])
def test_check_character_needs_17_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="17 digits"):
        check_character(bad)


# --- normalization ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 11010519491231002X ",
        "110105 19491231 002x",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width, from a Chinese input method
    ],
)
def test_normalization(typed: str) -> None:
    assert parse_id_number(typed, ON).normalized == "11010519491231002X"


# --- each failure reason ------------------------------------------------------------------


def test_bad_birth_date() -> None:
    number = _with_check("44190019990230123")  # 1999-02-30 does not exist
    with pytest.raises(InvalidIdNumber, match="出生日期（第 7–14 位）不是有效日期") as info:
        parse_id_number(number, ON)
    assert info.value.reason == "birth_date"
    assert "not a real date" in info.value.text("en")


@pytest.mark.parametrize("birth", ["19990229", "19001301", "20210000", "00000101"])
def test_other_impossible_birth_dates(birth: str) -> None:
    with pytest.raises(InvalidIdNumber) as info:
        parse_id_number(_with_check(f"441900{birth}123"), ON)
    assert info.value.reason == "birth_date"


def test_future_birth_date() -> None:
    number = _with_check("44190020210602123")
    with pytest.raises(InvalidIdNumber, match="出生日期晚于 2021-06-01") as info:
        parse_id_number(number, ON)
    assert info.value.reason == "future"
    # born on the reference day itself is accepted
    assert parse_id_number(number, date(2021, 6, 2)).birth_date == date(2021, 6, 2)


def test_future_defaults_to_today() -> None:
    tomorrow = date.today() + timedelta(days=1)
    number = _with_check(f"441900{tomorrow:%Y%m%d}123")
    with pytest.raises(InvalidIdNumber) as info:
        parse_id_number(number)
    assert info.value.reason == "future"
    assert is_valid_id_number(number, tomorrow)


def test_legacy_15_digit_number() -> None:
    with pytest.raises(InvalidIdNumber, match="15 位的旧身份证号码.*2013 年.*18 位") as info:
        parse_id_number("110105491231002", ON)
    assert info.value.reason == "length"
    assert "expired in 2013" in info.value.text("en")


@pytest.mark.parametrize(
    ("number", "length"), [("1101051949123100", 16), ("11010519491231002X1", 19), ("", 0)]
)
def test_wrong_length(number: str, length: int) -> None:
    with pytest.raises(InvalidIdNumber, match=f"应为 18 位，现在是 {length} 位") as info:
        parse_id_number(number, ON)
    assert info.value.reason == "length"


@pytest.mark.parametrize(
    "number",
    [
        "1101051949123100XX",
        "11010519491231002Y",
        "A1010519491231002X",
        "11010519491231-02X",
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",
    ],
)
def test_wrong_characters(number: str) -> None:
    with pytest.raises(InvalidIdNumber, match="只能由数字组成，最后一位可以是 X") as info:
        parse_id_number(number, ON)
    assert info.value.reason == "characters"


def test_error_never_repeats_the_number() -> None:
    number = "130402198207290622"
    with pytest.raises(InvalidIdNumber) as info:
        parse_id_number(number, ON)
    assert number not in info.value.zh
    assert number not in info.value.en


def test_invalid_id_number_is_an_input_error() -> None:
    assert issubclass(InvalidIdNumber, InputError)


def test_cached_failures_raise_fresh_exceptions() -> None:
    errors = []
    for _ in range(2):
        with pytest.raises(InvalidIdNumber) as info:
            parse_id_number("130402198207290622", ON)
        errors.append(info.value)
    assert errors[0] is not errors[1]
    assert errors[0].reason == errors[1].reason == "checksum"


def test_cache_respects_the_reference_date() -> None:
    number = _with_check("44190020100101123")
    assert is_valid_id_number(number, date(2010, 1, 1))
    assert not is_valid_id_number(number, date(2009, 12, 31))
    assert is_valid_id_number(number, date(2010, 1, 1))


# --- masking ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("12345678901", "123456*8901"),
        ("1234567890", "**********"),
        ("12345", "*****"),
        ("张三丰的身份证号码是多少呢", "*************"),
        ("110105ABC91231002X", "******************"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value: str | None, masked: str) -> None:
    assert mask_id_number(value) == masked


# --- property: the check character --------------------------------------------------------

first17s = st.builds(
    lambda area, birth, seq: f"{area:06d}{birth:%Y%m%d}{seq:03d}",
    st.integers(min_value=0, max_value=999_999),
    st.dates(min_value=date(1900, 1, 1), max_value=ON),
    st.integers(min_value=0, max_value=999),
)


@given(first17=first17s)
def test_check_character_matches_the_closed_form(first17: str) -> None:
    # standards.md §0: check = (12 - S mod 11) mod 11, with 10 written as X.
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    value = (12 - sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11) % 11
    assert check_character(first17) == ("X" if value == 10 else str(value))


@given(first17=first17s, data=st.data())
def test_only_the_right_check_character_is_valid(first17: str, data: st.DataObject) -> None:
    right = check_character(first17)
    info = parse_id_number(first17 + right, ON)
    assert info.sex == ("male" if int(first17[-1]) % 2 else "female")
    wrong = data.draw(st.sampled_from([c for c in "0123456789X" if c != right]))
    with pytest.raises(InvalidIdNumber) as error:
        parse_id_number(first17 + wrong, ON)
    assert error.value.reason == "checksum"


def test_mask_ids_in_nested_values_and_texts() -> None:
    from checklists.idnumber import mask_ids_in

    doc = {
        "rows": [{"id_number": "11010519491231002X", "note": "旧证 440524188001010014 已换"}],
        "n": 12345,
    }
    masked = mask_ids_in(doc)
    assert masked == {
        "rows": [{"id_number": "110105********002X", "note": "旧证 440524********0014 已换"}],
        "n": 12345,
    }
    assert mask_ids_in("电话 13800138000") == "电话 13800138000"  # 11 digits: not an ID number
