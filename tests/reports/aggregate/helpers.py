"""Helpers for the aggregation tests: run the core on a folder, read a workbook back."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import Connection, select, update

from reports.aggregate import (
    RunResult,
    Summary,
    aggregate_paths,
    build_summary,
    open_store,
    trusted_fingerprints,
)
from reports.aggregate.pins import run_pins
from reports.aggregate.store import OFFICE_META

SHEETS_ZH = [
    "镇街汇总",
    "报送情况",
    "整改逾期",
    "学校",
    "问题明细",
    "按问题",
    "被拒文件",
    "已被取代",
]
SHEETS_EN = [
    "Districts", "Reporting", "Overdue", "Schools", "Findings", "By finding", "Rejected",
    "Superseded",
]  # fmt: skip


def run_and_summarise(
    paths: Iterable[Path],
    *,
    url: str | None = None,
    data_dir: Path,
    trust: Iterable[Path] = (),
    require_trust: bool = False,
    workers: int = 0,
) -> tuple[RunResult, Summary]:
    """One aggregation run over ``paths`` and the summary after it."""
    with open_store(url, data_dir=data_dir) as store:
        run = aggregate_paths(list(paths), store, workers=workers)
        summary = build_summary(
            store,
            trusted=trusted_fingerprints(list(trust), data_dir),
            require_trust=require_trust,
            failed=run.failed,
            pins=run_pins(list(trust), data_dir),
        )
    return run, summary


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """Every row of ``sheet`` in the workbook at ``path`` (header first), as values."""
    book = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()


def records(path: Path, sheet: str) -> list[dict[str, Any]]:
    """The rows of ``sheet`` as dicts keyed by the header."""
    header, *rows = sheet_rows(path, sheet)
    # A row whose last cells are empty may come back shorter than the header.
    return [
        dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True)) for row in rows
    ]


# When this office received a file: two stores filled at different moments differ there.
RECEIPT_HEADERS = ("收到时间", "Received")


def all_cells(path: Path, *, receipts: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows, for comparing two workbooks cell by cell (without the receipt
    times unless ``receipts``)."""
    book = load_workbook(path, read_only=True)
    try:
        sheets = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    finally:
        book.close()
    if receipts:
        return sheets
    for title, rows in sheets.items():
        if rows and (drop := [i for i, h in enumerate(rows[0]) if h in RECEIPT_HEADERS]):
            sheets[title] = [tuple(v for i, v in enumerate(r) if i not in drop) for r in rows]
    return sheets


def schema_version(s: Connection) -> str | None:
    """The schema version the store records."""
    meta = OFFICE_META.c
    found: str | None = s.scalar(select(meta.value).where(meta.key == "schema_version"))
    return found


def set_schema_version(s: Connection, value: str) -> None:
    """Record ``value`` as the store's schema version (as an older or newer program left it)."""
    meta = OFFICE_META.c
    s.execute(update(OFFICE_META).where(meta.key == "schema_version").values(value=value))
