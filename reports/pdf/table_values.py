"""The rows of a table item as the report shows them: chosen columns, calculated cells, masked IDs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from checklists import expr as ex
from checklists.answers import SCHOOL_FIELDS, AnswersDocument
from checklists.foundation.errors import ExpressionError
from checklists.model import Checklist, Item

# Tables whose report shows chosen columns rather than all of them (derived values first-class).
TAILORED_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("guards", "guards"): (
        "name",
        "id_number",
        "age",
        "hire_date",
        "on_guard_post",
        "assessment_date",
        "assessment_passed",
        "licence_no",
    ),
}


def report_columns(checklist: Checklist, table: Item) -> tuple[Item, ...]:
    """The columns the report shows for ``table``: a tailored choice, else every column."""
    chosen = TAILORED_COLUMNS.get((checklist.id, table.id))
    if chosen is not None:
        by_id = {c.id: c for c in table.columns}
        return tuple(by_id[c] for c in chosen if c in by_id)
    return table.columns


@dataclass
class _RowScope:
    """An expression scope over one row: its cells, its calculations, then the checklist's names."""

    row: Mapping[str, Any]
    calcs: Mapping[str, tuple[ex.Compiled | None, ex.Compiled]]
    defaults: Mapping[str, Any]
    outer: Mapping[str, Any]
    reference_date: date
    current: Any = None

    def __post_init__(self) -> None:
        self.cache: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """The value of ``${name}``: a cell, a calculation, a default, or a checklist-level name."""
        if name in self.row:
            return self.row[name]
        if name in self.cache:
            return self.cache[name]
        if name in self.calcs:
            relevant, calculate = self.calcs[name]
            value = None if relevant is not None and relevant(self) is not True else calculate(self)
            self.cache[name] = value
            return value
        if name in self.defaults:
            return self.defaults[name]
        return self.outer[name]


def outer_names(checklist: Checklist, document: AnswersDocument) -> dict[str, Any]:
    """Names a row calculation may use outside its row: constants, school profile, answers."""
    names: dict[str, Any] = dict(checklist.constants)
    names.update({f"school.{f}": getattr(document.school, f) for f in SCHOOL_FIELDS})
    names["reference_date"] = document.reference_date
    names.update(document.checklists.get(checklist.id, {}))
    return names


def table_rows(
    checklist: Checklist, table: Item, document: AnswersDocument
) -> list[dict[str, Any]]:
    """Every row of ``table`` with its calculated columns filled in (None where they cannot be)."""
    raw_rows = document.checklists.get(checklist.id, {}).get(table.id) or ()
    calcs = {
        c.id: (ex.compile_expr(c.relevant) if c.relevant else None, ex.compile_expr(c.calculate))
        for c in table.columns
        if c.calculate is not None
    }
    # Every entered column has a value in a row scope, None when the cell is empty (as in the
    # evaluator); a missing key would otherwise fall through to a checklist-level name.
    defaults = {c.id: c.default for c in table.columns if c.calculate is None}
    outer = outer_names(checklist, document)
    rows = []
    for raw in raw_rows:
        scope = _RowScope(raw, calcs, defaults, outer, document.reference_date)
        row = {**{k: v for k, v in defaults.items() if v is not None}, **raw}
        for name in calcs:
            row[name] = _calculated(scope, name)
        rows.append(row)
    return rows


def _calculated(scope: _RowScope, name: str) -> Any:
    # A row that cannot be calculated (e.g. no birth date) shows an empty cell; the evaluator
    # reports the missing data as a finding of its own.
    try:
        return scope.get(name)
    except (ExpressionError, KeyError, ValueError, TypeError):
        return None
