"""report_data_for: the report of a stored assessment equals the report of its document."""

from __future__ import annotations

import hashlib
from datetime import datetime
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


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    from tests.models.store_helpers import rich_folder

    return rich_folder(tmp_path_factory.mktemp("rich"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_read_only_store_gives_the_same_report_byte_for_byte(
    rich: tuple[Path, list[int]], lang: str
) -> None:
    from models.reading import open_for_reading
    from reports.pdf.from_storage import report_data_from_store

    data_dir, ids = rich
    with open_database(data_dir) as db, db.session() as s:
        through_session = [report_data_for(s, data_dir, a, now=FROZEN, lang=lang) for a in ids]
    with open_for_reading(data_dir) as store, store.reading():
        read_only = [report_data_from_store(store, a, now=FROZEN, lang=lang) for a in ids]
    for expected, got in zip(through_session, read_only, strict=True):
        assert got == expected
        assert build_report(got) == build_report(expected)
    # What the comparison rests on is there: photos, evidence (one size from its stored copy,
    # one missing), a previous period, a second revision.
    second, demo = through_session[1], through_session[2]
    assert len(second.photos) == 2 and second.comparison is not None
    assert [e.size > 0 for e in demo.evidence] == [True, True, False]
    assert through_session[3].revision == 2


def test_the_cli_exports_the_same_file_either_way(
    rich: tuple[Path, list[int]], tmp_path: Path
) -> None:
    """The CLI's unsigned export (the read-only store) writes the file the ORM's export writes."""
    from tests.conftest import run_cli

    data_dir, ids = rich
    when = "2022-01-05T09:30:00+08:00"
    plain, through_orm = tmp_path / "plain.pdf", tmp_path / "orm.pdf"
    done = run_cli("export-pdf", str(ids[1]), "--out", str(plain), "--generated-at", when,
                   data_dir=data_dir)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with open_database(data_dir) as db:
        from reports.export_ops import export_report

        export_report(db, ids[1], through_orm, now=datetime.fromisoformat(when))
    assert plain.read_bytes() == through_orm.read_bytes()
    missing = run_cli("export-pdf", "999", "--out", str(tmp_path / "x.pdf"), data_dir=data_dir)
    assert missing.returncode == 2 and "找不到自查 #999" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()
