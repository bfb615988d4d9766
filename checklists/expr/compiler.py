"""Compiles an expression AST once into nested Python closures, so evaluation walks no tree."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from typing import Any

from checklists.expr.codegen import generate
from checklists.expr.functions import compile_call
from checklists.expr.nodes import (
    Binary,
    Boolean,
    Current,
    Expr,
    Neg,
    Number,
    Ref,
    String,
    to_source,
)
from checklists.expr.values import (
    ARITHMETIC,
    ORDERING,
    Compiled,
    Problem,
    Scope,
    Value,
    and_,
    equal,
    minus,
    not_equal,
    or_,
    order,
    wrong_kind,
)
from checklists.foundation.errors import ExpressionError

# Types whose Python == is already the language's = (same type on both sides).
_PLAIN = frozenset({int, float, bool, str, date})
# Types whose Python < is already the language's < (same type on both sides).
_ORDERED = frozenset({int, float, str, date})
_INT_FAST: dict[str, Callable[[int, int], int]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


class _Context:
    """What an evaluation error needs to say where it happened."""

    def __init__(self, root: Expr, source: str | None) -> None:
        self.root = root
        self.source = source

    def fail(self, node: Expr, problem: Problem) -> ExpressionError:
        sub = to_source(node)
        sub = sub if len(sub) <= 60 else sub[:60] + "…"
        if self.source is not None and node.pos is not None:
            at = node.pos + 1
            return ExpressionError(
                f"表达式第 {at} 个字符处（{sub}）求值出错：{problem.zh}",
                f"evaluation error at character {at} ({sub}): {problem.en}",
                self.source,
                node.pos,
            )
        return ExpressionError(
            f"表达式 {sub} 求值出错：{problem.zh}",
            f"cannot evaluate {sub}: {problem.en}",
            to_source(self.root),
            None,
        )


def compile_expr(expr: Expr, *, source: str | None = None, generated: bool = False) -> Compiled:
    """Turn ``expr`` into a function of a Scope. Give ``source`` (the text ``expr`` was parsed
    from) to have evaluation errors point at a character position in it.

    ``generated``: for an expression judged thousands of times (a rule on every row of a
    table), a comparison, an ``and``/``or`` chain or one of the common functions becomes one
    generated function (codegen.py) that takes the common case inline and hands everything
    else to the closures below (generating costs about 0.1 ms: not worth it for one use)."""
    ctx = _Context(expr, source)
    fast = generate(expr, lambda node: _compile(node, ctx)) if generated else None
    return fast if fast is not None else _compile(expr, ctx)


def closures_of(expr: Expr, source: str | None = None) -> Callable[[Expr], Compiled]:
    """A node of ``expr`` → its closure, errors said as of ``expr`` (what code generated for
    ``expr`` hands its uncommon cases to: see codegen.Fused)."""
    ctx = _Context(expr, source)
    return lambda node: _compile(node, ctx)


def _compile(node: Expr, ctx: _Context) -> Compiled:
    if isinstance(node, Number | String | Boolean):
        return _constant(node.value)
    if isinstance(node, Ref):
        return _reference(node, ctx)
    if isinstance(node, Current):
        return _current
    if isinstance(node, Neg):
        return _negative(node, _compile(node.operand, ctx), ctx)
    if isinstance(node, Binary):
        return _binary(node, ctx)
    return compile_call(node, [_compile(arg, ctx) for arg in node.args], ctx.fail)


def _constant(value: Value) -> Compiled:
    def constant(s: Scope) -> Value:
        return value

    return constant


def _current(s: Scope) -> Value:
    return s.current


def _reference(node: Ref, ctx: _Context) -> Compiled:
    name = node.name

    def reference(s: Scope) -> Value:
        try:
            return s.get(name)
        except KeyError:
            raise _unknown(node, ctx) from None

    return reference


def _unknown(node: Ref, ctx: _Context) -> ExpressionError:
    name = node.name
    return ctx.fail(node, Problem(f"未知的引用 ${{{name}}}", f"unknown reference ${{{name}}}"))


# The operators below read an operand that is a plain reference (``${age} >= 56``) straight from
# the scope, instead of through the reference closure: rules are judged by the ten thousand.


def _negative(node: Neg, inner: Compiled, ctx: _Context) -> Compiled:
    def negative(s: Scope) -> Value:
        v = inner(s)
        if type(v) is int or type(v) is float:
            return -v
        try:
            return minus(v)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return negative


def _binary(node: Binary, ctx: _Context) -> Compiled:
    if node.op in ("and", "or") and isinstance(node.left, Binary) and node.left.op == node.op:
        return _logic_chain(node, ctx)
    left, right = _compile(node.left, ctx), _compile(node.right, ctx)
    if node.op == "and":
        return _and(node, left, right, ctx)
    if node.op == "or":
        return _or(node, left, right, ctx)
    if node.op in ("=", "!="):
        return _equality(node, left, right, ctx)
    if node.op in ORDERING:
        if isinstance(node.right, Number):
            return _order_constant(node, left, node.right.value, ctx)
        return _order(node, left, right, ctx)
    return _arithmetic(node, left, right, ctx)


# Each closure tries the common case inline (both operands plain and of one type) and leaves
# None, dates, mixed types and errors to the functions of values.py.


def _and(node: Binary, left: Compiled, right: Compiled, ctx: _Context) -> Compiled:
    def and_op(s: Scope) -> Value:
        a = left(s)
        if a is False:
            return False
        b = right(s)
        if a is True and (b is True or b is False):
            return b
        try:
            return and_(a, b)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return and_op


def _or(node: Binary, left: Compiled, right: Compiled, ctx: _Context) -> Compiled:
    def or_op(s: Scope) -> Value:
        a = left(s)
        if a is True:
            return True
        b = right(s)
        if a is False and (b is True or b is False):
            return b
        try:
            return or_(a, b)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return or_op


def _logic_chain(node: Binary, ctx: _Context) -> Compiled:
    """``a and b and c …`` as one loop instead of nested closures (rules are often long chains).

    Same three-valued result and short-circuit as the nested form; a type error is reported
    at the operator that joins the offending operand.
    """
    joined: list[tuple[Expr, Binary]] = []
    cur: Expr = node
    while isinstance(cur, Binary) and cur.op == node.op:
        joined.append((cur.right, cur))
        cur = cur.left
    joined.append((cur, joined[-1][1]))
    operands = tuple(_compile(operand, ctx) for operand, _ in reversed(joined))
    joints = tuple(joint for _, joint in reversed(joined))
    deciding = node.op == "or"  # the operand value that settles the whole chain
    other = not deciding

    def chain(s: Scope) -> Value:
        unknown = False
        for operand in operands:
            v = operand(s)
            if v is other:
                continue
            if v is deciding:
                return deciding
            if v is None:
                unknown = True
            else:
                joint = joints[operands.index(operand)]
                raise ctx.fail(joint, wrong_kind("是/否（条件）", "yes/no (a condition)", v))
        return None if unknown else other

    return chain


def _equality(node: Binary, left: Compiled, right: Compiled, ctx: _Context) -> Compiled:
    if isinstance(node.right, String | Boolean | Number):
        if node.right.value == "" and type(node.right.value) is str:
            return _emptiness(node, left, ctx)
        return _equality_constant(node, left, node.right.value, ctx)
    slow = equal if node.op == "=" else not_equal
    fast: Callable[[Any, Any], bool] = operator.eq if node.op == "=" else operator.ne

    def equality(s: Scope) -> Value:
        a, b = left(s), right(s)
        t = type(a)
        if t is type(b) and t in _PLAIN:
            return fast(a, b)
        try:
            return slow(a, b)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return equality


def _emptiness(node: Binary, left: Compiled, ctx: _Context) -> Compiled:
    """``x = ''`` / ``x != ''``: the XLSForm emptiness test, never unknown and never an error."""
    if isinstance(node.left, Ref):
        ref, name, is_equal = node.left, node.left.name, node.op == "="

        def empty_ref(s: Scope) -> Value:
            try:
                a = s.get(name)
            except KeyError:
                raise _unknown(ref, ctx) from None
            return (a is None or a == "" or a == []) is is_equal

        return empty_ref
    if node.op == "=":

        def empty(s: Scope) -> Value:
            a = left(s)
            return a is None or a == "" or a == []

        return empty

    def not_empty(s: Scope) -> Value:
        a = left(s)
        return not (a is None or a == "" or a == [])

    return not_empty


def _equality_constant(node: Binary, left: Compiled, c: Value, ctx: _Context) -> Compiled:
    """``. = false``, ``${stage} = 'primary'``: compare against the literal without a call."""
    slow = equal if node.op == "=" else not_equal
    fast: Callable[[Any, Any], bool] = operator.eq if node.op == "=" else operator.ne
    tc = type(c)
    if isinstance(node.left, Ref):
        ref, name = node.left, node.left.name

        def equality_ref(s: Scope) -> Value:
            try:
                a = s.get(name)
            except KeyError:
                raise _unknown(ref, ctx) from None
            if type(a) is tc:
                return fast(a, c)
            try:
                return slow(a, c)
            except Problem as p:
                raise ctx.fail(node, p) from None

        return equality_ref

    def equality(s: Scope) -> Value:
        a = left(s)
        if type(a) is tc:
            return fast(a, c)
        try:
            return slow(a, c)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return equality


def _order(node: Binary, left: Compiled, right: Compiled, ctx: _Context) -> Compiled:
    op, fast = node.op, ORDERING[node.op]
    if isinstance(node.left, Ref) and isinstance(node.right, Ref):
        lref, rref = node.left, node.right
        lname, rname = lref.name, rref.name

        def ordering_refs(s: Scope) -> Value:
            get = s.get
            try:
                a = get(lname)
            except KeyError:
                raise _unknown(lref, ctx) from None
            try:
                b = get(rname)
            except KeyError:
                raise _unknown(rref, ctx) from None
            ta, tb = type(a), type(b)
            if ta is tb and ta in _ORDERED:
                return fast(a, b)
            if (ta is int or ta is float) and (tb is int or tb is float):
                return fast(a, b)
            if a is None or b is None:
                return None
            try:
                return order(op, a, b)
            except Problem as p:
                raise ctx.fail(node, p) from None

        return ordering_refs

    def ordering(s: Scope) -> Value:
        a, b = left(s), right(s)
        ta, tb = type(a), type(b)
        if ta is tb and ta in _ORDERED:
            return fast(a, b)
        if (ta is int or ta is float) and (tb is int or tb is float):
            return fast(a, b)
        try:
            return order(op, a, b)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return ordering


def _order_constant(node: Binary, left: Compiled, c: int | float, ctx: _Context) -> Compiled:
    """``x >= 56`` and the like: the right side needs no call and no type check."""
    op, fast = node.op, ORDERING[node.op]
    if isinstance(node.left, Ref):
        ref, name = node.left, node.left.name

        def ordering_ref(s: Scope) -> Value:
            try:
                a = s.get(name)
            except KeyError:
                raise _unknown(ref, ctx) from None
            t = type(a)
            if t is int or t is float:
                return fast(a, c)
            if a is None:
                return None
            try:
                return order(op, a, c)
            except Problem as p:
                raise ctx.fail(node, p) from None

        return ordering_ref

    def ordering(s: Scope) -> Value:
        a = left(s)
        t = type(a)
        if t is int or t is float:
            return fast(a, c)
        try:
            return order(op, a, c)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return ordering


def _arithmetic(node: Binary, left: Compiled, right: Compiled, ctx: _Context) -> Compiled:
    slow = ARITHMETIC[node.op]
    fast = _INT_FAST.get(node.op)

    def arithmetic(s: Scope) -> Value:
        a, b = left(s), right(s)
        if fast is not None and type(a) is int and type(b) is int:
            return fast(a, b)
        try:
            return slow(a, b)
        except Problem as p:
            raise ctx.fail(node, p) from None

    return arithmetic
