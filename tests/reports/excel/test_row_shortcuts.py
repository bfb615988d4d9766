"""The row reader's shortcuts (usual text, ID number and date cells; a word read before in the
same column) give what the general reading of every cell gives: the same rows, key order
included, the same problems, warnings and readings, the same refusal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists.model import Checklist, Item
from reports.excel.headers import MappedColumn
from reports.excel.problems import ImportRejected
from reports.excel.rows import RowReader


class _General(RowReader):
    """Every cell read by ``_cell``, nothing remembered, each row's font looked at as it is
    read: the reading the shortcuts stand for."""

    def add(self, number: int, values: Any) -> None:
        super().add(number, values)
        self.warnings  # noqa: B018 - looks at the row just read

    def _shortcut(self, column: Item) -> Any:
        return None

    def _cell(self, number: int, mapped: MappedColumn, value: object, row: Any, words: Any = None) -> None:  # fmt: skip
        super()._cell(number, mapped, value, row, None)


_WORDS: list[object] = [
    "",
    "  ",
    "\t",
    " 张三 ",
    "张三",
    "Y",
    "n",
    "是",
    "否",
    " 是",
    "不适用",
    "n/a",
    "在岗",
    "离职",
    "合格",
    "不合格",
    "门卫",
    "gate",
    " Patrol ",
    "急救, 消防",
    "first_aid",
    "#N/A",
    "#VALUE!",
    " #REF! ",
    "441900********1310",
    "44190019640512131X",
    "441900196405121310 ",
    "2021-03-01",
    "2021/3/1",
    "20210301",
    "2021-02-30",
    "１２",
    "12",
    "1,250",
    "0.5",
    "abc",
    "😀",
    "𠀀",
    "x" * 4000,
    " " + "x" * 3999 + " ",
    "y" * 4001,
]
_NUMBERS: list[object] = [
    0,
    1,
    2,
    -0.0,
    0.0,
    1.5,
    99.5,
    101,
    float("nan"),
    True,
    False,
    20210301,
    441900196405121310,
    4.41900196405121e17,
]
_MOMENTS: list[object] = [
    date(2021, 3, 1),
    datetime(2021, 3, 1),
    datetime(2021, 3, 1, 0, 0, 1),
    datetime(2021, 3, 1, 8, 30),
    datetime(2021, 3, 1, 0, 0, 0, 1),
]
_CELLS = st.one_of(
    st.none(),
    st.sampled_from(_WORDS),
    st.sampled_from(_NUMBERS),
    st.sampled_from(_MOMENTS),
    st.text(max_size=6),
)


def _mapped(table: Item) -> list[MappedColumn]:
    columns = [c for c in table.columns if c.answerable]
    return [MappedColumn(i * 2 % (len(columns) + 1), c, c.label.zh) for i, c in enumerate(columns)]


def _read(kind: type[RowReader], mapped: list[MappedColumn], rows: list[list[object]],
          formulas: dict[tuple[int, int], str], max_rows: int) -> tuple[Any, ...]:  # fmt: skip
    reader = kind("表", mapped, formulas, max_rows)
    refused = None
    try:
        for number, values in enumerate(rows, start=2):
            reader.add(number, values)
    except ImportRejected as exc:
        refused = exc.problems
    return (
        [list(r.items()) for r in reader.rows],
        [repr(r) for r in reader.rows],  # -0.0 and 0.0, 1 and True, told apart
        reader.problems,
        reader.warnings,
        reader.log.readings(),
        refused,
    )


@st.composite
def _sheets(draw: st.DrawFn, width: int) -> tuple[list[list[object]], dict[tuple[int, int], str]]:
    rows: list[list[object]] = draw(st.lists(st.lists(_CELLS, max_size=width + 1), max_size=12))
    rows = rows + [list(r) for r in rows[:3]]  # words and cells seen again
    formulas = {
        (number, column): "=A1*2"
        for number, column in draw(st.sets(st.tuples(st.integers(2, 16), st.integers(1, width))))
    }
    return rows, formulas


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_shortcuts_read_the_guard_roster_as_the_general_reading(guards: Checklist, data: st.DataObject) -> None:  # fmt: skip
    mapped = _mapped(guards.item("guards"))
    rows, formulas = data.draw(_sheets(len(mapped) + 1))
    max_rows = data.draw(st.sampled_from([5, 100]))
    assert _read(RowReader, mapped, rows, formulas, max_rows) == _read(
        _General, mapped, rows, formulas, max_rows
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_shortcuts_read_every_column_type_as_the_general_reading(demo: Checklist, data: st.DataObject) -> None:  # fmt: skip
    mapped = _mapped(demo.item("people"))
    rows, formulas = data.draw(_sheets(len(mapped) + 1))
    assert _read(RowReader, mapped, rows, formulas, 100) == _read(
        _General, mapped, rows, formulas, 100
    )


def test_the_usual_cells_take_the_shortcuts(guards: Checklist) -> None:
    """The shortcuts are there for the columns a roster is made of (else this file tests
    nothing but the general reading twice)."""
    reader = RowReader("表", _mapped(guards.item("guards")), {}, 10)
    kinds = {m.column.type for m, _, shortcut, _, _ in reader._readers if shortcut is not None}
    assert kinds == {"text", "id_number", "date"}


_EVERY_CELL = [None, *_WORDS, *_NUMBERS, *_MOMENTS]


def test_each_cell_in_each_column_reads_as_the_general_reading(
    guards: Checklist, demo: Checklist
) -> None:
    """Every listed cell once in every column, then again (a word seen before)."""
    for table in (guards.item("guards"), demo.item("people")):
        mapped = _mapped(table)
        rows = [[cell] * (len(mapped) + 1) for cell in _EVERY_CELL] * 2
        assert _read(RowReader, mapped, rows, {}, 1000) == _read(_General, mapped, rows, {}, 1000)
