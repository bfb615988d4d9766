"""Several expressions generated into one function (codegen.Fused: a table's rules on a row, its
cells read once, its calculated names computed inline) judge exactly as their closures do, one
after the other on the same row: same values, same errors at the same places, for any
expressions, any calculated name and any values."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checklists.expr import Expr, parse
from checklists.expr.codegen import Fused
from checklists.expr.compiler import closures_of, compile_expr
from checklists.foundation.errors import ExpressionError
from tests.checklists.expr.test_codegen import _logic, cell_values

PLAIN = ("a", "b")

_leaf: st.SearchStrategy[Expr] = st.one_of(
    st.sampled_from(["${a}", "${b}", "${k}", "${u}", "today()", "."]).map(parse),
    st.sampled_from(["0", "56", "0.7", "''", "'x'", "true()", "false()"]).map(parse),
    st.sampled_from(
        [
            "add_months(today(), -12)",
            "age(${k}, today())",
            "age(${a}, ${b})",
            "count_rows(${a}, 'x', ${b})",
        ]
    ).map(parse),
)
exprs = st.recursive(_leaf, _logic, max_leaves=10)
calc_exprs = st.recursive(
    st.sampled_from(["${a}", "${b}", "${u}", "today()", "56", "''", "true()"]).map(parse),
    _logic,
    max_leaves=6,
)


class Row(dict[str, Any]):
    """A row scope as the evaluator's: a miss computes the calculated name ``k`` (relevance,
    then calculation, kept) with its closures; any other unknown name is a KeyError."""

    get = dict.__getitem__  # type: ignore[assignment]

    def __init__(self, cells: dict[str, Any], calc: Any, current: Any, ref: date | None) -> None:
        super().__init__(cells)
        self.calc, self.current, self.reference_date = calc, current, ref

    def __missing__(self, name: str) -> Any:
        if name != "k":
            raise KeyError(name)
        relevant, calculation = self.calc
        value = calculation(self) if relevant is None or relevant(self) is True else None
        self[name] = value
        return value


def _outcome(judge: Any, row: Row) -> tuple[Any, ...]:
    try:
        value = judge(row)
    except ExpressionError as exc:
        return ("error", exc.zh, exc.en, exc.position)
    return ("value", type(value), repr(value))


def _fused(rules: list[Expr], relevant: Expr | None, calculation: Expr) -> Any:
    fused = Fused(PLAIN, {"k": (relevant, calculation)}, closures_of)
    lines = ["    out = []"]
    for k, rule in enumerate(rules):
        fused.namespace[f"rule{k}"] = compile_expr(rule, generated=True)
        body = fused.body(rule, closures_of(rule), 2)
        lines.append("    try:")
        if body is None:
            lines.append(f"        v = rule{k}(s)")
        else:
            lines += [*body[0], f"        v = {body[1]}"]
        lines += [
            "    except ExpressionError as exc:",
            "        out.append(('error', exc.zh, exc.en, exc.position))",
            "    else:",
            "        out.append(('value', type(v), repr(v)))",
        ]
    source = "\n".join(["def judge(s):", *fused.start(1), *lines, "    return out"])
    fused.namespace["ExpressionError"] = ExpressionError
    exec(compile(source, "<fused>", "exec"), fused.namespace)  # noqa: S102 - test code
    return fused.namespace["judge"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(exprs, min_size=1, max_size=4),
    st.none() | calc_exprs,
    calc_exprs,
    st.data(),
)
def test_fused_rules_judge_as_their_closures_one_after_the_other(
    rules: list[Expr], relevant: Expr | None, calculation: Expr, data: st.DataObject
) -> None:
    cells = {name: data.draw(cell_values.filter(lambda v: v is not KeyError)) for name in PLAIN}
    current = data.draw(cell_values.filter(lambda v: v is not KeyError), label="current")
    ref = data.draw(st.none() | st.dates(), label="reference_date")
    calc = (
        None if relevant is None else compile_expr(relevant, generated=True),
        compile_expr(calculation, generated=True),
    )
    expected_row = Row(cells, calc, current, ref)
    expected = [_outcome(compile_expr(rule), expected_row) for rule in rules]
    row = Row(cells, calc, current, ref)
    assert _fused(rules, relevant, calculation)(row) == expected
    if "k" in row:  # kept as the scope keeps it: the value its own closures give
        assert repr(row["k"]) == repr(Row(cells, calc, current, ref)["k"])
