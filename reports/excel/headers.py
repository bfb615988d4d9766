"""Finding the data sheet and its header row, and mapping headers to table columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from checklists.model import Checklist, Item
from reports.excel.columns import (
    EXPORT_ONLY,
    META_SHEET,
    SheetMeta,
    calculated_columns,
    header_keys,
    importable_columns,
    normalize_header,
)
from reports.excel.problems import ImportProblem, file_problem

HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in school rosters


@dataclass(frozen=True)
class MappedColumn:
    """A sheet column that feeds a table column: 0-based position, column, label as written."""

    position: int
    column: Item
    header: str

    @property
    def name(self) -> str:
        """How problems name the column: letter and header, e.g. 'B 公民身份号码'."""
        return f"{get_column_letter(self.position + 1)} {self.header}"


@dataclass
class HeaderMap:
    """The resolved header: its row number, the mapped columns, warnings and errors."""

    row: int
    columns: list[MappedColumn] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def choose_sheet(
    sheetnames: Sequence[str], meta: dict[str, SheetMeta], checklist: Checklist, table: Item
) -> str:
    """The sheet to import: the one the meta sheet assigns, one named after the table, or the first."""
    for name, info in meta.items():
        if (info.checklist, info.table) == (checklist.id, table.id) and name in sheetnames:
            return name
    wanted = {normalize_header(t) for t in (table.id, table.label.zh, table.label.en)}
    for name in sheetnames:
        if normalize_header(name) in wanted:
            return name
    if meta:
        other = ", ".join(f"{m.checklist}/{m.table}" for m in meta.values())
        raise file_problem(
            f"此文件是为其他表格制作的（{other}），不是 {checklist.id}/{table.id}",
            f"This file was made for another table ({other}), not {checklist.id}/{table.id}",
        )
    for name in sheetnames:
        if name != META_SHEET:
            return name
    raise file_problem("工作簿中没有工作表", "The workbook has no worksheet")


def _column_keys(table: Item) -> tuple[dict[str, Item], set[str]]:
    keys: dict[str, Item] = {}
    for column in importable_columns(table):
        for key in header_keys(column):
            keys.setdefault(key, column)
    calculated = {k for c in calculated_columns(table) for k in header_keys(c)}
    return keys, calculated


def find_header(rows: Sequence[tuple[object, ...]], table: Item) -> int:
    """0-based index, among the first rows, of the row that names the most table columns (-1: none)."""
    keys, _ = _column_keys(table)
    best, best_score = -1, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = len({keys[k].id for k in (_key(c) for c in row) if k in keys})
        if score > best_score:
            best, best_score = index, score
    return best


def _key(cell: object) -> str:
    return normalize_header(str(cell)) if cell is not None else ""


def map_header(
    sheet: str, row_number: int, cells: Sequence[object], table: Item, meta: SheetMeta | None
) -> HeaderMap:
    """Match each header cell to a column: by id, Chinese or English label, else the meta sheet."""
    keys, calculated = _column_keys(table)
    hints = meta.headers if meta else {}
    columns = {c.id: c for c in importable_columns(table)}
    out = HeaderMap(row_number)
    seen: dict[str, MappedColumn] = {}
    for position, cell in enumerate(cells):
        key = _key(cell)
        if not key:
            continue
        header = str(cell).strip()
        column = keys.get(key) or columns.get(hints.get(key, EXPORT_ONLY))
        if column is None:
            if hints.get(key) != EXPORT_ONLY:  # export-only columns are skipped silently
                out.warnings.append(
                    _unknown(sheet, row_number, position, header, key in calculated)
                )
            continue
        mapped = MappedColumn(position, column, header)
        if column.id in seen:
            out.problems.append(_duplicate(sheet, row_number, seen[column.id], mapped))
            continue
        seen[column.id] = mapped
        out.columns.append(mapped)
    for column in importable_columns(table):
        if column.required and column.relevant is None and column.id not in seen:
            out.problems.append(_missing(sheet, row_number, column))
    return out


def _unknown(sheet: str, row: int, position: int, header: str, calculated: bool) -> ImportProblem:
    name = f"{get_column_letter(position + 1)} {header}"
    if calculated:
        return ImportProblem(
            sheet,
            row,
            name,
            "",
            "此列由系统计算，导入时忽略",
            "this column is calculated by the app and is ignored",
        )
    return ImportProblem(
        sheet, row, name, "", "无法识别的列，导入时忽略", "unrecognised column, ignored"
    )


def _duplicate(sheet: str, row: int, first: MappedColumn, again: MappedColumn) -> ImportProblem:
    return ImportProblem(
        sheet,
        row,
        again.name,
        "",
        f"与 {first.name} 是同一列（{again.column.label.zh}），请删除其中一列",
        f"names the same column as {first.name} ({again.column.label.en}); delete one of them",
    )


def _missing(sheet: str, row: int, column: Item) -> ImportProblem:
    return ImportProblem(
        sheet,
        row,
        None,
        "",
        f"缺少必填列“{column.label.zh}”（表头可写中文名、英文名或列代码 {column.id}）",
        f"the required column '{column.label.en}' is missing (the header may be its Chinese or "
        f"English label or its id {column.id})",
    )
