"""What the evaluation says about each row of one table: its findings, invalid cells and errors, indexed once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from checklists.model import Item
from checklists.results import ChecklistResult, Finding
from ui.tables.texts import severity_text, worst


@dataclass(frozen=True)
class RowNotes:
    """The findings of one row, the cells its constraints reject, and values rules could not judge."""

    findings: tuple[Finding, ...] = ()
    invalid: tuple[str, ...] = ()  # column ids whose constraint fails
    errors: tuple[tuple[str, str, str], ...] = ()  # (rule code or column id, zh, en)

    @cached_property
    def severity(self) -> str | None:
        """The worst severity of the row's findings (a painted cell asks for it)."""
        return worst(tuple(f.severity for f in self.findings))

    def bad_columns(self) -> frozenset[str]:
        """Columns to show as failing: named by a finding, rejected by a constraint, or not judgeable."""
        return self._bad_columns

    @cached_property
    def _bad_columns(self) -> frozenset[str]:
        names = {c for f in self.findings for c in f.columns}
        names.update(self.invalid)
        names.update(where for where, _, _ in self.errors)
        return frozenset(names)

    def lines(self, table: Item, lang: str) -> list[str]:
        """The reasons, one line each, as the row's tooltip shows them."""
        out = [f"[{severity_text(f.severity)}] {f.message.get(lang)}" for f in self.findings]
        for column_id in self.invalid:
            out.append(_constraint_text(table, column_id, lang))
        out += [en if lang == "en" else zh for _, zh, en in self.errors]
        return out


EMPTY = RowNotes()


def index_notes(result: ChecklistResult, item_id: str) -> dict[int, RowNotes]:
    """Row index → its notes, for the rows the evaluation has anything to say about."""
    findings: dict[int, list[Finding]] = {}
    for f in result.findings:
        if f.item == item_id and f.row is not None:
            findings.setdefault(f.row, []).append(f)
    invalid: dict[int, list[str]] = {}
    errors: dict[int, list[tuple[str, str, str]]] = {}
    try:
        item_result = result.item(item_id)
    except KeyError:
        item_result = None
    if item_result is not None:
        for row, column in item_result.invalid_cells:
            invalid.setdefault(row, []).append(column)
        for row_index, where, zh, en in item_result.errors:
            if row_index is not None:
                errors.setdefault(row_index, []).append((where, zh, en))
    rows = set(findings) | set(invalid) | set(errors)
    return {
        r: RowNotes(tuple(findings.get(r, ())), tuple(invalid.get(r, ())), tuple(errors.get(r, ())))
        for r in rows
    }


def _constraint_text(table: Item, column_id: str, lang: str) -> str:
    try:
        column = table.column(column_id)
    except KeyError:
        return column_id
    if column.constraint_message is not None:
        return f"{column.label.get(lang)}: {column.constraint_message.get(lang)}"
    from PySide6.QtCore import QCoreApplication

    reason = QCoreApplication.translate("RowNotes", "不符合填写要求")
    return f"{column.label.get(lang)}: {reason}"
