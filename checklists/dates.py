"""Calendar helpers: age in full years (周岁), strict and lenient date parsing, day spans."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime

from checklists.foundation.errors import InputError

__all__ = [
    "InvalidDate",
    "add_months",
    "age_on",
    "days_between",
    "parse_date",
    "parse_flexible_date",
]

_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Year, month, day separated by one of - / . (ASCII after NFKC), or written 2021年3月1日.
_SEPARATED_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_CHINESE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")


class InvalidDate(InputError):
    """A date that is malformed or does not exist in the calendar; ``value`` is the input."""

    def __init__(self, zh: str, en: str, value: object = None) -> None:
        super().__init__(zh, en)
        self.value = value


def age_on(birth: date, on: date) -> int:
    """Age in full years (周岁) of someone born on ``birth``, on the day ``on``.

    A person reaches age N on the Nth birthday itself (the project's decision, see
    standards.md); someone born on 29 February has the birthday on 28 February in
    non-leap years. Raises ValueError when ``on`` is before ``birth``.
    """
    if on < birth:
        raise ValueError(f"reference date {on.isoformat()} is before birth {birth.isoformat()}")
    birthday = _birthday_in(birth, on.year)
    return on.year - birth.year - (1 if (on.month, on.day) < birthday else 0)


def _birthday_in(birth: date, year: int) -> tuple[int, int]:
    """(month, day) of the birthday in ``year``; 29 Feb falls back to 28 Feb (民法典 art. 202)."""
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return (2, 28)
    return (birth.month, birth.day)


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months after ``start`` (before, when negative), moved to
    the last day of the month when that month is shorter (03-31 + 6 months = 09-30)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def days_between(a: date, b: date) -> int:
    """Signed number of days from ``a`` to ``b`` (positive when ``b`` is later)."""
    return (b - a).days


def parse_date(value: object) -> date | None:
    """Read an ISO ``YYYY-MM-DD`` string or a ``date``; None or a blank string gives None.

    A ``datetime`` (a date with a time of day) and any other type are refused, as are
    impossible dates such as 2021-02-30; all failures raise :class:`InvalidDate`.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        raise InvalidDate(
            f"日期不能带时间：{value.isoformat(sep=' ')}（应为 YYYY-MM-DD）",
            f"A date must not include a time of day: {value.isoformat(sep=' ')} "
            "(expected YYYY-MM-DD)",
            value,
        )
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidDate(
            f"无法识别的日期：{value!r}（应为 YYYY-MM-DD 格式的文字）",
            f"Not a date: {value!r} (expected text in the form YYYY-MM-DD)",
            value,
        )
    text = value.strip()
    if not text:
        return None
    match = _ISO_RE.fullmatch(text)
    if match is None:
        raise InvalidDate(
            f"日期格式不正确：“{text}”（应为 YYYY-MM-DD，例如 2021-03-01）",
            f"Wrong date format: '{text}' (expected YYYY-MM-DD, e.g. 2021-03-01)",
            value,
        )
    return _make_date(int(match[1]), int(match[2]), int(match[3]), value)


def parse_flexible_date(text: str) -> date:
    """Read a date as people type it in spreadsheets.

    Accepts 2021-03-01, 2021/3/1, 2021.3.1, 2021年3月1日 and 20210301 (full-width digits
    and separators too). Raises :class:`InvalidDate` for blank text, other formats and
    impossible dates.
    """
    # NFKC turns full-width digits and separators (２０２１／３／１) into ASCII.
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for pattern, groups in (
        (_SEPARATED_RE, (1, 3, 4)),
        (_CHINESE_RE, (1, 2, 3)),
        (_COMPACT_RE, (1, 2, 3)),
    ):
        match = pattern.fullmatch(cleaned)
        if match is not None:
            year, month, day = (int(match[g]) for g in groups)
            return _make_date(year, month, day, text)
    raise InvalidDate(
        f"无法识别的日期：“{text.strip()}”（可写作 2021-03-01、2021/3/1、2021.3.1、"
        "2021年3月1日 或 20210301）",
        f"Unrecognised date: '{text.strip()}' (use 2021-03-01, 2021/3/1, 2021.3.1, "
        "2021年3月1日 or 20210301)",
        text,
    )


def _make_date(year: int, month: int, day: int, original: object) -> date:
    """Build a date, turning an impossible one (2021-02-30, month 13, year 0) into InvalidDate."""
    try:
        return date(year, month, day)
    except ValueError:
        shown = f"{year:04d}-{month:02d}-{day:02d}"
        raise InvalidDate(
            f"日期不存在：{shown}（请检查年、月、日）",
            f"No such date: {shown} (check the year, month and day)",
            original,
        ) from None
