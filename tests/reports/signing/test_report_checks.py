"""The report behind the signature: whose certificate, pinned or not, signing clocks, results
the answers do not give, and no full ID number anywhere in the PDF."""

from __future__ import annotations

import dataclasses
import re
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.idnumber import is_valid_id_number
from checklists.registry import builtin_checklists
from checklists.results import Results
from reports.pdf import ReportData, build_report, make_report_id
from reports.signing import import_trusted_certificate, verify_pdf
from reports.signing.sign import check_identity_school
from reports.signing.trust import trust_log
from tests.reports.aggregate.report_set import answers, report_pdf
from tests.reports.signing.real_reports import RealReport, school_identity

_ID_RE = re.compile(rb"(?<![0-9])[1-9]\d{16}[\dX](?![0-9])")


def _report(doc_json: dict, change=None) -> bytes:  # type: ignore[no-untyped-def,type-arg]
    """The real report of ``doc_json``; ``change`` may rewrite its Results before building."""
    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(doc_json)
    results = evaluate_document(doc, checklists)
    if change is not None:
        results = change(results)
    data = ReportData(
        document=doc,
        results=results,
        checklists=checklists,
        report_id=make_report_id(doc, results),
        generated_at=datetime(2022, 1, 5, 10, 0),
    )
    return build_report(data)


def test_another_schools_identity_is_refused_at_signing(real_report: RealReport) -> None:
    from checklists.foundation.errors import InputError

    with pytest.raises(InputError, match="另一所学校") as info:
        check_identity_school(real_report.y, "4419000101", "东莞市南城示例第一小学")
    assert "another school" in info.value.text("en")
    check_identity_school(real_report.x, "4419000101", "东莞市南城示例第一小学")


def test_report_signed_with_another_schools_key_fails(real_report: RealReport) -> None:
    forged = real_report.sign(report_pdf(real_report.doc), real_report.y)  # X's report, Y's key
    for trusted in ([], [real_report.y.certificate()]):
        result = verify_pdf(forged, trusted=trusted)
        assert "school_mismatch" in result.reasons
        assert not result.ok() and not result.ok(require_trust=True)


def test_signing_time_in_the_future(real_report: RealReport) -> None:
    later = datetime.now(UTC) + timedelta(days=400)
    forged = real_report.sign(report_pdf(real_report.doc), real_report.x, now=later)
    result = verify_pdf(forged, trusted=[real_report.x.certificate()])
    assert "signed_in_future" in result.reasons and not result.ok()
    # Within the clock skew, or verified later, it is fine.
    assert verify_pdf(
        forged, trusted=[real_report.x.certificate()], now=later + timedelta(minutes=4)
    ).ok(require_trust=True)
    skewed = later - timedelta(minutes=4)
    assert verify_pdf(forged, trusted=[real_report.x.certificate()], now=skewed).ok()


def test_signing_time_in_the_past_before_the_certificate(real_report: RealReport) -> None:
    earlier = datetime.now(UTC) - timedelta(days=30)
    from checklists.foundation.errors import InputError

    with pytest.raises(InputError, match="才生效"):
        real_report.sign(report_pdf(real_report.doc), real_report.x, now=earlier)


def test_pinned_school_rejects_an_impostor_even_without_require_trust(
    real_report: RealReport, tmp_path: Path
) -> None:
    office = tmp_path / "office"
    import_trusted_certificate(office, real_report.x.certificate_pem.encode())
    impostor = school_identity(tmp_path / "impostor", "X")  # same school code, other key
    forged = RealReport(tmp_path / "impostor", impostor, impostor, real_report.doc, b"").sign(
        report_pdf(real_report.doc), impostor
    )
    result = verify_pdf(forged, data_dir=office)
    assert "not_the_schools_certificate" in result.reasons and not result.ok()
    assert verify_pdf(real_report.data, data_dir=office).ok(require_trust=True)
    # Replacing the school's certificate is an explicit, recorded act.
    import_trusted_certificate(office, impostor.certificate_pem.encode(), replace=True)
    assert verify_pdf(forged, data_dir=office).ok(require_trust=True)
    assert "not_the_schools_certificate" in verify_pdf(real_report.data, data_dir=office).reasons
    log = trust_log(office)
    assert [e["action"] for e in log] == ["add", "replace"]
    assert log[1]["replaced"] == [real_report.x.fingerprint_sha256]
    assert all(e["school_code"] == "4419000101" and e["at"] for e in log)


def _no_findings(results: Results) -> Results:
    return Results(
        {
            cid: dataclasses.replace(r, findings=(), status="compliant")
            for cid, r in results.checklists.items()
        }
    )


