"""Values of the expression language and the null-aware meaning of its operators."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, Protocol, TypeAlias, TypeGuard

from checklists.dates import InvalidDate, parse_date

# None = unanswered. A list is a table column or a multi-select answer; a whole table is a
# list of row mappings.
Value: TypeAlias = bool | int | float | str | date | list[Any] | None


class Scope(Protocol):
    """Where a compiled expression finds the values it refers to."""

    def get(self, name: str) -> Value:
        """The value of ``${name}``; raises KeyError for a name the scope does not know."""
        ...

    @property
    def current(self) -> Value:
        """The value of ``.`` (the item being checked)."""
        ...

    @property
    def reference_date(self) -> date | None:
        """What ``today()`` returns: the self-check's reference date (检查基准日)."""
        ...


Compiled: TypeAlias = Callable[[Scope], Value]


class Problem(Exception):
    """An evaluation failure not yet tied to a place; the compiler turns it into ExpressionError."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


OUT_OF_RANGE = ("数值超出范围", "number out of range")


def is_number(v: object) -> TypeGuard[int | float]:
    """True for int and float, false for bool (yes/no answers are not numbers)."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def is_integer(v: object) -> TypeGuard[int]:
    """True for int, false for bool."""
    return isinstance(v, int) and not isinstance(v, bool)


def kind(v: object) -> tuple[str, str]:
    """What sort of value ``v`` is, in words (zh, en); messages never show answer values."""
    if v is None:
        return "空值", "empty"
    if isinstance(v, bool):
        return "是/否", "yes/no"
    if is_number(v):
        return "数字", "number"
    if isinstance(v, str):
        return "文本", "text"
    if isinstance(v, date):
        return "日期", "date"
    if isinstance(v, list):
        return "列表", "list"
    if isinstance(v, Mapping):
        return "表格行", "table row"
    return f"{type(v).__name__} 值", f"{type(v).__name__} value"


def wrong_kind(what_zh: str, what_en: str, v: object) -> Problem:
    """``what`` was expected but ``v`` came."""
    zh, en = kind(v)
    return Problem(f"需要{what_zh}，却是{zh}", f"expected {what_en}, got {en}")


def mismatch(op: str, a: object, b: object) -> Problem:
    """Operator ``op`` is not defined for the kinds of ``a`` and ``b``."""
    (za, ea), (zb, eb) = kind(a), kind(b)
    return Problem(f"不能对{za}和{zb}使用 '{op}'", f"cannot use '{op}' on {ea} and {eb}")


def finite(r: int | float) -> int | float:
    """``r`` unless it is an infinite or NaN float."""
    if type(r) is float and not math.isfinite(r):
        raise Problem(*OUT_OF_RANGE)
    return r


def as_date(v: Value) -> date | None:
    """A date from a date or an ISO ``YYYY-MM-DD`` text; None and blank text give None."""
    if type(v) is date or v is None:
        return v
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return parse_date(v)
        except InvalidDate as exc:
            raise Problem(exc.zh, exc.en) from None
    raise wrong_kind("日期", "a date", v)


def is_empty(v: object) -> bool:
    """XLSForm emptiness: unanswered, blank text or nothing selected."""
    return v is None or v == "" or (isinstance(v, list) and not v)


# -- arithmetic -------------------------------------------------------------------------


def _numeric(fn: Callable[[Any, Any], Any], a: Any, b: Any) -> int | float:
    try:
        return finite(fn(a, b))
    except OverflowError:
        raise Problem(*OUT_OF_RANGE) from None


def day(d: date) -> date:
    """``d`` without a time of day (a datetime is a date subclass)."""
    return d.date() if isinstance(d, datetime) else d


def _shift(d: date, days: int) -> date:
    try:
        return day(d) + timedelta(days=days)
    except OverflowError:
        raise Problem("日期超出范围", "date out of range") from None


def add(a: Value, b: Value) -> Value:
    """``a + b``: numbers, or a date plus whole days."""
    if a is None or b is None:
        return None
    if is_number(a) and is_number(b):
        return _numeric(operator.add, a, b)
    if isinstance(a, date) and is_integer(b):
        return _shift(a, b)
    if is_integer(a) and isinstance(b, date):
        return _shift(b, a)
    raise mismatch("+", a, b)


