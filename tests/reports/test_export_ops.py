"""The shared export operation: a signed export locks the assessment, all or nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checklists.answers_doc import DocumentParser
from checklists.foundation.errors import UserFacingError
from checklists.registry import builtin_checklists
from models.database import open_database
from models.ops.assessments import get_assessment
from models.ops.exchange import import_document
from models.ops.history import list_history, verify_history
from reports.export_ops import SigningRequest, export_report
from reports.signing import create_identity, verify_pdf
from tests.conftest import SAMPLE

NOW = datetime(2022, 1, 10, 9, 30, tzinfo=UTC)
PASS = "correct horse 2021"


@pytest.fixture
def stored(data_dir: Path):
    doc = DocumentParser(builtin_checklists()).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))
    db = open_database(data_dir)
    with db.session() as s, s.begin():
        aid = import_document(s, doc, user="tester")
    identity = create_identity(
        data_dir,
        school_name=doc.school.name,
        school_code=doc.school.code,
        signer="林校长",
        title="校长",
        passphrase=PASS,
        now=NOW,
    )
    yield db, aid, identity.identity_id
    db.close()


def test_signed_export_verifies_and_locks(stored, tmp_path: Path) -> None:
    db, aid, identity = stored
    out = tmp_path / "signed.pdf"
    done = export_report(
        db, aid, out, now=NOW, signing=SigningRequest(identity, PASS), user="tester"
    )
    assert done.signed and out.read_bytes()[:5] == b"%PDF-"
    result = verify_pdf(out.read_bytes())
    assert result.ok() and result.school_code == "4419012345"
    with db.session() as s:
        assert get_assessment(s, aid).status == "signed"
        entry = [h for h in list_history(s, aid) if h.action == "signature"][-1]
        assert (
            entry.new["sha256"] == done.sha256
            and entry.new["certificate_sha256"] == result.fingerprint_sha256
        )
        assert verify_history(s, aid).ok
    with pytest.raises(UserFacingError):  # signed: read-only now, nothing written
        export_report(
            db, aid, tmp_path / "again.pdf", now=NOW, signing=SigningRequest(identity, PASS)
        )
    assert not (tmp_path / "again.pdf").exists()


def test_wrong_passphrase_leaves_no_file_and_an_editable_assessment(stored, tmp_path: Path) -> None:
    db, aid, identity = stored
    out = tmp_path / "signed.pdf"
    with pytest.raises(UserFacingError, match="口令|passphrase"):
        export_report(db, aid, out, now=NOW, signing=SigningRequest(identity, "wrong passphrase"))
    assert not out.exists()
    with db.session() as s:
        assert get_assessment(s, aid).status == "draft"


def test_unwritable_target_rolls_the_lock_back(stored, tmp_path: Path) -> None:
    db, aid, identity = stored
    out = tmp_path / "no-such-folder" / "signed.pdf"
    with pytest.raises(UserFacingError):
        export_report(db, aid, out, now=NOW, signing=SigningRequest(identity, PASS))
    with db.session() as s:
        assert get_assessment(s, aid).status == "draft"
        assert not [h for h in list_history(s, aid) if h.action == "signature"]


def test_unsigned_export_changes_nothing(stored, tmp_path: Path) -> None:
    db, aid, _ = stored
    out = tmp_path / "plain.pdf"
    done = export_report(db, aid, out, now=NOW)
    assert not done.signed and out.exists() and not verify_pdf(out.read_bytes()).signed
    with db.session() as s:
        assert get_assessment(s, aid).status == "draft"


def test_signed_report_embeds_revision_and_history_head(stored, tmp_path: Path) -> None:
    from models.ops.history import chain_hashes
    from models.ops.revisions import amend

    db, aid, identity = stored
    first = tmp_path / "first.pdf"
    export_report(db, aid, first, now=NOW, signing=SigningRequest(identity, PASS), user="tester")
    meta = json.loads(verify_pdf(first.read_bytes()).attachments["report_meta.json"])
    with db.session() as s:
        hashes = chain_hashes(s, aid)
    entries = meta["history"]["entries"]
    assert meta["revision"] == 1 and 0 < entries < len(hashes)  # the signature entry comes after
    assert meta["history"]["head_sha256"] == hashes[entries - 1]
    with db.session() as s, s.begin():
        amended = amend(s, aid, user="tester")
    second = tmp_path / "second.pdf"
    export_report(db, amended, second, now=NOW, signing=SigningRequest(identity, PASS))
    meta2 = json.loads(verify_pdf(second.read_bytes()).attachments["report_meta.json"])
    assert meta2["revision"] == 2 and meta2["period"] == meta["period"]
