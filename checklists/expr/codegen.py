"""Rules compiled to one Python function each: the common case inline, the closures for the rest.

A rule such as ``${on_guard_post} = true and ${age} >= 56 and ${licence_no} = ''`` is judged for
every row of a 2,000-row roster. As closures (compiler.py) it costs a Python call per operator
and per reference; here it becomes the body of a single function that reads the references,
compares plain values of one type and walks the three-valued ``and``/``or`` inline.

The closures stay the definition of the language: every step the generated code does not take
itself — a value of an unusual type, an unknown value where the closure would decide
differently, an error, an unknown reference, any function call but ``today()``, arithmetic —
hands the node to its closure (evaluation is pure, so judging a node again gives the same
value, or the same error at the same place).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import Any

from checklists.dates import add_months, age_on
from checklists.expr.functions import count_in
from checklists.expr.nodes import (
    Binary,
    Boolean,
    Call,
    Current,
    Expr,
    Neg,
    Number,
    Ref,
    String,
    to_source,
)
from checklists.expr.values import Compiled, Problem
from checklists.generated_code import compiled_source
from checklists.idnumber import parse_result

# Types whose Python == is the language's = (same type on both sides), and whose < is its <.
_PLAIN = frozenset({int, float, bool, str, date})
_ORDERED = frozenset({int, float, str, date})
# Types none of whose values is empty ('' or []): the emptiness test needs no comparison.
_NEVER_EMPTY = frozenset({int, float, bool, date})
_UNSET = object()
_ORDER_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}
_ID_PICKS = {
    "id_valid": "{info} is not None",
    "id_birth_date": "None if {info} is None else {info}.birth_date",
}
# add_months(today(), -12) on every row of a roster: the same few dates asked again and again
_add_months = functools.lru_cache(maxsize=256)(add_months)
# calculations worth a generated function of their own (e.g. age(${birth}, today()))
_CALL_ROOTS = frozenset({"if", "coalesce", "not", "age", "add_months", "count_rows", *_ID_PICKS})
_MAX_NESTING = 4  # and/or blocks inside each other (Python allows 20 nested blocks)
_MAX_NODES = 200  # longer expressions keep their closures


class _Generator:
    def __init__(self, closure_of: Any) -> None:
        self.closure_of = closure_of  # node → its compiled closure (same error context)
        self.local: dict[str, str] = {}  # references read once before, into these variables
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "_ORDERED": _ORDERED,
            "_PLAIN": _PLAIN,
            "_parse_result": parse_result,
            "_date": date,
            "_age_on": age_on,
            "_add_months": _add_months,
            "_count_in": count_in,
            "_Problem": Problem,
            "_NEVER_EMPTY": _NEVER_EMPTY,
            "_UNSET": _UNSET,
        }
        self.today = "s.reference_date"  # where today() is read from
        self.read = "get({})"  # how a name is read from the scope
        self.bools: set[str] = set()  # variables that surely hold True or False
        self.id_memo: dict[str, str] = {}  # a local read once → the variable of its parsed ID
        # calculated names computed inline (see Fused): name → (relevant, its closures,
        # calculation, its closures); their variables; those being written (no recursion)
        self.calcs: dict[str, tuple[Expr | None, Any, Expr, Any]] = {}
        self.calc_vars: dict[str, str] = {}
        self.inlining: list[str] = []
        self.count = 0
        self.indent = 2
        self.nesting = 0

    def var(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def const(self, value: Any) -> str:
        self.count += 1
        name = f"c{self.count}"
        self.namespace[name] = value
        return name

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    def closure(self, node: Expr) -> str:
        """``node`` judged by its closure."""
        var = self.var()
        self.emit(f"{var} = {self.const(self.closure_of(node))}(s)")
        return var

    def expr(self, node: Expr) -> str:
        """Emit the statements computing ``node``; return the name holding its value."""
        if isinstance(node, Number | String | Boolean):
            return self.const(node.value)
        if isinstance(node, Ref):
            if node.name in self.local:
                return self.local[node.name]
            if node.name in self.calcs and node.name not in self.inlining:
                return self.calculated(node.name)
            var = self.var()
            self.emit(f"{var} = {self.read.format(self.const(node.name))}")
            return var
        if isinstance(node, Current):
            var = self.var()
            self.emit(f"{var} = s.current")
            return var
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Neg) and isinstance(node.operand, Number):  # -12: a literal
            return self.const(-node.operand.value)
        if isinstance(node, Binary):
            if node.op in ("and", "or"):
                return self.logic(node)
            if node.op in _ORDER_OPS:
                return self.ordering(node)
            if node.op in ("=", "!="):
                return self.equality(node)
        return self.closure(node)

    def call(self, node: Call) -> str:
        """The functions rows call most, inline; any other through its closure."""
        name, args = node.name, node.args
        if name == "today" and not args:
            var = self.var()
            self.emit(f"{var} = {self.today}")
            return var
        if name == "not" and len(args) == 1:
            a, var = self.expr(args[0]), self.var()
            self.emit(f"{var} = (not {a}) if type({a}) is bool else {self.whole(node)}(s)")
            return var
        if name in _ID_PICKS and len(args) == 1 and isinstance(args[0], Ref):
            return self.id_call(node, args[0])
        if name == "count_rows" and _written_columns(node) is not None:
            return self.count_rows(node)
        if name == "age" and len(args) == 2:
            a, b, var = self.expr(args[0]), self.expr(args[1]), self.var()
            self.emit(f"if type({a}) is _date and type({b}) is _date and not {b} < {a}:")
            self.emit(f"    {var} = _age_on({a}, {b})")
            self.emit("else:")
            self.emit(f"    {var} = {self.whole(node)}(s)")
            return var
        if name == "add_months" and len(args) == 2:
            a, m, var = self.expr(args[0]), self.expr(args[1]), self.var()
            self.emit(f"{var} = None")
            self.emit(f"if type({a}) is _date and type({m}) is int:")
            self.emit("    try:")
            self.emit(f"        {var} = _add_months({a}, {m})")
            self.emit("    except (ValueError, OverflowError):")
            self.emit("        pass")
            self.emit(f"if {var} is None:")
            self.emit(f"    {var} = {self.whole(node)}(s)")
            return var
        if self.nesting >= _MAX_NESTING:
            return self.closure(node)
        if name == "if" and len(args) == 3:
            return self.if_(node)
        if name == "coalesce" and args:
            return self.coalesce(node)
        return self.closure(node)

    def calculated(self, name: str) -> str:
        """A calculated name, computed as the scope would compute it on a miss (its relevance,
        then its calculation; kept in the scope, unless an error is raised) where the function
        first uses it, taken from the scope when something else computed it; at a later use,
        read from the scope unless known already (so the function's code stays short)."""
        key = self.const(name)
        if name in self.calc_vars:  # written out at its first use: from the scope, if not done
            var = self.calc_vars[name]
            self.emit(f"if {var} is _UNSET:")
            self.emit(f"    {var} = s[{key}]")
            return var
        var = self.calc_vars[name] = f"k{len(self.calc_vars)}"
        relevant, relevant_of, calculation, calculation_of = self.calcs[name]
        self.emit(f"if {var} is _UNSET:")
        self.indent += 1
        self.emit(f"if {key} in s:")  # computed by someone else (a message, a column's list)
        self.emit(f"    {var} = s[{key}]")
        self.emit("else:")
        self.indent += 1
        saved = self.closure_of
        self.inlining.append(name)
        try:
            value = self.var()
            if relevant is not None:
                r = self.inline(relevant, relevant_of)
                self.emit(f"if {r} is True:")
                self.indent += 1
                self.emit(f"{value} = {self.inline(calculation, calculation_of)}")
                self.indent -= 1
                self.emit("else:")
                self.emit(f"    {value} = None")
            else:
                self.emit(f"{value} = {self.inline(calculation, calculation_of)}")
            self.emit(f"s[{key}] = {value}")
            self.emit(f"{var} = {value}")
        finally:
            self.inlining.pop()
            self.closure_of = saved
        self.indent -= 2
        return var

    def inline(self, expr: Expr, closure_of: Any) -> str:
        """``expr`` (of another compiled function: ``closure_of`` gives its closures) computed
        here as its own function computes it: generated in a ``try`` whose ``except KeyError``
        gives its closure, or its closure alone when not worth generating."""
        self.closure_of = closure_of
        if not _worth_generating(expr):
            return self.closure(expr)
        self.emit("try:")
        self.indent += 1
        self.nesting += 1
        result = self.expr(expr)
        self.nesting -= 1
        self.indent -= 1
        self.emit("except KeyError:")
        self.emit(f"    {result} = {self.const(closure_of(expr))}(s)")
        return result

    def whole(self, node: Expr) -> str:
        """The name of ``node``'s closure."""
        return self.const(self.closure_of(node))

    def id_call(self, node: Call, ref: Ref) -> str:
        """id_valid(${x}) / id_birth_date(${x}): one cached lookup of the number as text."""
        x, var, info = self.expr(ref), self.var(), self.var()
        self.emit(f"if {x} is None or {x} == '':")
        self.emit(f"    {var} = None")
        self.emit(f"elif type({x}) is str and {self.today} is not None:")
        if x in self.local.values():  # the same number all along: parsed once, when first asked
            info = self.id_memo.setdefault(x, f"id_{x}")
            self.emit(f"    if {info} is _UNSET:")
            self.emit(f"        {info} = _parse_result({x}, {self.today})")
        else:
            self.emit(f"    {info} = _parse_result({x}, {self.today})")
        self.emit(f"    {var} = {_ID_PICKS[node.name].format(info=info)}")
        self.emit("else:")
        self.emit(f"    {var} = {self.whole(node)}(s)")
        return var

    def count_rows(self, node: Call) -> str:
        """count_rows(${table}, 'column', value, ...): the counts made once per table."""
        columns = self.const(_written_columns(node))
        table = self.expr(node.args[0])
        values = [self.expr(v) for v in node.args[2::2]]
        var = self.var()
        present = " and ".join(f"not {_empty(v)}" for v in values)
        self.emit(f"if type({table}) is list and {present}:")
        self.emit("    try:")
        self.emit(f"        {var} = _count_in({table}, {columns}, ({', '.join(values)},))")
        self.emit("    except _Problem:")
        self.emit(f"        {var} = {self.whole(node)}(s)")
        self.emit("else:")
        self.emit(f"    {var} = {self.whole(node)}(s)")
        return var

    def block(self) -> None:
        self.indent += 1
        self.nesting += 1

    def end(self) -> None:
        self.indent -= 1
        self.nesting -= 1

    def if_(self, node: Call) -> str:
        """if(c, a, b): an unknown condition takes the else branch; only the branch taken is
        evaluated."""
        test, then, other = node.args
        c, var = self.expr(test), self.var()
        self.emit(f"if {c} is True:")
        self.block()
        self.emit(f"{var} = {self.expr(then)}")
        self.end()
        self.emit(f"elif {c} is False or {c} is None:")
        self.block()
        self.emit(f"{var} = {self.expr(other)}")
        self.end()
        self.emit("else:")
        self.emit(f"    {var} = {self.whole(node)}(s)")
        return var

    def coalesce(self, node: Call) -> str:
        """coalesce(a, b, ...): the first answered value, evaluating no further."""
        var = self.var()
        depth = 0
        for arg in node.args:
            v = self.expr(arg)
            self.emit(f"{var} = {v}")
            self.emit(f"if {_empty(var)}:")
            self.block()
            depth += 1
        self.emit(f"{var} = None")
        for _ in range(depth):
            self.end()
        return var

    def ordering(self, node: Binary) -> str:
        a, b = self.expr(node.left), self.expr(node.right)
        var, op = self.var(), _ORDER_OPS[node.op]
        self.emit(f"t = type({a})")
        literal = node.right.value if isinstance(node.right, Number | String) else None
        if type(literal) in (int, float, str):  # the type on the right known: one test
            test = "t is str" if type(literal) is str else "t is int or t is float"
            self.emit(f"if {test}:")
            self.emit(f"    {var} = {a} {op} {b}")
            self.emit(f"elif {a} is None:")  # unknown, as the closure says (values.order)
            self.emit(f"    {var} = None")
            self.emit("else:")
            self.emit(f"    {var} = {self.const(self.closure_of(node))}(s)")
            return var
        self.emit(f"if t is type({b}) and t in _ORDERED:")
        self.emit(f"    {var} = {a} {op} {b}")
        self.emit(f"elif (t is int or t is float) and (type({b}) is int or type({b}) is float):")
        self.emit(f"    {var} = {a} {op} {b}")
        self.emit(f"elif {a} is None or {b} is None:")  # unknown, as the closure says
        self.emit(f"    {var} = None")
        self.emit("else:")
        self.emit(f"    {var} = {self.const(self.closure_of(node))}(s)")
        return var

    def equality(self, node: Binary) -> str:
        right = node.right
        a = self.expr(node.left)
        var = self.var()
        op = "==" if node.op == "=" else "!="
        if isinstance(right, String) and right.value == "":  # the emptiness test
            test = _empty(a)
            self.emit(f"{var} = {test}" if node.op == "=" else f"{var} = not {test}")
            self.bools.add(var)
            return var
        if isinstance(right, String | Boolean | Number):
            c = self.const(right.value)
            self.emit(f"if type({a}) is {self.const(type(right.value))}:")
            self.emit(f"    {var} = {a} {op} {c}")
            self.emit(f"elif {a} is None:")  # unknown against a (non-empty) literal: values.equal
            self.emit(f"    {var} = None")
        else:
            c = self.expr(right)
            self.emit(f"if type({a}) is type({c}) and type({a}) in _PLAIN:")
            self.emit(f"    {var} = {a} {op} {c}")
        self.emit("else:")
        self.emit(f"    {var} = {self.const(self.closure_of(node))}(s)")
        return var

    def logic(self, node: Binary) -> str:
        """A chain of ``and`` (or of ``or``): short-circuit on the deciding value, unknown when
        an operand is and none decides; an operand neither yes/no nor unknown goes to the
        closure of the whole chain (which says what is wrong, where)."""
        if self.nesting >= _MAX_NESTING:
            return self.closure(node)
        operands: list[Expr] = []
        cur: Expr = node
        while isinstance(cur, Binary) and cur.op == node.op:
            operands.append(cur.right)
            cur = cur.left
        operands.append(cur)
        operands.reverse()
        deciding = "True" if node.op == "or" else "False"
        other = "False" if node.op == "or" else "True"
        var, unknown, whole = self.var(), self.var(), self.const(self.closure_of(node))
        self.emit(f"{unknown} = False")
        self.emit("while True:")
        self.indent += 1
        self.nesting += 1
        for operand in operands:
            v = self.expr(operand)
            self.emit(f"if {v} is {deciding}:")
            self.emit(f"    {var} = {deciding}")
            self.emit("    break")
            if v in self.bools:  # True or False: not deciding, so the other
                continue
            self.emit(f"if {v} is None:")
            self.emit(f"    {unknown} = True")
            self.emit(f"elif {v} is not {other}:")
            self.emit(f"    {var} = {whole}(s)")
            self.emit("    break")
        self.emit(f"{var} = None if {unknown} else {other}")
        self.emit("break")
        self.nesting -= 1
        self.indent -= 1
        return var


def _empty(x: str) -> str:
    """The test ``x is None or x == '' or x == []``, without comparing a value whose type has no
    empty value."""
    return (
        f"({x} is None or ({x} == '' if type({x}) is str"
        f" else (type({x}) not in _NEVER_EMPTY and ({x} == '' or {x} == []))))"
    )


def _written_columns(node: Call) -> tuple[str, ...] | None:
    """The column names of count_rows(${table}, 'column', value, ...) when all are written."""
    written = [c.value for c in node.args[1::2] if isinstance(c, String)]
    if len(node.args) < 3 or len(node.args) % 2 == 0 or len(written) != len(node.args) // 2:
        return None
    return tuple(written)


def _size(node: Expr) -> int:
    if isinstance(node, Binary):
        return 1 + _size(node.left) + _size(node.right)
    if isinstance(node, Call):
        return 1 + sum(_size(a) for a in node.args)
    return 1


def _worth_generating(expr: Expr) -> bool:
    """Whether generated code judges ``expr`` faster than its closure (not a lone reference,
    literal or function call, not too large)."""
    if isinstance(expr, Binary):
        if expr.op not in ("and", "or", "=", "!=", *_ORDER_OPS):
            return False
    elif not (isinstance(expr, Call) and expr.name in _CALL_ROOTS):
        return False
    return _size(expr) <= _MAX_NODES


class Fused:
    """Several expressions generated into the body of one function, judged one after the other
    on the same scope ``s`` (a table's rules on each of its rows: no call per rule). ``s`` is a
    mapping whose ``s[name]`` is its ``get(name)`` (the evaluator's row scope): names are read
    by subscription, no method looked up.

    ``plain``: names whose value the scope holds from the start and never changes, never an
    error (a row's cells as entered): the function reads each of them once, at its start,
    instead of at every use. ``calculated``: names the scope calculates on a miss (a row's
    calculated columns: name → its relevance, or None, and its calculation, each compiled by
    ``closures_of``), computed inline where first needed (see ``_Generator.calculated``).
    Each expression's code is written as :func:`generate` writes it, the names of its values
    unique in the function."""

    def __init__(
        self,
        plain: tuple[str, ...],
        calculated: Mapping[str, tuple[Expr | None, Expr]] | None = None,
        closures_of: Any = None,
    ) -> None:
        self.gen = _Generator(None)
        self.gen.read = "s[{}]"  # the scope is a mapping whose miss computes (a row's scope)
        self.plain = plain
        self.gen.local = {name: f"p{i}" for i, name in enumerate(plain)}
        self.gen.today = "today"
        for name, (relevant, calculation) in (calculated or {}).items():
            self.gen.calcs[name] = (
                relevant,
                closures_of(relevant) if relevant is not None else None,
                calculation,
                closures_of(calculation),
            )
        for i, name in enumerate(plain):
            self.gen.namespace[f"pn{i}"] = name

    @property
    def namespace(self) -> dict[str, Any]:
        """The globals the function's code needs (add yours; names ``c<n>``, ``v<n>``, ``p<n>``,
        ``pn<n>``, ``id_p<n>``, ``k<n>``, ``t`` and ``today`` are taken)."""
        return self.gen.namespace

    def start(self, indent: int) -> list[str]:
        """The lines to put at the function's start, once every body is written: the reference
        date, the plain names read, the ID numbers not parsed yet, the calculated names not
        computed yet."""
        pad = "    " * indent
        return [
            f"{pad}today = s.reference_date",
            *(f"{pad}p{i} = s[pn{i}]" for i in range(len(self.plain))),
            *(f"{pad}{memo} = _UNSET" for memo in self.gen.id_memo.values()),
            *(f"{pad}{var} = _UNSET" for var in self.gen.calc_vars.values()),
        ]

    def body(self, expr: Expr, closure_of: Any, indent: int) -> tuple[list[str], str] | None:
        """The lines computing ``expr`` at ``indent`` (4 spaces each), inside a ``try`` whose
        ``except KeyError`` gives ``expr``'s closure (an unknown reference: the closure names it),
        and the name of the variable holding its value; None when ``expr`` is not worth it
        (:func:`generate` would give None: use its closure)."""
        if not _worth_generating(expr):
            return None
        gen = self.gen
        gen.closure_of, gen.lines, gen.indent, gen.nesting = closure_of, [], indent + 1, 0
        try:
            result = gen.expr(expr)
        except RecursionError:
            return None
        whole = gen.const(closure_of(expr))
        pad = "    " * indent
        lines = [
            f"{pad}try:",
            *gen.lines,
            f"{pad}except KeyError:",
            f"{pad}    {result} = {whole}(s)",
        ]
        return lines, result


def generate(expr: Expr, closure_of: Any) -> Compiled | None:
    """A function judging ``expr`` as its closure does, faster; None when ``expr`` gains
    nothing (a lone reference, literal or function call) or is too large. ``closure_of(node)``
    compiles a node of ``expr`` to its closure."""
    if not _worth_generating(expr):
        return None
    gen = _Generator(closure_of)
    try:
        result = gen.expr(expr)
    except RecursionError:
        return None
    whole = gen.const(closure_of(expr))
    body = "\n".join(gen.lines)
    source = (
        "def judge(s):\n"
        "    get = s.get\n"
        "    try:\n"
        f"{body}\n"
        f"        return {result}\n"
        "    except KeyError:  # an unknown reference: the closure names it\n"
        f"        return {whole}(s)\n"
    )
    try:
        name = to_source(expr)[:60].replace("\0", "?")  # shown by profilers
        code = compiled_source(source, f"<rule {name}>")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    exec(code, gen.namespace)  # noqa: S102 - our own generated text, no user text in it
    judge: Compiled = gen.namespace["judge"]
    return judge
