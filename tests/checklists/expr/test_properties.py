"""Property tests: any text parses or fails cleanly, canonical text round-trips, evaluation
raises nothing but ExpressionError."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checklists.expr import (
    BINARY_PRECEDENCE,
    FUNCTIONS,
    MAX_DEPTH,
    Binary,
    Boolean,
    Call,
    Current,
    Expr,
    Neg,
    Number,
    Ref,
    String,
    Value,
    compile_expr,
    parse,
    to_source,
)
from checklists.foundation.errors import ExpressionError

TOKENS = [
    "${a}", "${b.c}", "${reference_date}", ".", "0", "1", "56", "0.7", ".5", "'x'", '"y"',
    "''", "'2021-12-31'", "true()", "false()", "true", "false", "and", "or", "div", "mod",
    "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "(", ")", ",", "$", "{", "}",
    "'", '"', "!", "（", "AND", "x", *(f"{name}(" for name in FUNCTIONS), *FUNCTIONS,
]  # fmt: skip

token_text = st.lists(st.sampled_from(TOKENS), max_size=40).flatmap(
    lambda toks: st.sampled_from([" ".join(toks), "".join(toks)])
)


def _parse_or_error(source: str) -> Expr | None:
    try:
        expr = parse(source)
    except ExpressionError as exc:
        assert exc.zh and exc.en
        assert exc.position is None or 0 <= exc.position <= len(source)
        return None
    assert isinstance(expr, Number | String | Boolean | Ref | Current | Neg | Binary | Call)
    return expr


@given(st.text(max_size=300))
def test_random_text_parses_or_raises_expression_error(source: str) -> None:
    _parse_or_error(source)


@settings(max_examples=300)
@given(token_text)
def test_random_token_sequences_parse_or_raise_expression_error(source: str) -> None:
    expr = _parse_or_error(source)
    if expr is not None:  # whatever parsed also survives its canonical text
        assert parse(to_source(expr)) == expr


# --- generated expressions ----------------------------------------------------------------------

_NAME = r"[A-Za-z_][A-Za-z0-9_]{0,4}(\.[A-Za-z_][A-Za-z0-9_]{0,4}){0,2}"

leaves: st.SearchStrategy[Expr] = st.one_of(
    st.integers(0, 10**30).map(Number),
    st.floats(0, 1e30, allow_nan=False, allow_infinity=False).map(lambda f: Number(abs(f))),
    st.text(max_size=8).map(String),
    st.booleans().map(Boolean),
    st.from_regex(_NAME, fullmatch=True).map(Ref),
    st.just(Current()),
)


def _calls(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    def build(name: str) -> st.SearchStrategy[Expr]:
        low, high = FUNCTIONS[name]
        args = children
        if name in ("date", "regex"):  # literal dates and patterns are checked when parsing
            args = children.filter(lambda a: not isinstance(a, String))
        return st.lists(args, min_size=low, max_size=high if high is not None else low + 2).map(
            lambda xs: Call(name, tuple(xs))
        )

    return st.sampled_from(sorted(FUNCTIONS)).flatmap(build)


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        children.map(Neg),
        st.builds(Binary, st.sampled_from(sorted(BINARY_PRECEDENCE)), children, children),
        _calls(children),
    )


expressions = st.recursive(leaves, _extend, max_leaves=20)


def _height(expr: Expr) -> int:
    if isinstance(expr, Neg):
        return 1 + _height(expr.operand)
    if isinstance(expr, Binary):
        return 1 + max(_height(expr.left), _height(expr.right))
    if isinstance(expr, Call):
        return 1 + max((_height(a) for a in expr.args), default=0)
    return 0


@settings(max_examples=300)
@given(expressions)
def test_canonical_text_round_trips(expr: Expr) -> None:
    assume(_height(expr) <= MAX_DEPTH)
    text = to_source(expr)
    assert parse(text) == expr
    assert to_source(parse(text)) == text


@settings(max_examples=300)
@given(expressions, st.integers(0, 10**6), st.sampled_from(["", *TOKENS]), st.integers(0, 3))
def test_damaged_valid_text_parses_or_raises_expression_error(
    expr: Expr, where: int, insert: str, delete: int
) -> None:
    # Near-valid text reaches deeper into the parser than random tokens do.
    text = to_source(expr)
    at = where % (len(text) + 1)
    damaged = text[:at] + insert + text[at + delete :]
    parsed = _parse_or_error(damaged)
    if parsed is not None:
        assert parse(to_source(parsed)) == parsed


# --- evaluation never fails with anything but ExpressionError -------------------------------------

values: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    st.sampled_from(["", "2021-12-31", "2020-02-29", "441900197001010010", "a b", "12"]),
    st.dates(),
    st.lists(st.one_of(st.none(), st.integers(-100, 100), st.text(max_size=3)), max_size=4),
    st.lists(st.dictionaries(st.sampled_from(["x", "y"]), st.integers(0, 9)), max_size=3),
)


class DrawingScope:
    """A scope that makes up a value the first time each name is asked for."""

    def __init__(self, data: st.DataObject, current: Value, reference_date: date | None) -> None:
        self.data = data
        self.current = current
        self.reference_date = reference_date
        self.seen: dict[str, Any] = {}

    def get(self, name: str) -> Value:
        if name not in self.seen:
            self.seen[name] = self.data.draw(st.one_of(values, st.just(KeyError)), label=name)
        value = self.seen[name]
        if value is KeyError:
            raise KeyError(name)
        return value


@settings(max_examples=500)
@given(expressions, st.data())
def test_evaluation_raises_only_expression_error(expr: Expr, data: st.DataObject) -> None:
    assume(_height(expr) <= MAX_DEPTH)
    scope = DrawingScope(data, data.draw(values), data.draw(st.none() | st.dates()))
    compiled = compile_expr(expr)
    try:
        result = compiled(scope)
    except ExpressionError as exc:
        assert exc.zh and exc.en
        return
    assert result is None or isinstance(result, bool | int | float | str | date | list)
