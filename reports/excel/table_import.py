"""What importing a table gives, and the checks every sheet format shares (.xlsx, .xls, .ods):
the header row, exports with masked ID numbers, and the row limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checklists.foundation import limits
from checklists.model import Item
from reports.excel.columns import SheetMeta
from reports.excel.headers import HEADER_SEARCH_ROWS, HeaderMap, find_header, map_header
from reports.excel.problems import ImportProblem, ImportRejected, file_problem
from reports.excel.synonyms import Reading

MAX_DATA_ROWS = limits.MAX_TABLE_ROWS
MAX_SHEET_ROWS = limits.MAX_SHEET_ROWS  # rows scanned, blank ones included
MAX_COLUMNS = limits.MAX_SHEET_COLUMNS
MAX_META_ROWS = 2_000  # rows of the app's own meta sheet read at most


@dataclass(frozen=True)
class TableImport:
    """A parsed and validated table: rows keyed by column id with normalised values."""

    checklist: str
    table: str
    sheet: str
    columns: tuple[str, ...]  # the column ids the sheet provided
    rows: tuple[dict[str, Any], ...]
    warnings: tuple[ImportProblem, ...] = ()
    readings: tuple[Reading, ...] = ()  # headers and words read through the checklist's aliases


def refuse_masked(sheet: str, info: SheetMeta | None, table: Item) -> None:
    """Refuse a sheet exported with masked ID numbers: importing it would store the masks."""
    if info is not None and info.masked and any(c.type == "id_number" for c in table.columns):
        raise file_problem(
            f"工作表“{sheet}”来自隐藏了身份证号码的导出文件，不能导入；请用 export-xlsx --full-ids 重新导出",
            f"Sheet '{sheet}' comes from an export with masked ID numbers and cannot be imported; "
            "export again with export-xlsx --full-ids",
        )


def header_of(
    sheet: str, head: list[tuple[object, ...]], table: Item, info: SheetMeta | None
) -> HeaderMap:
    """The sheet's header row mapped to the table's columns; ImportRejected when none is found."""
    index = find_header(head, table)
    if index < 0:
        labels = "、".join(c.label.zh for c in table.columns if c.answerable)
        raise ImportRejected(
            [
                ImportProblem(
                    sheet,
                    None,
                    None,
                    "",
                    f"前 {HEADER_SEARCH_ROWS} 行中找不到表头：应有 {labels} 等列名",
                    f"No header row in the first {HEADER_SEARCH_ROWS} rows: expected column names such as "
                    + ", ".join(c.label.en for c in table.columns if c.answerable),
                )
            ]
        )
    header = map_header(sheet, index + 1, head[index], table, info)
    if header.problems:
        raise ImportRejected(header.problems)
    return header


def too_many_sheet_rows(sheet: str) -> ImportRejected:
    """The problem of a sheet that goes on beyond the rows scanned."""
    return ImportRejected(
        [
            ImportProblem(
                sheet,
                MAX_SHEET_ROWS + 1,
                None,
                "",
                f"工作表超过 {MAX_SHEET_ROWS} 行，停止读取：请删除数据下方多余的行，或分批导入",
                f"the sheet goes beyond row {MAX_SHEET_ROWS}; reading stopped. Delete unused rows below the data",
            )
        ]
    )
