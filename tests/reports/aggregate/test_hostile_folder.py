"""An office folder with broken links, loops, pipes and odd names: the run goes on, each one rejected with its reason."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reports.aggregate.inputs import list_report_files
from tests.conftest import ROOT
from tests.reports.aggregate.helpers import records
from tests.reports.aggregate.report_set import ReportSet, build_report_set


@pytest.fixture(scope="module")
def report_set(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return build_report_set(tmp_path_factory.getbasetemp() / "aggregate-hostile-set")


def _hostile(report_set: ReportSet, tmp_path: Path) -> Path:
    folder = report_set.copy_to(tmp_path / "reports")
    (folder / "dangling.pdf").symlink_to(folder / "nowhere.pdf")
    (folder / "loop-a.pdf").symlink_to(folder / "loop-b.pdf")
    (folder / "loop-b.pdf").symlink_to(folder / "loop-a.pdf")
    os.mkfifo(folder / "pipe.pdf")
    (folder / os.fsdecode(b"bad-\xff-name.pdf")).write_bytes(b"%PDF-1.7\n")
    return folder


def test_listing_keeps_broken_links_for_the_reading_and_names_the_rest(
    report_set: ReportSet, tmp_path: Path
) -> None:
    folder = _hostile(report_set, tmp_path)
    listed = list_report_files([folder])
    names = {p.name for p in listed.files}
    assert {"dangling.pdf", "loop-a.pdf", "loop-b.pdf"} <= names
    assert "pipe.pdf" not in names
    reasons = {Path(where).name: en for where, _, en in listed.unlisted}
    assert reasons["pipe.pdf"] == "not a regular file (a pipe or device); not read"
    assert reasons["bad-\ufffd-name.pdf"] == "the file name is not valid text; not checked"


def test_aggregate_survives_every_broken_file(
    cli, report_set: ReportSet, tmp_path: Path, data_dir: Path
) -> None:
    folder = _hostile(report_set, tmp_path)
    out = tmp_path / "summary.xlsx"
    start = time.monotonic()
    proc = cli("aggregate", str(folder), "--out", str(out), "--lang", "en", data_dir=data_dir)
    assert time.monotonic() - start < 60
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    rejected = {Path(r["File"]).name: r for r in records(out, "Rejected")}
    for name in ("dangling.pdf", "loop-a.pdf", "loop-b.pdf", "pipe.pdf", "bad-\ufffd-name.pdf"):
        assert name in rejected, sorted(rejected)
    assert "No such file" in str(rejected["dangling.pdf"])
    assert "symbolic links" in str(rejected["loop-a.pdf"])
    assert len(records(out, "Schools")) >= 1  # the good reports still made the summary


def test_a_missing_driver_is_one_line_and_exit_2(
    cli, report_set: ReportSet, tmp_path: Path, data_dir: Path
) -> None:
    for url in ("postgresql+psycopg://u@localhost/x", "mysql://u:secret@localhost/x"):
        proc = cli(
            "aggregate",
            str(report_set.folder),
            "--out",
            str(tmp_path / "s.xlsx"),
            "--db",
            url,
            data_dir=data_dir,
        )
        assert proc.returncode == 2
        assert proc.stderr.strip().count("\n") == 0, proc.stderr
        assert (
            "数据库驱动" in proc.stderr and "未安装" in proc.stderr and "secret" not in proc.stderr
        )
        assert not (tmp_path / "s.xlsx").exists() and not (data_dir / "office.db").exists()


def test_an_unreachable_server_is_one_line_and_exit_2(
    cli, report_set: ReportSet, tmp_path: Path, data_dir: Path
) -> None:
    url = "postgresql+psycopg2://u:secret@127.0.0.1:9/x?connect_timeout=2"
    proc = cli(
        "aggregate",
        str(report_set.folder),
        "--out",
        str(tmp_path / "s.xlsx"),
        "--db",
        url,
        data_dir=data_dir,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0, proc.stderr
    assert "无法打开汇总数据库" in proc.stderr and "secret" not in proc.stderr


def test_a_failed_start_leaves_no_empty_store(
    cli, report_set: ReportSet, tmp_path: Path, data_dir: Path
) -> None:
    """The summary cannot be written (its folder is missing): the new, empty office.db goes too."""
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = cli("aggregate", str(empty), "--out", str(tmp_path / "no" / "s.xlsx"), data_dir=data_dir)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not (data_dir / "office.db").exists()


FROZEN_WITHOUT = (
    "import sys\n"
    "sys.frozen = True\n"  # as PyInstaller sets it
    "for name in sys.argv[1].split(','):\n"
    "    sys.modules[name] = None\n"  # left out of the bundle: importing it fails
    "import main\n"
    "sys.exit(main.main(sys.argv[2:]))\n"
)


@pytest.mark.parametrize(
    "left_out",
    ["psycopg2", "psycopg2,psycopg,sqlalchemy.dialects.postgresql"],
    ids=["driver", "driver-and-dialect"],
)
def test_the_standalone_build_without_a_driver_says_so_in_one_line(
    report_set: ReportSet, tmp_path: Path, data_dir: Path, left_out: str
) -> None:
    """The standalone build leaves psycopg2 out: --db postgresql… is one line and exit 2 there."""
    out = tmp_path / "s.xlsx"
    args = ["--data-dir", str(data_dir), "aggregate", str(report_set.folder), "--out", str(out)]
    # One worker (checks in the command's process): this stand-in for the build is a plain
    # Python, which cannot start the build's worker processes (packaging/ tests those).
    args += ["--db", "postgresql+psycopg2://u:secret@localhost/x", "--workers", "1"]
    proc = subprocess.run(
        [sys.executable, "-c", FROZEN_WITHOUT, left_out, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "CAMPUS_SELFCHECK_LANG": "zh"},
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    message = proc.stderr.strip()
    assert message.count("\n") == 0, message
    assert "独立版" in message and "psycopg2" in message and "SQLite" in message
    assert "secret" not in message and "Traceback" not in message
    assert not out.exists() and not (data_dir / "office.db").exists()
