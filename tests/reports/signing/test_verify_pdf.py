"""verify_pdf: trust, unsigned and foreign files, expiry, later changes, attachments, quiet logs."""

from __future__ import annotations

import io
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checklists.foundation.errors import InputError
from reports.signing import (
    Identity,
    import_trusted_certificate,
    report_facts,
    sign_pdf,
    verify_pdf,
)
from reports.signing.verdict import REASON_TEXT, reason_text
from tests.reports.signing.signing_helpers import (
    PASSPHRASE,
    SignedReport,
    embed,
    make_pdf,
    new_identity,
    report_attachments,
    results_doc,
    same_subject_other_key,
)


def test_untrusted_signature_is_ok_unless_trust_is_required(signed_report: SignedReport) -> None:
    result = verify_pdf(signed_report.signed.data)
    assert result.signed and result.intact and result.valid and result.covers_whole_document
    assert not result.modified_after_signing and not result.trusted
    assert result.reasons == ["untrusted"]
    assert result.ok() and not result.ok(require_trust=True)
    assert result.fingerprint_sha256 == signed_report.identity.fingerprint_sha256
    assert result.cert_not_after == signed_report.identity.not_after


def test_trust_by_argument_or_by_store(signed_report: SignedReport, tmp_path: Path) -> None:
    cert = signed_report.identity.certificate()
    assert verify_pdf(signed_report.signed.data, trusted=[cert]).ok(require_trust=True)
    office = tmp_path / "office"
    assert not verify_pdf(signed_report.signed.data, data_dir=office).trusted
    import_trusted_certificate(office, signed_report.identity.certificate_pem.encode())
    result = verify_pdf(signed_report.signed.data, data_dir=office)
    assert result.trusted and result.reasons == [] and result.ok(require_trust=True)


def test_same_subject_other_key_is_untrusted_not_a_crash(
    signed_report: SignedReport, tmp_path: Path
) -> None:
    impostor = same_subject_other_key(signed_report.identity.certificate())
    result = verify_pdf(signed_report.signed.data, trusted=[impostor])
    # Given with --trust, the impostor pins the school (as aggregate --trust does): the
    # genuine key is then not the school's registered one.
    assert result.intact and not result.trusted
    assert result.reasons == ["untrusted", "not_the_schools_certificate"]
    office = tmp_path / "office"
    from cryptography.hazmat.primitives import serialization

    import_trusted_certificate(office, impostor.public_bytes(serialization.Encoding.PEM))
    assert not verify_pdf(signed_report.signed.data, data_dir=office).trusted


def test_unsigned_pdf() -> None:
    result = verify_pdf(make_pdf(2, report_attachments()))
    assert not result.signed and result.reasons == ["unsigned"]
    assert not result.ok() and result.attachments == {}


@pytest.mark.parametrize("data", [b"", os.urandom(4096), b"just some text\n" * 50])
def test_not_a_pdf_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="文件不是 PDF") as info:
        verify_pdf(data)
    assert "not a PDF" in info.value.text("en")


def test_expired_certificate(data_dir: Path) -> None:
    old = new_identity(data_dir, now=datetime(2015, 1, 1, tzinfo=UTC))
    signed = sign_pdf(
        make_pdf(1),
        data_dir=data_dir,
        identity_id=old.identity_id,
        passphrase=PASSPHRASE,
        now=datetime(2017, 6, 1, 8, 0, tzinfo=UTC),
    )
    result = verify_pdf(signed.data, trusted=[old.certificate()])
    assert result.intact and result.trusted
    assert result.reasons == ["cert_expired"]
    assert not result.ok() and not result.ok(require_trust=True)
    assert result.signed_at == datetime(2017, 6, 1, 8, 0, tzinfo=UTC)


def test_attachments_come_from_the_signed_revision(signed_report: SignedReport) -> None:
    result = verify_pdf(signed_report.signed.data)
    assert result.attachments == report_attachments()
    facts = report_facts(result.attachments)
    assert facts["answers_digest_ok"] is True
    assert facts["results_summary"] == {
        cid: e["summary"] for cid, e in results_doc()["checklists"].items()
    }


