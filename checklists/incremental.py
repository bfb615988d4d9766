"""Re-judging a checklist after one edit: only the items, and in a table only the row, it can change.

A save on a 2,000-guard roster must not judge 2,000 rows again. ``LiveEvaluation`` keeps the
verdict of every item (and of every row of every table) from the last evaluation; an ``Edit``
names what changed, and a dependency analysis of the checklist's expressions says which items can
see that change: the item itself, items whose rules, relevance, calculations or messages name it
(directly or through calculated items and table columns), and items whose dependencies the
analysis cannot place (re-judged on every edit). A cell edit re-judges its row, the rules that
aggregate over the table, and nothing else. Where rows compare themselves with the other rows
by counting the rows holding their own values (the roster's duplicate check,
``count_rows(${guards}, 'id_number', ${id_number})``), an edit of a compared cell re-judges the
edited row and the rows holding its old or its new values (their counts changed), no others;
the counts themselves are carried from the last table counted (checklists.expr.functions). The
columns an aggregate reads (the count of guards on post) are taken from the last evaluation
with the edited row's values, when nothing else they are computed from changed. Values read from other checklists (``linked``, e.g.
safety's ``${guards.guards_on_post}``) count as one input, ``LINKED``: when they change, every item
that reads them, directly or through calculations, is judged again. The judging itself is the evaluator's own code
(``checklists.evaluator``): this module only decides what to skip, so its result equals a full
evaluation (tests/checklists/test_incremental.py checks that on random edit sequences).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain, compress, count, islice
from operator import attrgetter, is_not
from typing import Any

from checklists import expr as ex
from checklists.answers import FindingNote, School
from checklists.evaluator import (
    _MISSING,
    _attach_notes,
    _ChecklistRun,
    _ItemPlan,
    _plan_maps,
    _RowScope,
    _Scope,
    finish_run,
)
from checklists.expr.functions import (
    _told,
    derived_list,
    key_of,
    rows_holding,
    unchanged_list,
)
from checklists.expr.values import Problem
from checklists.foundation.errors import ExpressionError
from checklists.model import Checklist, Item, Rule
from checklists.references import SCHOOL_FIELDS, links_of
from checklists.results import (
    ChecklistResult,
    Finding,
    ItemResult,
    carried_counts,
    figures_of,
)

_UNKNOWN = "\0unknown"  # a name the analysis cannot place: whoever uses it is always re-judged
LINKED = "\0linked"  # the values read from other checklists, as one input
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")
# the kinds of value an item not judged again gives a run from the last result (no list or
# mapping a run could hold on to, no table)
_PLAIN = frozenset({bool, int, float, str, date, type(None)})


@dataclass(frozen=True)
class Edit:
    """What changed since the last evaluation: the answer of ``item`` (``row`` None), or the
    row at index ``row`` of the table ``item`` (an index one past the end: a row appended);
    ``Edit(LINKED)``: only the values read from other checklists. ``column``: the one cell of
    an existing row that changed (None: any of the row's cells may have)."""

    item: str
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Changes:
    """Findings that appeared (``added``) or went away (``removed``) with an edit."""

    added: tuple[Finding, ...] = ()
    removed: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Dependencies:
    """Which items an edit can change, from the names a checklist's expressions use."""

    affects: dict[str, frozenset[str]]  # an item → the items whose verdict can change with it
    always: frozenset[str]  # items re-judged on every edit (they use names not placed)
    whole_tables: frozenset[str]  # tables whose rows see the table itself (no row-only re-judging)
    # (item, table) → the table's columns the item's verdict depends on, when it reads the table
    # only through columns (an aggregate such as sum(${on_guard_post})); absent: the whole table
    columns_read: dict[tuple[str, str], frozenset[str]] = dataclasses.field(default_factory=dict)
    # a table of ``whole_tables`` whose rows read the other rows only through these columns
    # (count_rows(${table}, 'column', ...)): an edit of another column is judged by row again
    cross_row_columns: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    # a table of ``cross_row_columns`` whose rows compare with the other rows only by counting
    # the rows holding their own values (count_rows(${table}, 'a', ${a}, 'b', ${b}) over
    # columns as entered): those column sets. An edit of such a column changes the verdict of
    # the edited row and of the rows holding its old or its new values, no other.
    keyed_columns: dict[str, tuple[tuple[str, ...], ...]] = dataclasses.field(default_factory=dict)
    # table → its columns whose value in a row comes from that row and from values not
    # computed from the table (each with the names from outside the row it reads): after an
    # edit of one row, such a column of the other rows is as it was, so an aggregate over it
    # (the count of guards on post) takes it from the last evaluation with that row's value
    row_local_columns: dict[str, dict[str, frozenset[str]]] = dataclasses.field(
        default_factory=dict
    )
    # each column of ``row_local_columns`` → the row's columns its value reads (itself
    # included, through the columns it is computed from): an edit of another cell leaves it
    row_columns_read: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    # (item, a row edited?, column) → judged_again's answer: a pure function of the edit's
    # shape and the analysis (every save asks it, of two checklists when one reads the other)
    _again: dict[tuple[str, bool, str | None], frozenset[str]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )

    def whole_table_edit(self, edit: Edit) -> bool:
        """Whether ``edit`` of a table whose rows read each other changes other rows' verdicts."""
        if edit.item not in self.whole_tables:
            return False
        compared = self.cross_row_columns.get(edit.item)
        return compared is None or edit.column is None or edit.column in compared

    def keyed_sets(self, edit: Edit) -> tuple[tuple[str, ...], ...] | None:
        """For an edit of a row of a table whose rows count the rows holding their values: the
        column sets (among ``keyed_columns``) the edit can change; None when the edit changes
        other rows' verdicts in other ways (or the table is not such a table)."""
        sets = self.keyed_columns.get(edit.item)
        if sets is None or edit.row is None:
            return None
        return tuple(c for c in sets if edit.column is None or edit.column in c)

    def judged_again(self, edit: Edit) -> frozenset[str]:
        """The items to judge again after ``edit`` (a table edited by row is not among them)."""
        shape = (edit.item, edit.row is not None, edit.column)
        found = self._again.get(shape)
        if found is None:
            found = self._again[shape] = self._judged_again(edit)
        return found

    def _judged_again(self, edit: Edit) -> frozenset[str]:
        affected = self.affects.get(edit.item, frozenset()) | self.always
        if edit.row is None or (self.whole_table_edit(edit) and self.keyed_sets(edit) is None):
            return affected | {edit.item}
        if edit.column is not None:  # one cell: not the aggregates over the table's other columns
            affected = frozenset(
                item
                for item in affected
                if item in self.always
                or edit.column in self.columns_read.get((item, edit.item), (edit.column,))
            )
        return affected - {edit.item}


def _names(obj: Any) -> set[str]:
    """Every name an item's expressions and rule messages use (any field, at any depth)."""
    if obj is None or isinstance(obj, str | int | float | date):
        return set()
    if type(obj).__module__ == "checklists.expr.nodes":
        return set(ex.references(obj))
    if isinstance(obj, Rule):
        found = _names(obj.fail_if)
        for text in (obj.message.zh, obj.message.en):
            found.update(_PLACEHOLDER.findall(text))
        return found
    if isinstance(obj, tuple | list):
        return set().union(*(_names(x) for x in obj)) if obj else set()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = dataclasses.fields(obj)
        return set().union(*(_names(getattr(obj, f.name)) for f in fields)) if fields else set()
    return set()


def _value_names(item: Item) -> set[str]:
    """Names that an item's value depends on (its relevance and calculation; for a table, what
    its columns are computed from)."""
    names = _names(item.relevant) | _names(item.calculate)
    for col in item.columns:
        names |= _names(col.relevant) | _names(col.calculate)
    return names - {c.id for c in item.columns}


def analyse(checklist: Checklist) -> Dependencies:
    """The dependencies of ``checklist`` (cached per checklist object)."""
    found = _analysed.get(id(checklist))
    if found is not None and found[0] is checklist:
        return found[1]
    top = {item.id: item for item in checklist.items()}
    table_of = {col.id: item.id for item in top.values() for col in item.columns}
    static = set(checklist.constant_map()) | {f"school.{f}" for f in SCHOOL_FIELDS}
    static.add("reference_date")
    links = set(links_of(checklist))
    memo: dict[str, frozenset[str]] = {}

    def sources(name: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The items (and _UNKNOWN) whose answers the value of ``name`` comes from."""
        name = table_of.get(name, name)
        if name in memo:
            return memo[name]
        if name in static:
            return frozenset()
        if name in links:
            return frozenset({LINKED})
        if name not in top:
            return frozenset({_UNKNOWN})
        if name in seen:  # a cycle the loader let through: judge it always
            return frozenset({name, _UNKNOWN})
        out = {name}
        for used in _value_names(top[name]):
            out |= sources(used, seen | {name})
        memo[name] = frozenset(out)
        return memo[name]

    affects: dict[str, set[str]] = {}
    always: set[str] = set()
    whole: set[str] = set()
    for item in top.values():
        outer = _names(item) - {c.id for c in item.columns}
        deps = set(sources(item.id)).union(*(sources(n) for n in outer))
        if _UNKNOWN in deps:
            always.add(item.id)
        for source in deps:
            affects.setdefault(source, set()).add(item.id)
        if item.is_table:
            row_sources = set().union(*(sources(n) for n in outer)) if outer else set()
            if item.id in row_sources or _UNKNOWN in row_sources:
                whole.add(item.id)

    def reads_table(name: str, table: str) -> bool:
        return table in sources(name) or _UNKNOWN in sources(name)

    cross = {t: c for t in whole if (c := _cross_row_columns(top[t], reads_table)) is not None}
    keyed = {t: k for t in cross if (k := _keyed_columns(top[t])) is not None}
    local = {
        t.id: lc for t in top.values() if t.is_table and (lc := _row_local_columns(t, reads_table))
    }
    deps_ = Dependencies(
        {k: frozenset(v) for k, v in affects.items()},
        frozenset(always),
        frozenset(whole),
        _columns_read(top, table_of, static | links),
        cross,
        keyed,
        local,
        {c: r for t, lc in local.items() for c, r in _row_columns_read(top[t], set(lc)).items()},
    )
    _analysed[id(checklist)] = (checklist, deps_)
    return deps_


_analysed: dict[int, tuple[Checklist, Dependencies]] = {}


def _cross_row_columns(
    table: Item, reads_table: Any = lambda name, table: False
) -> frozenset[str] | None:
    """The columns a table's rows compare across rows, when they read the table itself only as
    ``count_rows(${table}, 'column', value, ...)`` with written column names, and nothing else
    computed from the table (``reads_table(name, table)``: whether a name's value is); else
    None."""
    found: set[str] = set()
    own = {c.id for c in table.columns}

    def walk(node: Any) -> bool:
        if isinstance(node, ex.Ref):
            return node.name in own or (
                node.name != table.id and not reads_table(node.name, table.id)
            )
        if isinstance(node, ex.Call):
            args = node.args
            if node.name == "count_rows" and args and args[0] == ex.Ref(table.id):
                names = [n.value for n in args[1::2] if isinstance(n, ex.String)]
                if len(names) != len(args[1::2]):
                    return False
                found.update(names)
                return all(walk(a) for a in args[2::2])
            return all(walk(a) for a in args)
        if isinstance(node, ex.Binary):
            return walk(node.left) and walk(node.right)
        if isinstance(node, ex.Neg):
            return walk(node.operand)
        return True

    if not all(walk(e) for e in table.row_expressions()):
        return None
    if any(
        table.id in _PLACEHOLDER.findall(t)
        for r in table.rules
        for t in (r.message.zh, r.message.en)
    ):
        return None
    return frozenset(found)


def _row_local_columns(table: Item, reads_table: Any) -> dict[str, frozenset[str]]:
    """The columns of ``table`` whose value in a row reads only that row's cells and values not
    computed from the table (every column as entered; a computed one when so) (``reads_table(name, table)``: whether a name's is),
    each with those outside values' names."""
    columns = {c.id: c for c in table.columns}

    def outside(name: str, seen: frozenset[str]) -> frozenset[str] | None:
        """The outside names column ``name`` reads (None: the table, or a cycle)."""
        col = columns[name]
        used: set[str] = set()
        for e in (col.calculate, col.relevant):
            if e is not None:
                used |= ex.references(e)
        found: set[str] = set()
        for n in used:
            if n == name:
                continue
            if n in columns:
                more = outside(n, seen | {name}) if n not in seen else None
                if more is None:
                    return None
                found |= more
            elif n == table.id or reads_table(n, table.id):
                return None
            else:
                found.add(n)
        return frozenset(found)

    out: dict[str, frozenset[str]] = {}
    for c in table.columns:
        names = outside(c.id, frozenset())
        if names is not None:
            out[c.id] = names
    return out


def _row_columns_read(table: Item, local: set[str]) -> dict[str, frozenset[str]]:
    """For each of ``local`` (columns of ``table`` whose value in a row reads that row and
    values from outside the table only, with no cycle): the row's columns it reads, itself
    included, through the columns it is computed from (its calculation and relevance)."""
    columns = {c.id: c for c in table.columns}
    memo: dict[str, frozenset[str]] = {}

    def reads(name: str, seen: frozenset[str]) -> frozenset[str]:
        if name in memo:
            return memo[name]
        col = columns[name]
        found = {name}
        for e in (col.calculate, col.relevant):
            if e is not None:
                for n in ex.references(e):
                    if n in columns and n not in seen:
                        found |= reads(n, seen | {name})
                    elif n in columns:  # a cycle (not a local column): reads every column
                        found |= set(columns)
        memo[name] = frozenset(found)
        return memo[name]

    return {name: reads(name, frozenset({name})) for name in local}


def _keyed_columns(table: Item) -> tuple[tuple[str, ...], ...] | None:
    """The column sets of ``count_rows(${table}, 'a', ${a}, 'b', ${b}, ...)`` calls in the
    table's rows, when every call over the table counts the row's own values in columns as
    entered (no calculation, relevance or default: a row's value is its cell as written, the
    value counted); else None."""
    plain = {
        c.id
        for c in table.columns
        if c.calculate is None and c.relevant is None and c.default is None
    }
    found: list[tuple[str, ...]] = []

    def walk(node: Any) -> bool:
        if isinstance(node, ex.Call):
            args = node.args
            if node.name == "count_rows" and args and args[0] == ex.Ref(table.id):
                names = [n.value for n in args[1::2] if isinstance(n, ex.String)]
                values = list(args[2::2])
                if len(names) != len(values) or any(
                    name not in plain or value != ex.Ref(name)
                    for name, value in zip(names, values, strict=True)
                ):
                    return False
                if tuple(names) not in found:
                    found.append(tuple(names))
                return True
            return all(walk(a) for a in args)
        if isinstance(node, ex.Binary):
            return walk(node.left) and walk(node.right)
        if isinstance(node, ex.Neg):
            return walk(node.operand)
        return True

    if not all(walk(e) for e in table.row_expressions()):
        return None
    return tuple(found)


_WHOLE: frozenset[str] | None = None  # a table read as a whole (its rows, their count)


def _columns_read(
    top: Mapping[str, Item], table_of: Mapping[str, str], static: set[str]
) -> dict[tuple[str, str], frozenset[str]]:
    """For each item and each table it depends on only through columns: those columns.

    A column stands for the columns its value is computed from within the row (its calculation
    and relevance, transitively); a calculated item for the columns its own value reads. An item
    that names a table itself, or a name the analysis cannot place, reads that table whole and
    is left out (so every edit of the table judges it again).
    """
    Reads = dict[str, frozenset[str] | None]
    memo: dict[str, Reads] = {}

    def column(table: Item, name: str, seen: frozenset[str]) -> Reads | None:
        """What the value of column ``name`` of ``table`` in a row reads (itself included)."""
        out: Reads = {table.id: frozenset({name})}
        (col,) = (c for c in table.columns if c.id == name)
        for used in _names(col):
            if used == name or used in seen:
                continue
            if table_of.get(used) == table.id:
                found = column(table, used, seen | {name})
            elif used == table.id:
                found = {table.id: _WHOLE}
            else:
                found = read(used, frozenset())
            if found is None:
                return None
            _merge(out, found)
        return out

    def read(name: str, seen: frozenset[str]) -> Reads | None:
        """Table → columns read by the value of ``name`` (None: something not placed)."""
        if name in memo:
            return memo[name]
        if name in static:
            return {}
        table = table_of.get(name)
        if table is not None:
            return column(top[table], name, frozenset())
        item = top.get(name)
        if item is None or name in seen:
            return None
        out: Reads = {name: _WHOLE} if item.is_table else {}
        for used in _value_names(item):
            found = read(used, seen | {name})
            if found is None:
                return None
            _merge(out, found)
        memo[name] = out
        return out

    result: dict[tuple[str, str], frozenset[str]] = {}
    for item in top.values():
        own = {c.id for c in item.columns}
        reads: Reads | None = {}
        for name in (_names(item) - own) | ({item.id} if not item.is_table else set()):
            found = read(name, frozenset())
            if found is None or reads is None:
                reads = None
                break
            _merge(reads, found)
        if reads is None:
            continue
        for table, columns in reads.items():
            if columns is not None and table != item.id:
                result[(item.id, table)] = columns
    return result


def _merge(
    into: dict[str, frozenset[str] | None], more: Mapping[str, frozenset[str] | None]
) -> None:
    """Add ``more``'s columns to ``into``'s (a whole table stays whole)."""
    for table, columns in more.items():
        if table in into:
            have = into[table]
            into[table] = None if have is None or columns is None else have | columns
        else:
            into[table] = columns


class _Segment:
    """The last verdict on one item: its result, findings and unanswered-required count (a
    plain class: every item judged again makes one)."""

    __slots__ = ("result", "findings", "required", "row_findings")

    def __init__(
        self,
        result: ItemResult,
        findings: tuple[Finding, ...],
        required: int,
        row_findings: int = 0,
    ) -> None:
        self.result, self.findings, self.required = result, findings, required
        # of a table: how many of ``findings`` its rows gave (they come first)
        self.row_findings = row_findings


@dataclass
class _Rows:
    """What each row of a table gave at its last judging: per row, and flattened in row order
    (a one-row change splices the flat lists in place instead of chaining 2,000 rows again;
    the lists are this object's own, never handed out: a result gets a tuple made of them)."""

    findings: list[tuple[Finding, ...]]
    errors: list[tuple[tuple[int | None, str, str, str], ...]]
    invalid: list[tuple[tuple[int, str], ...]]
    missing: list[tuple[tuple[int | None, str], ...]]  # the row's inputs left empty
    fired: list[int]
    required: list[int]  # what judging the row added to the unanswered-required count
    flat: tuple[list[Any], ...] = dataclasses.field(default_factory=lambda: ([], [], [], []))
    table: Any = None  # the rows (as entered) judged
    fired_total: int = 0  # sum(fired), kept as rows are judged
    required_total: int = 0  # sum(required), likewise

    def append(self) -> None:
        """Room for one more row."""
        self.findings.append(())
        self.errors.append(())
        self.invalid.append(())
        self.missing.append(())
        self.fired.append(0)
        self.required.append(0)

    def flatten(self) -> None:
        """The flat lists from every row."""
        self.flat = (
            list(chain.from_iterable(self.findings)),
            list(chain.from_iterable(self.errors)),
            list(chain.from_iterable(self.invalid)),
            list(chain.from_iterable(self.missing)),
        )

    def splice(self, index: int, old: tuple[tuple[Any, ...], ...]) -> None:
        """The flat lists after row ``index`` changed from ``old`` (its four parts before),
        changed in place (no copy of a roster's findings)."""
        parts: tuple[list[tuple[Any, ...]], ...] = (
            self.findings,
            self.errors,
            self.invalid,
            self.missing,
        )
        for part, (whole, per_row, before) in enumerate(zip(self.flat, parts, old, strict=True)):
            if not before and not per_row[index]:
                continue
            at = _findings_start(whole, index, before) if part == 0 else None
            if at is None:
                at = sum(map(len, islice(per_row, index)))
            whole[at : at + len(before)] = per_row[index]


_ROW = attrgetter("row")


def _findings_start(whole: list[Any], index: int, before: tuple[Any, ...]) -> int | None:
    """Where row ``index``'s findings (``before``) start in a table's findings (each row's
    carry its row number, in row order), found by bisection and checked (its findings there,
    or its neighbours' rows around an empty place); None when the check fails (then the
    findings of the rows before it are counted)."""
    try:
        at = bisect_left(whole, index, key=_ROW)
        if before:
            return at if whole[at : at + len(before)] == list(before) else None
        left = at == 0 or whole[at - 1].row < index
        right = at == len(whole) or whole[at].row > index
    except (TypeError, AttributeError):  # a finding without a row number
        return None
    return at if left and right else None


class _Column:
    """A table's column as an evaluation computed it: from the rows ``table`` (as entered),
    with ``base`` the values from outside the rows known then (read only; shared by the
    columns of one table). A plain class: a save makes one per column computed."""

    __slots__ = ("table", "base", "values")

    def __init__(self, table: list[Any], base: dict[str, Any], values: list[Any]) -> None:
        self.table, self.base, self.values = table, base, values


class _LiveScope(_Scope):
    """The evaluator's scope, taking a table's columns (``seeds``: column → its last values and
    the names from outside the row it reads) from the last evaluation that computed them, with
    the values of the rows that are not the very same rows (edited or appended since) computed
    again. Whenever anything else may differ (rows removed, many rows new, an outside value
    changed, a row's value cannot be computed) the column is computed from every row, as the
    evaluator does."""

    __slots__ = ("seeds", "fresh", "edit", "reads", "again", "last", "at")
    seeds: dict[str, tuple[_Column, frozenset[str]]]
    fresh: dict[tuple[str, int], tuple[Any, _RowScope]]  # (table, row) → the row, its scope
    edit: Edit | None  # the one row edit since the last evaluation, when that is what it was
    reads: dict[str, frozenset[str]]  # column → the row's columns it reads (itself included)
    again: frozenset[str]  # the items judged again in this run
    last: tuple[ItemResult, ...]  # the last evaluation's items
    at: dict[str, int]  # each item's place among them

    def get(self, name: str) -> Any:
        value = self.cache.get(name, _MISSING)
        if value is not _MISSING:
            return value
        seed = self.seeds.get(name)
        if seed is not None:
            value = self._seeded(name, *seed)
            if value is not None:
                self.cache[name] = value
                return value
        else:
            value = self._kept(name)
            if value is not _MISSING:
                self.cache[name] = value
                return value
        return super().get(name)

    def _kept(self, name: str) -> Any:
        """The value of an item this run does not judge again, as the last evaluation computed
        it (the edit cannot change its verdict, nor so its value: the analysis places what
        an item's value is computed from among what its verdict depends on), when that is a
        plain value computed without an error; else _MISSING (computed as the evaluator
        does). Saves computing again a calculation that an item judged again reads (the
        guards an enrolment requires, read by the guard count's rule)."""
        k = self.at.get(name)
        if k is None or name in self.again or (self.edit is not None and name == self.edit.item):
            return _MISSING
        last = self.last
        if k >= len(last):
            return _MISSING
        result = last[k]
        if result.item != name or result.status == "invalid" or type(result.value) not in _PLAIN:
            return _MISSING
        item = self.plans[name].item
        if item.type == "note" or item.is_table:
            return _MISSING
        return result.value

    def _row_scope(
        self, plan: _ItemPlan, rows: list[Any], index: int, base: dict[str, Any]
    ) -> _RowScope:
        """Row ``index``'s scope, one for every column taken from it in this run (each reads
        what its own ``base`` holds, the same values the row's other names come to from here)."""
        key = (plan.item.id, index)
        found = self.fresh.get(key)
        if found is None or found[0] is not rows[index]:
            found = self.fresh[key] = (rows[index], _RowScope(self, plan, rows[index], base))
        return found[1]

    def _seeded(self, name: str, last: _Column, outside: frozenset[str]) -> list[Any] | None:
        plan = self.tables[name]
        if plan.item.id not in self.plans or f"\0rows:{plan.item.id}" in self.cache:
            return None
        try:
            rows = self.get(plan.item.id) or ()
            before = last.table
            if not isinstance(rows, list) or len(rows) not in (len(before), len(before) + 1):
                return None
            told = _told(rows, before)  # the rows the edit replaced, when the run said so
            if told is not None:
                changed = list(told)
            else:
                changed = list(compress(count(), map(is_not, rows, before)))
                changed += range(len(before), len(rows))  # a row appended
            if len(changed) * 8 > len(rows) + 8:  # many rows new: as the evaluator does
                return None
            base = {n: self.get(n) for n in outside}
            for n, v in base.items():  # what the column reads from outside the row is as it was
                if n not in last.base or v != last.base[n]:
                    return None
            edit = self.edit
            if (
                told is not None
                and edit is not None
                and edit.item == plan.item.id
                and edit.column is not None
                and told == (edit.row,)
                and len(rows) == len(last.values)
                and edit.column not in self.reads.get(name, (edit.column,))
            ):  # the one cell edited is not one the column reads: it is as it was
                unchanged_list(last.values)
                return last.values
            plain = plan.plain_columns
            if name in plain and all(type(rows[i]) is dict for i in changed):
                # a column as entered: the rows' own cells (what a row scope reads for it)
                default = plain[name]
                fresh = [rows[i].get(name, default) for i in changed]
            else:
                base.update(plan.row_defaults)
                fresh = [self._row_scope(plan, rows, i, base).get(name) for i in changed]
        except ExpressionError:
            return None
        previous = last.values
        if len(rows) == len(previous) and all(
            type(v) is type(previous[i]) and v == previous[i]
            for i, v in zip(changed, fresh, strict=True)
        ):
            unchanged_list(previous)
            return previous  # as it was (the edit was of another column)
        column = previous.copy()
        for i, value in zip(changed, fresh, strict=True):
            if i == len(column):
                column.append(value)
            else:
                column[i] = value
        derived_list(column, previous, changed)  # counts over the column follow it too
        return column


_ids: dict[int, tuple[tuple[_ItemPlan, ...], tuple[str, ...]]] = {}


_FINDINGS = attrgetter("findings")
_indexes: dict[int, tuple[tuple[_ItemPlan, ...], dict[str, int]]] = {}


def _item_index(plans: tuple[_ItemPlan, ...]) -> dict[str, int]:
    """Each item's place among a checklist's plans (made once per plan)."""
    found = _indexes.get(id(plans))
    if found is None or found[0] is not plans:
        if len(_indexes) > 64:
            _indexes.clear()
        found = _indexes[id(plans)] = (plans, {iid: k for k, iid in enumerate(_item_ids(plans))})
    return found[1]


def _item_ids(plans: tuple[_ItemPlan, ...]) -> tuple[str, ...]:
    """The item ids of a checklist's plans, in order (made once per plan)."""
    found = _ids.get(id(plans))
    if found is None or found[0] is not plans:
        if len(_ids) > 64:
            _ids.clear()
        found = _ids[id(plans)] = (plans, tuple(p.item.id for p in plans))
    return found[1]


def _let_go(row: _RowScope) -> None:
    """Break the reference cycle of a row scope judged (its values refer back to it), so it
    goes, with the values of the run it holds (the roster itself), when the run is over
    rather than at the collector's next pass: a save leaves no cyclic garbage of a roster's
    size for the collector to walk."""
    row.cache.scope = None  # type: ignore[assignment]
    row.cache.outer = None  # type: ignore[assignment]
    row.cache.clear()


def _computed_columns(scope: _Scope) -> dict[str, _Column]:
    """The columns of tables that ``scope`` computed, to start the next evaluations from (see
    :class:`_LiveScope`)."""
    found: dict[str, _Column] = {}
    known = scope.cache  # the values computed (nothing is computed here)
    bases: dict[str, dict[str, Any]] = {}  # table → the outside values its rows read, once
    for name, plan in scope.tables.items():
        value = known.get(name, _MISSING)
        if value is _MISSING:
            continue
        table = plan.item.id
        rows = known.get(table, _MISSING)
        if not isinstance(rows, list):
            continue
        base = bases.get(table)
        if base is None:
            base = bases[table] = {n: known[n] for n in plan.outer_refs if n in known}
        found[name] = _Column(rows, base, value)
    return found


class _LiveRun(_ChecklistRun):
    """An evaluator run that takes unchanged items (and table rows) from the last evaluation."""

    def __init__(
        self,
        live: LiveEvaluation,
        answers: Mapping[str, Any],
        again: frozenset[str] | None,
        row_edit: Edit | None,
        linked: Mapping[str, Any],
    ) -> None:
        self.live = live
        self.seeds_for = (again, row_edit)  # read by new_scope(), as the run is made
        super().__init__(live.checklist, answers, live.school, live.reference_date, linked)
        self.again = again  # None: judge everything
        self.row_edit = row_edit
        if row_edit is not None and row_edit.row is not None:
            self._told_rows(row_edit.item, row_edit.row)
        self.segments: dict[str, _Segment] = {}
        self.rows_of: dict[str, _Rows | None] = {}
        self.row_only: set[str] = set()  # tables re-judged by one row
        self.row_findings: dict[str, int] = {}  # table → findings its rows gave
        self.removed: list[Finding] = []
        self.added: list[Finding] = []
        # (where in ``findings`` a table judged by the item being judged put its rows' findings,
        # those findings as one tuple)
        self.table_findings: tuple[int, tuple[Finding, ...]] | None = None
        self.judged_at: list[int] = []  # the items _run_few judged again (their places)

    def new_scope(
        self,
        checklist: Checklist,
        plans: tuple[_ItemPlan, ...],
        answers: Mapping[str, Any],
        school: School,
        ref: date,
        linked: Mapping[str, Any] | None,
    ) -> _Scope:
        """A scope taking the columns of tables from the last evaluation (when it computed
        some that only the row's own values and unchanged outside values make), else the
        evaluator's own: made once (not the evaluator's, then this one)."""
        live, (again, row_edit) = self.live, self.seeds_for
        last = live.result
        if again is not None and last is not None:
            seeds = {}
            if live.columns:
                local = live.dependencies.row_local_columns
                tables = _plan_maps(plans)[1]
                seeds = {
                    name: (last_column, outside)
                    for name, last_column in live.columns.items()
                    if (outside := local.get(tables[name].item.id, {}).get(name)) is not None
                }
            scope = _LiveScope(checklist, plans, answers, school, ref, linked)
            scope.seeds = seeds
            scope.fresh = {}
            scope.edit = row_edit
            scope.reads = live.dependencies.row_columns_read
            scope.again = again
            scope.last = last.items
            scope.at = _item_index(plans)
            return scope
        return super().new_scope(checklist, plans, answers, school, ref, linked)

    def run(self) -> tuple[tuple[ItemResult, ...], tuple[Finding, ...], int]:
        # the evaluator's run, with the items not judged again taken in the loop itself (a
        # checklist of 90 items whose one linked value changed reuses 85 of them)
        few = self._run_few()
        if few is not None:
            items, findings, required = few
        else:
            items, findings, required = self._run_all()
        last = self.live.result
        if self.again is not None and last is not None:
            # the findings by severity: the last result's, less those of the parts judged
            # again, plus theirs now (not 2,000 findings counted again at each save)
            counts = dict(last.figures.severity_counts())
            for f in self.removed:
                counts[f.severity] = counts.get(f.severity, 0) - 1
            for f in self.added:
                counts[f.severity] = counts.get(f.severity, 0) + 1
            if len(items) == len(last.items):  # and the items' part from the items judged again
                judged = self.judged_at
                if few is None:
                    judged = list(compress(count(), map(is_not, items, last.items)))
                changes = ([last.items[i] for i in judged], [items[i] for i in judged])
                self.statuses = carried_counts(
                    items, findings, last.figures, last.summary, changes, counts
                )[1]
            else:
                figures_of(items, findings, counts)  # kept for summarize() and the result
        return items, findings, required

    def _run_all(self) -> tuple[tuple[ItemResult, ...], tuple[Finding, ...], int]:
        """Every item in order, those not judged again taken from the last evaluation."""
        again, segment_of = self.again, self.live.segments.get
        edited = self.row_edit.item if self.row_edit is not None else None
        results: list[ItemResult] = []
        add, extend, kept = results.append, self.findings.extend, 0
        for plan, iid in zip(self.plans, _item_ids(self.plans), strict=True):
            if again is not None and iid not in again and iid != edited:
                old = segment_of(iid)
                if old is not None:
                    if old.findings:
                        extend(old.findings)
                    kept += old.required
                    add(old.result)
                    continue
            add(self.item(plan))
        self.required_unanswered += kept
        return tuple(results), tuple(self.findings), self.required_unanswered

    def _run_few(self) -> tuple[tuple[ItemResult, ...], tuple[Finding, ...], int] | None:
        """Only the items judged again, each put in the place of its last verdict in the last
        result (its items, its findings spliced, its unanswered-required count adjusted): a
        checklist of 90 items whose one linked value changed is not walked item by item. None
        when the last evaluation does not hold every item's verdict (then ``_run_all``)."""
        last, again, segments = self.live.result, self.again, self.live.segments
        ids = _item_ids(self.plans)
        if again is None or last is None or len(segments) != len(ids):
            return None
        if len(last.items) != len(ids):
            return None
        at = _item_index(self.plans)
        chosen = set(again)
        chosen.discard(LINKED)  # the linked values as an input: no item of its own
        if self.row_edit is not None:
            chosen.add(self.row_edit.item)
        if not chosen <= at.keys():
            return None
        results = list(last.items)
        findings = last.findings
        required = int(last.summary["required_unanswered"])
        # where an item's findings start: the last findings of the items before it (counted
        # once, in one walk over the items), moved by what the items judged before it changed
        before = walked = shift = 0
        self.judged_at = sorted(at[iid] for iid in chosen)  # the items replaced (run() reads)
        for k in self.judged_at:
            before += sum(map(len, map(_FINDINGS, map(segments.__getitem__, ids[walked:k]))))
            walked = k
            old = segments[ids[k]]
            start = before + shift
            results[k] = self.item(self.plans[k])
            new = self.segments[ids[k]]
            if old.findings or new.findings:
                findings = findings[:start] + new.findings + findings[start + len(old.findings) :]
            shift += len(new.findings) - len(old.findings)
            required += new.required - old.required
        return tuple(results), findings, required

    def _told_rows(self, iid: str, index: int) -> None:
        """The edited table's rows as this run reads them, noted as the last run's with row
        ``index`` replaced (or appended), so counts and columns over the table are carried from
        the last ones reading that row alone (checklists.expr.functions.derived_list). Only for
        a table read as entered (no relevance, no calculation), and after checking that the
        rows besides that one are the last run's."""
        plan = self.scope.plans.get(iid)
        last = self.live.rows.get(iid)
        before = last.table if last is not None else None
        if plan is None or plan.relevant is not None or plan.calculate is not None:
            return
        if not isinstance(before, list) or not plan.item.is_table:
            return
        rows = self.scope.get(iid)  # as the evaluator reads it (cached for the run)
        if not isinstance(rows, list):
            return
        if len(rows) == len(before) and index < len(rows):
            # the rows besides that one compared as the whole lists, that row made the same
            # for the comparison (no copies of the halves of a roster at each save)
            was = before[index]
            before[index] = rows[index]
            try:
                same = rows == before
            finally:
                before[index] = was
        elif len(rows) == len(before) + 1 and index == len(before):
            same = rows[:index] == before
        else:
            same = False
        if same:
            derived_list(rows, before, (index,))

    def item(self, plan: _ItemPlan) -> ItemResult:
        iid = plan.item.id
        old = self.live.segments.get(iid)
        edited = self.row_edit is not None and self.row_edit.item == iid
        if old is not None and self.again is not None and iid not in self.again and not edited:
            self.findings.extend(old.findings)
            self.required_unanswered += old.required
            return old.result
        start, required = len(self.findings), self.required_unanswered
        self.table_findings = None
        result = super().item(plan)
        notes = self.live.notes_at.get((iid, None))
        if notes:  # findings of the item itself (rows got theirs as they were judged)
            self.findings[start:] = self.live.noted(tuple(self.findings[start:]), notes)
        flat = self.table_findings
        if not notes and flat is not None and flat[0] == start == len(self.findings) - len(flat[1]):
            found = flat[1]  # a table's findings are its rows' (no copy of a roster's findings)
        else:
            found = tuple(self.findings[start:])
        new = _Segment(result, found, self.required_unanswered - required)
        self.segments[iid] = new
        if plan.item.is_table and iid not in self.rows_of:
            self.rows_of[iid] = None  # not judged by row (not applicable): nothing to reuse
        if iid in self.row_only and old is not None:
            # the edited row was diffed as it was judged; here only what is not a row's
            self.removed.extend(f for f in old.findings[old.row_findings :])
            self.added.extend(f for f in new.findings[self.row_findings[iid] :])
        else:
            self.removed.extend(old.findings if old is not None else ())
            self.added.extend(new.findings)
        new.row_findings = self.row_findings.get(iid, 0)
        return result

    def table(self, plan: _ItemPlan, value: Any, counted: bool) -> ItemResult:
        iid = plan.item.id
        old = self.live.rows.get(iid)
        edit = self.row_edit
        judged = None
        if (
            edit is not None
            and edit.item == iid
            and edit.row is not None
            and old is not None
            and self.again is not None
            and iid not in self.again
            and len(value) in (len(old.fired), len(old.fired) + 1)
            and edit.row < len(value)
            and (edit.row == len(old.fired)) == (len(value) > len(old.fired))
        ):
            judged = self._rows_to_judge(edit, edit.row, old.table, value)
        if judged is not None and old is not None:
            rows = old  # changed in place (a failed run forgets the evaluation: see update)
            if len(value) > len(rows.fired):
                rows.append()
            base = self.scope.row_base(plan)
            outer = self.scope
            fresh = outer.fresh if isinstance(outer, _LiveScope) else None
            edited = edit.row if edit is not None else None
            for index in judged:
                before = (
                    rows.findings[index],
                    rows.errors[index],
                    rows.invalid[index],
                    rows.missing[index],
                )
                row_scope = _RowScope(outer, plan, value[index], base)
                self._judge_row(plan, row_scope, index, rows)
                if fresh is not None and index == edited:
                    # the edited row's values as judged: a column over the table taken from
                    # the last evaluation reads that row's from here (let go after the run)
                    kept = fresh.get((iid, index))
                    if kept is not None:
                        _let_go(kept[1])
                    row_scope.current = None  # as a row scope made afresh
                    fresh[(iid, index)] = (value[index], row_scope)
                else:
                    _let_go(row_scope)
                rows.splice(index, before)
                self.removed.extend(before[0])
                self.added.extend(rows.findings[index])
            # the rows not judged again still count what they counted
            self.required_unanswered += rows.required_total - sum(rows.required[i] for i in judged)
            self.row_only.add(iid)
        else:
            rows = _Rows([], [], [], [], [], [])
            for index, scope in enumerate(self.scope.rows(plan)):
                rows.append()
                self._judge_row(plan, scope, index, rows)
            rows.flatten()
        rows.table = value
        self.rows_of[iid] = rows
        findings = tuple(rows.flat[0])
        errors, invalid, missing = rows.flat[1:]
        self.table_findings = (len(self.findings), findings)
        self.findings.extend(findings)
        self.row_findings[iid] = len(findings)
        self.errors.extend(errors)
        self.missing.update(dict.fromkeys(missing))
        fired = rows.fired_total
        return self.table_result(plan, value, counted, len(rows.fired), fired, list(invalid))

    def _rows_to_judge(
        self, edit: Edit, index: int, before: Any, value: list[Any]
    ) -> list[int] | None:
        """The rows to judge again after ``edit`` of row ``index`` (``before``: the rows as
        last judged): that row, and where the rows count the rows holding their own values,
        every row holding the edited row's old or new values in the columns counted (their
        counts changed). None: the whole table (a value that cannot be counted)."""
        sets = self.live.dependencies.keyed_sets(edit)
        if not sets:
            return [index]
        if before is None:
            return None
        judged = {index}
        try:
            for columns in sets:
                wanted = {key_of(tuple([value[index].get(c) for c in columns]))}
                if index < len(before):
                    wanted.add(key_of(tuple([before[index].get(c) for c in columns])))
                # a row with an empty value counts nothing (count_rows() is unknown there)
                wanted = {k for k in wanted if None not in k}
                judged.update(rows_holding(value, columns, wanted))  # checks the table too
        except (Problem, AttributeError):
            return None
        return sorted(judged)

    def _judge_row(self, plan: _ItemPlan, scope: _RowScope, index: int, rows: _Rows) -> None:
        start, errors, missing = len(self.findings), len(self.errors), len(self.missing)
        required = self.required_unanswered
        invalid: list[tuple[int, str]] = []
        fired = self.table_row(plan, scope, index, invalid)
        rows.fired_total += fired - rows.fired[index]
        rows.fired[index] = fired
        required = self.required_unanswered - required
        rows.required_total += required - rows.required[index]
        rows.required[index] = required
        found = tuple(self.findings[start:])
        notes = self.live.notes_at.get((plan.item.id, index))
        rows.findings[index] = self.live.noted(found, notes) if notes else found
        rows.errors[index] = tuple(self.errors[errors:])
        rows.invalid[index] = tuple(invalid)
        gaps = tuple(self.missing)[missing:]
        rows.missing[index] = gaps
        for key in gaps:
            del self.missing[key]
        del self.findings[start:], self.errors[errors:]


class LiveEvaluation:
    """One checklist's evaluation for one set of answers, kept current edit by edit.

    ``update(answers, edit, linked)`` re-judges what ``edit`` can change and returns the new
    result with the findings it added and removed. The caller guarantees that ``answers`` differs
    from the answers of the previous call by ``edit`` alone; ``update(answers, None)`` judges
    everything. ``linked`` holds the values read from other checklists (as for
    :func:`checklists.evaluator.evaluate_checklist`); when they differ from the last call's,
    every item that reads them is judged again as well.
    """

    def __init__(
        self,
        checklist: Checklist,
        school: School,
        reference_date: date,
        notes: tuple[FindingNote, ...] = (),
    ) -> None:
        self.checklist = checklist
        self.school = school
        self.reference_date = reference_date
        self.notes_at: dict[tuple[str, int | None], tuple[FindingNote, ...]] = {}
        for note in notes:
            if note.checklist == checklist.id:
                key = (note.item, note.row)
                self.notes_at[key] = (*self.notes_at.get(key, ()), note)
        self.segments: dict[str, _Segment] = {}
        self.rows: dict[str, _Rows] = {}
        self.result: ChecklistResult | None = None
        self.linked: dict[str, Any] = {}
        self.columns: dict[str, _Column] = {}  # columns of tables, as last computed

    @property
    def dependencies(self) -> Dependencies:
        """What each edit can change (analysed at the first edit: a full evaluation, as an
        export or an import makes, does not need it)."""
        return analyse(self.checklist)

    @staticmethod
    def noted(findings: tuple[Finding, ...], notes: tuple[FindingNote, ...]) -> tuple[Finding, ...]:
        """``findings`` with the explanations and rectification of ``notes`` attached."""
        return _attach_notes(findings, notes)

    def update(
        self,
        answers: Mapping[str, Any],
        edit: Edit | None,
        linked: Mapping[str, Any] | None = None,
        *,
        changes: bool = True,
    ) -> tuple[ChecklistResult, Changes]:
        """The result after ``edit`` (None: judge everything) and the findings it changed
        (``changes`` False: none told, for a caller that does not read them: a roster's
        thousand findings are not compared when judged from scratch)."""
        linked = dict(linked or {})
        again = None
        if edit is not None and edit.column is not None:
            rows = self.rows.get(edit.item)
            if edit.row is None or rows is None or edit.row >= len(rows.fired):
                edit = Edit(edit.item, edit.row)  # not a cell of a row judged before: the row
        if edit is not None and self.result is not None:
            again = self.dependencies.judged_again(edit)
            if linked != self.linked:
                again |= self.dependencies.judged_again(Edit(LINKED))
        row_edit = edit if again is not None and edit is not None and edit.row is not None else None
        before = self.result
        try:
            run = _LiveRun(self, answers, again, row_edit, linked)
            result = finish_run(run)  # notes are attached as each part is judged
            self.linked = linked
            self.columns.update(_computed_columns(run.scope))
            if isinstance(run.scope, _LiveScope):
                for _row, row_scope in run.scope.fresh.values():
                    _let_go(row_scope)
                run.scope.fresh.clear()  # they refer to the scope: a cycle, else
            self.segments.update(run.segments)
            for table, rows in run.rows_of.items():
                if rows is None:
                    self.rows.pop(table, None)
                else:
                    self.rows[table] = rows
            self.result = result
        except BaseException:
            # the run changes the last evaluation's rows in place: half changed, they are
            # forgotten, and the next update judges everything
            self.result, self.linked = None, {}
            self.segments, self.rows, self.columns = {}, {}, {}
            raise
        if not changes:
            return result, Changes()
        if before is None or again is None:
            return result, _diff(list(before.findings) if before else [], list(result.findings))
        return result, _diff(run.removed, run.added)


def _diff(removed: list[Finding], added: list[Finding]) -> Changes:
    """Findings of the re-judged parts that are new, or gone, by finding key."""
    old = {f.key() for f in removed}
    new = {f.key() for f in added}
    return Changes(
        tuple(f for f in added if f.key() not in old),
        tuple(f for f in removed if f.key() not in new),
    )
