"""One flipped byte anywhere in the signed range is caught, by us and by poppler's pdfsig."""

from __future__ import annotations

from pathlib import Path

from reports.signing import verify_pdf
from reports.signing.verdict import CHANGED_REASONS
from tests.reports.signing.signing_helpers import (
    SignedReport,
    byte_range,
    flip,
    pdfsig,
    signature_structure_spans,
    signed_positions,
    signing_revision_span,
)

FLIPS = 50


def test_intact_report_is_valid_for_pdfsig(signed_report: SignedReport, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_report.signed.data)
    report = pdfsig(path)
    assert "Signature is Valid." in report
    assert "Total document signed" in report


def test_every_flip_is_reported_as_tampered(signed_report: SignedReport) -> None:
    data = signed_report.signed.data
    positions = signed_positions(data, FLIPS)
    assert positions[0] == 0 and len(set(positions)) == FLIPS
    missed = []
    for position in positions:
        result = verify_pdf(flip(data, position), trusted=[signed_report.identity.certificate()])
        if not CHANGED_REASONS & set(result.reasons) or result.ok() or result.intact:
            missed.append((position, result.reasons))
    assert missed == []


def test_pdfsig_reports_digest_mismatch_for_every_flip(
    signed_report: SignedReport, tmp_path: Path
) -> None:
    data = signed_report.signed.data
    structure = [*signature_structure_spans(data), signing_revision_span(data)]
    path = tmp_path / "flipped.pdf"
    called_valid, no_mismatch = [], []
    for position in signed_positions(data, FLIPS):
        path.write_bytes(flip(data, position))
        report = pdfsig(path)
        if "Signature is Valid." in report:
            called_valid.append(position)
        in_structure = any(start <= position < end for start, end in structure)
        if "Digest Mismatch." not in report and not in_structure:
            no_mismatch.append(position)
    assert called_valid == []
    # Flips inside the signature's own dictionaries hide the signature from poppler (it then
    # says "not signed"); everywhere else it must see the digest mismatch.
    assert no_mismatch == []


def test_flip_in_signature_dictionary_is_still_tampered(signed_report: SignedReport) -> None:
    data = signed_report.signed.data
    _, gap_start, gap_end, _ = byte_range(data)
    checked = 0
    for start, end in signature_structure_spans(data):
        for position in range(start, end):
            if gap_start <= position < gap_end:
                continue  # the hex /Contents itself is the one unsigned gap
            result = verify_pdf(flip(data, position))
            assert CHANGED_REASONS & set(result.reasons), (position, result.reasons)
            checked += 1
    assert checked > 300
