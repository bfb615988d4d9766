"""Blank import templates for any checklist table, generated from the checklist definition."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from checklists.model import Checklist, Item
from reports.excel.columns import header_label, importable_columns, sheet_title, table_item
from reports.excel.instructions import write_instructions
from reports.excel.sheets import (
    add_filter,
    add_meta_sheet,
    save_atomically,
    set_widths,
    write_header,
)
from reports.excel.values import DATE_FORMAT, TEXT_FORMAT, yes_no_text

VALIDATED_ROWS = 20_000  # validations and formats cover this many data rows
STYLED_ROWS = 1_000  # cells pre-formatted one by one (the column style covers the rest)
LISTS_SHEET = "_lists"
_INLINE_LIST_MAX = 250  # Excel refuses inline lists longer than 255 characters
_PROMPT_MAX, _TITLE_MAX = 250, 32
_NUMBER_BOUND = 1e15


def build_template(checklist: Checklist, table_id: str, lang: str = "zh") -> Workbook:
    """A workbook with the table's header, formats and validations, and an instructions sheet."""
    table = table_item(checklist, table_id)
    columns = importable_columns(table)
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = sheet_title(table.label.get(lang))
    labels = [header_label(c, lang) for c in columns]
    write_header(ws, labels, [c.required for c in columns])
    add_filter(ws, len(labels))
    for index, column in enumerate(columns, start=1):
        _format_column(ws, index, column)
        _validate_column(wb, ws, index, column, lang)
    set_widths(
        ws, [[label, *_sample(c)] for label, c in zip(labels, columns, strict=True)], floor=12
    )
    write_instructions(
        wb.create_sheet(sheet_title("填写说明 Instructions")), checklist, table, lang
    )
    add_meta_sheet(
        wb,
        {
            ws.title: (
                checklist.id,
                table.id,
                False,
                [(label, c.id) for label, c in zip(labels, columns, strict=True)],
            )
        },
    )
    wb.active = 0
    return wb


def write_template(checklist: Checklist, table_id: str, path: Path, lang: str = "zh") -> None:
    """Write the template of ``checklist``'s table ``table_id`` to ``path`` (atomically)."""
    save_atomically(build_template(checklist, table_id, lang), path)


def _sample(column: Item) -> list[str]:
    if column.type == "date":
        return ["2021-03-01"]
    if column.type == "id_number":
        return ["441900197001010010"]
    return [c.label.zh for c in column.choices]


def _format_column(ws: Worksheet, index: int, column: Item) -> None:
    """Text columns as text ('@', so Excel keeps ID numbers whole), date columns as yyyy-mm-dd."""
    fmt = {"id_number": TEXT_FORMAT, "text": TEXT_FORMAT, "date": DATE_FORMAT}.get(column.type)
    if fmt is None:
        return
    letter = get_column_letter(index)
    ws.column_dimensions[letter].number_format = fmt
    for row in range(2, STYLED_ROWS + 2):
        ws.cell(row=row, column=index).number_format = fmt


def _validate_column(wb: Workbook, ws: Worksheet, index: int, column: Item, lang: str) -> None:
    validation = _validation(wb, column, lang)
    if validation is None:
        return
    letter = get_column_letter(index)
    validation.promptTitle = column.label.get(lang)[:_TITLE_MAX]
    validation.prompt = _prompt(column, lang)
    validation.showInputMessage = True
    validation.showErrorMessage = True
    validation.errorTitle = ("输入有误" if lang == "zh" else "Invalid entry")[:_TITLE_MAX]
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
    ws.add_data_validation(validation)


def _validation(wb: Workbook, column: Item, lang: str) -> DataValidation | None:
    kind = column.type
    if kind == "yes_no":
        words = [yes_no_text(True, lang), yes_no_text(False, lang)] + (
            [yes_no_text("na", lang)] if column.allow_na else []
        )
        return _list(
            wb, column, words, "请从列表中选择" if lang == "zh" else "Choose from the list"
        )
    if kind == "single_choice":
        return _list(
            wb,
            column,
            [c.label.get(lang) for c in column.choices],
            "请从列表中选择" if lang == "zh" else "Choose from the list",
        )
    if kind == "date":
        dv = DataValidation(
            type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)"
        )
        dv.error = (
            "请输入日期，例如 2021-03-01" if lang == "zh" else "Enter a date, e.g. 2021-03-01"
        )
        return dv
    if kind in ("integer", "decimal"):
        low = column.min if column.min is not None else -_NUMBER_BOUND
        high = column.max if column.max is not None else _NUMBER_BOUND
        dv = DataValidation(
            type="whole" if kind == "integer" else "decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
        )
        dv.error = _range_text(column, lang)
        return dv
    if kind == "id_number":
        dv = DataValidation(
            type="textLength", operator="equal", formula1="18", errorStyle="warning"
        )
        dv.error = (
            "公民身份号码应为18位" if lang == "zh" else "A citizen ID number has 18 characters"
        )
        return dv
    return None


def _list(wb: Workbook, column: Item, words: list[str], error: str) -> DataValidation:
    inline = ",".join(words)
    if len(inline) <= _INLINE_LIST_MAX and not any(("," in w or '"' in w) for w in words):
        dv = DataValidation(type="list", formula1=f'"{inline}"', allow_blank=True)
    else:
        dv = DataValidation(
            type="list", formula1=_list_range(wb, column.id, words), allow_blank=True
        )
    dv.error = error
    return dv


def _list_range(wb: Workbook, column_id: str, words: list[str]) -> str:
    """Long or comma-holding lists live on a very hidden sheet, one column per list."""
    if LISTS_SHEET in wb.sheetnames:
        ws = wb[LISTS_SHEET]
    else:
        ws = wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "veryHidden"
    index = sum(1 for cell in ws[1] if cell.value is not None) + 1
    ws.cell(row=1, column=index, value=column_id)
    for row, word in enumerate(words, start=2):
        ws.cell(row=row, column=index, value=word)
    letter = get_column_letter(index)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(words) + 1}"


def _range_text(column: Item, lang: str) -> str:
    whole = column.type == "integer"
    if lang == "zh":
        kind = "整数" if whole else "数字"
        low = f"不小于 {column.min:g}" if column.min is not None else ""
        high = f"不大于 {column.max:g}" if column.max is not None else ""
        return f"请输入{kind}" + (
            f"（{'，'.join(x for x in (low, high) if x)}）" if low or high else ""
        )
    kind = "a whole number" if whole else "a number"
    parts = [
        f"at least {column.min:g}" if column.min is not None else "",
        f"at most {column.max:g}" if column.max is not None else "",
    ]
    bounds = ", ".join(p for p in parts if p)
    return f"Enter {kind}" + (f" ({bounds})" if bounds else "")


def _prompt(column: Item, lang: str) -> str:
    text = column.help.get(lang) if column.help else ""
    if not text:
        text = (
            _range_text(column, lang)
            if column.type in ("integer", "decimal")
            else column.label.get(lang)
        )
    return text if len(text) <= _PROMPT_MAX else text[: _PROMPT_MAX - 1] + "…"
