"""Mutated workbooks load cleanly or raise DefinitionError — never another exception.

A workbook that still loads must also survive write → load unchanged.
"""

from __future__ import annotations

import functools
import io
from datetime import date, datetime

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists.foundation.errors import DefinitionError
from checklists.model import Checklist
from checklists.xlsform import load_xlsform_bytes, xlsform_bytes
from tests.checklists.xlsform.helpers import form, group, q
from tests.checklists.xlsform.sample_forms import full_form

SHEETS = ("survey", "choices", "settings", "constants")
TOKENS = (
    "begin_group", "end_group", "begin_repeat", "end_repeat", "select_one yes_no", "select_multiple topics",
    "calculate", "note", "geopoint", "integer", "text", "yes", "no", "na", "${has_plan}", "${guards}",
    ". > 1", "not(. = 'no')", "selected(${has_plan}, 'yes')", "count-selected(.)", "if(", "第75条", "83",
    "major", "critical", "id_number", "label::English (en)", "rule", "constraint_2", "=1+1", "\u3000", "'",
    "guards_count", "roster", "min_guards", "{name}", "",
)  # fmt: skip
CELL_VALUES = st.one_of(
    st.sampled_from(TOKENS),
    st.text(max_size=12),
    st.integers(-5, 2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.just(datetime(2021, 5, 1, 8, 30)),
)
SMALL = form(
    [
        q("note", "intro"),
        *group(
            "g",
            q("select_one yes_no", "ok", relevant="${intro} = ''"),
            q("integer", "n", constraint=". > 0", **{"constraint_message::中文 (zh)": "正数"}),
        ),
    ]
)


@functools.lru_cache(maxsize=2)
def _base(which: str) -> bytes:
    return full_form() if which == "full" else SMALL


def _check(data: bytes) -> Checklist | None:
    """The property: a checklist (that round-trips) or a DefinitionError."""
    try:
        checklist = load_xlsform_bytes(data, "mutant.xlsx")
    except DefinitionError as exc:
        assert exc.problems and all(where.startswith("mutant.xlsx") for where, _, _ in exc.problems)
        return None
    assert load_xlsform_bytes(xlsform_bytes(checklist), "again.xlsx") == checklist
    return checklist


def _legal(value: object) -> object:
    """openpyxl refuses control characters; a person cannot type them into Excel either."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable() or ch in "\n\t")
    return value


edit = st.tuples(st.sampled_from(SHEETS), st.integers(1, 45), st.integers(1, 30), CELL_VALUES)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["full", "small"]),
    st.lists(edit, min_size=1, max_size=6),
    st.lists(st.tuples(st.sampled_from(SHEETS), st.integers(1, 40)), max_size=3),
)
def test_cell_edits_and_deleted_rows(
    which: str, edits: list[tuple[str, int, int, object]], deletions: list[tuple[str, int]]
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_base(which)))
    for sheet, row, column, value in edits:
        if sheet in book.sheetnames:
            book[sheet].cell(row=row, column=column, value=_legal(value))
    for sheet, row in deletions:
        if sheet in book.sheetnames:
            book[sheet].delete_rows(row)
    buffer = io.BytesIO()
    book.save(buffer)
    _check(buffer.getvalue())


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["full", "small"]),
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=8)),
        min_size=1,
        max_size=4,
    ),
)
def test_random_bytes_in_the_zip(which: str, patches: list[tuple[float, bytes]]) -> None:
    data = bytearray(_base(which))
    for where, patch in patches:
        start = int(where * len(data))
        data[start : start + len(patch)] = patch
    _check(bytes(data))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(data)


def test_unmutated_bases_load() -> None:
    assert _check(_base("full")) is not None and _check(_base("small")) is not None
