"""XLSForm sheets are read row by row as written, never by their declared size: a cell at
XFD1048576, 60,000 blank rows or a row beyond the limit is refused at once, naming the cell."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from checklists.foundation import limits
from checklists.foundation.errors import DefinitionError
from checklists.registry import load_checklists_with_problems
from checklists.xlsform import load_xlsform_bytes
from tests.checklists.xlsform.sample_forms import full_form
from tests.conftest import run_cli


def _with_cell(cell: str, value: object = "x", *, blank_rows: int = 0) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(full_form()))
    sheet = book["survey"]
    last = sheet.max_row
    for row in range(last + 1, last + 1 + blank_rows):
        sheet.cell(row=row, column=30, value=" ")  # a written row holding only a blank text
    if cell:
        sheet[cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(data: bytes) -> list[tuple[str, str, str]]:
    with pytest.raises(DefinitionError) as caught:
        load_xlsform_bytes(data, "form.xlsx")
    return caught.value.problems


def test_a_cell_at_the_last_cell_of_a_sheet_is_refused_at_its_row() -> None:
    problems = _problems(_with_cell("XFD1048576"))
    assert problems[0][0] == "form.xlsx:survey!A1048576"
    assert f"beyond row {limits.MAX_SHEET_ROWS}" in problems[0][2]


def test_a_cell_far_to_the_right_is_refused_at_the_column_limit() -> None:
    problems = _problems(_with_cell("XFD5"))
    assert problems[0][2] == f"more than {limits.MAX_SHEET_COLUMNS} columns"


def test_blank_rows_past_the_scanning_limit_are_refused() -> None:
    problems = _problems(_with_cell("", blank_rows=limits.MAX_SHEET_ROWS))
    assert problems[0][0] == f"form.xlsx:survey!A{limits.MAX_SHEET_ROWS + 1}"


def test_blank_rows_within_the_limit_are_free_and_the_form_loads() -> None:
    checklist = load_xlsform_bytes(_with_cell("", blank_rows=2_000), "form.xlsx")
    assert checklist.id == "fixture"


def test_validate_and_every_command_refuse_or_skip_the_workbook_without_hanging(
    tmp_path: Path, data_dir: Path
) -> None:
    bad = tmp_path / "huge.xlsx"
    bad.write_bytes(_with_cell("XFD1048576"))
    proc = run_cli("--lang", "en", "validate", str(bad), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert f"{bad}:survey!A1048576" in proc.stderr and "Traceback" not in proc.stderr
    (data_dir / "checklists").mkdir()
    (data_dir / "checklists" / "huge.xlsx").write_bytes(bad.read_bytes())
    _, problems = load_checklists_with_problems(data_dir)
    assert [p[0] for p in problems] == [f"{data_dir / 'checklists' / 'huge.xlsx'}:survey!A1048576"]
    proc = run_cli("--lang", "en", "checklists", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "huge.xlsx" in proc.stderr and "safety" in proc.stdout
