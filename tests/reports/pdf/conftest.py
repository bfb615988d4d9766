"""Reports built once per module for the PDF tests (building one takes about half a second)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports.pdf import ReportData, write_report
from tests.reports.pdf.pdf_helpers import report_data

POPPLER = ("pdftotext", "pdffonts", "pdfinfo", "pdfdetach")


@pytest.fixture(scope="session", autouse=True)
def _poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"poppler-utils missing ({', '.join(missing)}): apt-get install poppler-utils")


@pytest.fixture(scope="module")
def sample_data() -> ReportData:
    """The sample school's report data in Chinese."""
    return report_data()


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory, sample_data: ReportData) -> Path:
    """The sample school's Chinese report, written to disk."""
    return write_report(sample_data, tmp_path_factory.mktemp("pdf") / "report.pdf")


@pytest.fixture(scope="module")
def english_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample school's English report."""
    return write_report(report_data(lang="en"), tmp_path_factory.mktemp("pdf") / "report-en.pdf")
