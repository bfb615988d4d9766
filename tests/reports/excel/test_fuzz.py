"""Mutated templates: every import ends in a clean import or ImportRejected, and a rejection changes nothing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists.answers_doc import document_to_json
from checklists.model import Checklist
from checklists.registry import builtin_checklists
from models.database import Database, open_database
from models.ops.exchange import export_document, import_document
from reports.excel.ops import import_table
from reports.excel.problems import ImportRejected
from reports.excel.reader import read_table
from reports.excel.template import write_template
from tests.conftest import SAMPLE
from tests.reports.excel.helpers import GUARD_ROWS, fill_sheet

PARTS = (
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/styles.xml",
    "[Content_Types].xml",
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled guard roster template."""
    path = tmp_path_factory.mktemp("fuzz") / "valid.xlsx"
    write_template(builtin_checklists()["guards"], "guards", path)
    return fill_sheet(path, [*GUARD_ROWS, ["王五", "44190019800101001X", None, "20200101", "√"]])


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A data folder with the sample school stored as an assessment."""
    from checklists.answers_doc import read_answers_file

    checklists = builtin_checklists()
    db = open_database(tmp_path_factory.mktemp("fuzzdb"), backup_on_open=False)
    with db.session() as s, s.begin():
        import_document(s, read_answers_file(SAMPLE, checklists), checklists=checklists)
    yield db
    db.close()


def _rezip(data: bytes, part: str, change: Any) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """Flip, truncate or insert bytes, in the zip itself or inside one decompressed XML part."""
    part = draw(st.sampled_from(("<zip>", *PARTS)))

    def mutate(blob: bytes) -> bytes:
        at = draw(st.integers(0, max(len(blob) - 1, 0)))
        kind = draw(st.sampled_from(("flip", "truncate", "insert")))
        if kind == "flip" and blob:
            return blob[:at] + bytes([blob[at] ^ draw(st.integers(1, 255))]) + blob[at + 1 :]
        if kind == "truncate":
            return blob[:at]
        return blob[:at] + draw(st.binary(min_size=1, max_size=40)) + blob[at:]

    return mutate(data) if part == "<zip>" else _rezip(data, part, mutate)


CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    # No control characters: openpyxl cannot write them and nobody can type them into Excel.
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30).filter(
        lambda t: not t.startswith("=")
    ),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(
        ["是", "否", "√", "×", "2021/3/1", "20210301", "4.41900197001E+17", "#N/A", "=1+1"]
    ),
)


@st.composite
def cell_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """The valid template with a few cells (header included) changed to values of random types."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    for _ in range(draw(st.integers(1, 6))):
        row, col = draw(st.integers(1, 6)), draw(st.integers(1, 10))
        ws.cell(row=row, column=col, value=draw(CELL_VALUES))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _clean_or_rejected(path: Path, guards: Checklist) -> None:
    try:
        result = read_table(path, guards, "guards")
    except ImportRejected as exc:
        assert exc.problems and all(p.zh and p.en for p in exc.problems)
    else:
        assert result.rows


@FUZZ
@given(data=st.data())
def test_byte_mutations_parse_cleanly_or_are_rejected(
    tmp_path: Path, valid: Path, data: st.DataObject
) -> None:
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(data.draw(byte_mutations(valid.read_bytes())))
    _clean_or_rejected(path, builtin_checklists()["guards"])


def _stored(db: Database) -> dict[str, Any]:
    with db.session() as s:
        return document_to_json(export_document(s, 1))


@FUZZ
@given(data=st.data())
def test_mutations_against_the_database(
    tmp_path: Path, valid: Path, database: Database, data: st.DataObject
) -> None:
    blob = valid.read_bytes()
    mutated = data.draw(st.one_of(byte_mutations(blob), cell_mutations(blob)))
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(mutated)
    before = _stored(database)
    try:
        with database.session() as s, s.begin():
            outcome = import_table(s, 1, "guards", "guards", path)
    except ImportRejected:
        assert _stored(database) == before
    else:
        stored = _stored(database)["checklists"]["guards"]["guards"]
        assert len(stored) == len(outcome.parsed.rows) > 0