def test_attachment_added_after_signing(signed_report: SignedReport) -> None:
    later = embed(
        signed_report.signed.data, {"extra.json": b"{}", "answers.json": b'{"forged": 1}'}
    )
    result = verify_pdf(later, trusted=[signed_report.identity.certificate()])
    assert result.intact and result.covers_whole_document and result.modified_after_signing
    assert result.reasons == ["modified_after_signing"]
    assert not result.ok() and not result.ok(require_trust=True)
    assert "extra.json" not in result.attachments
    assert result.attachments["answers.json"] == report_attachments()["answers.json"]


def test_annotation_added_after_signing(signed_report: SignedReport) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_report.signed.data))
    page_ref, _res = writer.find_page_for_modification(0)
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (50, 50, 70, 70)]
            ),
            generic.NameObject("/Contents"): generic.pdf_string("已整改"),
        }
    )
    page = page_ref.get_object()
    annots = page.get("/Annots", generic.ArrayObject())
    annots.append(writer.add_object(note))
    page[generic.NameObject("/Annots")] = annots
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue())
    assert result.modified_after_signing and "modified_after_signing" in result.reasons


def test_second_signature_marks_the_first_as_modified(signed_report: SignedReport) -> None:
    data_dir = signed_report.data_dir
    other = new_identity(data_dir, code="4419000009")
    twice = sign_pdf(
        signed_report.signed.data,
        data_dir=data_dir,
        identity_id=other.identity_id,
        passphrase=PASSPHRASE,
        field_name="Second",
    )
    result = verify_pdf(twice.data)
    assert result.fingerprint_sha256 == signed_report.identity.fingerprint_sha256
    assert result.modified_after_signing and not result.ok()


def test_report_facts_mismatch_and_absence() -> None:
    mismatched = report_attachments(answers_digest="0" * 64)
    assert report_facts(mismatched)["answers_digest_ok"] is False
    assert report_facts(mismatched)["results_digest_ok"] is True
    nothing = {
        "answers_digest_ok": None,
        "results_digest_ok": None,
        "results_summary": None,
        "missing_checklists": None,
    }
    assert report_facts({}) == nothing
    only_answers = {"answers.json": b"{}", "results.json": b"not json"}
    assert report_facts(only_answers) == nothing
    meta = {"report_meta.json": json.dumps({"answers_sha256": 5}).encode(), "answers.json": b""}
    assert report_facts(meta)["answers_digest_ok"] is None


def test_validation_logs_nothing_and_restores_loggers(
    signed_report: SignedReport, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    impostor = same_subject_other_key(signed_report.identity.certificate())
    before = logging.getLogger("pyhanko").level
    with caplog.at_level(logging.DEBUG):
        verify_pdf(signed_report.signed.data)
        verify_pdf(signed_report.signed.data, trusted=[impostor])
        verify_pdf(b"%PDF-1.7\n/ByteRange broken\nstartxref\n0\n%%EOF")
    assert [r for r in caplog.records if r.name.startswith("pyhanko")] == []
    assert logging.getLogger("pyhanko").level == before
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


def test_damaged_signed_file_is_tampered_not_unreadable() -> None:
    result = verify_pdf(b"%PDF-1.7\n1 0 obj <</ByteRange [0 1 2 3]>>\n%%EOF")
    assert result.signed and result.reasons == ["tampered"] and not result.ok()


def test_every_reason_has_both_languages() -> None:
    for code, (zh, en) in REASON_TEXT.items():
        assert reason_text(code, "zh") == zh and reason_text(code, "en") == en
        assert zh != en and zh and en
    assert set(REASON_TEXT) == {
        "cert_name_unusable",
        "answers_digest_mismatch",
        "results_digest_mismatch",
        "answers_invalid",
        "unsigned",
        "tampered",
        "modified_after_signing",
        "signature_invalid",
        "cert_expired",
        "cert_not_yet_valid",
        "untrusted",
        "not_pdf",
        "byte_range_invalid",
        "signature_gap_invalid",
        "signed_revision_invalid",
        "signed_in_future",
        "school_mismatch",
        "no_school_code",
        "not_the_schools_certificate",
        "results_do_not_match_answers",
        "report_incomplete",
        "inconsistent",
        "report_format_unknown",
        "report_data_invalid",
        "full_id_number",
        "cannot_reevaluate",
    }


def test_another_schools_certificate_does_not_make_it_trusted(
    identity: Identity, signed_report: SignedReport
) -> None:
    result = verify_pdf(signed_report.signed.data, trusted=[identity.certificate()])
    assert not result.trusted
