"""poppler's pdfsig on the same forgeries: where it and our verifier agree, and where not.

pdfsig is a second, independent reading of each file. The table below is the record of what it
says; the test fails when pdfsig's verdict changes (a poppler upgrade), so the record stays true.
Where pdfsig says "Signature is Valid." we still reject — those rows are the disagreements:
pdfsig checks the cryptography and the coverage, not whose school a key belongs to, clocks,
or what the embedded results claim.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from checklists.results import Results
from reports.signing import verify_pdf
from tests.reports.aggregate.report_set import report_pdf
from tests.reports.signing.attacks import (
    append_update,
    gap_bytes,
    layout,
    raw_gap_bytes,
    rewrite_byte_range,
    wrap_signature,
)
from tests.reports.signing.real_reports import RealReport
from tests.reports.signing.signing_helpers import pdfsig
from tests.reports.signing.test_report_checks import _report

FORGED = {"results.json": b'{"checklists": {}}'}
# name → (pdfsig's validation line, whether it says the whole document is signed, our reason)
RECORD = {
    "genuine": ("Signature is Valid.", True, None),
    "wrapped": ("Signature is Valid.", False, "signature_gap_invalid"),
    "gap-hex": ("Signature is Valid.", False, "signature_gap_invalid"),
    "gap-raw": ("Signature is Valid.", False, "signature_gap_invalid"),
    "range-start": ("Digest Mismatch.", True, "byte_range_invalid"),
    "range-past-eof": ("Signature has not yet been verified.", False, "byte_range_invalid"),
    "appended": ("Signature is Valid.", False, "modified_after_signing"),
    "appended-info": ("Signature is Valid.", False, "modified_after_signing"),
    "other-school-key": ("Signature is Valid.", True, "school_mismatch"),
    "future": ("Signature is Valid.", True, "signed_in_future"),
    "lying": ("Signature is Valid.", True, "results_do_not_match_answers"),
}


def _no_findings(results: Results) -> Results:
    return Results(
        {
            cid: dataclasses.replace(r, findings=(), status="compliant")
            for cid, r in results.checklists.items()
        }
    )


def _attack(name: str, real: RealReport) -> bytes:
    lay = layout(real.data)
    makers = {
        "genuine": lambda: real.data,
        "wrapped": lambda: wrap_signature(real.data, FORGED, fake_page=b"FORGED"),
        "gap-hex": lambda: gap_bytes(real.data, b"%forged"),
        "gap-raw": lambda: raw_gap_bytes(real.data, b"/Forged (yes)"),
        "range-start": lambda: rewrite_byte_range(real.data, (1, lay.a - 1, lay.b, lay.length2)),
        "range-past-eof": lambda: rewrite_byte_range(
            real.data, (0, lay.a, lay.b, lay.length2 + 50)
        ),
        "appended": lambda: append_update(real.data, FORGED),
        "appended-info": lambda: append_update(real.data, Title="已整改"),
        "other-school-key": lambda: real.sign(report_pdf(real.doc), real.y),
        "future": lambda: real.sign(
            report_pdf(real.doc), real.x, now=datetime.now(UTC) + timedelta(days=400)
        ),
        "lying": lambda: real.sign(_report(real.doc, _no_findings), real.x),
    }
    return makers[name]()


@pytest.mark.parametrize("name", list(RECORD))
def test_pdfsig_and_us_on_each_attack(name: str, real_report: RealReport, tmp_path: Path) -> None:
    data = _attack(name, real_report)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    said = pdfsig(path)
    validation, total, ours = RECORD[name]
    assert f"Signature Validation: {validation}" in said, said
    assert ("Total document signed" in said) is total, said
    assert ("Not total document signed" in said) is not total, said
    result = verify_pdf(data, trusted=[real_report.x.certificate(), real_report.y.certificate()])
    if ours is None:
        assert result.ok(require_trust=True) and result.reasons == []
    else:
        assert ours in result.reasons and not result.ok()
