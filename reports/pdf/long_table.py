"""A long table laid out a window of rows at a time, drawn exactly as one reportlab Table.

reportlab measures the whole rest of a table at every page break it splits it at, and
copies every style command of the rest into the remainder: a table of n rows costs
n² / (rows a page). This flowable hands reportlab a Table of only the next rows — enough
to be taller than the space left on the page — and keeps the others for the remainder, so the cost is linear
while the pages are the same as with one Table (the header repeats at each page break, not
in the middle of a page).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Table

from reports.pdf.cells import ReportTable

WINDOW_ROWS = 24  # body rows in the first window; more while the window still fits

# One per body row: commands whose rows are given as None, filled in with the row's place.
RowCommand = tuple[str, int, int, Any]


class WindowedTable(Flowable):
    """A header row and body rows with fixed column widths, split across pages like a Table."""

    def __init__(
        self,
        header: Callable[[], list[Any]],
        rows: Sequence[list[Any]],
        widths: list[float],
        style: list[tuple[Any, ...]],
        row_commands: Sequence[Sequence[tuple[Any, ...]]] = (),
        *,
        first: int = 0,
        heights: list[float | None] | None = None,
    ) -> None:
        """``row_commands[i]`` are (command, first column, last column, *values) for row i.

        ``first``: the remainder after a page break starts at this row; ``heights`` are the
        row heights measured so far, shared by the remainders (each row is measured once).
        """
        super().__init__()
        self._header = header  # a new header per Table: a flowable is drawn by one table
        self._rows = rows
        self._widths = widths
        self._style = style
        self._row_commands = row_commands
        self._first = first
        self._heights: list[float | None] = heights or [None] * len(rows)
        self._table: Table | None = None
        self._last: tuple[tuple[float, float], tuple[Table, int, float, float]] | None = None
        self.hAlign = "LEFT"

    def _commands_for(self, end: int) -> list[tuple[Any, ...]]:
        commands = list(self._style)
        # reportlab draws the hairline below the body rows of a split table's remainder also
        # above its first body row (under the repeated header), as one Table's pages have it.
        for name, (first, top), (last, _), *values in self._style if self._first else ():
            if name == "LINEBELOW" and top in (0, 1):
                commands.append(("LINEABOVE", (first, 1), (last, 1), *values))
        for index in range(self._first, min(end, len(self._row_commands))):
            place = index - self._first + 1
            for name, first, last, *values in self._row_commands[index]:
                commands.append((name, (first, place), (last, place), *values))
        return commands

    def _window(self, avail_width: float, avail_height: float) -> tuple[Table, int, float, float]:
        """A Table of the next rows, taller than ``avail_height`` unless it holds them all."""
        if self._last is not None and self._last[0] == (avail_width, avail_height):
            return self._last[1]
        total = len(self._rows)
        count = WINDOW_ROWS
        while True:
            end = min(self._first + count, total)
            table = ReportTable(
                [self._header(), *self._rows[self._first : end]],
                colWidths=self._widths,
                rowHeights=[None, *self._heights[self._first : end]],
                repeatRows=1,
                style=self._commands_for(end),
                hAlign="LEFT",
            )
            width, height = table.wrap(avail_width, avail_height)
            self._heights[self._first : end] = table._rowHeights[1:]
            if end == total or height > avail_height:
                self._last = ((avail_width, avail_height), (table, end, width, height))
                return table, end, width, height
            # Rows enough for the space at the rows' mean height, and a few more.
            count = max(2 * count, int(count * avail_height / max(height, 1.0) * 1.2) + 2)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # With rows left out the height is a lower bound, already taller than the space.
        self._table, _, self.width, self.height = self._window(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        table, end, _, _ = self._window(availWidth, availHeight)
        parts = table.split(availWidth, availHeight)
        if end == len(self._rows) or len(parts) < 2:
            return list(parts)
        placed = len(parts[0]._cellvalues) - 1  # the first part: the header, then body rows
        rest = WindowedTable(
            self._header,
            self._rows,
            self._widths,
            self._style,
            self._row_commands,
            first=self._first + placed,
            heights=self._heights,
        )
        return [parts[0], rest]

    def draw(self) -> None:
        if self._table is None:
            self.wrap(self.width, self.height)
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)
