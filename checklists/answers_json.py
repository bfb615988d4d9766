"""Strict JSON for answers documents: the decoding and the shape limits every reader shares.

``decode_document`` turns bytes into Python values without ever failing on its own limits
(nesting, huge numbers, NaN, duplicate keys are marked, not raised), and ``structure_problems``
walks the result — iteratively, so depth costs no stack — and names each problem by its path
(``checklists.guards.guards[3].name``). ``DocumentParser.parse`` runs the same walk first, so
``validate``, ``evaluate``, ``import``, the app and the office refuse the same documents.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from checklists.foundation import limits
from checklists.foundation.errors import AnswersError, InputError

MAX_PROBLEMS = 50  # a hostile file could have millions; the first ones say enough


class _Duplicates(dict):  # type: ignore[type-arg]
    """A JSON object in which some keys appeared more than once (the last value kept)."""

    duplicates: list[str]


class _Unusable:
    """A number JSON allows but a document never holds: NaN, ±Infinity, too many digits."""

    def __init__(self, text: str, zh: str, en: str) -> None:
        self.text, self.zh, self.en = text, zh, en


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = dict(pairs)  # the last value of a key, at its first place
    if len(out) == len(pairs):
        return out  # no key twice: the common case, told without a loop
    out = {}
    seen: list[str] = []
    for key, value in pairs:
        if key in out:
            seen.append(key)
        out[key] = value
    if not seen:
        return out
    marked = _Duplicates(out)
    marked.duplicates = seen
    return marked


def _constant(text: str) -> _Unusable:
    return _Unusable(text, f"不是数字（{text}）", f"not a number ({text})")


def _too_long(text: str) -> _Unusable:
    digits = sum(ch.isdigit() for ch in text)
    return _Unusable(
        text[:20],
        f"数字过长（{digits} 位，最多 {limits.MAX_NUMBER_DIGITS} 位）",
        f"number too long ({digits} digits; at most {limits.MAX_NUMBER_DIGITS})",
    )


# Whether a number _int or _float would mark may be in a text: in its bytes with digits as "0",
# "e" and "E" as "e", ".", "+" and "-" dropped and every other byte as " ", more than
# MAX_NUMBER_DIGITS digits in a row (a decimal point allowed between them), or an exponent of
# three digits (a float overflows only beyond e+308). Strings count too: they only cost the
# careful hooks.
_NUMBER_SHAPE = bytes(48 if 48 <= b <= 57 else 101 if b in (69, 101) else 32 for b in range(256))
_LONG_DIGITS = b"0" * (limits.MAX_NUMBER_DIGITS + 1)


def _may_hold_long_numbers(data: bytes) -> bool:
    shape = data.translate(_NUMBER_SHAPE, b".+-")
    return _LONG_DIGITS in shape or b"e000" in shape


def _int(text: str) -> int | _Unusable:
    if len(text.lstrip("-")) > limits.MAX_NUMBER_DIGITS:
        return _too_long(text)
    return int(text)


def _float(text: str) -> float | _Unusable:
    mantissa = text.lower().split("e")[0]
    if sum(ch.isdigit() for ch in mantissa) > limits.MAX_NUMBER_DIGITS:
        return _too_long(text)
    value = float(text)
    if not math.isfinite(value):
        return _Unusable(text[:20], "数值超出范围", "number out of range")
    return value


def decode_document(data: bytes, file: str) -> Any:
    """Decode UTF-8 JSON (a BOM allowed); syntax errors and runaway nesting name line and column.

    The result may hold markers for refused values; pass it to :func:`check_structure`.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _place(data[: exc.start].decode("utf-8", "replace"), len(data[: exc.start]))
        raise InputError(
            f"{file}:{line}:{column}: 不是有效的 UTF-8 文本",
            f"{file}:{line}:{column}: not valid UTF-8 text",
        ) from None
    # Numbers are parsed by the careful hooks only when one may be too long: the text holds
    # no digits enough, nor an exponent large enough, in the common case.
    careful = _may_hold_long_numbers(data)
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_int=_int if careful else None,
            parse_float=_float if careful else None,
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{file}:{exc.lineno}:{exc.colno}: 不是有效的 JSON：{exc.msg}",
            f"{file}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
        ) from None
    except RecursionError:
        line, column = _place(text, _deep_offset(text))
        raise InputError(
            f"{file}:{line}:{column}: 嵌套过深（最多 {limits.MAX_JSON_DEPTH} 层）",
            f"{file}:{line}:{column}: nested too deeply (at most {limits.MAX_JSON_DEPTH} levels)",
        ) from None


