"""Importing one checklist table from an .xlsx file: all rows valid, or an ImportRejected listing every problem."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.workbook.workbook import Workbook

from checklists.model import Checklist, Item
from reports.excel.columns import META_SHEET, SheetMeta, normalize_header, parse_meta, table_item
from reports.excel.formulas import uncached_formulas
from reports.excel.headers import HEADER_SEARCH_ROWS, choose_sheet
from reports.excel.legacy import is_legacy, read_legacy_table
from reports.excel.problems import ImportProblem, ImportRejected, file_problem
from reports.excel.rows import RowReader
from reports.excel.safety import check_xlsx
from reports.excel.synonyms import log_header_aliases
from reports.excel.table_import import (
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    MAX_META_ROWS,
    MAX_SHEET_ROWS,
    TableImport,
    header_of,
    refuse_masked,
    too_many_sheet_rows,
)


def read_table(
    path: Path, checklist: Checklist, table_id: str, *, max_rows: int = MAX_DATA_ROWS
) -> TableImport:
    """Read, convert and check every row of table ``table_id`` from the workbook at ``path``.

    Nothing is stored here. Any problem — an unsafe or damaged file, a missing required
    column, one bad cell — raises :class:`ImportRejected` with every problem found; reading
    stops at ``max_rows`` data rows.
    """
    if is_legacy(path):
        return read_legacy_table(path, checklist, table_id, max_rows=max_rows)
    table = table_item(checklist, table_id)
    facts = check_xlsx(path)
    with _workbook(path) as wb:
        meta = _read_meta(wb, path.name)
        sheet, hidden = _choose_visible(wb, meta, checklist, table)
        info = meta.get(sheet)
        refuse_masked(sheet, info, table)
        ws = wb[sheet]
        head = list(
            _guarded(
                ws.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS, values_only=True),
                path.name,
            )
        )
        header = header_of(sheet, head, table, info)
        last = max(m.position for m in header.columns) + 1
        formulas = _formulas(path, sheet, last) if facts.has_formulas else {}
        reader = RowReader(sheet, header.columns, formulas, max_rows)
        log_header_aliases(reader.log, header.columns)
        rows = ws.iter_rows(
            min_row=header.row + 1, max_row=MAX_SHEET_ROWS + 1, max_col=last, values_only=True
        )
        for number, values in enumerate(_guarded(rows, path.name), start=header.row + 1):
            if number > MAX_SHEET_ROWS:
                raise too_many_sheet_rows(sheet)
            reader.add(number, values)
    if reader.problems:
        raise ImportRejected(reader.problems)
    if not reader.rows:
        raise file_problem(
            f"工作表“{sheet}”在表头下没有数据行，未导入（如需清空表格请在程序中删除各行）",
            f"Sheet '{sheet}' has no data rows below the header; nothing imported "
            "(to empty the table, delete its rows in the app)",
        )
    ids = tuple(m.column.id for m in header.columns)
    warnings = (*hidden, *header.warnings, *reader.warnings)
    return TableImport(
        checklist.id, table.id, sheet, ids, tuple(reader.rows), warnings, reader.log.readings()
    )


def _choose_visible(
    wb: Workbook, meta: dict[str, SheetMeta], checklist: Checklist, table: Item
) -> tuple[str, list[ImportProblem]]:
    """The sheet to import, chosen among the visible ones; each hidden sheet is a warning.

    A hidden sheet named like the table beside a visible decoy is how a file shows one thing
    and imports another: hidden sheets are only read when no sheet is visible, and are always
    named in the warnings. The app's own very hidden meta sheet is not data and not reported.
    """
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    hidden = [n for n in wb.sheetnames if n != META_SHEET and states.get(n, "visible") != "visible"]
    visible = [n for n in wb.sheetnames if n not in hidden]
    usable = visible if any(n != META_SHEET for n in visible) else wb.sheetnames
    try:
        sheet = choose_sheet(usable, meta, checklist, table)
    except ImportRejected:
        found = [n for n in hidden if _names_table(n, meta, checklist, table)]
        if not found:
            raise
        raise file_problem(  # the table is there, only hidden: say so, not "another table"
            f"表格所在的工作表“{found[0]}”是隐藏的，未导入；请在 Excel 中取消隐藏后再导入",
            f"The table's sheet '{found[0]}' is hidden and was not imported; unhide it in Excel "
            "and import again",
        ) from None
    notes = [
        ImportProblem(
            name,
            None,
            None,
            "",
            "此工作表是隐藏的，已导入（工作簿中没有可见的工作表）"
            if name == sheet
            else "此工作表是隐藏的，未导入；如需导入，请在 Excel 中取消隐藏",
            "this sheet is hidden and was imported (the workbook has no visible sheet)"
            if name == sheet
            else "this sheet is hidden and was not imported; unhide it in Excel to import it",
        )
        for name in hidden
    ]
    return sheet, notes


def _names_table(name: str, meta: dict[str, SheetMeta], checklist: Checklist, table: Item) -> bool:
    """Whether sheet ``name`` is the table's (by the meta sheet, or by its name)."""
    info = meta.get(name)
    if info is not None:
        return (info.checklist, info.table) == (checklist.id, table.id)
    wanted = {normalize_header(t) for t in (table.id, table.label.zh, table.label.en)}
    return normalize_header(name) in wanted


@contextmanager
def _workbook(path: Path) -> Iterator[Workbook]:
    with warnings.catch_warnings():
        # openpyxl warns about unsupported extensions and odd dates; the import reports its own.
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except MemoryError:
            raise
        except Exception as exc:  # openpyxl's errors for damaged parts have no common base
            raise _damaged(path.name, exc) from exc
        try:
            yield wb
        finally:
            wb.close()


def _guarded(rows: Iterator[tuple[object, ...]], name: str) -> Iterator[tuple[object, ...]]:
    """openpyxl's row iterator, with failures on damaged XML turned into ImportRejected
    naming the file ``name``."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except MemoryError:
            raise
        except Exception as exc:  # a damaged or hostile sheet part; see _workbook
            raise _damaged(name, exc) from exc
        yield row


def _caused_by_defusedxml(exc: BaseException | None) -> bool:
    """True when defusedxml refused the XML somewhere down the chain (openpyxl re-wraps it)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _damaged(name: str, exc: Exception) -> ImportRejected:
    if _caused_by_defusedxml(exc):
        return file_problem(
            "文件含有 XML 实体或 DTD 声明，可能是恶意文件，拒绝读取",
            "The file contains XML entity or DTD declarations; it may be malicious and will not be read",
        )
    detail = f"{type(exc).__name__}: {str(exc)[:200]}"
    return file_problem(
        f"无法读取 Excel 文件{name}，文件可能已损坏（{detail}）。请在 Excel 中打开并另存为 .xlsx 后重试",
        f"Cannot read the Excel file {name}; it may be damaged ({detail}). Open it in Excel, "
        "save it as .xlsx and try again",
    )


def _formulas(path: Path, sheet: str, last_column: int) -> dict[tuple[int, int], str]:
    try:
        return uncached_formulas(path, sheet, MAX_SHEET_ROWS + 1, last_column)
    except MemoryError:
        raise
    except Exception as exc:  # damaged sheet XML or zip data; see _workbook
        raise _damaged(path.name, exc) from exc


def _read_meta(wb: Workbook, name: str) -> dict[str, SheetMeta]:
    if META_SHEET not in wb.sheetnames:
        return {}
    rows = wb[META_SHEET].iter_rows(max_row=MAX_META_ROWS, max_col=5, values_only=True)
    return parse_meta(_guarded(rows, name))
