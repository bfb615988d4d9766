"""Reading an old Excel 97–2003 ``.xls`` workbook (xlrd) into the same rows as an ``.xlsx``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from checklists.foundation.errors import DefinitionError

Collect = Callable[
    [Iterable[tuple[int, Sequence[object]]], str, str], list[tuple[int, tuple[object, ...]]]
]


def _unreadable(origin: str, exc: Exception) -> DefinitionError:
    return DefinitionError(
        [
            (
                origin,
                f"无法读取这个 .xls 工作簿（{exc}）；若它已加密，请在 Excel 中取消密码后另存为 .xlsx",
                f"cannot read this .xls workbook ({exc}); if it is encrypted, remove the password "
                "in Excel and save it as .xlsx",
            )
        ]
    )


def read_xls(
    data: bytes, origin: str, wanted: Sequence[str], collect: Collect
) -> tuple[dict[str, list[tuple[int, tuple[object, ...]]]], date | None]:
    """The sheets named in ``wanted`` (case-insensitive) as filled rows; the save date is unknown."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=_Silent())
    except Exception as exc:  # xlrd on a damaged or encrypted file: XLRDError, CompDocError, …
        raise _unreadable(origin, exc) from exc
    try:
        sheets: dict[str, list[tuple[int, tuple[object, ...]]]] = {}
        for index, name in enumerate(book.sheet_names()):
            key = name.strip().lower()
            if key not in wanted:
                sheets.setdefault("?" + name, [])
            elif key not in sheets:
                sheet = book.sheet_by_index(index)
                sheets[key] = collect(_rows(sheet, book.datemode), key, origin)
        return sheets, None
    except DefinitionError:
        raise
    except Exception as exc:
        raise _unreadable(origin, exc) from exc
    finally:
        book.release_resources()


def _rows(sheet: Any, datemode: int) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(row number, values); the reader stops at its row limit (an .xls has at most 65,536)."""
    import xlrd

    for r in range(sheet.nrows):
        yield r + 1, tuple(_value(cell, datemode, xlrd) for cell in sheet.row(r))


def _value(cell: Any, datemode: int, xlrd: Any) -> object:
    """A cell as openpyxl would give it: text, float, bool, datetime/date, or None."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        moment: datetime = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        return moment
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


class _Silent:
    """xlrd writes warnings to a log file; a checklist loader has no console to write to."""

    def write(self, _text: str) -> int:
        return 0
