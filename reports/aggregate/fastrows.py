"""Writing the rows of a write-only openpyxl sheet as SpreadsheetML text, fast.

openpyxl builds a Cell object and an lxml element for every value (~15 µs a cell); the
findings of 2,000 schools are ~600,000 cells. Here each row becomes one string: numbers as
``<v>``, text as inline strings (never formulas), dates as serial numbers with the date style
openpyxl registered for them. The header row, the styles, widths, filters, print setup and
charts stay openpyxl's: the rows are spliced into the sheet file openpyxl wrote, before
``</sheetData>``, when the sheet is closed.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_EPOCH = datetime(1899, 12, 30)
# Characters XML 1.0 cannot carry (openpyxl refuses them too): dropped from the text.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _escaped(text: str) -> str:
    """``text`` with &, < and > escaped for XML (most text has none: tested first, quickly)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_TEXTS_KEPT = 50_000
_ROWS_PER_WRITE = 500


def _text(value: str) -> str:
    """The inline-string XML of a text cell's value; its blanks at either end are marked to be
    kept (xml:space) as openpyxl marks them, only where there are any."""
    if not value.isprintable():
        value = _ILLEGAL.sub("", value)
    stripped = value.strip()
    if stripped and stripped != value:
        return f'<is><t xml:space="preserve">{_escaped(value)}</t></is>'
    return f"<is><t>{_escaped(value)}</t></is>"


class StyleIds:
    """The workbook's style ids for the few styles the rows use."""

    def __init__(self, ws: WriteOnlyWorksheet, day: str, moment: str) -> None:
        self.day = _style_id(ws, number_format=day)
        self.moment = _style_id(ws, number_format=moment)
        self.wrap = _style_id(ws, alignment=Alignment(wrap_text=True, vertical="top"))
        self.bold = _style_id(ws, font=Font(bold=True))


def _style_id(ws: WriteOnlyWorksheet, **style: Any) -> int:
    cell = WriteOnlyCell(ws, value=None)
    for name, value in style.items():
        setattr(cell, name, value)
    return int(cell.style_id)


class RowWriter:
    """Collects rows (from row 2 on) as text in a temporary file, then splices them in."""

    def __init__(self, ws: WriteOnlyWorksheet, styles: StyleIds, wrap: Sequence[bool]) -> None:
        self.ws = ws
        self.styles = styles
        self.wrap = list(wrap)
        self.letters = [get_column_letter(i + 1) for i in range(len(wrap))]
        # The style of a text cell per column, and per column the XML of the texts met already
        # from after the cell's row number to its end (the same titles, schools and words
        # recur on thousands of rows: a text cell is then three strings joined).
        self.text_styles = [f' s="{styles.wrap}"' if w else "" for w in self.wrap]
        self.heads = [f'<c r="{letter}' for letter in self.letters]
        self.tails: list[dict[str, str]] = [{} for _ in self.wrap]
        self.kept = 0  # texts in ``tails``, all columns together (at most _TEXTS_KEPT)
        self.count = 0
        handle, self.path = tempfile.mkstemp(prefix="campus-rows-", suffix=".xml")
        self.out: IO[bytes] = os.fdopen(handle, "wb")
        self.pending: list[str] = []  # rows not yet written out (a few hundred at a time)

    def add(self, values: Sequence[Any], *, bold: bool = False) -> None:
        """Write one row (strings, the commonest cells, take the short way)."""
        if len(values) != len(self.heads):
            raise ValueError(f"a row of {len(values)} cells for {len(self.heads)} columns")
        self.count += 1
        number = str(self.count + 1)  # after the header row
        if bold:
            self._add_bold(number, values)
            return
        heads, tails = self.heads, self.tails
        parts = ['<row r="', number, '">']
        column = -1
        for value in values:
            column += 1
            if value is None or value == "":
                continue
            if type(value) is str:
                known = tails[column]
                tail = known.get(value)
                if tail is None:
                    if self.kept >= _TEXTS_KEPT:
                        for kept in tails:
                            kept.clear()
                        self.kept = 0
                    self.kept += 1
                    style = self.text_styles[column]
                    tail = known[value] = f'" t="inlineStr"{style}>{_text(value)}</c>'
                parts += (heads[column], number, tail)
            else:
                parts.append(self._cell(f"{self.letters[column]}{number}", value, ""))
        parts.append("</row>")
        self._pend("".join(parts))

    def _add_bold(self, number: str, values: Sequence[Any]) -> None:
        bold = f' s="{self.styles.bold}"'
        parts = [f'<row r="{number}">']
        for letter, value in zip(self.letters, values, strict=True):
            if value is None or value == "":
                continue
            if type(value) is str:
                parts.append(f'<c r="{letter}{number}" t="inlineStr"{bold}>{_text(value)}</c>')
            else:
                parts.append(self._cell(f"{letter}{number}", value, bold))
        parts.append("</row>")
        self._pend("".join(parts))

    def _pend(self, row: str) -> None:
        self.pending.append(row)
        if len(self.pending) >= _ROWS_PER_WRITE:
            self._write_pending()

    def _write_pending(self) -> None:
        self.out.write("".join(self.pending).encode("utf-8"))
        self.pending.clear()

    def _cell(self, ref: str, value: Any, style: str) -> str:
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"{style}><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
        if isinstance(value, datetime):
            serial = (value - _EPOCH).total_seconds() / 86400
            return f'<c r="{ref}"{style or _s(self.styles.moment)}><v>{serial!r}</v></c>'
        if isinstance(value, date):
            serial = (value - _EPOCH.date()).days
            return f'<c r="{ref}"{style or _s(self.styles.day)}><v>{serial}</v></c>'
        return f'<c r="{ref}" t="inlineStr"{style}>{_text(str(value))}</c>'

    def splice(self) -> None:
        """Close ``ws`` (openpyxl writes its part) and put the collected rows into it."""
        try:
            self._write_pending()
            self.out.close()
            self.ws.close()
            target = self.ws._writer.out
            with open(target, "rb") as handle:
                xml = handle.read()  # the head and the header row: small
            head, tail = xml.split(b"</sheetData>", 1)
            with open(target, "wb") as handle, open(self.path, "rb") as rows:
                handle.write(head)
                shutil.copyfileobj(rows, handle, 1 << 20)
                handle.write(b"</sheetData>")
                handle.write(tail)
        finally:
            self.out.close()
            os.unlink(self.path)

    def discard(self) -> None:
        """Drop the collected rows (the workbook is not being written after all)."""
        self.out.close()
        os.unlink(self.path)


def _s(style: int | None) -> str:
    return f' s="{style}"' if style else ""
