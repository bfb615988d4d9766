"""The generated rule functions (codegen.py) judge exactly as the closures do: same value, or
the same error at the same place, for any expression and any values."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checklists.expr import (
    Binary,
    Boolean,
    Call,
    Current,
    Expr,
    Number,
    Ref,
    String,
    parse,
    references,
)
from checklists.expr.compiler import compile_expr
from checklists.foundation.errors import ExpressionError
from tests.checklists.expr.test_properties import MAX_DEPTH, _height, expressions, values


class FixedScope:
    """A scope over drawn values; a name drawn as KeyError is unknown."""

    def __init__(self, found: dict[str, Any], current: Any, reference_date: date | None) -> None:
        self.found = found
        self.current = current
        self.reference_date = reference_date

    def get(self, name: str) -> Any:
        value = self.found.get(name, KeyError)
        if value is KeyError:
            raise KeyError(name)
        return value


def _outcome(compiled: Any, scope: FixedScope) -> tuple[str, Any]:
    try:
        value = compiled(scope)
    except ExpressionError as exc:
        return ("error", (exc.zh, exc.en, exc.position))
    return ("value", (type(value), value))


def _same(expr: Expr, scope: FixedScope, source: str | None = None) -> None:
    generated = compile_expr(expr, source=source, generated=True)
    closures = compile_expr(expr, source=source)  # the closures: the definition
    assert _outcome(generated, scope) == _outcome(closures, scope)


# Comparisons and and/or chains over references and literals: what codegen handles itself.
_names = st.sampled_from(["a", "b", "c", "today_like"])
_leaf: st.SearchStrategy[Expr] = st.one_of(
    _names.map(Ref),
    st.integers(-3, 60).map(lambda n: Number(abs(n))),
    st.sampled_from([0.7, 1.5]).map(Number),
    st.sampled_from(["", "x", "2021-12-31"]).map(String),
    st.booleans().map(Boolean),
    st.just(Current()),
    st.just(parse("today()")),
    st.just(parse("add_months(today(), -12)")),
    st.sampled_from(
        [
            "add_months(${a}, ${b})",
            "age(${a}, ${b})",
            "age(${c}, today())",
            "count_rows(${a}, 'x', ${b})",
            "count_rows(${c}, 'x', ${a}, 'y', ${b})",
        ]
    ).map(parse),
)


def _logic(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    ops = st.sampled_from(["and", "or", "=", "!=", "<", "<=", ">", ">=", "+"])
    return st.one_of(
        st.builds(Binary, ops, children, children),
        st.builds(lambda a, b, c: Call("if", (a, b, c)), children, children, children),
        st.lists(children, min_size=2, max_size=4).map(lambda xs: Call("coalesce", tuple(xs))),
        children.map(lambda a: Call("not", (a,))),
        st.sampled_from(["id_valid", "id_birth_date"]).flatmap(
            lambda name: _names.map(lambda n: Call(name, (Ref(n),)))
        ),
    )


rule_like = st.recursive(_leaf, _logic, max_leaves=12)
cell_values = st.one_of(
    values,
    st.sampled_from([True, False, None, 56, 45, 0.7, "", date(2021, 1, 1), date(2022, 6, 30)]),
    st.sampled_from(["441900196405121310", "44190019640512131X", "44190019640512131x", "4419"]),
    st.just(KeyError),
    st.lists(st.fixed_dictionaries({"x": st.sampled_from([1, "Ａ", "a", " a", None])}), max_size=4),
)


def _scope(data: st.DataObject, expr: Expr) -> FixedScope:
    found = {name: data.draw(cell_values, label=name) for name in sorted(references(expr))}
    current = data.draw(cell_values.filter(lambda v: v is not KeyError), label="current")
    return FixedScope(found, current, data.draw(st.none() | st.dates(), label="reference_date"))


@settings(max_examples=1500)
@given(rule_like, st.data())
def test_generated_rules_judge_as_the_closures(expr: Expr, data: st.DataObject) -> None:
    _same(expr, _scope(data, expr))


@settings(max_examples=500)
@given(expressions, st.data())
def test_any_generated_expression_judges_as_the_closures(expr: Expr, data: st.DataObject) -> None:
    assume(_height(expr) <= MAX_DEPTH)
    _same(expr, _scope(data, expr))


RULES = [
    "${on_guard_post} = true and ${on_post_at_reference} = true and ${age} >= 56",
    "${a} != '' and not(id_valid(${a}))",
    "${birth} > ${hire_date} or ${birth} > today()",
    "${a} < 300 or ${a} > 5500",
    "${a} = '' or ${a} > today() or ${a} < add_months(today(), -12)",
    "(${a} and ${b}) or (${c} and not(${a}))",
    "${a} = ${b}",
    ". <= ${b} and . <= today()",
    "if(id_valid(${a}), id_birth_date(${a}), ${b})",
    "if(coalesce(id_valid(${a}), false), ${b} > 1, ${c} > 1)",
    "${a} = true and coalesce(${b}, today()) <= today()",
    "coalesce(${a}, ${b}, ${c})",
    "not(${a})",
    "age(${a}, today()) >= 56 and ${b} < add_months(today(), -12)",
    "age(${a}, ${b}) > 45 or add_months(${a}, ${c}) = ${b}",
    "count_rows(${t}, 'x', ${a}) > 1",
    "count_rows(${t}, 'x', ${a}) = 1 or count_rows(${t}, 'x', ${a}) = 2",
    "count_rows(${t}, 'x', ${b}) = 0 or count_rows(${t}, 'x', ${b}) = 1",
    "count_rows(${t}, 'x', ${a}, 'y', ${b}) > 1",
]


@pytest.mark.parametrize("source", RULES)
@pytest.mark.parametrize(
    "cells",
    [
        {},  # every reference unknown
        {"a": None, "b": None, "c": None},
        {"a": 5, "b": "x", "c": True},  # not a condition: the closure says where
        {"a": True, "b": 1, "c": None},
        {"a": "2021-12-31", "b": date(2021, 12, 31), "c": False},
        {"a": [], "b": [1], "c": {"x": 1}},
        {"t": [{"x": "Ａ", "y": 1}, {"x": "a", "y": 1}, {"x": 2}], "a": "a", "b": 1},
        {"t": [{"x": "a"}, ["x"]], "a": "a", "b": 1},
        {"t": [{"x": [1]}, {"x": "a"}], "a": "a", "b": None},
        {"t": None, "a": "a", "b": 1},
        {"t": [{"x": "a"}], "a": ["a"], "b": 1},
        {"a": "441900196405121310", "b": date(1964, 5, 12), "c": 3},
        {"a": date(1960, 2, 29), "b": date(2021, 2, 28), "c": -13},
        {"a": date(2022, 1, 1), "b": date(2021, 2, 28), "c": 10**9},
        {"a": date(9999, 12, 31), "b": date(1, 1, 1), "c": 12},
        {"a": "441900196405121311", "b": "", "c": ""},
        {
            "on_guard_post": True,
            "on_post_at_reference": True,
            "age": 60,
            "birth": date(1960, 1, 1),
            "hire_date": None,
            "a": 400.5,
            "b": 400,
            "c": False,
        },
    ],
)
def test_rules_as_written_judge_as_the_closures(source: str, cells: dict[str, Any]) -> None:
    scope = FixedScope(cells, current=date(2021, 1, 1), reference_date=date(2021, 12, 31))
    _same(parse(source), scope, source)
    _same(parse(source), scope)


def test_an_unknown_reference_is_named_as_by_the_closures() -> None:
    source = "${on_guard_post} = true and ${nowhere} >= 56"
    scope = FixedScope({"on_guard_post": True}, None, date(2021, 12, 31))
    with pytest.raises(ExpressionError) as caught:
        compile_expr(parse(source), source=source, generated=True)(scope)
    assert "${nowhere}" in caught.value.zh and caught.value.position == 28


def test_a_very_long_chain_still_compiles() -> None:
    source = " and ".join(f"${{a}} != {i}" for i in range(60))
    scope = FixedScope({"a": 1}, None, None)
    assert compile_expr(parse(source), generated=True)(scope) is False
    assert compile_expr(parse(source), generated=True)(FixedScope({"a": 1000}, None, None)) is True


def test_count_people_of_rows_where_names_belong_is_an_expression_error() -> None:
    scope = FixedScope({"names": [{}], "births": [{}]}, None, None)
    with pytest.raises(ExpressionError):
        compile_expr(parse("count_people(0, ${names}, ${births})"))(scope)
