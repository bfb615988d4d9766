"""One list of checks decides every face: each forged report (forgeries.py), failing exactly
one check, is refused by verify_pdf and by the office's aggregation with that same reason; the
genuine report passes both; and no flag of the verification (report_facts' digests) can say
"wrong" while the verdict says "valid"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports.signing import report_facts, verify_pdf
from reports.signing.verdict import NOTE_REASONS, REASON_TEXT
from tests.reports.aggregate.helpers import run_and_summarise
from tests.reports.signing.forgeries import EXPECTED, ForgerySet, build_forgery_set


@pytest.fixture(scope="session")
def forgeries(tmp_path_factory: pytest.TempPathFactory) -> ForgerySet:
    return build_forgery_set(tmp_path_factory.getbasetemp() / "forgery-set")


def test_the_genuine_report_passes(forgeries: ForgerySet) -> None:
    result = verify_pdf(forgeries.genuine.read_bytes(), data_dir=forgeries.office)
    assert result.ok(require_trust=True), result.reasons
    facts = report_facts(result.attachments)
    assert facts["answers_digest_ok"] is True and facts["results_digest_ok"] is True


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verify_refuses_each_forgery_for_its_one_reason(forgeries: ForgerySet, name: str) -> None:
    result = verify_pdf(forgeries.path(name).read_bytes(), data_dir=forgeries.office)
    assert not result.ok() and not result.ok(require_trust=True)
    blocking = [r for r in result.reasons if r not in NOTE_REASONS]
    assert blocking == [EXPECTED[name]], (name, result.reasons)
    assert EXPECTED[name] in REASON_TEXT  # words in zh and en
    # No flag of the embedded data says "wrong" beside a passing verdict (nor "right" beside
    # a digest reason): report_facts agrees with the reasons.
    facts = report_facts(result.attachments)
    for key, reason in (
        ("answers_digest_ok", "answers_digest_mismatch"),
        ("results_digest_ok", "results_digest_mismatch"),
    ):
        assert (facts[key] is False) == (reason in result.reasons), (name, key)


def test_the_office_refuses_each_forgery_for_the_same_reason(
    forgeries: ForgerySet, tmp_path: Path
) -> None:
    office = shutil.copytree(forgeries.office, tmp_path / "office")
    run, summary = run_and_summarise([forgeries.folder], data_dir=office)
    assert not run.failed
    rejected = {Path(r.path).name: tuple(r.reasons) for r in summary.rejected}
    assert summary.schools == []
    assert rejected == {name: (reason,) for name, reason in EXPECTED.items()}


def test_verify_and_the_office_accept_the_genuine_report_alike(
    forgeries: ForgerySet, tmp_path: Path
) -> None:
    office = shutil.copytree(forgeries.office, tmp_path / "office")
    _, summary = run_and_summarise([forgeries.genuine], data_dir=office, require_trust=True)
    assert summary.rejected == [] and len(summary.schools) == 1


def test_verify_pins_with_its_trust_certificates_as_the_office_does(
    forgeries: ForgerySet,
) -> None:
    from reports.signing.certs import load_certificate

    data = forgeries.path("other-cert.pdf").read_bytes()
    cert = load_certificate(forgeries.x_cert.read_bytes())
    result = verify_pdf(data, trusted=[cert])  # no trust store: only --trust
    assert "not_the_schools_certificate" in result.reasons and not result.ok()
