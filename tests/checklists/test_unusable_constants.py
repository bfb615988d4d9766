"""Definitions whose numbers, dates or constant calculations have no usable value are refused at
their place, and the data-folder file is skipped: such a value would silently switch rules off."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from checklists.foundation.errors import DefinitionError
from checklists.loader import load_text
from checklists.registry import builtin_checklists, load_checklists_with_problems
from checklists.xlsform.write import xlsform_bytes
from tests.conftest import ROOT

GUARDS = (ROOT / "checklists" / "definitions" / "guards.yaml").read_text(encoding="utf-8")
BUILTIN = builtin_checklists()["guards"].version  # an override must be newer to be read
NEWER = BUILTIN + 1
CONSTANT = "  new_hire_max_age: 45 "
DATE = "  new_hire_rule_from: 2021-01-01 "


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (CONSTANT, "  new_hire_max_age: .nan ", "not finite"),
        (CONSTANT, "  new_hire_max_age: -.inf ", "not finite"),
        (CONSTANT, "  new_hire_max_age: 1.0e+400 ", "not finite"),
        (CONSTANT, "  new_hire_max_age: 1e400 ", "looks like a number"),
        (DATE, "  new_hire_rule_from: 2021-02-30 ", "does not exist"),
    ],
)
def test_unusable_scalar_is_refused_at_its_line(old: str, new: str, says: str) -> None:
    assert old in GUARDS
    text = GUARDS.replace(old, new).replace(f"version: {BUILTIN}", f"version: {NEWER}")
    line = text[: text.index(new)].count("\n") + 1
    with pytest.raises(DefinitionError) as exc:
        load_text(text, "guards.yaml")
    assert f"guards.yaml:{line}: " in exc.value.en and says in exc.value.en


def test_quoted_number_like_text_stays_text() -> None:
    text = GUARDS.replace(f"version: {BUILTIN}", f"version: {NEWER}").replace(
        "  new_hire_max_age: 45 ", "  new_hire_max_age: 45\n  note_text: '1e5' ", 1
    )
    assert dict(load_text(text, "guards.yaml").constants)["note_text"] == "1e5"


def _xlsform_with_calculation(calculation: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(builtin_checklists()["guards"])))
    del book["constants"]  # the calculate rows become the checklist's own calculations
    survey = book["survey"]
    headers = [c.value for c in survey[1]]
    for row in survey.iter_rows(min_row=2):
        if row[headers.index("name")].value == "new_hire_max_age":
            row[headers.index("calculation")].value = calculation
    settings = book["settings"]
    sheaders = [c.value for c in settings[1]]
    settings.cell(2, sheaders.index("version") + 1).value = NEWER
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("calculation", "says"),
    [("1 div 0", "has no value"), ("number('NaN')", "calculation fails"), ("45", None)],
)
def test_constant_calculation_without_value_skips_the_file(
    tmp_path: Path, calculation: str, says: str | None
) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "guards.xlsx").write_bytes(_xlsform_with_calculation(calculation))
    checklists, problems = load_checklists_with_problems(tmp_path)
    if says is None:
        assert problems == [] and checklists["guards"].version == NEWER
        return
    assert checklists["guards"].version == BUILTIN  # the file is skipped, the built-in one stays
    assert len(problems) == 1
    where, _, en = problems[0]
    assert where.startswith(f"{folder / 'guards.xlsx'}:survey!") and says in en


@pytest.mark.parametrize("value", ["nan", "-Infinity", "INF"])
def test_xlsform_constant_that_is_not_finite_is_refused(tmp_path: Path, value: object) -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(builtin_checklists()["guards"])))
    sheet = book["constants"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "new_hire_max_age":
            row[1].value = value
    survey = book["survey"]
    headers = [c.value for c in survey[1]]
    for row in survey.iter_rows(min_row=2):  # the mirror row agrees with the constants sheet
        if row[headers.index("name")].value == "new_hire_max_age":
            row[headers.index("calculation")].value = None
    folder = tmp_path / "checklists"
    folder.mkdir()
    out = io.BytesIO()
    book.save(out)
    (folder / "guards.xlsx").write_bytes(out.getvalue())
    checklists, problems = load_checklists_with_problems(tmp_path)
    assert checklists["guards"].version == BUILTIN
    assert any("constants!B" in where and "finite" in en for where, _, en in problems), problems