def subtract(a: Value, b: Value) -> Value:
    """``a - b``: numbers, a date minus whole days, or days between two dates."""
    if a is None or b is None:
        return None
    if is_number(a) and is_number(b):
        return _numeric(operator.sub, a, b)
    if isinstance(a, date) and is_integer(b):
        return _shift(a, -b)
    if isinstance(a, date) and isinstance(b, date):
        return (day(a) - day(b)).days
    raise mismatch("-", a, b)


def multiply(a: Value, b: Value) -> Value:
    """``a * b`` for numbers."""
    if a is None or b is None:
        return None
    if is_number(a) and is_number(b):
        return _numeric(operator.mul, a, b)
    raise mismatch("*", a, b)


def divide(a: Value, b: Value) -> Value:
    """``a div b`` (always a float); division by zero gives None."""
    if a is None or b is None:
        return None
    if is_number(a) and is_number(b):
        return None if b == 0 else _numeric(operator.truediv, a, b)
    raise mismatch("div", a, b)


def modulo(a: Value, b: Value) -> Value:
    """``a mod b`` with the sign of ``a`` (XPath, like C's fmod); ``mod 0`` gives None."""
    if a is None or b is None:
        return None
    if not (is_number(a) and is_number(b)):
        raise mismatch("mod", a, b)
    if b == 0:
        return None
    if isinstance(a, int) and isinstance(b, int):
        rest = abs(a) % abs(b)
        return -rest if a < 0 else rest
    return _numeric(math.fmod, a, b)


ARITHMETIC: dict[str, Callable[[Value, Value], Value]] = {
    "+": add, "-": subtract, "*": multiply, "div": divide, "mod": modulo,
}  # fmt: skip


def minus(v: Value) -> Value:
    """Unary minus."""
    if v is None:
        return None
    if is_number(v):
        return -v
    raise wrong_kind("数字", "a number", v)


# -- comparison ---------------------------------------------------------------------------

ORDERING: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip


def _comparable(op: str, a: Value, b: Value, ordered: bool) -> tuple[Any, Any] | None:
    """The pair Python should compare, None when a blank date makes it unknown."""
    if is_number(a) and is_number(b):
        return a, b
    if isinstance(a, date | str) and isinstance(b, date | str):
        if isinstance(a, str) and isinstance(b, str):
            return a, b
        x, y = as_date(a), as_date(b)  # a date against ISO text compares as dates
        return None if x is None or y is None else (x, y)
    if not ordered and isinstance(a, bool) and isinstance(b, bool):
        return a, b
    raise mismatch(op, a, b)


def equal(a: Value, b: Value, op: str = "=") -> bool | None:
    """``a = b``; ``x = ''`` is true for every empty x, otherwise None compares to None."""
    if type(a) is str and a == "":
        return is_empty(b)
    if type(b) is str and b == "":
        return is_empty(a)
    if a is None or b is None:
        return None
    pair = _comparable(op, a, b, ordered=False)
    return None if pair is None else bool(pair[0] == pair[1])


def not_equal(a: Value, b: Value) -> bool | None:
    """``a != b``: the negation of :func:`equal`, None staying None."""
    same = equal(a, b, "!=")
    return None if same is None else not same


def order(op: str, a: Value, b: Value) -> bool | None:
    """``a < b`` and friends for numbers, dates (or ISO text against a date) and texts."""
    if a is None or b is None:
        return None
    pair = _comparable(op, a, b, ordered=True)
    return None if pair is None else ORDERING[op](*pair)


# -- logic ----------------------------------------------------------------------------------


def check_condition(v: Value) -> None:
    """Raise unless ``v`` is yes/no or unanswered."""
    if v is not None and not isinstance(v, bool):
        raise wrong_kind("是/否（条件）", "yes/no (a condition)", v)


def and_(a: Value, b: Value) -> bool | None:
    """Three-valued ``and``: false wins, then unknown."""
    check_condition(a)
    check_condition(b)
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def or_(a: Value, b: Value) -> bool | None:
    """Three-valued ``or``: true wins, then unknown."""
    check_condition(a)
    check_condition(b)
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def negate(v: Value) -> bool | None:
    """``not(v)``; not(None) is None."""
    check_condition(v)
    return None if v is None else not v
