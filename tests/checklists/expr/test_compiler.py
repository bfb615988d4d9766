"""Tests for evaluating expressions: operators, null semantics, dates, type errors, scopes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from checklists.expr import MapScope, Value, compile_expr, evaluate, parse
from checklists.foundation.errors import ExpressionError

REF = date(2021, 12, 31)


def ev(source: str, current: Value = None, **values: Any) -> Value:
    return evaluate(source, MapScope(values, current=current, reference_date=REF))


def eval_error(source: str, **values: Any) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        ev(source, **values)
    return info.value


def same(actual: Value, expected: Value) -> bool:
    """Equal and of the same type (True is not 1, 3.0 is not 3)."""
    return type(actual) is type(expected) and actual == expected


# --- arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2", 3),
        ("1 + 0.5", 1.5),
        ("0.1 + 0.2", 0.1 + 0.2),
        ("5 - 7", -2),
        ("2.5 - 1", 1.5),
        ("6 * 7", 42),
        ("1.5 * 2", 3.0),
        ("7 div 2", 3.5),
        ("6 div 3", 2.0),
        ("6 / 4", 1.5),
        ("7 mod 3", 1),
        ("-7 mod 3", -1),
        ("7 mod -3", 1),
        ("-7 mod -3", -1),
        ("7.5 mod 2", 1.5),
        ("-7.5 mod 2", -1.5),
        ("-3", -3),
        ("--3", 3),
        ("-0.5", -0.5),
        ("2 + 3 * 4", 14),
        ("(2 + 3) * 4", 20),
        ("10 - 4 - 3", 3),
        ("2 * 3 mod 4", 2),
        ("-2 * -3", 6),
        ("100 div 10 div 5", 2.0),
        ("1 div 0", None),
        ("1 div 0.0", None),
        ("0 div 0", None),
        ("5 mod 0", None),
        ("5.5 mod 0.0", None),
        ("9" * 30 + " * " + "9" * 30, int("9" * 30) ** 2),
    ],
)
def test_arithmetic(source: str, expected: Value) -> None:
    assert same(ev(source), expected)


def test_arithmetic_on_references_and_current() -> None:
    assert ev("${a} * 2 + .", current=1, a=20) == 41
    assert ev("-${a}", a=2.5) == -2.5


@pytest.mark.parametrize(
    ("source", "zh", "en"),
    [
        ("${s} + 1", "不能对文本和数字使用 '\\+'", "cannot use '+' on text and number"),
        ("1 - ${s}", "不能对数字和文本使用 '-'", "cannot use '-' on number and text"),
        ("${b} * 2", "不能对是/否和数字使用 '\\*'", "cannot use '*' on yes/no and number"),
        ("${l} div 2", "不能对列表和数字使用 'div'", "cannot use 'div' on list and number"),
        ("5 mod ${d}", "不能对数字和日期使用 'mod'", "cannot use 'mod' on number and date"),
        ("${d} + ${d}", "不能对日期和日期使用 '\\+'", "cannot use '+' on date and date"),
        ("${d} + 1.5", "不能对日期和数字使用", "cannot use '+' on date and number"),
        ("${d} * 2", "不能对日期和数字使用", "cannot use '*' on date and number"),
        ("1 - ${d}", "不能对数字和日期使用 '-'", "cannot use '-' on number and date"),
        ("-${s}", "需要数字，却是文本", "expected a number, got text"),
        ("-${b}", "需要数字，却是是/否", "expected a number, got yes/no"),
        ("${rows} + 1", "列表", "cannot use '+' on list and number"),
    ],
)
def test_arithmetic_type_errors(source: str, zh: str, en: str) -> None:
    values: dict[str, Any] = {"s": "abc", "b": True, "l": [1], "d": REF, "rows": [{"x": 1}]}
    with pytest.raises(ExpressionError, match=zh) as info:
        ev(source, **values)
    assert en in info.value.en


def test_numbers_out_of_range() -> None:
    assert "number out of range" in eval_error("${x} * ${x}", x=1e200).en
    assert "number out of range" in eval_error("${x} * 1.0", x=10**400).en
    assert "number out of range" in eval_error("${x} div 3", x=10**400).en
    assert "date out of range" in eval_error("${d} + 10000000", d=REF).en
    assert "date out of range" in eval_error("${d} - ${n}", d=REF, n=10**30).en


# --- comparison ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 = 1", True),
        ("1 = 1.0", True),
        ("1 = 2", False),
        ("1 != 2", True),
        ("2 != 2.0", False),
        ("'a' = 'a'", True),
        ("'a' = 'A'", False),
        ("'a' != 'b'", True),
        ("true() = true()", True),
        ("true() != false()", True),
        ("1 < 2", True),
        ("2 < 2", False),
        ("2 <= 2", True),
        ("3 <= 2", False),
        ("3 > 2.5", True),
        ("2 > 2", False),
        ("2 >= 2", True),
        ("1 >= 2", False),
        ("'apple' < 'banana'", True),
        ("'b' >= 'a'", True),
        ("'07:30' < '08:00'", True),
        ("${d} = ${d}", True),
        ("${d} < ${e}", True),
        ("${d} >= ${e}", False),
        ("${d} = '2021-12-31'", True),
        ("'2021-12-31' = ${d}", True),
        ("${d} != '2021-12-30'", True),
        ("${d} > '2021-12-30'", True),
        ("'2022-01-01' > ${d}", True),
        ("${d} <= '2021-12-30'", False),
        ("${d} = date('2021-12-31')", True),
    ],
)
def test_comparisons(source: str, expected: bool) -> None:
    assert ev(source, d=REF, e=date(2022, 1, 1)) is expected


@pytest.mark.parametrize(
    ("source", "en"),
    [
        ("${l} = 1", "cannot use '=' on list and number"),
        ("${l} < 1", "cannot use '<' on list and number"),
        ("1 >= ${l}", "cannot use '>=' on number and list"),
        ("${l} = ${l}", "cannot use '=' on list and list"),
        ("'1' = 1", "cannot use '=' on text and number"),
        ("1 != '1'", "cannot use '!=' on number and text"),
        ("true() = 1", "cannot use '=' on yes/no and number"),
        ("true() < false()", "cannot use '<' on yes/no and yes/no"),
        ("${d} < 5", "cannot use '<' on date and number"),
        ("${d} = 'soon'", "Wrong date format: 'soon'"),
        ("'2021-02-30' < ${d}", "No such date: 2021-02-30"),
        ("${row} = 1", "cannot use '=' on table row and number"),
    ],
)
def test_comparison_type_errors(source: str, en: str) -> None:
    error = eval_error(source, l=[1, 2], d=REF, row={"a": 1})
    assert en in error.en
    assert "求值出错" in error.zh


def test_comparison_with_a_constant_on_the_right_takes_every_path() -> None:
    assert ev("${x} >= 56", x=56) is True
    assert ev("${x} >= 56", x=55.5) is False
    assert ev("${x} >= 56", x=None) is None
    assert "cannot use '>=' on text and number" in eval_error("${x} >= 56", x="60").en
    assert "cannot use '>=' on yes/no and number" in eval_error("${x} >= 56", x=True).en


# --- null semantics --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # arithmetic with an unanswered value is unanswered
        ("${n} + 1", None),
        ("1 - ${n}", None),
        ("${n} * 0", None),
        ("${n} div 1", None),
        ("${n} mod 2", None),
        ("-${n}", None),
        ("${n} + ${d}", None),
        # comparisons with None are unknown ...
        ("${n} = 1", None),
        ("1 != ${n}", None),
        ("${n} = ${n}", None),
        ("${n} < 1", None),
        ("${n} >= ${n}", None),
        ("${n} = 'x'", None),
        ("${d} < ${n}", None),
        # ... except the XLSForm emptiness idiom x = '' / x != ''
        ("${n} = ''", True),
        ("${n} != ''", False),
        ("'' = ${n}", True),
        ("${blank} = ''", True),
        ("${blank} != ''", False),
        ("${none_selected} = ''", True),
        ("${s} = ''", False),
        ("${s} != ''", True),
        ("${zero} = ''", False),
        ("${d} = ''", False),
        ("${t} != ''", True),
        ("${l} = ''", False),
        # a blank text against a date is unknown, like None
        ("${d} < ${blank}", None),
        # not()
        ("not(${n})", None),
        ("not(${t})", False),
        ("not(${f})", True),
        # if() takes the else branch on an unknown condition
        ("if(${n}, 'a', 'b')", "b"),
        ("if(${t}, 'a', 'b')", "a"),
        ("if(${f}, 'a', 'b')", "b"),
    ],
)
def test_null_semantics(source: str, expected: Value) -> None:
    values = {
        "n": None, "blank": "", "none_selected": [], "s": "x", "zero": 0, "d": REF,
        "t": True, "f": False, "l": [1],
    }  # fmt: skip
    assert same(ev(source, **values), expected)


_TRUTH = {"T": True, "F": False, "N": None}


@pytest.mark.parametrize(
    ("a", "b", "conj", "disj"),
    [
        ("T", "T", True, True),
        ("T", "F", False, True),
        ("T", "N", None, True),
        ("F", "T", False, True),
        ("F", "F", False, False),
        ("F", "N", False, None),
        ("N", "T", None, True),
        ("N", "F", False, None),
        ("N", "N", None, None),
    ],
)
def test_three_valued_logic(a: str, b: str, conj: bool | None, disj: bool | None) -> None:
    values = {"a": _TRUTH[a], "b": _TRUTH[b]}
    assert ev("${a} and ${b}", **values) is conj
    assert ev("${a} or ${b}", **values) is disj


def test_logic_short_circuits_like_three_valued_logic_allows() -> None:
    assert ev("false() and ${missing}") is False
    assert ev("true() or ${missing}") is True
    assert "unknown reference ${missing}" in eval_error("${missing} and false()").en
    assert "unknown reference ${missing}" in eval_error("${n} and ${missing}", n=None).en


@pytest.mark.parametrize(
    "source",
    ["${x} and true()", "true() and ${x}", "${x} or false()", "false() or ${x}", "not(${x})"],
)
@pytest.mark.parametrize("value", [1, "yes", [True], REF])
def test_logic_needs_conditions(source: str, value: Value) -> None:
    error = eval_error(source, x=value)
    assert "expected yes/no (a condition)" in error.en
    assert "需要是/否（条件）" in error.zh


def test_if_needs_a_condition() -> None:
    assert "expected yes/no (a condition), got number" in eval_error("if(1, 2, 3)").en


def test_if_evaluates_only_the_branch_it_takes() -> None:
    assert ev("if(true(), 1, ${missing})") == 1
    assert ev("if(false(), ${missing}, 2)") == 2


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("${d} + 1", date(2022, 1, 1)),
        ("1 + ${d}", date(2022, 1, 1)),
        ("${d} - 365", date(2020, 12, 31)),
        ("${d} + -1", date(2021, 12, 30)),
        ("${d} - date('2021-01-01')", 364),
        ("date('2021-01-01') - ${d}", -364),
        ("${d} - ${d}", 0),
        ("date('2020-02-28') + 1", date(2020, 2, 29)),
        ("today()", REF),
        ("today() - 30 < ${d}", True),
    ],
)
def test_date_arithmetic(source: str, expected: Value) -> None:
    assert same(ev(source, d=REF), expected)


def test_today_without_a_reference_date_is_unknown() -> None:
    assert evaluate("today()", MapScope({})) is None
    assert evaluate("age(${b}, today())", MapScope({"b": date(2000, 1, 1)})) is None


# --- errors: references, positions, messages --------------------------------------------------


def test_unknown_reference_names_the_reference() -> None:
    error = eval_error("1 + ${guards.count}")
    assert error.zh == "表达式第 5 个字符处（${guards.count}）求值出错：未知的引用 ${guards.count}"
    assert error.en == (
        "evaluation error at character 5 (${guards.count}): unknown reference ${guards.count}"
    )
    assert error.position == 4
    assert error.source == "1 + ${guards.count}"


def test_error_points_at_the_failing_operator() -> None:
    error = eval_error("${a} > 1 and ${b} + 1 > 2", a=5, b="x")
    assert error.position == 18
    assert "(${b} + 1)" in error.en
    assert "不能对文本和数字使用 '+'" in error.zh


def test_compiled_without_source_names_the_subexpression_instead() -> None:
    compiled = compile_expr(parse("${a}   >  1 and ${b} + 1 > 2"))
    with pytest.raises(ExpressionError) as info:
        compiled(MapScope({"a": 5, "b": "x"}))
    error = info.value
    assert error.position is None
    assert error.en == "cannot evaluate ${b} + 1: cannot use '+' on text and number"
    assert error.zh == "表达式 ${b} + 1 求值出错：不能对文本和数字使用 '+'"
    assert error.source == "${a} > 1 and ${b} + 1 > 2"


def test_long_subexpressions_are_shortened_in_messages() -> None:
    source = "concat(" + ", ".join(f"'{i:03d}'" for i in range(30)) + ") + 1"
    error = eval_error(source)
    assert "…" in error.en and len(error.en) < 200


def test_messages_do_not_repeat_answer_values() -> None:
    # ID numbers are personal data: a message says what kind of value it was, not the value.
    error = eval_error("${id} + 1", id="11010519491231002X")
    assert "11010519491231002X" not in error.zh + error.en


# --- scopes and the public API ---------------------------------------------------------------


def test_map_scope_lookup() -> None:
    scope = MapScope(
        {
            "school": {"stage": "primary", "address": {"town": "南城"}},
            "guards": [{"name": "张三", "age": 50}, {"name": "李四"}],
            "a.b": "flat key wins",
            "a": {"b": "nested"},
        }
    )
    assert scope.get("school.stage") == "primary"
    assert scope.get("school.address.town") == "南城"
    assert scope.get("guards.age") == [50, None]
    assert scope.get("a.b") == "flat key wins"
    for missing in ("nope", "school.nope", "guards.name.x", "school.stage.x"):
        with pytest.raises(KeyError):
            scope.get(missing)


def test_a_scope_can_be_any_object_with_the_protocol() -> None:
    @dataclass(frozen=True)
    class RowScope:
        row: dict[str, Value]
        current: Value = None
        reference_date: date | None = REF

        def get(self, name: str) -> Value:
            return self.row[name]

    compiled = compile_expr(parse("${on_guard_post} and age(${birth}, today()) >= 56"))
    assert compiled(RowScope({"on_guard_post": True, "birth": date(1965, 12, 31)})) is True
    assert compiled(RowScope({"on_guard_post": True, "birth": date(1966, 1, 1)})) is False
    assert compiled(RowScope({"on_guard_post": False, "birth": None})) is False
    assert compiled(RowScope({"on_guard_post": True, "birth": None})) is None


def test_evaluate_accepts_text_or_a_parsed_expression() -> None:
    scope = MapScope({"a": 2})
    expr = parse("${a} * 3")
    assert evaluate(expr, scope) == evaluate("${a} * 3", scope) == 6
    assert evaluate(parse("${a} * 3"), scope) == 6  # an equal Expr from elsewhere


def test_evaluate_reports_syntax_errors() -> None:
    with pytest.raises(ExpressionError, match="缺少右括号"):
        evaluate("(1", MapScope({}))


def test_compiled_expressions_are_reusable_across_scopes() -> None:
    compiled = compile_expr(parse("if(. > ${limit}, 'high', 'ok')"))
    results = [compiled(MapScope({"limit": 10}, current=v)) for v in (5, 15, None)]
    assert results == ["ok", "high", "ok"]


# --- the compiler's shortcuts agree with the general rules -----------------------------------


def _reference_and(values: tuple[bool | None, ...]) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def _reference_or(values: tuple[bool | None, ...]) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


@pytest.mark.parametrize("a", [True, False, None])
@pytest.mark.parametrize("b", [True, False, None])
@pytest.mark.parametrize("c", [True, False, None])
def test_logic_chains_match_three_valued_logic(
    a: bool | None, b: bool | None, c: bool | None
) -> None:
    values = {"a": a, "b": b, "c": c}
    assert ev("${a} and ${b} and ${c}", **values) is _reference_and((a, b, c))
    assert ev("${a} and (${b} and ${c})", **values) is _reference_and((a, b, c))
    assert ev("${a} or ${b} or ${c}", **values) is _reference_or((a, b, c))
    assert ev("${a} or (${b} or ${c})", **values) is _reference_or((a, b, c))


def test_logic_chain_short_circuits_and_reports_the_joining_operator() -> None:
    assert ev("${n} and false() and ${missing}", n=None) is False
    assert ev("${n} or true() or ${missing}", n=None) is True
    error = eval_error("${t} and ${t} and ${x} and ${t}", t=True, x=3)
    assert error.position == 14  # the "and" right before ${x}
    assert "expected yes/no (a condition), got number" in error.en
    assert eval_error("${x} or ${f} or ${f}", x="y", f=False).position == 5


_LITERALS: list[tuple[Value, str]] = [
    (0, "0"),
    (1, "1"),
    (1.0, "1.0"),
    (2.5, "2.5"),
    ("", "''"),
    ("x", "'x'"),
    ("2021-12-31", "'2021-12-31'"),
    (True, "true()"),
    (False, "false()"),
]
_OPERANDS: list[Value] = [None, "", [], ["a"], 0, 1, 1.0, 2.5, "x", "2021-12-31", True, False, REF]


def _outcome(source: str, a: Value, b: Value) -> object:
    try:
        result = ev(source, a=a, b=b)
    except ExpressionError as exc:
        return ("error", exc.en.split(": ", 1)[1])
    return (type(result), result)


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
@pytest.mark.parametrize(("b", "literal"), _LITERALS)
def test_comparing_with_a_literal_matches_comparing_with_a_value(
    op: str, b: Value, literal: str
) -> None:
    for a in _OPERANDS:
        general = _outcome(f"${{a}} {op} ${{b}}", a, b)
        specialised = _outcome(f"${{a}} {op} {literal}", a, b)
        assert general == specialised, (a, op, literal)
