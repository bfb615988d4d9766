"""AST of the checklist expression language: frozen nodes, canonical text, tree walks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias

# Positions are 0-based offsets into the parsed text; they take no part in equality so two
# checklists written with different spacing still compare equal.


@dataclass(frozen=True, slots=True)
class Number:
    """A non-negative number literal (``-1`` parses as ``Neg(Number(1))``)."""

    value: int | float
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class String:
    """A string literal."""

    value: str
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Boolean:
    """``true()`` / ``false()`` (also bare ``true`` / ``false``)."""

    value: bool
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Ref:
    """``${name}``: the value of another item, column or built-in name."""

    name: str
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Current:
    """``.``: the value of the item being checked."""

    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Neg:
    """Unary minus."""

    operand: Expr
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Binary:
    """A binary operator; ``op`` is one of :data:`BINARY_PRECEDENCE` (``/`` is stored as ``div``)."""

    op: str
    left: Expr
    right: Expr
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; ``name`` is one of :data:`FUNCTIONS`."""

    name: str
    args: tuple[Expr, ...]
    pos: int | None = field(default=None, compare=False, repr=False)


Expr: TypeAlias = Number | String | Boolean | Ref | Current | Neg | Binary | Call

BINARY_PRECEDENCE: dict[str, int] = {
    "or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5, "*": 6, "div": 6, "mod": 6,
}  # fmt: skip
WORD_OPERATORS = frozenset({"and", "or", "div", "mod"})

# name → (fewest, most) arguments; None = any number.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "not": (1, 1), "if": (3, 3), "selected": (2, 2), "count-selected": (1, 1),
    "count": (1, 1), "sum": (1, 1), "min": (1, None), "max": (1, None),
    "date": (1, 1), "today": (0, 0), "age": (2, 2), "days": (2, 2), "add_months": (2, 2),
    "string-length": (1, 1), "round": (1, 2), "int": (1, 1), "number": (1, 1),
    "coalesce": (2, None), "concat": (1, None), "regex": (2, 2), "id_valid": (1, 1),
    "id_birth_date": (1, 1), "id_sex": (1, 1), "in": (2, None),
    "school_year_start": (1, 1), "count_distinct": (1, 1), "count_rows": (3, None),
    "count_people": (3, 4),
}  # fmt: skip


def to_source(expr: Expr) -> str:
    """Canonical text of ``expr``: minimal parentheses, so ``parse(to_source(e)) == e``."""
    if isinstance(expr, Number):
        return _number_text(expr.value)
    if isinstance(expr, String):
        return _quote(expr.value)
    if isinstance(expr, Boolean):
        return "true()" if expr.value else "false()"
    if isinstance(expr, Ref):
        return "${" + expr.name + "}"
    if isinstance(expr, Current):
        return "."
    if isinstance(expr, Neg):
        inner = to_source(expr.operand)
        return f"-({inner})" if isinstance(expr.operand, Binary) else "-" + inner
    if isinstance(expr, Binary):
        prec = BINARY_PRECEDENCE[expr.op]
        left, right = to_source(expr.left), to_source(expr.right)
        if isinstance(expr.left, Binary) and BINARY_PRECEDENCE[expr.left.op] < prec:
            left = f"({left})"
        # Operators are left-associative, so an equal-precedence right side needs parentheses.
        if isinstance(expr.right, Binary) and BINARY_PRECEDENCE[expr.right.op] <= prec:
            right = f"({right})"
        return f"{left} {expr.op} {right}"
    return f"{expr.name}({', '.join(to_source(arg) for arg in expr.args)})"


def _number_text(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text:  # the grammar has no exponents: write 1e-07 as 0.0000001
        text = format(Decimal(text), "f")
    return text if "." in text else text + ".0"


def _quote(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of ``expr`` (itself included), without recursion."""
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Neg):
            stack.append(node.operand)
        elif isinstance(node, Binary):
            stack += (node.right, node.left)
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))


def references(expr: Expr) -> frozenset[str]:
    """Every name used as ``${name}`` in ``expr`` (``.`` is not a reference)."""
    return frozenset(node.name for node in walk(expr) if isinstance(node, Ref))


def functions_used(expr: Expr) -> frozenset[str]:
    """Every function called in ``expr`` (``true()``/``false()`` are literals, not calls)."""
    return frozenset(node.name for node in walk(expr) if isinstance(node, Call))
