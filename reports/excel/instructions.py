"""The instructions sheet of a template: how to fill it in and what each column takes (Chinese, then English)."""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from checklists.model import Checklist, Item
from checklists.source_names import human_sources
from reports.excel.columns import calculated_columns, header_label, importable_columns
from reports.excel.sheets import HEADER_FILL, HEADER_FONT, WRAP, set_widths

TYPE_NAMES = {
    "text": ("文本", "text"),
    "id_number": ("公民身份号码（文本）", "citizen ID number (text)"),
    "date": ("日期", "date"),
    "yes_no": ("是/否", "yes/no"),
    "integer": ("整数", "whole number"),
    "decimal": ("数字", "number"),
    "single_choice": ("单选", "one choice"),
    "multi_choice": ("多选", "several choices"),
}

NOTES_ZH = (
    "每行填写一条记录；第一行是表头，列名请勿修改，列的顺序可以调整，多余的列导入时会被忽略并提示。",
    "橙色底纹的列为必填列，每行都要填写。",
    "日期：使用日期格式的单元格，或写作 2021-03-01、2021/3/1、2021年3月1日、20210301。",
    "是/否：填“是”或“否”（也可写 Y/N、true/false、1/0、√/×）。",
    "公民身份号码列已设为“文本”格式，请勿改成数字格式：否则 Excel 会把18位号码变成 4.41900197001E+17，"
    "最后几位永久丢失。从别的表格复制时，请先确认本列为文本格式，再用“选择性粘贴 → 数值”。",
    "导入时只要有一处错误，整个文件都不会导入，并一次列出全部错误（工作表、行、列、值、原因）；"
    "导入成功后，将替换该表格现有的全部行，并记入修改历史。",
    "最多 {rows} 行数据；每个单元格不超过 {chars} 字。",
)
NOTES_EN = (
    "One record per row; row 1 is the header. Do not rename the headers; columns may be reordered, "
    "extra columns are ignored with a warning.",
    "Columns shaded orange are required in every row.",
    "Dates: a date-formatted cell, or text such as 2021-03-01, 2021/3/1, 2021年3月1日 or 20210301.",
    "Yes/no: 是 or 否 (also Y/N, yes/no, true/false, 1/0, √/×).",
    "The ID number column is formatted as Text. Do not change it to a number format: Excel would turn "
    "an 18-digit number into 4.41900197001E+17 and lose the last digits for good. When copying from "
    "another sheet, check the column is Text and use Paste Special → Values.",
    "One error anywhere and nothing is imported; every error is listed at once (sheet, row, column, "
    "value, reason). A successful import replaces all rows of the table and is recorded in the history.",
    "At most {rows} data rows; at most {chars} characters per cell.",
)


def type_name(column: Item, lang: str) -> str:
    """The column type in words."""
    zh, en = TYPE_NAMES.get(column.type, (column.type, column.type))
    return en if lang == "en" else zh


def allowed_values(column: Item, lang: str) -> str:
    """What a cell of ``column`` may hold, in words, with the other words the checklist accepts."""
    from reports.excel.synonyms import value_alias_text

    text = _allowed_values(column, lang)
    extra = value_alias_text(column, lang)
    if extra:
        text = f"{text}（{extra}）" if lang == "zh" else f"{text} ({extra})"
    return text


def _allowed_values(column: Item, lang: str) -> str:
    zh = lang == "zh"
    kind = column.type
    if kind == "yes_no":
        na = ("、不适用" if zh else ", n/a") if column.allow_na else ""
        return f"是、否{na}" if zh else f"是/否 or yes/no{na}"
    if kind in ("single_choice", "multi_choice"):
        sep = "、" if zh else "; "
        text = sep.join(c.label.get(lang) for c in column.choices)
        return text + (
            ("（可多选，用“、”分隔）" if zh else " (several: separate with ';')")
            if kind == "multi_choice"
            else ""
        )
    if kind == "date":
        return (
            "2021-03-01、2021/3/1、2021年3月1日、20210301"
            if zh
            else "2021-03-01, 2021/3/1, 2021年3月1日, 20210301"
        )
    if kind == "id_number":
        return "18位，最后一位可为 X" if zh else "18 characters, the last may be X"
    if kind in ("integer", "decimal"):
        return _bounds(column, zh)
    return ""


