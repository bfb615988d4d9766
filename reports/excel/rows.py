"""Turning sheet rows into table rows: blanks skipped, each cell converted, then checked by check_value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from checklists.answers import MAX_TEXT, check_value
from checklists.foundation import limits
from checklists.idnumber import mask_id_number
from checklists.model import Item
from reports.excel.headers import MappedColumn
from reports.excel.problems import ImportProblem, ImportRejected
from reports.excel.synonyms import ReadingLog, alias_target
from reports.excel.values import EXCEL_ERRORS, cell_to_raw, excel_number_text
from reports.fonts import describe_character, missing_characters

MAX_CELL_CHARS = limits.MAX_TEXT_LENGTH
_SHOWN_CHARS = 40
_WORDS_KEPT = 256  # distinct words remembered per column (a yes/no column has a handful)


def shown(value: object) -> str:
    """A cell value as a problem shows it: short, numbers as Excel shows them."""
    if isinstance(value, float):
        return excel_number_text(value)
    text = str(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


_GENERAL = object()  # a cell a shortcut leaves to the general reading


def _text_shortcut(column: Item) -> Callable[[object], Any] | None:
    """The reading of a usual cell of a text or ID number column, or None when the column
    needs the general one: text kept without its surrounding spaces, as ``cell_to_raw`` and
    ``check_value`` keep it; anything else (blank, too long, an Excel error, a masked
    number, not text) is ``_GENERAL``."""
    if column.value_aliases or not column.answerable or column.is_table:
        return None
    if column.type == "text":

        def text(value: object) -> Any:
            if type(value) is str and len(value) <= MAX_CELL_CHARS:
                kept = value.strip()
                if kept and len(kept) <= MAX_TEXT and kept not in EXCEL_ERRORS:
                    return kept
            return _GENERAL

        return text
    if column.type == "id_number":

        def id_number(value: object) -> Any:
            if type(value) is str and len(value) <= MAX_CELL_CHARS:
                kept = value.strip()
                if kept and len(kept) <= MAX_TEXT and "*" not in kept and kept not in EXCEL_ERRORS:
                    return kept
            return _GENERAL

        return id_number
    if column.type == "date":

        def day(value: object) -> Any:
            if type(value) is datetime:
                if not (value.hour or value.minute or value.second or value.microsecond):
                    return value.date()
            elif type(value) is date:
                return value
            return _GENERAL

        return day
    return None


class RowReader:
    """Collects the rows of one sheet and every problem in them.

    A cell is read once per kind of column: the usual text, ID number and date cells by a
    shortcut (``_text_shortcut``), a word already read in the same column (是, 否, a choice)
    from what it gave the first time, everything else by ``_cell``. All three give the same
    row, problems and readings.
    """

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
        self._warnings: list[ImportProblem] = []  # e.g. characters the bundled font lacks
        self._unlooked: list[tuple[int, list[object]]] = []  # rows whose font is not looked at
        self.log = ReadingLog()  # the checklist's aliases used, for the import summary
        # Per column: the id, its shortcut, the words read in it, and whether an empty cell is
        # simply no answer (else the general reading names the problem).
        self._readers: list[
            tuple[MappedColumn, str, Callable[[object], Any] | None, dict[str, Any], bool]
        ] = [
            (
                m,
                m.column.id,
                self._shortcut(m.column),
                {},
                not (m.column.required and m.column.relevant is None),
            )
            for m in self.columns
        ]
        self._positions = [m.position for m in self.columns]
        self._last = max(self._positions, default=-1)

    def _shortcut(self, column: Item) -> Callable[[object], Any] | None:
        return _text_shortcut(column)

    def add(self, number: int, values: Sequence[object]) -> None:
        """Read sheet row ``number`` (1-based); blank rows are skipped."""
        width = len(values)
        if width > self._last:
            found = [values[p] for p in self._positions]
        else:
            found = [values[p] if p < width else None for p in self._positions]
        if all(_blank(v) for v in found) and not self._has_formula(number):
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
        plain = not self.formulas  # an empty cell is then no answer or a missing required one
        for (mapped, cid, shortcut, words, may_be_empty), value in zip(
            self._readers, found, strict=False
        ):
            if value is None:
                if plain and may_be_empty:
                    continue
            elif shortcut is not None:
                kept = shortcut(value)
                if kept is not _GENERAL:
                    row[cid] = kept
                    continue
            if type(value) is str:
                known = words.get(value)
                if known is not None:  # the same word in this column, read before
                    kept, target = known
                    if target is not None:
                        self.log.value(mapped.column, value, target)
                    row[cid] = kept
                    continue
            self._cell(number, mapped, value, row, words)
        self.rows.append(row)
        self._unlooked.append((number, found))

    @property
    def warnings(self) -> list[ImportProblem]:
        """Warnings on the rows read so far, in their order: each character of a text cell
        the bundled font cannot draw. The usual case is one look at the text of every row at
        once, not one per row."""
        if self._unlooked:
            unlooked, self._unlooked = self._unlooked, []
            text = "".join([v for _, found in unlooked for v in found if isinstance(v, str)])
            if missing_characters(text):
                for number, found in unlooked:
                    self._check_font(number, found)
        return self._warnings

    def _check_font(self, number: int, found: list[object]) -> None:
        """Warn (not refuse) for each character of a text cell the bundled font cannot draw."""
        texts = [value for value in found if isinstance(value, str)]
        if not missing_characters("".join(texts)):
            return  # the usual case: one look at the row's text, not one per cell
        for mapped, value in zip(self.columns, found, strict=True):
            if not isinstance(value, str):
                continue
            missing = missing_characters(value)
            for char in sorted(missing, key=value.index):
                self._warnings.append(
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

    def _cell(
        self,
        number: int,
        mapped: MappedColumn,
        value: object,
        row: dict[str, Any],
        words: dict[str, tuple[Any, str | None]] | None = None,
    ) -> None:
        """Read one cell into ``row``, or note its problems. A word read without a problem is
        kept in ``words`` (what it gave, and the alias target it was read through)."""
        column = mapped.column
        written = value
        target = None
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
            if words is not None and type(written) is str and len(words) < _WORDS_KEPT:
                words[written] = (normal, target)

    def _bad(self, number: int, mapped: MappedColumn, value: str, zh: str, en: str) -> None:
        if mapped.column.type == "id_number" and value:
            value = mask_id_number(value)  # whatever was written in the ID column
        self.problems.append(ImportProblem(self.sheet, number, mapped.name, value, zh, en))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
