"""Cell values both ways: what people type in Excel → answer values, and answers → cells."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from checklists.answers import NA
from checklists.answers_json import number_problem
from checklists.dates import InvalidDate, parse_flexible_date
from checklists.foundation import limits
from checklists.idnumber import mask_id_number
from checklists.model import Item

Problem = tuple[str, str]  # (zh, en)

YES_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "t"})
NO_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "f"})
NA_WORDS = frozenset({"不适用", "na", "n/a"})
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
    }
)
_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_MULTI_SPLIT_RE = re.compile(r"[、;；\n]+")
_MULTI_SPLIT_COMMA_RE = re.compile(r"[、;；\n,，]+")
_SERIAL_DATE_DIGITS = 8  # 20210301 typed as a number


def yes_no_text(value: bool | str, lang: str = "zh") -> str:
    """How a yes/no answer is written in a cell (是/否, yes/no, 不适用/n/a)."""
    if value == NA:
        return "不适用" if lang == "zh" else "n/a"
    if lang == "en":
        return "yes" if value else "no"
    return "是" if value else "否"


def excel_number_text(value: float) -> str:
    """A number as Excel's General format shows a long one, e.g. 4.41900197001E+17."""
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e11:
        return str(int(value))
    return f"{value:.12G}"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _number_text(text: str) -> float | int | None:
    """A number typed as text ('1250', '1,250', '0.75', '３２０'), else None."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if _GROUPED_RE.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER_RE.fullmatch(cleaned):
        return None
    if "." not in cleaned and "e" not in cleaned.lower():
        return int(cleaned)  # exactly as written: 9007199254740993 is not rounded to a float
    number = float(cleaned)
    return number if math.isfinite(number) else None


def cell_to_raw(column: Item, value: object) -> tuple[Any, Problem | None]:
    """Turn one non-empty cell into the raw answer ``check_value`` expects, or a problem.

    The reasons are written for someone fixing the sheet in Excel; ranges, lengths and the
    final type check are left to ``check_value``.
    """
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        # openpyxl also reads a number in a date-formatted cell that is no date (20210301) as #VALUE!
        hint = (
            "，或日期格式单元格中的数字不是有效日期（例如 20210301 应写作 2021-03-01）"
            if value.strip() == "#VALUE!"
            else ""
        )
        hint_en = (
            ", or a date-formatted cell holds a number that is no date (write 20210301 as 2021-03-01)"
            if hint
            else ""
        )
        return None, (
            f"单元格显示 Excel 错误值 {value.strip()}：请先修正公式或改填数值{hint}",
            f"the cell shows the Excel error {value.strip()}: fix the formula or type the value{hint_en}",
        )
    converter = _CONVERTERS.get(column.type, _not_importable)
    return converter(column, value)


def _text(column: Item, value: object) -> tuple[Any, Problem | None]:
    if isinstance(value, str):
        return value.strip(), None
    if isinstance(value, bool):
        return yes_no_text(value), None
    if isinstance(value, int | float):
        return excel_number_text(value), None
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time() else value.isoformat(" ")), None
    if isinstance(value, date | time):
        return value.isoformat(), None
    return str(value), None


def _id_number(column: Item, value: object) -> tuple[Any, Problem | None]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None, (
            f"身份证号码被 Excel 存成了数字（{excel_number_text(value)}），后几位数字已经丢失。"
            "请把这一列的单元格格式设为“文本”，再重新输入完整号码（或在号码前加英文单引号 '）",
            f"Excel stored the ID number as a number ({excel_number_text(value)}), so its last digits "
            "are lost. Format the column as Text, then type the full numbers again (or start each with ').",
        )
    if isinstance(value, str):
        text = value.strip()
        if "*" in text:
            return None, (
                "身份证号码是打码后的形式（含 *），请使用带完整号码的导出文件（--full-ids）或原始名册",
                "the ID number is masked (contains *); use an export made with --full-ids or the original roster",
            )
        return text, None
    return None, ("身份证号码应为文本", "the ID number must be text")


def _date(column: Item, value: object) -> tuple[Any, Problem | None]:
    if isinstance(value, datetime):
        if value.time() != time():
            return None, (
                f"日期带有时间（{value.isoformat(' ')}），请只填日期",
                f"the date has a time of day ({value.isoformat(' ')}); enter the date only",
            )
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text: str | None = value if isinstance(value, str) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        digits = str(int(value))
        text = digits if len(digits) == _SERIAL_DATE_DIGITS else None
    if text is None:
        return None, (
            "应为日期（日期格式的单元格，或写作 2021-03-01、2021/3/1、2021年3月1日、20210301）",
            "must be a date (a date-formatted cell, or text such as 2021-03-01, 2021/3/1, 2021年3月1日, 20210301)",
        )
    try:
        return parse_flexible_date(text), None
    except InvalidDate as exc:
        return None, (exc.zh, exc.en)


def _yes_no(column: Item, value: object) -> tuple[Any, Problem | None]:
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value), None
    if isinstance(value, str):
        word = _fold(value)
        if word in YES_WORDS:
            return True, None
        if word in NO_WORDS:
            return False, None
        if column.allow_na and word in NA_WORDS:
            return NA, None
    na = "、不适用" if column.allow_na else ""
    na_en = ", n/a" if column.allow_na else ""
    return None, (
        f"应填 是 或 否{na}（也可写 Y/N、true/false、1/0、√/×）",
        f"must be 是 or 否 (yes/no{na_en}; also Y/N, true/false, 1/0, √/×)",
    )


def _number(column: Item, value: object) -> tuple[Any, Problem | None]:
    number: int | float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        digits = sum(ch.isdigit() for ch in value)
        if digits > limits.MAX_NUMBER_DIGITS:
            return None, (
                f"数字过长（{digits} 位，最多 {limits.MAX_NUMBER_DIGITS} 位）",
                f"number too long ({digits} digits; at most {limits.MAX_NUMBER_DIGITS})",
            )
        number = _number_text(value)
    if number is not None:
        # The answers document's limits on the value as stored (a decimal column keeps a float):
        # what import-table stores, export-json must be able to write.
        problem = number_problem(float(number) if column.type == "decimal" else number)
        return (None, problem) if problem else (number, None)
    if column.type == "integer":
        return None, ("应为整数", "must be a whole number")
    return None, ("应为数字", "must be a number")


def _match_choice(column: Item, text: str) -> str | None:
    word = _fold(text)
    for choice in column.choices:
        if word in (_fold(choice.value), _fold(choice.label.zh), _fold(choice.label.en)):
            return choice.value
    return None


def _choice_problem(column: Item) -> Problem:
    zh = "、".join(c.label.zh for c in column.choices)
    en = "; ".join(c.label.en for c in column.choices)
    if column.type == "multi_choice":
        return (
            f"应从以下选项中选择（多个用“、”分隔）：{zh}",
            f"must be chosen from (several separated by ';'): {en}",
        )
    return (f"应为以下之一：{zh}", f"must be one of: {en}")


def _single(column: Item, value: object) -> tuple[Any, Problem | None]:
    text = value if isinstance(value, str) else _text(column, value)[0]
    matched = _match_choice(column, str(text))
    return (matched, None) if matched is not None else (None, _choice_problem(column))


def _multi(column: Item, value: object) -> tuple[Any, Problem | None]:
    text = str(value if isinstance(value, str) else _text(column, value)[0])
    for splitter in (_MULTI_SPLIT_RE, _MULTI_SPLIT_COMMA_RE):
        parts = [p for p in splitter.split(text) if p.strip()]
        matched = [_match_choice(column, p) for p in parts]
        if parts and all(m is not None for m in matched):
            return matched, None
    return None, _choice_problem(column)


def _not_importable(column: Item, value: object) -> tuple[Any, Problem | None]:
    return None, ("此列不能从 Excel 导入", "this column cannot be imported from Excel")


_CONVERTERS = {
    "text": _text,
    "id_number": _id_number,
    "date": _date,
    "yes_no": _yes_no,
    "integer": _number,
    "decimal": _number,
    "single_choice": _single,
    "multi_choice": _multi,
}


def raw_to_cell(
    column: Item, value: Any, lang: str = "zh", full_ids: bool = False
) -> tuple[Any, str | None]:
    """The cell value and number format (or None) that shows an answer the way an import reads it."""
    if value is None:
        return None, TEXT_FORMAT if column.type == "id_number" else None
    kind = column.type
    if kind == "yes_no":
        return yes_no_text(value, lang), None
    if kind == "date":
        return value, DATE_FORMAT
    if kind == "id_number":
        return (str(value) if full_ids else mask_id_number(str(value))), TEXT_FORMAT
    if kind == "single_choice":
        return column.choice_label(str(value), lang), None
    if kind == "multi_choice":
        joiner = "、" if lang == "zh" else "; "
        return joiner.join(column.choice_label(str(v), lang) for v in value), None
    if isinstance(value, str):
        return clean_text(value), (TEXT_FORMAT if kind == "text" else None)
    if isinstance(value, timedelta):
        return str(value), None
    return value, None


def clean_text(text: str) -> str:
    """Text without the control characters an xlsx file cannot hold."""
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return cleaned
