"""The report meets the signing layer: its empty field is filled and the signature covers the data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reports.pdf import ReportData, build_report
from reports.signing import create_identity, report_facts, sign_pdf, verify_pdf
from tests.reports.pdf.pdf_helpers import FROZEN

PASSPHRASE = "report signing test"


def test_signing_fills_the_reserved_field_and_covers_the_attachments(
    tmp_path: Path, sample_data: ReportData
) -> None:
    identity = create_identity(
        tmp_path,
        school_name=sample_data.document.school.name,
        school_code=sample_data.document.school.code,
        signer="林思远",
        title="校长",
        passphrase=PASSPHRASE,
        now=FROZEN,
    )
    pdf = build_report(sample_data)
    signed = sign_pdf(
        pdf, data_dir=tmp_path, identity_id=identity.identity_id, passphrase=PASSPHRASE, now=FROZEN
    )
    assert signed.data.startswith(pdf)  # an incremental update: the report's bytes are kept
    result = verify_pdf(signed.data, data_dir=tmp_path)
    assert result.signed and result.intact and result.valid and result.covers_whole_document
    assert not result.modified_after_signing
    assert sorted(result.attachments) == ["answers.json", "report_meta.json", "results.json"]
    assert report_facts(result.attachments)["answers_digest_ok"] is True
    meta = json.loads(result.attachments["report_meta.json"])
    assert meta["answers_sha256"] == hashlib.sha256(result.attachments["answers.json"]).hexdigest()


def test_signed_field_is_the_one_the_report_reserved(
    tmp_path: Path, sample_data: ReportData
) -> None:
    import io

    from pypdf import PdfReader

    identity = create_identity(
        tmp_path,
        school_name="东莞市南城示例实验小学",
        school_code=sample_data.document.school.code,
        signer="林思远",
        title="校长",
        passphrase=PASSPHRASE,
        now=FROZEN,
    )
    signed = sign_pdf(
        build_report(sample_data),
        data_dir=tmp_path,
        identity_id=identity.identity_id,
        passphrase=PASSPHRASE,
        now=FROZEN,
    )
    reader = PdfReader(io.BytesIO(signed.data))
    fields = reader.get_fields() or {}
    assert list(fields) == ["SchoolSignature"]
    assert fields["SchoolSignature"].get("/V") is not None  # now signed
    meta = json.loads(reader.attachments["report_meta.json"][0])["signature_field"]
    page = reader.pages[meta["page"]]
    rects = [[round(float(v)) for v in a.get_object()["/Rect"]] for a in page.get("/Annots", [])]
    assert meta["box"] in rects
