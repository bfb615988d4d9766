"""Evidence: copied by SHA-256 into the data folder; names never become paths."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from checklists.foundation.errors import InputError
from models.errors import EvidenceError, NotFound
from models.ops.answers import get_answers
from models.ops.evidence import (
    attach_evidence,
    evidence_path,
    list_evidence,
    remove_evidence,
    safe_name,
)


def _attach(db, aid: int, source: Path, name: str | None = None) -> int:
    with db.session() as s, s.begin():
        saved = attach_evidence(s, aid, "demo", "plan_scan", source, name=name, user="u")
    assert saved.row_id is not None
    return saved.row_id


def test_a_file_is_copied_under_its_hash(
    db, data_dir: Path, demo_draft: int, tmp_path: Path
) -> None:
    source = tmp_path / "计划.pdf"
    source.write_bytes(b"%PDF-1.4 plan")
    digest = hashlib.sha256(b"%PDF-1.4 plan").hexdigest()
    evidence_id = _attach(db, demo_draft, source)
    stored = data_dir / "evidence" / digest[:2] / digest
    assert stored.read_bytes() == b"%PDF-1.4 plan"
    with db.session() as s:
        assert evidence_path(s, evidence_id) == stored
        (ref,) = list_evidence(s, demo_draft, "demo", "plan_scan")
        assert (ref.name, ref.sha256, ref.size, ref.present) == ("计划.pdf", digest, 13, True)
        assert get_answers(s, demo_draft, "demo")["plan_scan"] == (
            {"name": "计划.pdf", "sha256": digest, "size": 13},
        )


@pytest.mark.parametrize(
    "name", ["../../../etc/passwd", "..\\..\\boot.ini", "/abs/path.pdf", "a\x00b.pdf", ".."]
)
def test_hostile_names_are_only_labels(
    db, data_dir: Path, demo_draft: int, tmp_path: Path, name: str
) -> None:
    source = tmp_path / "x.pdf"
    source.write_bytes(b"data")
    evidence_id = _attach(db, demo_draft, source, name=name)
    with db.session() as s:
        (ref,) = list_evidence(s, demo_draft, "demo", "plan_scan")
        path = evidence_path(s, evidence_id)
    assert "/" not in ref.name and "\\" not in ref.name and "\x00" not in ref.name
    assert path.resolve().is_relative_to((data_dir / "evidence").resolve())
    written = [p for p in data_dir.rglob("*") if p.is_file() and "evidence" in p.parts]
    assert written == [path]


def test_safe_name() -> None:
    assert safe_name("C:\\Users\\a\\扫描.pdf") == "扫描.pdf"
    assert safe_name("") == "file"
    assert len(safe_name("a" * 500)) == 200


def test_the_same_file_twice_is_stored_once(
    db, data_dir: Path, demo_draft: int, tmp_path: Path
) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"same")
    _attach(db, demo_draft, source)
    _attach(db, demo_draft, source, name="copy.pdf")
    assert len([p for p in (data_dir / "evidence").rglob("*") if p.is_file()]) == 1


def test_removing_keeps_the_stored_copy(
    db, data_dir: Path, demo_draft: int, tmp_path: Path
) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"keep me")
    evidence_id = _attach(db, demo_draft, source)
    with db.session() as s, s.begin():
        remove_evidence(s, demo_draft, evidence_id, user="u")
    with db.session() as s:
        assert list_evidence(s, demo_draft, "demo", "plan_scan") == []
        assert get_answers(s, demo_draft, "demo")["plan_scan"] == ()
    assert len([p for p in (data_dir / "evidence").rglob("*") if p.is_file()]) == 1


def test_a_missing_source_is_a_clear_error(db, demo_draft: int, tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="找不到文件"), db.session() as s, s.begin():
        attach_evidence(s, demo_draft, "demo", "plan_scan", tmp_path / "nope.pdf")


def test_only_evidence_items_take_files(db, demo_draft: int, tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"x")
    with pytest.raises(InputError, match="不是附件项"), db.session() as s, s.begin():
        attach_evidence(s, demo_draft, "demo", "plan_written", source)


def test_an_imported_reference_without_its_file_is_reported_absent(db, demo_draft: int) -> None:
    from models.ops.evidence import add_evidence_ref

    with db.session() as s, s.begin():
        evidence_id = add_evidence_ref(
            s, demo_draft, "demo", "plan_scan", "elsewhere.pdf", "ab" * 32, None, "u"
        )
    with db.session() as s:
        assert [r.present for r in list_evidence(s, demo_draft, "demo", "plan_scan")] == [False]
        with pytest.raises(EvidenceError):
            evidence_path(s, evidence_id)
        with pytest.raises(NotFound):
            evidence_path(s, 999)
