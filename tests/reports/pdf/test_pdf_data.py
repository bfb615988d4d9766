"""The data inside the report: attachments, report_meta.json, QR text, metadata, signature field."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from checklists.answers_doc import DocumentParser, document_to_json
from checklists.evaluator import evaluate_document
from checklists.foundation.errors import InputError
from checklists.registry import builtin_checklists
from checklists.results import results_to_json
from reports.pdf import (
    ANSWERS_NAME,
    META_NAME,
    RESULTS_NAME,
    ReportData,
    build_report,
    make_report_id,
    qr_payload,
)
from reports.pdf.data import answers_json_bytes, embedded_answers_bytes
from reports.signing.idfacts import protect_answers, stand_in_answers
from tests.reports.pdf.pdf_helpers import FROZEN, grown, report_data


def _attachments(path: Path) -> dict[str, bytes]:
    return {name: data[0] for name, data in PdfReader(path).attachments.items()}


def test_three_attachments_listed_by_pdfdetach(sample_pdf: Path) -> None:
    listing = subprocess.run(
        ["pdfdetach", "-list", str(sample_pdf)], capture_output=True, text=True, check=True
    ).stdout
    for name in (ANSWERS_NAME, RESULTS_NAME, META_NAME):
        assert name in listing
    assert sorted(_attachments(sample_pdf)) == [ANSWERS_NAME, META_NAME, RESULTS_NAME]


def test_answers_attachment_is_the_document(sample_pdf: Path, sample_data: ReportData) -> None:
    raw = _attachments(sample_pdf)[ANSWERS_NAME]
    registry = builtin_checklists()
    doc = sample_data.document
    # The document, with each ID number replaced by its region code and the facts rules need.
    assert json.loads(raw) == protect_answers(document_to_json(doc), registry, doc.reference_date)
    assert raw == embedded_answers_bytes(doc, registry)  # canonical: sorted keys, no spaces
    assert b": " not in raw and raw.decode("utf-8")
    stood_in = DocumentParser(registry).parse(stand_in_answers(json.loads(raw), registry))
    assert (stood_in.school, stood_in.period) == (doc.school, doc.period)
    # The stand-in numbers give exactly the verdicts the real numbers give.
    assert [f.key() for f in evaluate_document(stood_in, registry).findings] == [
        f.key() for f in evaluate_document(doc, registry).findings
    ]
    assert b"id_facts" in raw and answers_json_bytes(doc) != raw


def test_results_attachment_is_the_evaluation(sample_pdf: Path, sample_data: ReportData) -> None:
    results = json.loads(_attachments(sample_pdf)[RESULTS_NAME])
    assert results == json.loads(json.dumps(results_to_json(sample_data.results, with_items=True)))
    assert results["checklists"]["guards"]["items"]["guards"] == "fail"
    for cl_id, result in sample_data.results.checklists.items():
        assert [f["code"] for f in results["checklists"][cl_id]["findings"]] == [
            f.code for f in result.findings
        ]


def test_report_meta_names_the_digests_and_the_field(
    sample_pdf: Path, sample_data: ReportData
) -> None:
    files = _attachments(sample_pdf)
    meta = json.loads(files[META_NAME])
    assert meta["format"] == "campus-selfcheck/report@1"
    assert meta["report_id"] == sample_data.report_id
    assert meta["answers_sha256"] == hashlib.sha256(files[ANSWERS_NAME]).hexdigest()
    assert meta["results_sha256"] == hashlib.sha256(files[RESULTS_NAME]).hexdigest()
    assert meta["generated_at"] == "2022-01-05T09:30:00+08:00"
    assert meta["school_code"] == sample_data.document.school.code
    assert meta["period"] == sample_data.document.period
    assert meta["app_version"] == "0.1.0"
    field = meta["signature_field"]
    assert field["name"] == "SchoolSignature"
    assert field["page"] == len(PdfReader(sample_pdf).pages) - 1  # the signature page is last
    x1, y1, x2, y2 = field["box"]
    assert (x2 - x1, y2 - y1) == (252, 104)
    assert 0 < x1 < x2 < 595 and 0 < y1 < y2 < 842


def test_empty_signature_field_sits_at_the_reserved_box(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)
    meta = json.loads(_attachments(sample_pdf)[META_NAME])["signature_field"]
    fields = reader.get_fields() or {}
    assert "SchoolSignature" in fields
    assert fields["SchoolSignature"].get("/FT") == "/Sig"
    assert fields["SchoolSignature"].get("/V") is None  # empty: to be signed
    page = reader.pages[meta["page"]]
    widgets = [a.get_object() for a in page.get("/Annots", [])]
    rects = [
        [round(float(v)) for v in w["/Rect"]] for w in widgets if w.get("/T") == "SchoolSignature"
    ]
    assert rects == [meta["box"]]


def test_attachment_names_are_the_verifiers_contract() -> None:
    from reports.signing import attachments

    assert (ANSWERS_NAME, RESULTS_NAME, META_NAME) == (
        attachments.ANSWERS_NAME,
        attachments.RESULTS_NAME,
        attachments.META_NAME,
    )


def test_document_metadata(sample_pdf: Path, sample_data: ReportData) -> None:
    reader = PdfReader(sample_pdf)
    info = reader.metadata
    assert info is not None
    assert sample_data.document.school.name in (info.title or "")
    assert info.author == sample_data.document.school.name
    assert sample_data.report_id in (info.subject or "")
    assert info["/CreationDate"] == "D:20220105093000+08'00'"
    assert info["/ModDate"] == "D:20220105093000+08'00'"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_english_report_declares_english(english_pdf: Path) -> None:
    assert PdfReader(english_pdf).trailer["/Root"]["/Lang"] == "en"


def test_qr_payload_names_report_and_answers_digest(sample_data: ReportData) -> None:
    digest = hashlib.sha256(answers_json_bytes(sample_data.document)).hexdigest()
    assert qr_payload(sample_data.report_id, digest) == f"CSC1|{sample_data.report_id}|{digest}"


def test_cover_qr_code_encodes_the_payload(sample_data: ReportData) -> None:
    from reportlab.platypus import Table

    from reports.pdf.context import build_context
    from reports.pdf.cover import QrCode, cover_story

    ctx = build_context(sample_data)
    expected = qr_payload(sample_data.report_id, ctx.answers_sha256)
    cells = [
        c for f in cover_story(ctx) if isinstance(f, Table) for row in f._cellvalues for c in row
    ]
    codes = [c for c in cells if isinstance(c, QrCode)]
    assert [c.text for c in codes] == [expected]
    # Version 6 at level M holds the 102 bytes: 41 modules, with the finder pattern in a corner.
    modules = codes[0].modules
    assert len(modules) == 41 and all(len(row) == 41 for row in modules)
    assert modules[0][:7] == [True] * 7 and modules[1][1:6] == [False] * 5


def test_report_id_follows_the_content() -> None:
    data = report_data()
    assert data.report_id.startswith(f"{data.document.school.code}-2021秋-")
    assert len(data.report_id.rsplit("-", 1)[1]) == 8
    assert make_report_id(data.document, data.results) == data.report_id
    other = report_data(grown(guards=13))
    assert other.report_id != data.report_id


def test_unknown_language_is_an_input_error(sample_data: ReportData) -> None:
    with pytest.raises(InputError, match="zh 或 en"):
        dataclasses.replace(sample_data, lang="fr")


def test_damaged_signature_image_is_an_input_error(sample_data: ReportData) -> None:
    with pytest.raises(InputError) as info:
        build_report(dataclasses.replace(sample_data, seal_image=b"not a png"))
    assert "图片" in info.value.zh and "image" in info.value.en


def test_clock_is_the_reports_clock(sample_data: ReportData) -> None:
    assert sample_data.generated_at == FROZEN


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed (optional)")
def test_printed_qr_code_scans_back(
    sample_pdf: Path, sample_data: ReportData, tmp_path: Path
) -> None:
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            str(sample_pdf),
            str(tmp_path / "cover"),
        ],
        check=True,
    )
    (image,) = tmp_path.glob("cover*.png")
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True
    ).stdout.strip()
    digest = hashlib.sha256(answers_json_bytes(sample_data.document)).hexdigest()
    assert scanned == f"CSC1|{sample_data.report_id}|{digest}"
