"""The corpus of real-world-style XLSForm workbooks: each loads, or is refused cell by cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checklists.foundation.errors import DefinitionError
from checklists.registry import load_checklists_with_problems
from checklists.xlsform import load_xlsform_with_notices
from tests.checklists.xlsform.corpus import CORPUS, Form, counts, workbook_bytes

CELL_RE = re.compile(r":(survey|choices|settings)![A-Z]+[0-9]+$")


def _write(form: Form, folder: Path) -> Path:
    path = folder / form.name
    path.write_bytes(workbook_bytes(form))
    return path


@pytest.mark.parametrize("form", CORPUS, ids=[f.name for f in CORPUS])
def test_corpus_form_loads_or_is_refused_by_cell(form: Form, tmp_path: Path) -> None:
    path = _write(form, tmp_path)
    if form.loads:
        checklist, notices = load_xlsform_with_notices(path)
        assert form.check is not None
        form.check(checklist)
        said = "\n".join(en for _, _, en in notices)
        for words in form.notices:
            assert words in said, said
        return
    with pytest.raises(DefinitionError) as info:
        load_xlsform_with_notices(path)
    problems = info.value.problems
    for where, zh, en in problems:
        assert CELL_RE.search(where), where  # sheet and cell, always
        assert zh and en
    for cell, feature in form.refused:
        hits = [p for p in problems if p[0] == f"{path}:{cell}" and feature in p[1] + p[2]]
        assert hits, (cell, feature, problems)
    assert len(problems) == len(form.refused), problems


@pytest.mark.parametrize(
    "form", [f for f in CORPUS if f.pyxform_ok], ids=[f.name for f in CORPUS if f.pyxform_ok]
)
def test_pyxform_accepts_the_corpus_form(form: Form, tmp_path: Path) -> None:
    """The corpus is XLSForm as ODK reads it, not a dialect of our own."""
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    path = _write(form, tmp_path)
    xls2xform.xls2xform_convert(
        xlsform_path=str(path), xform_path=str(tmp_path / "form.xml"), validate=False
    )


def test_corpus_counts() -> None:
    found = counts()
    assert found["forms"] >= 20 and found["xls"] >= 5 and found["xlsx"] >= 10
    assert found["load"] >= 12 and found["refused"] >= 8
    assert 0 < found["with_settings"] < found["forms"]


def test_an_xls_in_the_data_folder_loads_and_other_spreadsheets_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    school = next(f for f in CORPUS if f.name == "school_safety.xls")
    _write(school, folder)
    (folder / "guards.csv").write_text("type,name\n", encoding="utf-8")
    refused = next(f for f in CORPUS if f.name == "interview_media.xls")
    _write(refused, folder)
    checklists, problems = load_checklists_with_problems(tmp_path)
    assert "school_safety_2021" in checklists
    where = [p[0] for p in problems]
    assert str(folder / "guards.csv") in where
    assert f"{folder / 'interview_media.xls'}:survey!A2" in where
