"""Chinese resident ID numbers (GB 11643-1999): validation, birth date, sex and masking."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from checklists.foundation.errors import InputError

__all__ = [
    "IdInfo",
    "InvalidIdNumber",
    "check_character",
    "is_valid_id_number",
    "mask_id_number",
    "parse_id_number",
    "parse_result",
]

# ISO 7064 MOD 11-2 weights 2^(n-1) mod 11 for positions 18..2 counted from the right.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE_RE = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS17_RE = re.compile(r"[0-9]{17}")
_MASKABLE_RE = re.compile(r"[0-9X]+")
_WHITESPACE_RE = re.compile(r"\s+")
_LEGACY15_RE = re.compile(r"[0-9]{15}")
_CACHE_SIZE = 8192


class InvalidIdNumber(InputError):
    """An ID number that fails validation; ``reason`` says which rule it broke.

    ``reason`` is one of ``'length'``, ``'characters'``, ``'checksum'``, ``'birth_date'``
    or ``'future'``. The message never repeats the whole number (personal data).
    """

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.reason = reason


@dataclass(frozen=True)
class IdInfo:
    """A valid ID number (upper-case X, no spaces) and what it encodes."""

    normalized: str
    birth_date: date
    sex: str  # 'male' (odd sequence number) or 'female' (even)


@dataclass(frozen=True)
class _Failure:
    """A cached validation failure; a fresh exception is raised from it on every call."""

    reason: str
    zh: str
    en: str


def check_character(first17: str) -> str:
    """The check character ('0'-'9' or 'X') for the first 17 digits (ISO 7064 MOD 11-2).

    Raises ValueError unless ``first17`` is exactly 17 ASCII digits.
    """
    if not _DIGITS17_RE.fullmatch(first17):
        raise ValueError("check_character needs exactly 17 digits")
    return _check_of_digits(first17)


def _check_of_digits(first17: str) -> str:
    """``check_character`` of 17 ASCII digits the caller has checked.

    The weights are 2^(18-n) mod 11 for the n-th digit, and 13 ≡ 2 (mod 11): the weighted sum
    is, mod 11, twice the digits read as a number in base 13 (one conversion in C).
    """
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def parse_id_number(s: str, on: date | None = None) -> IdInfo:
    """Validate an 18-character ID number and return its normalized form, birth date and sex.

    Spaces are removed, full-width characters folded and a lowercase x becomes X. The birth
    date must exist and not be after ``on`` (default: today). Raises
    :class:`InvalidIdNumber` with a reason and zh/en text a school administrator can act on.
    """
    if on is None:
        on = date.today()
    found = _parsed(s)
    if isinstance(found, IdInfo):
        if found.birth_date > on:
            failure = _born_after(on)
            raise InvalidIdNumber(failure.reason, failure.zh, failure.en)
        return found
    if isinstance(found, _WrongCheck):
        failure = _born_after(on) if found.birth_date > on else found.failure
    else:
        failure = found
    raise InvalidIdNumber(failure.reason, failure.zh, failure.en)


def parse_result(s: str, on: date) -> IdInfo | None:
    """``s`` parsed as on ``on`` (a required date), or None when it is not a valid number: the
    evaluator's form of :func:`parse_id_number`, raising nothing for the invalid numbers a
    roster is full of (same cache)."""
    found = _parsed(s)
    return found if type(found) is IdInfo and found.birth_date <= on else None


def clear_cache() -> None:
    """Forget every parsed number (benchmarks measure a fresh evaluation with it)."""
    _parsed.cache_clear()
    _born_after.cache_clear()


def is_valid_id_number(s: str, on: date | None = None) -> bool:
    """True when :func:`parse_id_number` accepts ``s``."""
    try:
        parse_id_number(s, on)
    except InvalidIdNumber:
        return False
    return True


def mask_id_number(s: str | None) -> str:
    """The number with all but the first 6 and last 4 characters replaced by '*'.

    Values shorter than 11 characters, or containing anything but digits and X, become all
    '*' of the same length so nothing leaks; None and '' give ''.
    """
    if not s:
        return ""
    text = _normalize(s)
    if len(text) < 11 or not _MASKABLE_RE.fullmatch(text):
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def _normalize(s: str) -> str:
    """Fold full-width forms (NFKC), drop all whitespace and upper-case x."""
    if s.isascii() and s.isalnum():  # the usual number: NFKC keeps it, no whitespace in it
        return s.replace("x", "X")
    return _WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", s)).replace("x", "X")


@dataclass(frozen=True)
class _WrongCheck:
    """A number whose only fault may be its check character; its birth date is checked first."""

    birth_date: date
    failure: _Failure


# Thousands of rows are validated at once (imports, reports), each often against two dates
# (today on import, the self-check's reference date when judged): what does not depend on
# the date is cached once per number. Failures are cached too, as plain data, so a
# re-raised exception never carries an old traceback.
@functools.lru_cache(maxsize=_CACHE_SIZE)
def _parsed(s: str) -> IdInfo | _WrongCheck | _Failure:
    """Validate ``s`` but for the date: the checks run in the order a person would fix them,
    a birth date after the day asked about (``_born_after``) coming before the check character."""
    text = _normalize(s)
    if len(text) != 18 or not _SHAPE_RE.fullmatch(text):  # else none of the shape faults
        failure = _check_shape(text)
        if failure is not None:
            return failure
    birth = _birth_date(text)
    if birth is None:
        return _Failure(
            "birth_date",
            "身份证号码中的出生日期（第 7–14 位）不是有效日期，请核对号码",
            "The birth date in the ID number (characters 7-14) is not a real date; "
            "please check the number",
        )
    expected = _check_of_digits(text[:17])
    if text[17] != expected:
        return _WrongCheck(
            birth,
            _Failure(
                "checksum",
                f"身份证号码校验位错误（应为 {expected}），可能有数字录入错误，请核对号码",
                f"Wrong check character in the ID number (should be {expected}); "
                "a digit was probably mistyped, please check the number",
            ),
        )
    sex = "male" if int(text[16]) % 2 == 1 else "female"
    return IdInfo(normalized=text, birth_date=birth, sex=sex)


@functools.lru_cache(maxsize=64)
def _born_after(on: date) -> _Failure:
    """The failure of a number whose birth date is after ``on``."""
    return _Failure(
        "future",
        f"身份证号码中的出生日期晚于 {on.isoformat()}，请核对号码",
        f"The birth date in the ID number is after {on.isoformat()}; please check the number",
    )


def _check_shape(text: str) -> _Failure | None:
    """Length and character checks; a 15-digit number gets its own explanation."""
    if _LEGACY15_RE.fullmatch(text):
        return _Failure(
            "length",
            "这是 15 位的旧身份证号码，第一代身份证已于 2013 年停止使用，请填写 18 位身份证号码",
            "This is an old 15-digit ID number; first-generation ID cards expired in 2013. "
            "Please enter the 18-digit ID number",
        )
    if len(text) != 18:
        return _Failure(
            "length",
            f"身份证号码应为 18 位，现在是 {len(text)} 位",
            f"An ID number has 18 characters; this one has {len(text)}",
        )
    if not _SHAPE_RE.fullmatch(text):
        return _Failure(
            "characters",
            "身份证号码只能由数字组成，最后一位可以是 X",
            "An ID number may contain only digits, and X as the last character",
        )
    return None


def _birth_date(text: str) -> date | None:
    """The date in characters 7-14, or None when it is not a real calendar date."""
    try:
        return date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None


# Characters a number may be written with between its digits: invisible ones anywhere (soft
# hyphen, zero-width, word joiner, BOM); visible ones (space, dash, line break, no-break
# space) after the 6-digit region code and between the later groups, as "441900 19640512 1310"
# — not between two phone numbers ("22000000 13800138000") or dates.
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff"
_VISIBLE = "-\\s\u00a0"
_SEPARATORS = _VISIBLE + _INVISIBLE  # the dash first: a literal, no range


# 15 or more digits, then an optional X: an ID number, also one mistyped by a digit or run
# together with more digits.
@functools.cache
def _id_like() -> re.Pattern[str]:
    """The pattern of such runs, compiled when first needed (a millisecond at every start)."""
    return re.compile(
        rf"(?<![0-9A-Za-z])(?:"
        rf"\d(?:[{_INVISIBLE}]*\d){{14,}}(?:[{_INVISIBLE}]*[Xx])?"
        rf"|(?:\d[{_INVISIBLE}]*){{6}}[{_VISIBLE}][{_INVISIBLE}]*"
        rf"\d(?:[{_INVISIBLE}]*(?:[{_VISIBLE}][{_INVISIBLE}]*)?\d){{8,12}}"
        rf"(?:[{_SEPARATORS}]?[{_INVISIBLE}]*[Xx])?"
        rf")(?![0-9A-Za-z])"
    )


_SEPARATOR_RE = re.compile(rf"[{_SEPARATORS}]")


def _mask_run(match: re.Match[str]) -> str:
    return mask_id_number(_SEPARATOR_RE.sub("", match.group(0)))


@functools.cache
def _id_span() -> re.Pattern[str]:
    """What any ID number however written begins with: a digit and 16 more digits or
    separators (a quick first look before the exact pattern)."""
    return re.compile(rf"\d[{_SEPARATORS}\d]{{16}}")


def holds_full_id_number_text(text: str) -> bool:
    """Whether ``text`` holds a full resident ID number — 18 characters whose GB 11643 check
    character is right — however it is written: with spaces, dashes or invisible characters
    between its digits, in full-width or other decimal digits, with a lower-case x."""
    if _id_span().search(text) is None:  # no 17 digits and separators in a row: none there
        return False
    for match in _id_like().finditer(text):
        run = _SEPARATOR_RE.sub("", match.group(0))
        if len(run) != 18:
            continue
        digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in run)
        first17, last = digits[:17], digits[17].upper()
        if (
            first17.isascii()
            and first17.isdigit()
            and first17[0] != "0"
            and last in "0123456789X"
            and check_character(first17) == last
        ):
            return True
    return False


def mask_ids_in(value: object, id_keys: frozenset[str] = frozenset()) -> object:
    """``value`` with every ID-number-like string inside it masked (for history output and
    logs): works through dicts, lists and tuples, and inside longer texts.

    A run of digits counts however it is written (with spaces, dashes or invisible characters
    between the digits); the value of a key in ``id_keys`` (the ID-number columns) is masked
    wholesale, whatever its text.
    """
    if isinstance(value, str):
        return _id_like().sub(_mask_run, value)
    if isinstance(value, dict):
        return {
            k: mask_id_number(v) if k in id_keys and isinstance(v, str) else mask_ids_in(v, id_keys)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_ids_in(v, id_keys) for v in value]
    return value
