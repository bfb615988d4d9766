"""Fixtures for the signing tests: an identity in a fresh data folder and a signed report."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.signing import Identity, sign_pdf
from tests.reports.signing.real_reports import RealReport, build_real_report
from tests.reports.signing.signing_helpers import (
    PASSPHRASE,
    SignedReport,
    make_pdf,
    new_identity,
    report_attachments,
)


@pytest.fixture
def identity(data_dir: Path) -> Identity:
    """A fresh identity in the test's data folder."""
    return new_identity(data_dir)


@pytest.fixture(scope="module")
def signed_report(tmp_path_factory: pytest.TempPathFactory) -> SignedReport:
    """One signed report with the three JSON attachments, shared by a module's tests."""
    data_dir = tmp_path_factory.mktemp("signed") / "data"
    ident = new_identity(data_dir)
    pdf = make_pdf(3, report_attachments())
    signed = sign_pdf(pdf, data_dir=data_dir, identity_id=ident.identity_id, passphrase=PASSPHRASE)
    return SignedReport(data_dir, ident, signed)


@pytest.fixture(scope="module")
def real_report(tmp_path_factory: pytest.TempPathFactory) -> RealReport:
    """School X's genuine signed report (real builder, sample answers), shared by a module."""
    return build_real_report(tmp_path_factory.mktemp("real"))
