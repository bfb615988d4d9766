"""Turning sheet rows into table rows: blanks skipped, each cell converted, then checked by check_value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checklists.answers import check_value
from checklists.foundation import limits
from checklists.idnumber import mask_id_number
from reports.excel.headers import MappedColumn
from reports.excel.problems import ImportProblem, ImportRejected
from reports.excel.synonyms import ReadingLog, alias_target
from reports.excel.values import cell_to_raw, excel_number_text
from reports.fonts import describe_character, missing_characters

MAX_CELL_CHARS = limits.MAX_TEXT_LENGTH
_SHOWN_CHARS = 40


def shown(value: object) -> str:
    """A cell value as a problem shows it: short, numbers as Excel shows them."""
    if isinstance(value, float):
        return excel_number_text(value)
    text = str(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


class RowReader:
    """Collects the rows of one sheet and every problem in them."""

    def __init__(
        self,
        sheet: str,
        columns: Sequence[MappedColumn],
        formulas: dict[tuple[int, int], str],
        max_rows: int,
    ) -> None:
        self.sheet = sheet
        self.columns = list(columns)
        self.formulas = formulas
        self.max_rows = max_rows
        self.rows: list[dict[str, Any]] = []
        self.problems: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []  # e.g. characters the bundled font lacks
        self.log = ReadingLog()  # the checklist's aliases used, for the import summary

    def add(self, number: int, values: Sequence[object]) -> None:
        """Read sheet row ``number`` (1-based); blank rows are skipped."""
        width = len(values)
        cells = [(m, values[m.position] if m.position < width else None) for m in self.columns]
        if all(_blank(v) for _, v in cells) and not self._has_formula(number):
            return
        if len(self.rows) >= self.max_rows:
            raise ImportRejected(
                [
                    ImportProblem(
                        self.sheet,
                        number,
                        None,
                        "",
                        f"数据超过 {self.max_rows} 行的上限，停止读取；请分成多个文件",
                        f"more than {self.max_rows} data rows (the limit); reading stopped. Split the file",
                    )
                ]
            )
        row: dict[str, Any] = {}
        for mapped, value in cells:
            self._cell(number, mapped, value, row)
        self.rows.append(row)
        self._check_font(number, cells)

    def _check_font(self, number: int, cells: list[tuple[MappedColumn, object]]) -> None:
        """Warn (not refuse) for each character of a text cell the bundled font cannot draw."""
        texts = [value for _, value in cells if isinstance(value, str)]
        if not missing_characters("".join(texts)):
            return  # the usual case: one look at the row's text, not one per cell
        for mapped, value in cells:
            if not isinstance(value, str):
                continue
            missing = missing_characters(value)
            for char in sorted(missing, key=value.index):
                self.warnings.append(
                    ImportProblem(
                        self.sheet,
                        number,
                        mapped.name,
                        shown(value),
                        f"内置字体缺字 {describe_character(char)}，界面和报告中将显示为带问号的方框",
                        f"the bundled font cannot draw {describe_character(char)}; "
                        "the app and the report show it as a box with a question mark",
                    )  # fmt: skip
                )

    def _has_formula(self, number: int) -> bool:
        return bool(self.formulas) and any(
            (number, m.position + 1) in self.formulas for m in self.columns
        )

    def _cell(self, number: int, mapped: MappedColumn, value: object, row: dict[str, Any]) -> None:
        column = mapped.column
        if _blank(value):
            formula = self.formulas.get((number, mapped.position + 1))
            if formula is not None:
                self._bad(
                    number,
                    mapped,
                    formula,
                    "公式没有保存计算结果：请在 Excel 中打开文件、保存后再导入，或把公式换成数值",
                    "the formula has no saved result: open and save the file in Excel, or replace the formula by its value",
                )
            elif column.required and column.relevant is None:
                # A column required only when relevant (e.g. the result once an assessment date
                # is given) is left to the evaluation, which marks such a row incomplete.
                self._bad(number, mapped, "", "必填项为空", "required, but empty")
            return
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            self._bad(
                number,
                mapped,
                shown(value),
                f"单元格内容过长（{len(value)} 字，上限 {MAX_CELL_CHARS} 字）",
                f"the cell is too long ({len(value)} characters, limit {MAX_CELL_CHARS})",
            )
            return
        if column.value_aliases:
            target = alias_target(column, value)
            if target is not None:
                self.log.value(column, str(value), target)
                value = target
        raw, problem = cell_to_raw(column, value)
        if problem is not None:
            self._bad(number, mapped, shown(value), *problem)
            return
        normal, problems = check_value(column, raw, column.id)
        for _, zh, en in problems:
            self._bad(number, mapped, shown(value), zh, en)
        if not problems and normal is not None:
            row[column.id] = normal

    def _bad(self, number: int, mapped: MappedColumn, value: str, zh: str, en: str) -> None:
        if mapped.column.type == "id_number" and value:
            value = mask_id_number(value)  # whatever was written in the ID column
        self.problems.append(ImportProblem(self.sheet, number, mapped.name, value, zh, en))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
