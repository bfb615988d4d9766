"""Forgeries made from one genuine signed report: each one fails, with its own reason.

pyHanko's coverage verdict alone is fooled by signature wrapping (it calls the file "entire
file"); these tests show it, and that our structural checks (reports.signing.structure) catch it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reports.signing import verify_pdf
from reports.signing.verdict import CHANGED_REASONS
from tests.reports.signing.attacks import (
    append_update,
    gap_bytes,
    layout,
    raw_gap_bytes,
    rewrite_byte_range,
    wrap_signature,
)
from tests.reports.signing.real_reports import RealReport

FORGED_RESULTS = json.dumps({"checklists": {}}).encode()


def _pyhanko_coverage(data: bytes) -> str:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    sig = PdfFileReader(io.BytesIO(data), strict=False).embedded_regular_signatures[0]
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[]), skip_diff=True)
    assert status.intact  # the signed bytes themselves are untouched
    return str(status.coverage.name)


def test_genuine_report_verifies_trusted(real_report: RealReport) -> None:
    result = verify_pdf(real_report.data, trusted=[real_report.x.certificate()])
    assert result.ok(require_trust=True), result.reasons
    assert result.reasons == [] and result.reevaluation == "matched"
    assert result.revision_length == len(real_report.data)


def test_signature_wrapping_fools_the_library_but_not_us(real_report: RealReport) -> None:
    forged = wrap_signature(real_report.data, {"results.json": FORGED_RESULTS}, fake_page=b"FORGED")
    assert _pyhanko_coverage(forged) == "ENTIRE_FILE"  # why our own checks exist
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert not result.ok() and not result.ok(require_trust=True)
    assert "signature_gap_invalid" in result.reasons
    assert result.attachments == {} and result.revision_length == 0


def test_wrapping_with_only_the_pages_forged(real_report: RealReport) -> None:
    forged = wrap_signature(real_report.data, {}, fake_page=b"FORGED")
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert "signature_gap_invalid" in result.reasons and result.attachments == {}


@pytest.mark.parametrize(
    "payload", [b"%forged trailer", b"\x00\x01 not zero padding"], ids=["text", "bytes"]
)
def test_bytes_hidden_in_the_hex_padding(real_report: RealReport, payload: bytes) -> None:
    forged = gap_bytes(real_report.data, payload)
    assert _pyhanko_coverage(forged) == "ENTIRE_FILE"
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert result.reasons == ["signature_gap_invalid"] and not result.ok()
    assert result.attachments == {}


def test_non_hex_bytes_in_the_gap(real_report: RealReport) -> None:
    forged = raw_gap_bytes(real_report.data, b"/Forged (yes)")
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert "signature_gap_invalid" in result.reasons and not result.ok()


@pytest.mark.parametrize(
    "shift",
    [
        lambda a, b, n: (1, a - 1, b, n),  # first range not from 0
        lambda a, b, n: (0, a + 1, b, n),  # first range into the hex string
        lambda a, b, n: (0, a, b - 1, n + 1),  # second range starts inside the gap
        lambda a, b, n: (0, a, b, n + 50),  # beyond the end of the file
        lambda a, b, n: (0, a, b, n - 20),  # stops before %%EOF
    ],
    ids=["start", "into-hex", "second-early", "past-eof", "short"],
)
def test_shifted_ranges(real_report: RealReport, shift) -> None:  # type: ignore[no-untyped-def]
    lay = layout(real_report.data)
    forged = rewrite_byte_range(real_report.data, shift(lay.a, lay.b, lay.length2))
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert CHANGED_REASONS & set(result.reasons), result.reasons
    assert not result.ok() and result.attachments == {}


def test_appended_update_with_forged_attachments(real_report: RealReport) -> None:
    forged = append_update(real_report.data, {"results.json": FORGED_RESULTS})
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert "modified_after_signing" in result.reasons and not result.ok()
    # Everything reported is the signed revision's, never the appended data.
    assert result.attachments["results.json"] != FORGED_RESULTS
    assert result.revision_length == len(real_report.data)


def test_appended_update_of_allowed_objects_only(real_report: RealReport) -> None:
    forged = append_update(real_report.data, Title="已整改完毕")
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert result.reasons == ["modified_after_signing"] and not result.ok()


def test_stripped_attachments_are_not_a_report(real_report: RealReport) -> None:
    from tests.reports.signing.signing_helpers import make_pdf

    plain = real_report.sign(make_pdf(1), real_report.x)
    result = verify_pdf(plain, trusted=[real_report.x.certificate()])
    assert result.reevaluation == "not_report"


def test_a_later_signature_does_not_replace_the_reports_own(
    real_report: RealReport, tmp_path: Path
) -> None:
    """An appended revision with forged data, signed by an impostor in a second field: the
    report's own (earliest) signature is the one judged, and it says "modified after signing"."""
    from reports.signing import sign_pdf
    from tests.reports.aggregate.report_set import PASSPHRASE
    from tests.reports.signing.real_reports import school_identity

    impostor = school_identity(tmp_path / "impostor", "X")
    forged = append_update(real_report.data, {"results.json": FORGED_RESULTS})
    double = sign_pdf(
        forged,
        data_dir=tmp_path / "impostor",
        identity_id=impostor.identity_id,
        passphrase=PASSPHRASE,
        field_name="Second",
    ).data
    result = verify_pdf(double, trusted=[impostor.certificate()])
    assert result.fingerprint_sha256 == real_report.x.fingerprint_sha256
    assert "modified_after_signing" in result.reasons and not result.ok()
    assert result.attachments["results.json"] != FORGED_RESULTS