def _bounds(column: Item, zh: bool) -> str:
    parts = []
    if column.min is not None:
        parts.append(f"≥ {column.min:g}")
    if column.max is not None:
        parts.append(f"≤ {column.max:g}")
    unit = f" {column.unit}" if column.unit else ""
    if not parts:
        return unit.strip()
    return ("，" if zh else ", ").join(parts) + unit


def write_instructions(ws: Worksheet, checklist: Checklist, table: Item, lang: str = "zh") -> None:
    """Fill ``ws`` with the Chinese instructions, then the English ones below."""
    from reports.excel.rows import MAX_CELL_CHARS
    from reports.excel.table_import import MAX_DATA_ROWS

    widths: list[list[object]] = [[], [], [], [], [], []]
    limits = {"rows": f"{MAX_DATA_ROWS:,}", "chars": f"{MAX_CELL_CHARS:,}"}
    for block in ("zh", "en"):
        _block(ws, checklist, table, block, lang, widths, limits)
        ws.append([])
        ws.append([])
    set_widths(ws, [w[:40] for w in widths])
    ws.column_dimensions["F"].width = 80
    for row in ws.iter_rows(min_col=6, max_col=6):
        row[0].alignment = WRAP


def _block(
    ws: Worksheet,
    checklist: Checklist,
    table: Item,
    block: str,
    header_lang: str,
    widths: list[list[object]],
    limits: dict[str, str],
) -> None:
    zh = block == "zh"
    title = (
        f"《{table.label.zh}》导入模板填写说明（{checklist.title.zh}）"
        if zh
        else (f"How to fill in the '{table.label.en}' import template ({checklist.title.en})")
    )
    ws.append([title])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=13)
    if table.help:
        ws.append([human_sources(table.help.get(block), block)])
    for number, note in enumerate(NOTES_ZH if zh else NOTES_EN, start=1):
        ws.append([f"{number}. {note.format(**limits)}"])
    calculated = calculated_columns(table)
    if calculated:
        names = ("、" if zh else ", ").join(c.label.get(block) for c in calculated)
        ws.append(
            [
                f"{len(NOTES_ZH) + 1}. "
                + (
                    f"以下各项由程序计算，模板中没有这些列：{names}。"
                    if zh
                    else f"Calculated by the app, so not in the template: {names}."
                )
            ]
        )
    ws.append([])
    heads = (
        ["列名", "列代码", "必填", "类型", "可填写的值", "说明"]
        if zh
        else ["Column", "Id", "Required", "Type", "Allowed values", "Help"]
    )
    ws.append(heads)
    for index in range(1, len(heads) + 1):
        cell = ws.cell(row=ws.max_row, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for column in importable_columns(table):
        required = ("是" if zh else "yes") if column.required else ("否" if zh else "no")
        from reports.excel.synonyms import header_alias_text

        help_text = " ".join(
            t
            for t in (
                header_alias_text(column, block),
                human_sources(column.help.get(block), block) if column.help else "",
            )
            if t
        )
        row = [
            _column_name(column, block, header_lang),
            column.id,
            required,
            type_name(column, block),
            allowed_values(column, block),
            help_text,
        ]
        ws.append(row)
        for values, value in zip(widths, row[:5], strict=False):
            values.append(value)


def _column_name(column: Item, block: str, header_lang: str) -> str:
    """The header as written in the sheet; the English block adds the English label when they differ."""
    in_sheet = header_label(column, header_lang)
    if block == "zh" or header_lang == "en":
        return in_sheet
    return f"{header_label(column, 'en')} — {in_sheet}"
