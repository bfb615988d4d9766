"""The findings sheet's rows made while the reports are checked (reports.aggregate.prepared) are
the very rows the workbook makes from the store: a run's workbook is byte for byte the one a
second run over the same files writes, which reads every school from the store; in Chinese and
in English, with new and stored reports mixed, and when the temporary file fails."""

from __future__ import annotations

import errno
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import main
from reports.aggregate import prepared
from reports.aggregate.prepared import PreparedFindings
from reports.aggregate.worker import check_file, init_worker
from tests.reports.aggregate.report_set import ReportSet

MARKS = (b"\x00", b"\x01", b"\x02", b"\x03", b"\x04", b"\x05")


def _aggregate(data_dir: Path, out: Path, lang: str, *paths: Path) -> None:
    args = ["--data-dir", str(data_dir), "aggregate", "--workers", "1", "--lang", lang]
    assert main.main([*args, "--out", str(out), *map(str, paths)]) == 0


def _sheets(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as package:
        return {
            name: package.read(name)
            for name in package.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


@pytest.fixture
def used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each school the workbook asks for: whether its rows had been made ahead."""
    found: list[bool] = []
    real = PreparedFindings.rows_of

    def rows_of(self: PreparedFindings, sha256: str) -> str | None:
        block = real(self, sha256)
        found.append(block is not None)
        return block

    monkeypatch.setattr(PreparedFindings, "rows_of", rows_of)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_made_ahead_are_the_rows_from_the_store(
    report_set: ReportSet, tmp_path: Path, lang: str, used: list[bool]
) -> None:
    first, again = tmp_path / "first.xlsx", tmp_path / "again.xlsx"
    _aggregate(tmp_path / "data", first, lang, report_set.folder)
    assert used and all(used)  # every school's rows made ahead
    used.clear()
    _aggregate(tmp_path / "data", again, lang, report_set.folder)  # all stored: none made
    assert used and not any(used)
    made, read = _sheets(first), _sheets(again)
    assert made == read
    findings = made["xl/worksheets/sheet5.xml"]
    assert findings.count(b"<row ") > 40
    assert not any(mark in sheet for sheet in made.values() for mark in MARKS)


def test_new_and_stored_reports_mixed(
    report_set: ReportSet, tmp_path: Path, used: list[bool]
) -> None:
    data = tmp_path / "data"
    _aggregate(data, tmp_path / "x.xlsx", "zh", report_set.path("x-valid.pdf"))
    used.clear()
    _aggregate(data, tmp_path / "mixed.xlsx", "zh", report_set.folder)
    assert True in used and False in used  # school X from the store, the others made ahead
    _aggregate(data, tmp_path / "stored.xlsx", "zh", report_set.folder)
    assert _sheets(tmp_path / "mixed.xlsx") == _sheets(tmp_path / "stored.xlsx")


def test_a_failing_temporary_file_leaves_the_rows_to_the_store(
    report_set: ReportSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, used: list[bool]
) -> None:
    class FullDisk:
        def seek(self, _offset: int) -> int:
            return 0

        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            pass

    monkeypatch.setattr(prepared.tempfile, "TemporaryFile", lambda **_: FullDisk())
    _aggregate(tmp_path / "data", tmp_path / "full.xlsx", "zh", report_set.folder)
    assert used and not any(used)
    monkeypatch.undo()
    _aggregate(tmp_path / "data", tmp_path / "stored.xlsx", "zh", report_set.folder)
    assert _sheets(tmp_path / "full.xlsx") == _sheets(tmp_path / "stored.xlsx")


def test_a_finding_of_a_checklist_without_a_verdict_is_left_to_the_store(
    report_set: ReportSet,
) -> None:
    """The summary orders such a finding by the checklists of every report it holds: its
    rows are not made ahead."""
    init_worker(frozenset())
    outcome = check_file(str(report_set.path("x-valid.pdf")))
    assert outcome.status == "accepted" and outcome.report is not None
    kept = PreparedFindings("zh")
    try:
        kept.add(outcome)
        assert kept.rows_of(outcome.sha256 or "") is not None
        report: Any = outcome.report
        judged = {f.checklist for f in report.findings}
        missing = replace(
            outcome,
            sha256="0" * 64,
            report=replace(
                report, checklists=tuple(c for c in report.checklists if c.checklist not in judged)
            ),
        )
        kept.add(missing)
        assert kept.rows_of("0" * 64) is None
    finally:
        kept.close()
        init_worker(frozenset())
