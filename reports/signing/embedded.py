"""Reading the JSON a signed report embeds, strictly: the answers' own decoder and limits
(duplicates, depth, NaN, text length, lone surrogates) and integers that fit in 64 bits, so
nothing a signer wrote can crash a reader or overflow the office's database; and finding full
ID numbers that should never have left the school."""

from __future__ import annotations

from typing import Any

from checklists.answers_json import decode_document, holds_plain_text, structure_problems
from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.idnumber import holds_full_id_number_text

# Integers beyond this never come from this program and would overflow SQLite's INTEGER.
MAX_EMBEDDED_INT = 2**53


class EmbeddedError(Exception):
    """An embedded file is no JSON object within the limits; zh/en say where and why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


# The objects read last, by (name, bytes): checking one report reads each of its embedded files
# several times (report checks, re-evaluation, the office's reading); they are decoded and
# checked once. Callers never change what they get (they copy before changing).
_RECENT: dict[tuple[str, bytes], dict[str, Any]] = {}
_RECENT_MAX = 6


def read_object(data: bytes, name: str) -> dict[str, Any]:
    """``data`` (the embedded file ``name``) as a JSON object, or EmbeddedError.

    The object is shared with the other readers of the same bytes: do not change it."""
    key = (name, data)
    found = _RECENT.get(key)
    if found is not None:
        return found
    value = _read_object(data, name)
    if len(_RECENT) >= _RECENT_MAX:
        _RECENT.clear()
    _RECENT[key] = value
    return value


def _read_object(data: bytes, name: str) -> dict[str, Any]:
    try:
        value = decode_document(data, name)
    except InputError as exc:
        raise EmbeddedError(exc.zh, exc.en) from None
    problems = structure_problems(value, plain_text=holds_plain_text(data))
    if problems:
        path, zh, en = problems[0]
        raise EmbeddedError(f"{name}：{path}：{zh}", f"{name}: {path}: {en}")
    # The answers' limit on whole numbers is this one or stricter (then nothing is left to find).
    big = _big_integer(value) if limits.MAX_JSON_INTEGER > MAX_EMBEDDED_INT else None
    if big is not None:
        raise EmbeddedError(f"{name}：{big}：数字过大", f"{name}: {big}: number too large")
    if not isinstance(value, dict):
        raise EmbeddedError(f"{name} 不是 JSON 对象。", f"{name} is not a JSON object.")
    return value


def _big_integer(value: Any) -> str | None:
    """The path of the first integer outside ±MAX_EMBEDDED_INT (None when there is none)."""
    stack: list[tuple[str, Any]] = [("$", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool):
            if abs(item) > MAX_EMBEDDED_INT:
                return path
        elif isinstance(item, dict):
            stack.extend((f"{path}.{k}", v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(item))
    return None


def holds_full_id_number(value: Any) -> bool:
    """Whether any string in ``value`` (keys included) contains an 18-character number whose
    GB 11643 check character is right, however written (see
    ``checklists.idnumber.holds_full_id_number_text``): a full resident ID number."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _has_full_id(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def holds_full_id_number_in(data: bytes | None, value: Any) -> bool:
    """``holds_full_id_number(value)`` for the ``value`` read (read_object) from ``data``.

    Told from the text of the file at once when it holds no backslash: every string (and key) is
    then in the text as it is written, and no run of digits can reach from one token into the
    next (a comma, colon, bracket or quote stands between). Otherwise the strings themselves
    decide."""
    if data is not None and b"\\" not in data:
        if _DIGIT_RUN not in data.translate(_DIGIT_OR_SEPARATOR, _CONTINUATION_BYTES):
            return False  # no 17 digits or separators in a row: no ID number, however written
        return holds_full_id_number_text(data.decode("utf-8", "replace"))
    return holds_full_id_number(value)


# A quicker first look than checklists.idnumber's (its regular expression walks the text
# character by character): the UTF-8 bytes with every continuation byte dropped, so that one
# byte stands for one character, an ASCII digit or separator (whitespace, "-") and the first
# byte of any character that can be a digit or separator (in some script) made "0", every other
# byte " ". A run of 17 digits and separators in the text is then a run of 17 "0"s here (invalid
# UTF-8 only makes more of them), so without one the text holds no ID number.
# _DIGIT_OR_SEPARATOR_LEADS: the first bytes of the characters beyond ASCII that are digits
# (\d) or separators of checklists.idnumber (tests/reports/signing attack it against every
# code point).
_DIGIT_OR_SEPARATOR_LEADS = frozenset(
    (0xC2, 0xD9, 0xDB, 0xDF, 0xE0, 0xE1, 0xE2, 0xE3, 0xEA, 0xEF, 0xF0)
)
_ASCII_DIGIT_OR_SEPARATOR = frozenset(b"0123456789-\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f")
_DIGIT_OR_SEPARATOR = bytes(
    48 if b in _ASCII_DIGIT_OR_SEPARATOR or b in _DIGIT_OR_SEPARATOR_LEADS else 32
    for b in range(256)
)
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_DIGIT_RUN = b"0" * 17


def _has_full_id(text: str) -> bool:
    return len(text) >= 18 and holds_full_id_number_text(text)
