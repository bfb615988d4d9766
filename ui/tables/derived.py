"""Read-only cells of a table: the definition's calculated columns (by the core) and masked ID numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from checklists.answers import AnswersDocument, School
from checklists.idnumber import mask_id_number
from checklists.model import Checklist, Item
from ui.tables.columns import CALCULATED, MASKED, TableColumn


class DerivedCells:
    """Computes the read-only cells of rows: calculated columns and masked ID numbers.

    The calculations are the core's (reports.pdf.table_values, the same values the PDF report
    prints), so the screen never holds a second copy of the expression logic.
    """

    def __init__(
        self,
        checklist: Checklist,
        table: Item,
        columns: Sequence[TableColumn],
        school: School,
        reference_date: date,
    ) -> None:
        self.checklist = checklist
        self.table = table
        self.school = school
        self.reference_date = reference_date
        self.calculated = [c for c in columns if c.kind == CALCULATED]
        self.masked = [c for c in columns if c.kind == MASKED]
        self.outer_items = _outer_items(checklist, table, self.calculated)

    def compute(
        self, rows: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """The derived cells of ``rows`` (column id → value); ``answers`` are the checklist's other answers."""
        out: list[dict[str, Any]] = [{} for _ in rows]
        if self.calculated and rows:
            from reports.pdf.table_values import table_rows

            values = {**answers, self.table.id: tuple(rows)}
            doc = AnswersDocument(self.school, "", self.reference_date, {self.checklist.id: values})
            for cells, full in zip(out, table_rows(self.checklist, self.table, doc), strict=True):
                cells.update({c.id: full.get(c.id) for c in self.calculated})
        for cells, row in zip(out, rows, strict=True):
            for column in self.masked:
                raw = row.get(column.item.id)
                cells[column.id] = mask_id_number(raw) if isinstance(raw, str) else None
        return out


def _outer_items(
    checklist: Checklist, table: Item, calculated: Sequence[TableColumn]
) -> frozenset[str]:
    """The checklist items the calculated columns read (a change to one recomputes them)."""
    from checklists.expr import references

    names: set[str] = set()
    for column in calculated:
        for expression in (column.item.calculate, column.item.relevant):
            if expression is not None:
                names |= references(expression)
    items = {i.id for i in checklist.items()}
    return frozenset(names & items - {table.id})
