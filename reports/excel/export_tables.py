"""Table sheets of an export: one row per table row, failing cells red, findings beside each row.

They use the template's header scheme, so an export made with full ID numbers imports back.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from checklists.idnumber import mask_ids_in
from checklists.model import Item
from checklists.results import ChecklistResult, Finding
from checklists.terms import SEVERITY, t, term
from reports.excel.columns import EXPORT_ONLY, header_label, importable_columns
from reports.excel.sheets import FAIL_FILL, WRAP, add_filter, set_widths, write_header
from reports.excel.values import raw_to_cell

FIRST_DATA_ROW = 2


def findings_by_row(result: ChecklistResult, table: Item) -> dict[int, list[Finding]]:
    """The table's findings grouped by 0-based row index."""
    grouped: dict[int, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.item == table.id and finding.row is not None:
            grouped[finding.row].append(finding)
    return grouped


def failing_cells(result: ChecklistResult, table: Item) -> set[tuple[int, str]]:
    """(row, column id) of every cell a finding names or a constraint rejects."""
    cells = {
        (f.row, c)
        for f in result.findings
        if f.item == table.id and f.row is not None
        for c in f.columns
    }
    with contextlib.suppress(KeyError):  # the table was not evaluated
        cells.update(result.item(table.id).invalid_cells)
    return {(row, column) for row, column in cells if row is not None}


def write_table_sheet(
    ws: Worksheet,
    table: Item,
    rows: Sequence[Mapping[str, Any]],
    result: ChecklistResult | None,
    lang: str,
    full_ids: bool,
) -> list[tuple[str, str]]:
    """Fill ``ws`` with the table; returns the header → column id pairs (findings column: export only)."""
    columns = importable_columns(table)
    labels = [header_label(c, lang) for c in columns]
    findings_label = t(lang, "发现问题", "Findings")
    by_row = findings_by_row(result, table) if result else {}
    failing = failing_cells(result, table) if result else set()
    widths: list[list[object]] = [[label] for label in [*labels, findings_label]]
    for index, row in enumerate(rows):
        excel_row = FIRST_DATA_ROW + index
        for position, column in enumerate(columns, start=1):
            value, fmt = raw_to_cell(column, row.get(column.id), lang, full_ids)
            cell = ws.cell(row=excel_row, column=position, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if fmt:
                cell.number_format = fmt
            if (index, column.id) in failing:
                cell.fill = FAIL_FILL
            widths[position - 1].append(value if fmt != "yyyy-mm-dd" else "2021-03-01")
        found = by_row.get(index)
        if found:
            text = "\n".join(
                f"[{term(SEVERITY, f.severity, lang)}] {f.message.get(lang)}" for f in found
            )
            if not full_ids:  # a message may quote an ID number through a placeholder
                text = str(mask_ids_in(text))
            cell = ws.cell(row=excel_row, column=len(columns) + 1, value=text)
            cell.fill, cell.alignment = FAIL_FILL, WRAP
            widths[-1].append(text)
    write_header(ws, [*labels, findings_label], [c.required for c in columns])
    add_filter(ws, len(labels) + 1)
    set_widths(ws, widths)
    return [
        *((label, c.id) for label, c in zip(labels, columns, strict=True)),
        (findings_label, EXPORT_ONLY),
    ]
