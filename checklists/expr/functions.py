"""The function library of the expression language, compiled into closures over their arguments."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from itertools import compress, count, repeat
from operator import is_, ne
from typing import Any

from checklists.dates import add_months, age_on
from checklists.expr.nodes import Call, Expr, Ref, String
from checklists.expr.parser import MAX_NUMBER_LENGTH, compile_pattern, pattern_problem
from checklists.expr.values import (
    OUT_OF_RANGE,
    Compiled,
    Problem,
    Scope,
    Value,
    as_date,
    day,
    equal,
    finite,
    is_empty,
    is_integer,
    is_number,
    negate,
    wrong_kind,
)
from checklists.foundation.errors import ExpressionError
from checklists.idnumber import IdInfo, parse_result

Fail = Callable[[Expr, Problem], ExpressionError]
_NUMBER_TEXT_RE = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def compile_call(node: Call, args: list[Compiled], fail: Fail) -> Compiled:
    """A closure computing ``node`` from its compiled arguments; ``fail`` places a Problem."""
    special = _SPECIAL.get(node.name)
    if special is not None:
        return special(node, args, fail)
    return _strict(node, _STRICT[node.name], args, fail)


def _strict(node: Call, impl: Callable[..., Value], args: list[Compiled], fail: Fail) -> Compiled:
    """Evaluate every argument, then call ``impl``; unrolled for the common arities."""
    if len(args) == 1:
        (a0,) = args

        def call1(s: Scope) -> Value:
            try:
                return impl(a0(s))
            except Problem as p:
                raise fail(node, p) from None

        return call1
    if len(args) == 2:
        a0, a1 = args

        def call2(s: Scope) -> Value:
            try:
                return impl(a0(s), a1(s))
            except Problem as p:
                raise fail(node, p) from None

        return call2

    def call_n(s: Scope) -> Value:
        try:
            return impl(*[a(s) for a in args])
        except Problem as p:
            raise fail(node, p) from None

    return call_n


# -- functions that decide themselves which arguments to evaluate, or read the scope ----------


def _if(node: Call, args: list[Compiled], fail: Fail) -> Compiled:
    test, then, other = args

    def if_(s: Scope) -> Value:
        c = test(s)
        if c is True:
            return then(s)
        if c is False or c is None:  # an unknown condition takes the else branch (XLSForm)
            return other(s)
        raise fail(node, wrong_kind("是/否（条件）", "yes/no (a condition)", c))

    return if_


def _coalesce(node: Call, args: list[Compiled], fail: Fail) -> Compiled:
    def coalesce(s: Scope) -> Value:
        for arg in args:
            v = arg(s)
            if not is_empty(v):
                return v
        return None

    return coalesce


def _today(node: Call, args: list[Compiled], fail: Fail) -> Compiled:
    def today(s: Scope) -> Value:
        return s.reference_date

    return today


def _id_function(pick: Callable[[IdInfo], Value], invalid: Value) -> Callable[..., Compiled]:
    """id_*(s): ``pick`` from the parsed number, ``invalid`` when it fails validation (a roster
    asks this of every row, several times: no exception for an invalid number, one cached
    lookup)."""

    def compile_id(node: Call, args: list[Compiled], fail: Fail) -> Compiled:
        (a0,) = args
        (arg,) = node.args
        if isinstance(arg, Ref):  # id_valid(${id_number}): the cell read straight from the row
            name = arg.name

            def id_of_ref(s: Scope) -> Value:
                try:
                    v = s.get(name)
                except KeyError:
                    return id_call(s)  # the reference's closure says it is unknown
                if v is None or v == "":
                    return None
                if type(v) is not str and not isinstance(v, str):
                    raise fail(node, wrong_kind("文本", "text", v))
                on = s.reference_date
                info = parse_result(v, on if on is not None else date.today())
                return invalid if info is None else pick(info)

        def id_call(s: Scope) -> Value:
            v = a0(s)
            if v is None or v == "":
                return None
            if not isinstance(v, str):
                raise fail(node, wrong_kind("文本", "text", v))
            on = s.reference_date
            info = parse_result(v, on if on is not None else date.today())
            return invalid if info is None else pick(info)

        return id_of_ref if isinstance(arg, Ref) else id_call

    return compile_id


def _count_people(node: Call, args: list[Compiled], fail: Fail) -> Compiled:
    """count_people(ids, names, births[, flags]): ID numbers checked on the reference date, as
    id_valid() checks them."""

    def people(s: Scope) -> Value:
        ids, names, births = args[0](s), args[1](s), args[2](s)
        flags = args[3](s) if len(args) > 3 else None
        try:
            return count_people(ids, names, births, flags, on=s.reference_date)
        except Problem as p:  # a name or birth date that is a row or a table
            raise fail(node, p) from None

    return people


def _count_rows_call(node: Call, args: list[Compiled], fail: Fail) -> Compiled:
    """count_rows(${table}, 'column', value, ...) with written column names (as every rule
    that looks for repeated rows has it): the names checked once, here."""
    written = [c for c in node.args[1::2] if isinstance(c, String)]
    if len(node.args) % 2 == 0 or len(written) != len(node.args) // 2:
        return _strict(node, _count_rows, args, fail)
    columns = tuple(c.value for c in written)
    table_of, value_args = args[0], tuple(args[2::2])

    def count_rows(s: Scope) -> Value:
        table = table_of(s)
        values = tuple([a(s) for a in value_args])
        if table is None:
            return 0
        try:
            if not isinstance(table, list):
                raise wrong_kind("表格", "a table", table)
            for v in values:
                if v is None or v == "" or v == []:
                    return None
            return _counts_of(table, columns).count(values)
        except Problem as p:
            raise fail(node, p) from None

    return count_rows


_SPECIAL: dict[str, Callable[[Call, list[Compiled], Fail], Compiled]] = {
    "count_rows": _count_rows_call,
    "count_people": _count_people,
    "if": _if,
    "coalesce": _coalesce,
    "today": _today,
    "id_valid": _id_function(lambda info: True, False),
    "id_birth_date": _id_function(lambda info: info.birth_date, None),
    "id_sex": _id_function(lambda info: info.sex, None),
}


# -- functions of their evaluated arguments -------------------------------------------------


def _age(birth: Value, on: Value) -> Value:
    if type(birth) is not date or type(on) is not date:
        birth, on = as_date(birth), as_date(on)
        if birth is None or on is None:
            return None
    try:
        return age_on(birth, on)
    except ValueError:  # age_on refuses a date before the birth
        raise Problem(
            "出生日期晚于计算年龄的日期", "the birth date is after the date the age is taken on"
        ) from None


def _days(start: Value, end: Value) -> Value:
    a, b = as_date(start), as_date(end)
    return None if a is None or b is None else (b - a).days


def _add_months(start: Value, months: Value) -> Value:
    """The same day ``months`` calendar months later, clamped to the month's end (民法典 art.
    202: 08-31 + 6 months = 02-28/29); unknown when either argument is."""
    a = as_date(start)
    if a is None or months is None:
        return None
    if not is_number(months) or int(months) != months:
        raise Problem(
            "add_months() 的月数必须是整数", "add_months() needs a whole number of months"
        )
    try:
        return add_months(a, int(months))
    except (ValueError, OverflowError):
        raise Problem(*OUT_OF_RANGE) from None


def _school_year_start(on: Value) -> Value:
    """1 September of the school year holding ``on`` (a school year runs 1 Sept – 31 Aug)."""
    d = as_date(on)
    if d is None:
        return None
    return date(d.year if d.month >= 9 else d.year - 1, 9, 1)


def same_key(v: Value) -> Any:
    """``v`` as compared for sameness across rows: text in NFKC form (full-width brackets and
    digits as half-width), case-folded, without spaces; dates and numbers as they are."""
    t = type(v)
    if t is date or v is None or t is int or t is bool or t is float:
        return v
    if type(v) is str and v.isascii() and v.isalnum() and (v.isdigit() or v.islower()):
        return v  # nothing to fold, nothing to drop (an ID number, a lower-case code)
    if isinstance(v, str):
        if v.isascii():  # NFKC leaves ASCII as it is, and case-folds it as lower() does
            return "".join(v.lower().split())
        return "".join(unicodedata.normalize("NFKC", v).casefold().split())
    if isinstance(v, date):
        return day(v)
    if isinstance(v, dict | list):  # a row or a table where one value belongs
        raise wrong_kind("单个值", "a single value", v)
    return v


def _count_distinct(v: Value) -> Value:
    """How many different values a list (a table column) holds; unanswered ones left out."""
    keys = {key_of((item,))[0] for item in _present((v,))}  # memoised: a column seen before
    keys.discard("")
    return len(keys)


class _TableCounts:
    """How often each combination of some columns' values occurs in one table, by the values'
    sameness keys, with each row's values and key as counted.

    A roster asks this of every row (thousands of times) of the same list, and after one edited
    cell the next evaluation asks it of a new list that differs from the last one counted on the
    same columns by one row: that one is counted from the last (:func:`_counts_of`). Which rows
    differ is told by the list's maker when it knows (:func:`derived_list`); otherwise the rows'
    values are read again and compared, so a count is never stale (a row changed in place is
    seen as changed). Only the rows that differ pay the text normalisation again."""

    __slots__ = ("table", "values", "keys", "by_key", "index")
    table: list[Any]
    values: list[list[Any]]  # per column, each row's value as counted
    keys: list[tuple[Any, ...]]  # each row's sameness keys
    by_key: Counter[tuple[Any, ...]]
    index: dict[tuple[Any, ...], list[int]] | None  # key → its rows in order (made when asked)

    def __init__(
        self,
        table: list[Any],
        columns: tuple[str, ...],
        last: _TableCounts | None = None,
        told: tuple[int, ...] | None = None,
    ) -> None:
        self.table = table  # kept, so the cache entry is for this very list
        self.index = None
        rows = len(table)
        if last is not None and told is not None:  # ``told``: the rows that differ from last's
            self._carry(last, columns, told)
            return
        # per column (no tuple per row: a save of a 2,000-row roster allocates next to nothing)
        self.values = values = [[row.get(c) for row in table] for c in columns]
        if last is not None and len(last.keys) == rows and len(last.values) == len(values):
            changed = _changed_rows(values, last.values)
            if len(changed) * 8 <= rows:
                self._carry(last, columns, changed, values)
                return
        self.keys = keys_of(zip(*values, strict=True)) if values else [()] * rows
        self.by_key = Counter(self.keys)

    def _carry(
        self,
        last: _TableCounts,
        columns: tuple[str, ...],
        changed: Sequence[int],
        values: list[list[Any]] | None = None,
    ) -> None:
        """Counted from ``last``, which gives up its counts (copying 2,000 keys cost more than
        the rest of a save's counting): the rows ``changed`` (a row at or past last's end is
        appended) read again, ``values`` the columns' values when they were read already."""
        _row_counts.pop((id(last.table), columns), None)
        if _last_counts.get(columns) is last:  # should this fail, nothing half made is kept
            del _last_counts[columns]
        last.table = []  # no table is this one: asked again, the last table is counted anew
        if values is None:
            values = last.values
            table = self.table
            for i in changed:
                row = table[i]
                for column, c in zip(values, columns, strict=True):
                    if i < len(column):
                        column[i] = row.get(c)
                    else:
                        column.append(row.get(c))
        self.values = values
        self.keys = keys = last.keys
        self.by_key = by_key = last.by_key
        self.index = index = last.index
        for i in changed:
            if i < len(keys):
                old_key = keys[i]
                by_key[old_key] -= 1
                if not by_key[old_key]:
                    del by_key[old_key]
                if index is not None:
                    index[old_key].remove(i)
                    if not index[old_key]:
                        del index[old_key]
                keys[i] = new_key = key_of(tuple([v[i] for v in values]))
            else:
                new_key = key_of(tuple([v[i] for v in values]))
                keys.append(new_key)
            by_key[new_key] += 1
            if index is not None:
                holding = index.setdefault(new_key, [])
                holding.append(i)
                holding.sort()
        last.values, last.keys, last.by_key, last.index = [], [], Counter(), None

    def count(self, values: tuple[Any, ...]) -> int:
        """How many rows hold ``values`` (equal values have equal sameness keys)."""
        return self.by_key[key_of(values)]

    def rows_holding(self, keys: set[tuple[Any, ...]]) -> list[int]:
        """The rows (indices, in order) whose sameness keys are among ``keys``."""
        index = self.index
        if index is None:
            index = self.index = {}
            for i, key in enumerate(self.keys):
                index.setdefault(key, []).append(i)
        found: list[int] = []
        for key in keys:
            found += index.get(key, ())
        return sorted(found)


