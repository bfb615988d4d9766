"""Fixtures for the aggregation tests: the mixed report folder (built once per session)."""

from __future__ import annotations

import pytest

from tests.reports.aggregate.report_set import ReportSet, build_report_set


@pytest.fixture(scope="session")
def report_set(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    """The mixed folder of report_set.py, shared by every test of the session."""
    return build_report_set(tmp_path_factory.getbasetemp() / "aggregate-report-set")