def test_results_the_answers_do_not_give(real_report: RealReport) -> None:
    lying = real_report.sign(_report(real_report.doc, _no_findings), real_report.x)
    result = verify_pdf(lying, trusted=[real_report.x.certificate()])
    assert result.reevaluation == "results_do_not_match_answers"
    assert "results_do_not_match_answers" in result.reasons
    assert not result.ok() and not result.ok(require_trust=True)


def test_unknown_checklist_version_cannot_be_reevaluated(real_report: RealReport) -> None:
    def newer(results: Results) -> Results:
        guards = results.checklists["guards"]
        return Results({**results.checklists, "guards": dataclasses.replace(guards, version=99)})

    future = real_report.sign(_report(real_report.doc, newer), real_report.x)
    result = verify_pdf(future, trusted=[real_report.x.certificate()])
    assert result.reevaluation == "cannot_reevaluate"
    assert result.reasons == ["cannot_reevaluate"]
    assert result.ok() and not result.ok(require_trust=True)  # visible, its own status


def _streams(data: bytes) -> list[bytes]:
    """Every stream of the PDF, inflated when it is Flate-compressed."""
    out = []
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        raw = data[match.end() : end]
        try:
            out.append(zlib.decompressobj().decompress(raw))
        except zlib.error:
            out.append(raw)
    return out


def test_no_full_id_number_anywhere_in_the_pdf(real_report: RealReport) -> None:
    full = {
        row["id_number"].encode()
        for row in real_report.doc["checklists"]["guards"]["guards"]
        if row.get("id_number")
    }
    assert len(full) > 5
    pieces = [real_report.data, *_streams(real_report.data)]
    assert any(b"id_facts" in p for p in pieces)  # the attachment was inflated and searched
    for piece in pieces:
        assert not any(number in piece for number in full)
    # Any other valid ID number in the embedded JSON (the signature's hex /Contents and binary
    # streams may hold 18-digit runs by chance, so the pattern is checked where text is meant).
    texts = [p for p in pieces if p.lstrip().startswith(b"{")]
    assert len(texts) == 3
    for text in texts:
        found = [m.group(0).decode() for m in _ID_RE.finditer(text)]
        assert not [n for n in found if is_valid_id_number(n)], found


def test_embedded_facts_give_the_same_verdicts_as_the_full_numbers(real_report: RealReport) -> None:
    result = verify_pdf(real_report.data, trusted=[real_report.x.certificate()])
    assert result.reevaluation == "matched"
    # A guard's ID birth date that makes him too old must still be found by the office.
    doc = answers("X")
    guards = doc["checklists"]["guards"]["guards"]
    assert any(g["id_number"][6:10] < "1966" for g in guards)


def test_a_second_certificate_for_a_pinned_school_needs_an_explicit_act(
    real_report: RealReport, tmp_path: Path
) -> None:
    from reports.signing.trust import SchoolAlreadyPinned, list_trusted

    office = tmp_path / "office"
    import_trusted_certificate(office, real_report.x.certificate_pem.encode())
    other = school_identity(tmp_path / "other", "X")
    with pytest.raises(SchoolAlreadyPinned, match="--replace") as info:
        import_trusted_certificate(office, other.certificate_pem.encode())
    assert [e.fingerprint_sha256 for e in info.value.pinned] == [real_report.x.fingerprint_sha256]
    assert len(list_trusted(office)) == 1 and len(trust_log(office)) == 1  # nothing changed
    import_trusted_certificate(office, other.certificate_pem.encode(), add_another=True)
    assert len(list_trusted(office)) == 2
    assert verify_pdf(real_report.data, data_dir=office).ok(require_trust=True)


def test_an_id_number_typed_into_an_explanation_is_masked_too(
    real_report: RealReport,
) -> None:
    import json as json_module

    doc = answers("X")
    number = doc["checklists"]["guards"]["guards"][0]["id_number"]

    def explained(results: Results) -> Results:
        guards = results.checklists["guards"]
        first = dataclasses.replace(guards.findings[0], explanation=f"见身份证 {number} 的复印件")
        changed = dataclasses.replace(guards, findings=(first, *guards.findings[1:]))
        return Results({**results.checklists, "guards": changed})

    pdf = _report(doc, explained)
    pieces = [pdf, *_streams(pdf)]
    assert any(b"\xe5\xa4\x8d\xe5\x8d\xb0\xe4\xbb\xb6" in p for p in pieces)  # 复印件 was found
    assert not any(number.encode() in p for p in pieces)
    signed = real_report.sign(pdf, real_report.x)
    result = verify_pdf(signed, trusted=[real_report.x.certificate()])
    assert result.reevaluation == "matched"  # masking an explanation changes no verdict
    assert number not in json_module.dumps(json_module.loads(result.attachments["results.json"]))
