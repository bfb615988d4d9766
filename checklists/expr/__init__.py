"""The checklist expression language (an XLSForm subset): parse, inspect, compile and evaluate.

Rules and skip logic of the checklists are written in it, e.g.
``${on_guard_post} and age(${birth}, today()) >= 56``. This module is the public face; the
work is done in nodes (the tree, canonical text), parser (tokenizer, parser), values
(operators and null semantics), functions (the functions) and compiler (the compiler).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from checklists.expr.compiler import compile_expr
from checklists.expr.nodes import (
    BINARY_PRECEDENCE,
    FUNCTIONS,
    Binary,
    Boolean,
    Call,
    Current,
    Expr,
    Neg,
    Number,
    Ref,
    String,
    functions_used,
    references,
    to_source,
)
from checklists.expr.parser import MAX_DEPTH, MAX_SOURCE_LENGTH, parse
from checklists.expr.values import Compiled, Scope, Value

__all__ = [
    "BINARY_PRECEDENCE",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_SOURCE_LENGTH",
    "Binary",
    "Boolean",
    "Call",
    "Compiled",
    "Current",
    "Expr",
    "MapScope",
    "Neg",
    "Number",
    "Ref",
    "Scope",
    "String",
    "Value",
    "compile_expr",
    "evaluate",
    "functions_used",
    "parse",
    "references",
    "to_source",
]


@dataclass
class MapScope:
    """A Scope over a mapping, for tests and simple callers.

    ``${a.b}`` is looked up as the key ``"a.b"`` first, then as a path through nested
    mappings; a step into a list of row mappings gives that column as a list.
    """

    values: Mapping[str, Any] = field(default_factory=dict)
    current: Value = None
    reference_date: date | None = None

    def get(self, name: str) -> Value:
        """The value of ``${name}``; KeyError when there is none."""
        try:
            return self.values[name]  # type: ignore[no-any-return]
        except KeyError:
            if "." not in name:
                raise
        head, *rest = name.split(".")
        value = self.values[head]
        for part in rest:
            if isinstance(value, Mapping):
                value = value[part]
            elif isinstance(value, list) and all(isinstance(row, Mapping) for row in value):
                value = [row.get(part) for row in value]
            else:
                raise KeyError(name)
        return value  # type: ignore[no-any-return]


def evaluate(source_or_expr: str | Expr, scope: Scope) -> Value:
    """Parse (if text), compile and evaluate in one call; compiled forms are cached."""
    if isinstance(source_or_expr, str):
        return _compiled_source(source_or_expr)(scope)
    return _compiled_expr(source_or_expr)(scope)


@functools.lru_cache(maxsize=1024)
def _compiled_source(source: str) -> Compiled:
    return compile_expr(parse(source), source=source)


@functools.lru_cache(maxsize=1024)
def _compiled_expr(expr: Expr) -> Compiled:
    return compile_expr(expr)
