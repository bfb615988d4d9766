"""Answers documents in and out: import → export gives the same document; snapshots in both formats."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from checklists.answers import AnswersDocument, FindingNote
from checklists.answers_doc import DocumentParser, document_to_json
from checklists.evaluator import evaluate_document
from checklists.foundation.errors import AnswersError
from models import cache
from models.ops.evaluation import evaluate_assessment
from models.ops.exchange import export_document, import_document
from models.ops.school import find_school, get_school
from models.tables import ChecklistSnapshot


def _round_trip(db, doc: AnswersDocument, checklists) -> AnswersDocument:
    with db.session() as s, s.begin():
        aid = import_document(s, doc, user="u", checklists=checklists)
    with db.session() as s:
        cache.forget_session(s)  # read back from the database, not from what the import cached
        exported = export_document(s, aid)
    return DocumentParser(checklists).parse(document_to_json(exported))


def test_the_sample_school_round_trips(db, sample_doc: AnswersDocument, checklists) -> None:
    assert _round_trip(db, sample_doc, checklists) == sample_doc


def test_the_small_document_round_trips(db, small_doc: AnswersDocument, checklists) -> None:
    assert _round_trip(db, small_doc, checklists) == small_doc


def test_row_notes_and_item_notes_round_trip(db, small_doc: AnswersDocument, checklists) -> None:
    note = FindingNote("guards", "over_55_on_post", "guards", 0, "交接中")
    doc = dataclasses.replace(small_doc, finding_notes=(*small_doc.finding_notes, note))
    assert _round_trip(db, doc, checklists).finding_notes == doc.finding_notes


def test_the_stored_evaluation_equals_the_documents(
    db, sample_doc: AnswersDocument, checklists
) -> None:
    with db.session() as s, s.begin():
        aid = import_document(s, sample_doc, user="u", checklists=checklists)
    with db.session() as s:
        stored = evaluate_assessment(s, aid)
    expected = evaluate_document(sample_doc, checklists)
    for cl, result in expected.checklists.items():
        assert stored.checklists[cl] == result


def test_a_note_on_a_missing_row_is_refused_and_nothing_is_stored(
    db, small_doc: AnswersDocument, checklists
) -> None:
    note = FindingNote("guards", "over_55_on_post", "guards", 7, "no such row")
    doc = dataclasses.replace(small_doc, finding_notes=(note,))
    with (
        pytest.raises(AnswersError, match=r"finding_notes\[0\]\.row"),
        db.session() as s,
        s.begin(),
    ):
        import_document(s, doc, user="u", checklists=checklists)
    with db.session() as s:
        assert find_school(s, small_doc.school.code) is None


def test_import_updates_the_school_with_the_same_code(
    db, small_doc: AnswersDocument, checklists
) -> None:
    with db.session() as s, s.begin():
        import_document(s, small_doc, user="u", checklists=checklists)
        changed = dataclasses.replace(
            small_doc, school=dataclasses.replace(small_doc.school, enrollment=999)
        )
        import_document(s, changed, user="u", checklists=checklists)
    with db.session() as s:
        school_id = find_school(s, small_doc.school.code)
        assert school_id is not None and get_school(s, school_id).enrollment == 999


def test_snapshots_are_shared_by_hash(db, small_doc: AnswersDocument, checklists) -> None:
    with db.session() as s, s.begin():
        import_document(s, small_doc, user="u", checklists=checklists)
        import_document(s, small_doc, user="u", checklists=checklists)
    with db.session() as s:
        rows = s.query(ChecklistSnapshot).all()
        assert sorted(r.checklist_id for r in rows) == ["guards", "psychology"]
        assert all(r.format == "yaml" and len(r.sha256) == 64 for r in rows)


def test_an_xlsform_checklist_is_snapshotted_as_xlsx(
    db, school_id: int, demo_checklist, tmp_path: Path
) -> None:
    xlsform = pytest.importorskip("checklists.xlsform")
    from checklists.registry import load_definition
    from models.ops.assessments import assessment_checklists, start_assessment

    path = tmp_path / "demo.xlsx"
    xlsform.write_xlsform(demo_checklist, path)
    loaded = load_definition(path)
    with db.session() as s, s.begin():
        aid = start_assessment(
            s,
            school_id,
            period="p",
            reference_date="2021-12-31",
            checklist_ids=["demo"],
            checklists={"demo": loaded},
            user="u",
        )
    path.unlink()
    with db.session() as s:
        (snap,) = s.query(ChecklistSnapshot).all()
        assert snap.format == "xlsx" and snap.content[:2] == b"PK"
        from models import snapshots

        snapshots._loaded.clear()
        cache.forget_session(s)
        assert assessment_checklists(s, aid)["demo"] == loaded
