"""Fixtures of the office window tests: the mixed report folder and a ready window."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.aggregate.report_set import ReportSet, build_report_set


@pytest.fixture(scope="session")
def report_set(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    """The mixed folder of tests/reports/aggregate/report_set.py (built once per session)."""
    return build_report_set(tmp_path_factory.getbasetemp() / "aggregate-report-set")


@pytest.fixture
def office(qtbot, data_dir: Path):
    """An OfficeWindow on a fresh data folder (checking in this process), its first read done."""
    from ui.office import OfficeWindow

    window = OfficeWindow(data_dir, workers=1)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.worker is None, timeout=30000)
    return window


def aggregate(qtbot, window, folder: Path) -> None:
    """Run the window on ``folder`` and wait for its worker's finished signal."""
    window.aggregate([folder])
    assert window.worker is not None
    # Both blockers connect at once; the worker needs far longer than this to finish.
    finished = qtbot.waitSignal(window.worker.finished, timeout=120000)
    shown = qtbot.waitSignal(window.summaryChanged, timeout=120000)
    finished.wait()
    shown.wait()