def _changed_rows(columns: Sequence[list[Any]], before: Sequence[list[Any]]) -> list[int]:
    """The rows (indices, in order) where any of ``columns`` differs from ``before`` (the same
    columns, as long); a column equal as a whole (one comparison in C) is not looked into."""
    changed: set[int] = set()
    for new, old in zip(columns, before, strict=True):
        if new != old:
            changed.update(compress(count(), map(ne, new, old)))
    return sorted(changed)


# values as written → their sameness keys (a pure function of the values, so one memo serves
# every table: the rows of a roster evaluated again pay no text normalisation again)
_key_memo: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_KEY_MEMO_SIZE = 100_000


def key_of(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The sameness keys of ``values`` (a tuple of column values), memoised."""
    try:
        key = _key_memo.get(values)
    except TypeError:  # an unhashable value (a list): same_key says what is wrong with it
        return _keys(values)
    if key is None:
        key = _keys(values)
        if len(_key_memo) >= _KEY_MEMO_SIZE:
            _key_memo.clear()
        _key_memo[values] = key
    return key


def keys_of(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``[key_of(values) for values in rows]``, without a call per row when memoised."""
    memo = _key_memo
    get = memo.get
    out: list[tuple[Any, ...]] = []
    add = out.append
    for values in rows:
        try:
            key = get(values)
        except TypeError:  # an unhashable value: same_key says what is wrong with it
            add(_keys(values))
            continue
        if key is None:
            key = _keys(values)
            if len(memo) >= _KEY_MEMO_SIZE:
                memo.clear()
            memo[values] = key
        add(key)
    return out


def _keys(values: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(values) == 1:
        v = values[0]
        k = same_key(v)
        # already as compared (most are): the memo keeps one tuple for both, not two
        return values if k is v or (type(k) is str and type(v) is str and k == v) else (k,)
    keys = [same_key(v) for v in values]
    for k, v in zip(keys, values, strict=True):
        if k is not v and not (type(k) is str and type(v) is str and k == v):
            return tuple(keys)
    # each value already as compared (most are): the memo keeps one tuple for both, not two
    return values


_row_counts: dict[tuple[int, tuple[str, ...]], _TableCounts] = {}
# columns → the last counts made on them (a new evaluation's table is counted from it)
_last_counts: dict[tuple[str, ...], _TableCounts] = {}
# id of a list → (that list, the list it was made from, the rows that differ): see derived_list.
# The newest few only: each holds two lists of a roster's size alive (and for the collector to
# walk); a count carried through more lists than that is counted by comparing.
_derived: dict[int, tuple[list[Any], list[Any], tuple[int, ...]]] = {}
_DERIVED_KEPT = 16


def derived_list(after: list[Any], before: list[Any], rows: Sequence[int]) -> None:
    """Note that ``after`` holds what ``before`` holds but in ``rows`` (indices; an index at or
    past ``before``'s end: appended), so counts over ``after`` (count_rows(), count_people())
    are carried from those over ``before`` reading those rows alone. The caller (the
    incremental evaluation, which knows the one edit between two evaluations) promises that
    neither list, nor a row of them, changes afterwards."""
    _derived.pop(id(after), None)
    while len(_derived) >= _DERIVED_KEPT:  # the oldest go: they keep their lists alive
        del _derived[next(iter(_derived))]
    _derived[id(after)] = (after, before, tuple(sorted(set(rows))))


def unchanged_list(kept: list[Any]) -> None:
    """Note that ``kept`` (given again in place of a list made from it) does not change: a
    count over it is carried as it is (derived_list, with no row that differs)."""
    found = _derived.get(id(kept))
    if found is None or found[0] is not kept:
        derived_list(kept, kept, ())


def _told(after: list[Any], before: list[Any]) -> tuple[int, ...] | None:
    """The rows ``after`` differs in from ``before``, when its maker said so (derived_list),
    directly or through a few lists in between (a count not asked at every evaluation)."""
    found = _derived.get(id(after))
    if after is before:  # the very list again: unchanged, if its maker said it does not change
        return () if found is not None and found[0] is after else None
    if (
        found is not None
        and found[0] is after
        and found[1] is before
        and len(after) == len(before)
        and (not found[2] or found[2][-1] < len(after))
    ):
        return found[2]  # the usual case: made from the very list, rows replaced in place
    rows: set[int] = set()
    current = after
    for _ in range(16):
        found = _derived.get(id(current))
        if found is None or found[0] is not current:
            return None
        rows.update(found[2])
        current = found[1]
        if current is before:
            break
    else:
        return None
    extra = len(after) - len(before)
    if extra < 0 or any(i >= len(after) for i in rows):
        return None
    if extra and not set(range(len(before), len(after))) <= rows:
        return None
    return tuple(sorted(rows))


def _counts_of(table: list[Any], columns: tuple[str, ...]) -> _TableCounts:
    """The counts of ``columns`` in ``table``, made once per table (every row of a 2,000-row
    roster asks the same question of the same list; a new evaluation gives a new list, counted
    from the last one counted on the same columns)."""
    key = (id(table), columns)
    cached = _row_counts.get(key)
    if cached is None or cached.table is not table:
        last = _last_counts.get(columns)
        told = None if last is None else _told(table, last.table)
        if told is not None:  # only the rows that differ are new to check
            if not all(isinstance(table[i], dict) for i in told):
                raise wrong_kind("表格", "a table", table)
        elif not all(map(isinstance, table, repeat(dict, len(table)))):
            raise wrong_kind("表格", "a table", table)
        if len(_row_counts) > 64:
            _row_counts.clear()
        if len(_last_counts) > 64:
            _last_counts.clear()
        cached = _TableCounts(table, columns, last, told)
        _row_counts[key] = _last_counts[columns] = cached
    return cached


def clear_counts() -> None:
    """Forget every count and sameness key carried from earlier evaluations (a benchmark's
    cold run, as a new process evaluates)."""
    _row_counts.clear()
    _last_counts.clear()
    _key_memo.clear()
    _last_people.clear()
    _derived.clear()


def row_keys(table: list[Any], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The sameness keys of each row's values in ``columns`` (as count_rows() counts them).
    Raises Problem as count_rows() does."""
    return _counts_of(table, columns).keys


def rows_holding(
    table: list[Any], columns: tuple[str, ...], keys: set[tuple[Any, ...]]
) -> list[int]:
    """The rows (indices, in order) of ``table`` whose sameness keys in ``columns`` are among
    ``keys``. Raises Problem as count_rows() does."""
    return _counts_of(table, columns).rows_holding(keys)


def count_in(table: list[Any], columns: tuple[str, ...], values: tuple[Any, ...]) -> int:
    """How many rows of ``table`` (a list; its columns already checked to be names) hold
    ``values`` (none of them empty) in ``columns``: count_rows() once its arguments are known
    good. Raises Problem as count_rows() does (a row that is not a mapping, a value that is a
    list)."""
    cached = _row_counts.get((id(table), columns))
    if cached is None or cached.table is not table:
        cached = _counts_of(table, columns)
    try:
        key = _key_memo[values]  # the values of a row counted: memoised
    except (KeyError, TypeError):
        key = key_of(values)
    return cached.by_key[key]


def _count_rows(table: Value, *pairs: Value) -> Value:
    """How many rows of ``table`` hold ``value`` in ``column`` for every (column, value) pair
    given (COUNTIFS); unknown when a value is."""
    if table is None:
        return 0
    if not isinstance(table, list):
        raise wrong_kind("表格", "a table", table)
    if len(pairs) % 2:
        raise Problem(
            "count_rows() 的列名和值须成对给出", "count_rows() needs column and value pairs"
        )
    columns = pairs[::2]
    for c in columns:
        if not isinstance(c, str):
            raise wrong_kind("列名（文本）", "a column name (text)", c)
    values = pairs[1::2]
    for v in values:
        if v is None or v == "" or v == []:
            return None
    return _counts_of(table, columns).count(values)  # type: ignore[arg-type]


def count_people(
    ids: Value, names: Value, births: Value, flags: Value = None, on: date | None = None
) -> int | None:
    """How many different people a roster lists: the same valid ID number is the same person;
    without one, the same name and birth date. Rows whose flag (if given) is not true are left
    out; a row with neither a valid ID number nor a name and birth date counts on its own.
    Unknown for a roster without rows (as sum() of an empty column).

    A roster counted again after one edited row (the same columns but for that row) is counted
    from the last count: only the rows whose values differ are looked at again (the rows its
    columns' maker said differ, :func:`derived_list`, or else those found by comparing)."""
    given = (ids, names, births, flags)
    columns = [c if isinstance(c, list) else [] for c in (ids, names, births)]
    rows = max(map(len, columns), default=0)
    if not rows:
        return None
    on = on if on is not None else date.today()
    last = _last_people[0] if _last_people else None
    whole = all(isinstance(c, list) and len(c) == rows for c in given[:3])
    if whole and last is not None and last.on == on and len(last.keys) == rows:
        told = _told_columns(given, last.given, rows)
        if told is not None:
            # the last count's own list of who is counted, taken over as its keys are (no
            # copy of a roster's flags); should anything fail, no last count is kept
            _last_people.clear()
            chosen = last.inputs[0]
            for i in told:
                chosen[i] = flags[i] is True if isinstance(flags, list) else True
            return _recount(last, (chosen, *columns), told, on, given, told=True)
    columns = [c if len(c) == rows else [*c, *([None] * (rows - len(c)))] for c in columns]
    if isinstance(flags, list):
        chosen = list(map(is_, flags[:rows], repeat(True)))
        chosen += [False] * (rows - len(chosen))
    else:
        chosen = [True] * rows
    inputs = (chosen, *columns)
    if last is not None and last.on == on and len(last.inputs[0]) == rows:
        changed = _changed_rows(inputs, last.inputs)
        if len(changed) * 8 <= rows:
            return _recount(last, inputs, changed, on, given)
    keys = [
        _person(i, take, id_number, name, birth, on)
        for i, (take, id_number, name, birth) in enumerate(zip(*inputs, strict=True))
    ]
    people = Counter(k for k in keys if k is not None)
    _last_people[:] = [_People(inputs, on, keys, people, given)]
    return len(people)


def _told_columns(
    given: tuple[Value, ...], before: tuple[Value, ...], rows: int
) -> tuple[int, ...] | None:
    """The rows count_people()'s arguments differ in from the last count's, when every list
    among them was made from the last one's and said so (derived_list); None otherwise."""
    changed: set[int] = set()
    for new, old in zip(given, before, strict=True):
        if not isinstance(new, list):
            if new is not None or old is not None:
                return None
            continue
        if not isinstance(old, list) or len(new) != rows:
            return None
        told = _told(new, old)
        if told is None:
            return None
        changed.update(told)
    return tuple(sorted(changed))


def _recount(
    last: _People,
    inputs: tuple[list[Any], ...],
    changed: Sequence[int],
    on: date,
    given: tuple[Value, ...],
    told: bool = False,
) -> int:
    """count_people() counted from ``last``: the rows ``changed`` looked at again (``told``:
    the columns are lists their maker said do not change, kept as they are)."""
    chosen, ids, names, births = inputs
    _last_people.clear()  # its counts are taken over (should this fail, none is kept)
    keys, people = last.keys, last.people
    for i in changed:
        old_key = keys[i]
        if old_key is not None:
            people[old_key] -= 1
            if not people[old_key]:
                del people[old_key]
        keys[i] = key = _person(i, chosen[i], ids[i], names[i], births[i], on)
        if key is not None:
            people[key] += 1
    _last_people[:] = [_People(inputs, on, keys, people, given, copy=not told)]
    return len(people)


class _People:
    """One count of people: its inputs (copies), each row's person (None: left out), how many
    rows each person has, and the arguments it was given (to tell a list made from them)."""

    __slots__ = ("inputs", "on", "keys", "people", "given")

    def __init__(
        self,
        inputs: tuple[list[Any], ...],
        on: date,
        keys: list[Any],
        people: Counter[Any],
        given: tuple[Value, ...],
        copy: bool = True,
    ) -> None:
        self.inputs = tuple(list(c) for c in inputs) if copy else inputs
        self.on, self.keys, self.people, self.given = on, keys, people, given


_last_people: list[_People] = []


def _person(i: int, take: bool, id_number: Any, name: Any, birth: Any, on: date) -> Any:
    """Who row ``i`` is, for count_people(): None when it is left out."""
    if not take:
        return None
    parsed = None
    if isinstance(id_number, str) and id_number:
        parsed = parse_result(id_number, on)
    if parsed is not None:  # the number itself (a text never equals the tuples below)
        return parsed.normalized
    if not is_empty(name) and not is_empty(birth):
        return ("name", same_key(name), same_key(birth))
    return ("row", i)


def text_of(v: Value) -> str:
    """``v`` as text the way concat() writes it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, int):
        try:
            return str(v)
        except ValueError:  # more digits than Python will print
            raise Problem(*OUT_OF_RANGE) from None
    if isinstance(v, date):
        return day(v).isoformat()
    if isinstance(v, list):
        return " ".join(text_of(item) for item in v)
    raise wrong_kind("文本、数字或日期", "text, a number or a date", v)


def _selected(answer: Value, option: Value) -> Value:
    if answer is None or option is None:
        return None
    if not (isinstance(option, str) or is_number(option)):
        raise wrong_kind("选项（文本）", "an option (text)", option)
    key = text_of(option)
    if isinstance(answer, list):
        return option in answer or any(text_of(item) == key for item in answer)
    if isinstance(answer, str):  # XLSForm stores a multi-select as space-separated values
        return key in answer.split()
    if is_number(answer):
        return text_of(answer) == key
    raise wrong_kind("选择题的答案", "a select answer", answer)


def _count_selected(answer: Value) -> Value:
    if answer is None:
        return 0
    if isinstance(answer, list):
        return len(answer)
    if isinstance(answer, str):
        return len(answer.split())
    raise wrong_kind("多选题的答案", "a multi-select answer", answer)


def _count(v: Value) -> Value:
    if v is None:
        return 0
    if isinstance(v, list):
        return len(v)
    raise wrong_kind("表格或列表", "a table or a list", v)


def _present(args: tuple[Value, ...]) -> list[Any]:
    """The arguments with lists spread out and unanswered values dropped."""
    items: list[Any] = []
    for arg in args:
        items.extend(arg if isinstance(arg, list) else [arg])
    return [item for item in items if item is not None]


def _sum(v: Value) -> Value:
    items = _present((v,))
    if not items:
        return None
    if set(map(type, items)) == {bool}:  # sum(${t.flag}) counts the flagged rows
        return items.count(True)
    if not all(is_number(item) for item in items):
        raise Problem("sum() 只能对数字求和", "sum() adds numbers only")
    try:
        return finite(sum(items))
    except OverflowError:
        raise Problem(*OUT_OF_RANGE) from None


def _extreme(pick: Callable[[list[Any]], Value], name: str) -> Callable[..., Value]:
    def extreme(*args: Value) -> Value:
        items = _present(args)
        if not items:
            return None
        if all(is_number(item) for item in items) or all(isinstance(i, str) for i in items):
            return pick(items)
        if all(isinstance(item, date) for item in items):
            return pick([day(item) for item in items])
        raise Problem(
            f"{name}() 的值必须都是数字、都是日期或都是文本",
            f"{name}() needs all numbers, all dates or all texts",
        )

    return extreme


def _string_length(v: Value) -> Value:
    if v is None:
        return 0
    if isinstance(v, str):
        return len(v)
    raise wrong_kind("文本", "text", v)


def _number_from_text(text: str) -> int | float | None:
    text = text.strip()
    if not text:
        return None
    if len(text) > MAX_NUMBER_LENGTH or _NUMBER_TEXT_RE.fullmatch(text) is None:
        raise Problem("文本不是数字", "text is not a number")
    return finite(float(text)) if "." in text else int(text)


def _number(v: Value) -> Value:
    if v is None or is_number(v):
        return v
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, str):
        return _number_from_text(v)
    raise wrong_kind("数字或数字文本", "a number or numeric text", v)


def _int(v: Value) -> Value:
    if isinstance(v, str):
        v = _number_from_text(v)
    if v is None or is_integer(v):
        return v
    if isinstance(v, float):
        return math.trunc(finite(v))  # XPath int() truncates toward zero
    raise wrong_kind("数字", "a number", v)


def _round(v: Value, digits: Value = 0) -> Value:
    """Round half away from zero (四舍五入), not Python's round-half-even."""
    if v is None or digits is None:
        return None
    if not is_number(v):
        raise wrong_kind("数字", "a number", v)
    if not is_integer(digits) or not -20 <= digits <= 20:
        raise Problem(
            "小数位数应为 -20 到 20 的整数", "digits must be a whole number from -20 to 20"
        )
    if isinstance(v, int) and digits >= 0:
        return v
    exact = Decimal(v) if isinstance(v, int) else Decimal(repr(finite(v)))
    with localcontext() as ctx:
        ctx.prec = 1000
        try:
            rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise Problem(*OUT_OF_RANGE) from None
    return int(rounded) if digits <= 0 else float(rounded)


def _concat(*args: Value) -> Value:
    return "".join(text_of(arg) for arg in args)


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> Any:
    problem = pattern_problem(pattern)
    if problem is not None:
        raise Problem(*problem)
    return compile_pattern(pattern)


def _regex(text: Value, pattern: Value) -> Value:
    if text is None or pattern is None:
        return None
    if not isinstance(pattern, str):
        raise wrong_kind("正则表达式（文本）", "a pattern (text)", pattern)
    if not isinstance(text, str):
        raise wrong_kind("文本", "text", text)
    try:
        return _pattern(pattern).fullmatch(text) is not None
    except UnicodeEncodeError:
        raise Problem(
            "文本含无效字符（孤立的代理项）", "the text has an invalid character (a lone surrogate)"
        ) from None


def _in(v: Value, *options: Value) -> Value:
    """Three-valued membership: true if any option equals ``v``, else unknown if any is."""
    if v is None:
        return None
    unknown = False
    for option in options:
        same = equal(v, option)
        if same:
            return True
        unknown = unknown or same is None
    return None if unknown else False


_STRICT: dict[str, Callable[..., Value]] = {
    "not": negate,
    "selected": _selected,
    "count-selected": _count_selected,
    "count": _count,
    "sum": _sum,
    "min": _extreme(min, "min"),
    "max": _extreme(max, "max"),
    "date": as_date,
    "age": _age,
    "days": _days,
    "add_months": _add_months,
    "school_year_start": _school_year_start,
    "count_distinct": _count_distinct,
    "count_rows": _count_rows,
    "string-length": _string_length,
    "round": _round,
    "int": _int,
    "number": _number,
    "concat": _concat,
    "regex": _regex,
    "in": _in,
}
