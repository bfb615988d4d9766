"""Whole-checklist checks after building: unique ids, known references, no calculation cycles."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from checklists import expr as ex
from checklists.answers import SCHOOL_FIELDS
from checklists.expr.nodes import walk
from checklists.foundation.errors import ExpressionError
from checklists.model import Checklist, Item

if TYPE_CHECKING:  # the evaluator reads links here: judging needs no YAML parser
    from checklists.yamlnodes import Problems

BUILTIN_NAMES = frozenset({"reference_date", *(f"school.{f}" for f in SCHOOL_FIELDS)})


def is_linked_name(name: str) -> bool:
    """Whether ``${name}`` reads another checklist's value (``guards.guards_on_post``)."""
    return "." in name and name not in BUILTIN_NAMES and not name.startswith("school.")


def is_link(name: str) -> bool:
    """``${checklist.item}``: a value of another checklist of the same self-check (e.g. the guards
    on post in the guard roster); unknown (empty) when that checklist is not part of it."""
    head, dot, tail = name.partition(".")
    return bool(dot and tail) and head != "school" and "." not in tail


def links_of(checklist: Checklist) -> tuple[str, ...]:
    """The other checklists' values a checklist reads, as ``checklist.item`` names (found once
    per checklist object: every evaluation asks)."""
    found = _links.get(id(checklist))
    if found is not None and found[0] is checklist:
        return found[1]
    names = _find_links(checklist)
    _links[id(checklist)] = (checklist, names)
    return names


_links: dict[int, tuple[Checklist, tuple[str, ...]]] = {}


def _find_links(checklist: Checklist) -> tuple[str, ...]:
    names: set[str] = set()
    for item in checklist.items():
        for entry in (item, *item.columns):
            for _, expression in _expressions(entry):
                names.update(n for n in ex.references(expression) if is_link(n))
    return tuple(sorted(names))


def top_level_names(checklist: Checklist) -> set[str]:
    """Names an expression outside a table row may use."""
    names = set(BUILTIN_NAMES) | {name for name, _ in checklist.constants}
    for item in checklist.items():
        names.add(item.id)
        names.update(col.id for col in item.columns)  # a column outside its row: the list of values
    return names


def _expressions(item: Item) -> Iterator[tuple[str, ex.Expr]]:
    for key in ("relevant", "constraint", "calculate"):
        value = getattr(item, key)
        if value is not None:
            yield key, value
    for rule in item.rules:
        yield "fail_if", rule.fail_if


def check_references(checklist: Checklist, p: Problems) -> None:
    """Record every duplicate id, unknown reference and calculation cycle as a problem."""
    _check_unique(checklist, p)
    outside = top_level_names(checklist)
    for item in checklist.items():
        for key, expression in _expressions(item):
            allowed = (
                outside | {c.id for c in item.columns}
                if key == "fail_if" and item.is_table
                else outside
            )
            _check_names(expression, allowed, key, p)
        for col in item.columns:
            inside = outside | {c.id for c in item.columns}
            for key, expression in _expressions(col):
                _check_names(expression, inside, key, p)
        if item.is_table:
            _check_cycles(list(item.columns), p)
    _check_cycles(list(checklist.items()), p)
    _check_constant_calculations(checklist, p)


def _check_constant_calculations(checklist: Checklist, p: Problems) -> None:
    """A calculation that reads no answer is worked out now: one that has no value (``1 div 0``)
    or fails (``number('NaN')``) would leave every rule reading it switched off, silently."""
    for item in checklist.items():
        for entry in (item, *item.columns):
            expression = entry.calculate
            if expression is None or not _reads_nothing(expression):
                continue
            try:
                value = ex.evaluate(expression, ex.MapScope())
            except ExpressionError as exc:
                p.add_at(expression, f"计算无法求值：{exc.zh}", f"the calculation fails: {exc.en}")
                continue
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                p.add_at(
                    expression,
                    "计算没有值（例如除以零）：读取它的规则将永远不会生效",
                    "the calculation has no value (a division by zero, for example): the rules "
                    "reading it would never apply",
                )


def _reads_nothing(expression: ex.Expr) -> bool:
    """No ``${name}``, no ``.`` and no ``today()``: the value is the same for every school."""
    if ex.references(expression) or "today" in ex.functions_used(expression):
        return False
    return not any(isinstance(node, ex.Current) for node in walk(expression))


def _check_names(expression: ex.Expr, allowed: set[str], key: str, p: Problems) -> None:
    for name in sorted(ex.references(expression) - allowed):
        if is_link(name):
            continue
        p.add_at(
            expression,
            f"{key} 引用了未知的名称 ${{{name}}}",
            f"{key} refers to an unknown name ${{{name}}}",
        )


def _check_unique(checklist: Checklist, p: Problems) -> None:
    constants = {name for name, _ in checklist.constants}
    seen: set[str] = set()
    for section in checklist.sections:
        if section.id in seen:
            p.add_at(
                section, f"重复的分节编号 '{section.id}'", f"duplicate section id '{section.id}'"
            )
        seen.add(section.id)
    items: set[str] = set()
    for item in checklist.items():
        if item.id in items or item.id in constants:
            p.add_at(item, f"重复的编号 '{item.id}'", f"duplicate id '{item.id}'")
        items.add(item.id)
    codes: set[str] = set()
    for item in checklist.items():
        columns: set[str] = set()
        for col in item.columns:
            if col.id in columns or col.id in items or col.id in constants:
                p.add_at(col, f"重复的列编号 '{col.id}'", f"duplicate column id '{col.id}'")
            columns.add(col.id)
    for _, _, rule in checklist.rules():
        if rule.code in codes:
            p.add_at(rule, f"重复的问题代码 '{rule.code}'", f"duplicate finding code '{rule.code}'")
        codes.add(rule.code)


def _check_cycles(items: list[Item], p: Problems) -> None:
    """Calculated values may depend on each other, but never in a circle."""
    calc = {i.id: ex.references(i.calculate) for i in items if i.calculate is not None}
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(name: str, trail: list[str]) -> list[str] | None:
        if state.get(name) == 2 or name not in calc:
            return None
        if state.get(name) == 1:
            return [*trail[trail.index(name) :], name]
        state[name] = 1
        for dep in sorted(calc[name]):
            cycle = visit(dep, [*trail, name])
            if cycle:
                return cycle
        state[name] = 2
        return None

    by_id = {i.id: i for i in items}
    for name in calc:
        cycle = visit(name, [])
        if cycle:
            chain = " → ".join(cycle)
            p.add_at(
                by_id[cycle[0]].calculate, f"计算项循环引用：{chain}", f"calculation cycle: {chain}"
            )
            return
