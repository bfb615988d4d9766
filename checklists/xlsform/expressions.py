"""Yes/no in expressions: XLSForm compares a select_one yes_no to 'yes'/'no', we to true/false.

On load, ``${x} = 'yes'`` (or 'true'), ``'no' != .`` and ``selected(${x}, 'yes')`` become
comparisons with true()/false() when ``x`` (or the item being checked, ``.``) is a yes_no item.
On export the reverse turns ``${x} = true()`` into ``${x} = 'yes'``, so both directions meet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from checklists.expr import Binary, Boolean, Call, Current, Expr, Neg, Ref, String

YES_WORDS = {"yes": True, "true": True, "no": False, "false": False}
# Functions of ours that ODK's XPath (JavaRosa) has under the same name and meaning.
ODK_FUNCTIONS = frozenset({
    "not", "if", "coalesce", "today", "selected", "count-selected", "count", "sum", "min",
    "max", "date", "string-length", "round", "int", "number", "concat", "regex",
})  # fmt: skip


@dataclasses.dataclass(frozen=True)
class YesNoScope:
    """Which ``${name}`` (and whether ``.``) hold a yes_no value where an expression is used."""

    names: frozenset[str]
    current: bool = False

    def is_yes_no(self, node: Expr) -> bool:
        """True when ``node`` reads a yes_no value."""
        if isinstance(node, Ref):
            return node.name in self.names
        return isinstance(node, Current) and self.current


def _rebuild(expr: Expr, visit: Callable[[Expr], Expr]) -> Expr:
    """``expr`` with ``visit`` applied to its children (depth is bounded by the parser)."""
    if isinstance(expr, Neg):
        return dataclasses.replace(expr, operand=visit(expr.operand))
    if isinstance(expr, Binary):
        return dataclasses.replace(expr, left=visit(expr.left), right=visit(expr.right))
    if isinstance(expr, Call):
        return dataclasses.replace(expr, args=tuple(visit(a) for a in expr.args))
    return expr


def from_xlsform(expr: Expr, scope: YesNoScope) -> Expr:
    """Rewrite XLSForm's 'yes'/'no' comparisons of yes_no values into true()/false()."""

    def visit(node: Expr) -> Expr:
        node = _rebuild(node, visit)
        if isinstance(node, Binary) and node.op in ("=", "!="):
            if scope.is_yes_no(node.left) and _word(node.right) is not None:
                return dataclasses.replace(
                    node, right=Boolean(bool(_word(node.right)), node.right.pos)
                )
            if scope.is_yes_no(node.right) and _word(node.left) is not None:
                return dataclasses.replace(
                    node, left=Boolean(bool(_word(node.left)), node.left.pos)
                )
        if isinstance(node, Call) and node.name == "selected" and len(node.args) == 2:
            target, value = node.args
            if scope.is_yes_no(target) and _word(value) is not None:
                return Binary("=", target, Boolean(bool(_word(value)), value.pos), node.pos)
            if isinstance(target, String) and not isinstance(value, String):
                # ODK's way of writing membership: selected('a b', ${x}) is in(${x}, 'a', 'b')
                options = tuple(String(word) for word in target.value.split())
                return Call("in", (value, *options), node.pos)
        return node

    return visit(expr)


def to_odk(expr: Expr) -> Expr | None:
    """``expr`` in XPath that ODK understands (``in`` → ``selected()``); None when it cannot be.

    Run after to_xlsform. Functions ODK lacks (age, days, id_valid …) have no faithful XPath,
    so such an expression stays in our own column, which ODK's tools ignore.
    """
    unmappable = False

    def visit(node: Expr) -> Expr:
        nonlocal unmappable
        node = _rebuild(node, visit)
        if isinstance(node, Call) and node.name == "in":
            options = node.args[1:]
            words = [o.value for o in options if isinstance(o, String)]
            if (
                isinstance(node.args[0], String)
                or len(words) != len(options)
                or not words
                or any(not w or w != w.strip() or len(w.split()) != 1 for w in words)
            ):
                unmappable = True
                return node
            return Call("selected", (String(" ".join(words)), node.args[0]), node.pos)
        if isinstance(node, Call) and node.name not in ODK_FUNCTIONS:
            unmappable = True
        return node

    mapped = visit(expr)
    return None if unmappable else mapped


def to_xlsform(expr: Expr, scope: YesNoScope) -> Expr:
    """Rewrite comparisons of yes_no values with true()/false() into 'yes'/'no'."""

    def visit(node: Expr) -> Expr:
        node = _rebuild(node, visit)
        if isinstance(node, Binary) and node.op in ("=", "!="):
            if scope.is_yes_no(node.left) and isinstance(node.right, Boolean):
                return dataclasses.replace(node, right=String("yes" if node.right.value else "no"))
            if scope.is_yes_no(node.right) and isinstance(node.left, Boolean):
                return dataclasses.replace(node, left=String("yes" if node.left.value else "no"))
        return node

    return visit(expr)


def _word(node: Expr) -> bool | None:
    if isinstance(node, String):
        return YES_WORDS.get(node.value)
    return None


def rename_refs(expr: Expr, names: dict[str, str]) -> Expr:
    """``expr`` with each ``${old}`` in ``names`` written ``${new}``."""
    if not names:
        return expr

    def visit(node: Expr) -> Expr:
        node = _rebuild(node, visit)
        if isinstance(node, Ref) and node.name in names:
            return dataclasses.replace(node, name=names[node.name])
        return node

    return visit(expr)