def _deep_offset(text: str) -> int:
    """Where nesting first passes the limit (strings skipped); stops there, so it is quick."""
    depth = 0
    in_string = escaped = False
    for offset, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limits.MAX_JSON_DEPTH:
                return offset
        elif ch in "]}":
            depth -= 1
    return 0


def _place(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _key(key: str) -> str:
    return key if len(key) <= 40 else key[:40] + "…"


# The characters no text of an answers document holds, the one rule for every way text enters
# the store (checklists.answers.text_problem): control characters other than tab, line feed and
# carriage return, lone surrogates (bytes that were not UTF-8), and the noncharacters U+FFFE and
# U+FFFF — together exactly what XML 1.0 cannot hold, so an Excel file can hold every text.
_CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f"
_SURROGATES = "\ud800-\udfff"
_NONCHARACTERS = "\ufffe\uffff"
_CONTROL = re.compile(f"[{_CONTROL_CHARACTERS}]")
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")


def text_character_problem(value: str) -> tuple[str, str] | None:
    """Why ``value`` holds a character no text of an answers document may hold, as (zh, en),
    or None: a lone surrogate, a control character other than tab, line feed and carriage
    return, or U+FFFE / U+FFFF."""
    if _has_surrogate(value):
        return (
            "文本含无效字符（孤立的代理项）",
            "the text has an invalid character (a lone surrogate)",
        )
    control = _CONTROL.search(value)
    if control is not None:
        code = f"U+{ord(control.group()):04X}"
        return (
            f"文本含控制字符（{code}，位于第 {control.start() + 1} 字）",
            f"the text has a control character ({code} at character {control.start() + 1})",
        )
    other = _NONCHARACTER.search(value)
    if other is not None:
        code = f"U+{ord(other.group()):04X}"
        return (
            f"文本含非字符（{code}，位于第 {other.start() + 1} 字），Excel 等文件无法保存",
            f"the text has a noncharacter ({code} at character {other.start() + 1}),"
            " which Excel and other files cannot hold",
        )
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def structure_problems(doc: Any, *, plain_text: bool = False) -> list[tuple[str, str, str]]:
    """Every value outside the limits of checklists.foundation.limits, as (path, zh, en); [] when fine.

    ``plain_text``: ``doc`` was decoded (decode_document) from bytes for which
    :func:`holds_plain_text` is true, so no string in it holds a control character or a lone
    surrogate, and the quick walk does not look for them (the problems found are the same)."""
    if _within_limits_plain(doc, 0) if plain_text else _within_limits(doc, 0):
        return []  # the common case, told without building a path for every value
    problems: list[tuple[str, str, str]] = []
    stack: list[tuple[str, Any, int]] = [("$", doc, 0)]
    while stack and len(problems) < MAX_PROBLEMS:
        path, value, depth = stack.pop()
        found = _value_problems(value, depth)
        problems.extend((path, zh, en) for zh, en in found)
        if found:
            continue
        prefix = "" if path == "$" else path
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                problems.append(
                    (
                        f"{prefix}.{_key(key)}".lstrip("."),
                        "重复的键（同一对象中出现多次）",
                        "duplicate key (appears more than once in the same object)",
                    )
                )
            children = list(value.items())
            for key, child in reversed(children):
                child_path = f"{prefix}.{_key(str(key))}".lstrip(".")
                if len(key) > limits.MAX_KEY_LENGTH or _has_surrogate(key):
                    problems.append(
                        (child_path, "键过长或含无效字符", "key too long or has invalid characters")
                    )
                    continue
                stack.append((child_path, child, depth + 1))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((f"{prefix}[{index}]", value[index], depth + 1))
    if stack and len(problems) >= MAX_PROBLEMS:
        problems.append(("…", "问题过多，其余从略", "too many problems; the rest are not listed"))
    return problems


# Text a document never holds: control characters (but tab, line feed, carriage return), lone
# surrogates and U+FFFE / U+FFFF.
_BAD_TEXT = re.compile(f"[{_CONTROL_CHARACTERS}{_SURROGATES}{_NONCHARACTERS}]")
_SURROGATE = re.compile(f"[{_SURROGATES}]")


def _within_limits(value: Any, depth: int) -> bool:
    """True only when ``structure_problems`` finds nothing in ``value`` (at ``depth``); False
    when anything is doubtful (the full walk then names the problems). Plain JSON types only;
    the nesting is bounded by MAX_JSON_DEPTH, so the recursion is too."""
    kind = type(value)
    if kind is str:
        return len(value) <= limits.MAX_TEXT_LENGTH and _BAD_TEXT.search(value) is None
    if kind is dict or kind is _Duplicates:
        if depth >= limits.MAX_JSON_DEPTH or getattr(value, "duplicates", None):
            return False
        for key, child in value.items():
            if type(key) is not str or len(key) > limits.MAX_KEY_LENGTH or _SURROGATE.search(key):
                return False
            if not _within_limits(child, depth + 1):
                return False
        return True
    if kind is list:
        if depth >= limits.MAX_JSON_DEPTH or len(value) > limits.MAX_TABLE_ROWS:
            return False
        return all(_within_limits(child, depth + 1) for child in value)
    if kind is int:
        return bool(abs(value) <= limits.MAX_JSON_INTEGER)
    if kind is float:
        return math.isfinite(value) and bool(abs(value) <= limits.MAX_JSON_FLOAT)
    return value is None or kind is bool


# A JSON string holds a control character or a lone surrogate only through an escape: strict
# decoding refuses them written as they are, and valid UTF-8 encodes no surrogate. Of the escapes
# only \uXXXX, \b and \f can give one (\t, \n and \r are allowed characters). U+FFFE and U+FFFF
# may be written as they are: their UTF-8 bytes are looked for too.
_TEXT_ESCAPES = (b"\\u", b"\\b", b"\\f", "\ufffe".encode(), "\uffff".encode())


def holds_plain_text(data: bytes) -> bool:
    """Whether no string JSON-decoded from ``data`` can hold a control character (but tab, line
    feed and carriage return), a lone surrogate or U+FFFE / U+FFFF: ``data`` has none of the
    escapes that write one, nor those two characters' bytes. (An escaped backslash before a "u", "b" or "f" is counted too: only the quick check
    is lost.)"""
    # Told by a search for one byte (a backslash) and one for the two bytes U+FFC0 to U+FFFF
    # begin with first: several times quicker than a search for each escape.
    if b"\\" in data and any(escape in data for escape in _TEXT_ESCAPES[:3]):
        return False
    return b"\xef\xbf" not in data or not any(c in data for c in _TEXT_ESCAPES[3:])


def _within_limits_plain(value: Any, depth: int) -> bool:
    """``_within_limits`` for a document whose strings hold no control character and no lone
    surrogate (holds_plain_text): the same answer, without searching the strings. Scalars in an
    object or array are told where they stand (no call for each)."""
    kind = type(value)
    if kind is dict:
        if depth >= limits.MAX_JSON_DEPTH:
            return False
        deeper = depth + 1
        for key, child in value.items():
            if type(key) is not str or len(key) > limits.MAX_KEY_LENGTH:
                return False
            child_kind = type(child)
            if child_kind is str:
                if len(child) > limits.MAX_TEXT_LENGTH:
                    return False
            elif child_kind is bool or child is None:
                continue
            elif child_kind is int:
                if not -limits.MAX_JSON_INTEGER <= child <= limits.MAX_JSON_INTEGER:
                    return False
            elif not _within_limits_plain(child, deeper):
                return False
        return True
    if kind is list:
        if depth >= limits.MAX_JSON_DEPTH or len(value) > limits.MAX_TABLE_ROWS:
            return False
        deeper = depth + 1
        for child in value:
            child_kind = type(child)
            if child_kind is str:
                if len(child) > limits.MAX_TEXT_LENGTH:
                    return False
            elif child_kind is int:
                if not -limits.MAX_JSON_INTEGER <= child <= limits.MAX_JSON_INTEGER:
                    return False
            elif child_kind is bool or child is None:
                continue
            elif not _within_limits_plain(child, deeper):
                return False
        return True
    if kind is str:
        return len(value) <= limits.MAX_TEXT_LENGTH
    if kind is int:
        return bool(abs(value) <= limits.MAX_JSON_INTEGER)
    if kind is float:
        return math.isfinite(value) and bool(abs(value) <= limits.MAX_JSON_FLOAT)
    return value is None or kind is bool  # _Duplicates and _Unusable among the rest: not fine


def number_problem(value: int | float) -> tuple[str, str] | None:
    """Why an answers document would refuse ``value`` (too large, not finite), else None: the
    same rule for a number read from a workbook as for one read from JSON."""
    problems = _value_problems(value, 0)
    return problems[0] if problems else None


def _value_problems(value: Any, depth: int) -> list[tuple[str, str]]:
    if isinstance(value, _Unusable):
        return [(value.zh, value.en)]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        if abs(value) > limits.MAX_JSON_INTEGER:
            return [
                (
                    f"数字过大（绝对值最多 {limits.MAX_JSON_INTEGER}）",
                    f"number too large (at most {limits.MAX_JSON_INTEGER} in absolute value)",
                )
            ]
        return []
    if isinstance(value, float):
        if not math.isfinite(value):
            return [("不是有限的数字", "not a finite number")]
        if abs(value) > limits.MAX_JSON_FLOAT:
            return [
                (
                    f"数字过大（绝对值最多 {limits.MAX_JSON_FLOAT:.0e}）",
                    f"number too large (at most {limits.MAX_JSON_FLOAT:.0e} in absolute value)",
                )
            ]
        return []
    if isinstance(value, str):
        if len(value) > limits.MAX_TEXT_LENGTH:
            return [
                (
                    f"文本过长（{len(value)} 字，最多 {limits.MAX_TEXT_LENGTH} 字）",
                    f"text too long ({len(value)} characters; at most {limits.MAX_TEXT_LENGTH})",
                )
            ]
        problem = text_character_problem(value)
        return [] if problem is None else [problem]
    if isinstance(value, dict | list):
        if depth >= limits.MAX_JSON_DEPTH:
            return [
                (
                    f"嵌套过深（最多 {limits.MAX_JSON_DEPTH} 层）",
                    f"nested too deeply (at most {limits.MAX_JSON_DEPTH} levels)",
                )
            ]
        if isinstance(value, list) and len(value) > limits.MAX_TABLE_ROWS:
            return [
                (
                    f"列表过长（{len(value)} 项，最多 {limits.MAX_TABLE_ROWS} 项）",
                    f"list too long ({len(value)} entries; at most {limits.MAX_TABLE_ROWS})",
                )
            ]
        return []
    return [("不是 JSON 值", "not a JSON value")]


def check_structure(doc: Any, file: str = "") -> None:
    """Raise AnswersError naming every value outside the limits (see structure_problems)."""
    problems = structure_problems(doc)
    if problems:
        raise AnswersError(problems, file)
