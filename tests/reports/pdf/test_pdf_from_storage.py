"""report_data_for: the report of a stored assessment equals the report of its document."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from checklists.answers_doc import DocumentParser
from checklists.foundation.errors import InputError
from checklists.registry import builtin_checklists, load_definition
from models.database import open_database
from models.ops.answers import set_answer
from models.ops.assessments import get_assessment, start_assessment
from models.ops.evidence import attach_evidence
from models.ops.exchange import import_document
from reports.pdf import EvidenceRef, Signatory, build_report
from reports.pdf.from_storage import report_data_for
from tests.models.conftest import write_demo
from tests.reports.pdf.pdf_helpers import FROZEN, pdftotext, report_data, sample_json


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, int, int]:
    """A data folder with the sample imported and a demo assessment with one evidence file."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    demo = load_definition(write_demo(tmp_path / "defs"))
    scan = tmp_path / "计划扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned plan" * 100)
    doc = DocumentParser(builtin_checklists()).parse(sample_json())
    with open_database(data_dir) as db:
        with db.session() as s, s.begin():
            sample_id = import_document(s, doc)
            school_id = get_assessment(s, sample_id).school_id
            demo_id = start_assessment(
                s,
                school_id,
                period="2021年秋季学期",
                reference_date="2021-12-31",
                checklist_ids=["demo"],
                checklists={"demo": demo},
                user="t",
            )
        with db.session() as s, s.begin():
            set_answer(s, demo_id, "demo", "plan_written", False, user="t")
            attach_evidence(s, demo_id, "demo", "plan_scan", scan, user="t")
    return data_dir, sample_id, demo_id


def test_stored_sample_gives_the_same_report_as_its_file(stored: tuple[Path, int, int]) -> None:
    data_dir, sample_id, _demo = stored
    with open_database(data_dir) as db, db.session() as s:
        data = report_data_for(s, data_dir, sample_id, now=FROZEN, lang="zh")
    direct = report_data()
    assert data.document == direct.document
    assert data.results == direct.results
    assert data.report_id == direct.report_id
    assert data.generated_at == FROZEN and data.lang == "zh"
    assert data.principal == Signatory(direct.document.school.principal, "校长")
    assert data.evidence == ()


def test_english_principal_title(stored: tuple[Path, int, int]) -> None:
    data_dir, sample_id, _demo = stored
    with open_database(data_dir) as db, db.session() as s:
        data = report_data_for(s, data_dir, sample_id, now=FROZEN, lang="en")
    assert data.principal.title == "Principal"


def test_evidence_files_are_listed_with_their_digest(
    stored: tuple[Path, int, int], tmp_path: Path
) -> None:
    data_dir, _sample, demo_id = stored
    scan = (tmp_path / "计划扫描件.pdf").read_bytes()
    with open_database(data_dir) as db, db.session() as s:
        data = report_data_for(s, data_dir, demo_id, now=FROZEN)
    digest = hashlib.sha256(scan).hexdigest()
    assert data.evidence == (EvidenceRef("demo", "plan_scan", "计划扫描件.pdf", digest, len(scan)),)
    assert [f.code for f in data.results.findings] == ["demo_plan_missing"]
    out = tmp_path / "demo.pdf"
    out.write_bytes(build_report(data))
    text = pdftotext(out)
    assert "计划扫描件.pdf" in text and digest[:32] in text and digest[32:] in text
    assert "没有计划" in text


def test_unknown_assessment_is_an_input_error(stored: tuple[Path, int, int]) -> None:
    data_dir, _sample, _demo = stored
    with open_database(data_dir) as db, db.session() as s, pytest.raises(InputError):
        report_data_for(s, data_dir, 999, now=FROZEN)
