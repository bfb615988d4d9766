"""``main.py aggregate``: the mixed folder through the command line, as the office runs it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli.cmd_aggregate import ProgressBar
from tests.reports.aggregate.helpers import SHEETS_EN, SHEETS_ZH, all_cells, records
from tests.reports.aggregate.report_set import SCHOOLS, ReportSet, build_report_set


@pytest.fixture(scope="session")
def report_set(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    """The mixed folder of tests/reports/aggregate/report_set.py (built once per session)."""
    return build_report_set(tmp_path_factory.getbasetemp() / "aggregate-report-set")


def test_mixed_folder(cli, report_set: ReportSet, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    proc = cli(
        "aggregate",
        str(report_set.folder),
        "--out",
        str(out),
        "--trust",
        str(report_set.trusted_cert),
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal
    assert "本次检查 8 个文件" in proc.stdout and "被拒文件 4 个" in proc.stdout
    assert "x-tampered.pdf: 签名后文件内容被改动过" in proc.stdout
    assert load_workbook(out, read_only=True).sheetnames == SHEETS_ZH
    assert (data_dir / "office.db").is_file()


def test_json_document(cli, report_set: ReportSet, data_dir: Path, tmp_path: Path) -> None:
    proc = cli(
        "aggregate",
        str(report_set.folder),
        "--out",
        str(tmp_path / "s.xlsx"),
        "--json",
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["counts"] == {
        "schools": 3,
        "reports": 4,
        "superseded": 1,
        "rejected": 4,
        "findings": 50,
        "copies": 0,
        "overdue": 9,  # the sample's three plans not done, due in 2022, at X, Y and Z
        "missing": 0,
        "late": 0,
        "unexpected": 0,
    }
    assert [s["code"] for s in doc["schools"]] == [
        SCHOOLS["Y"][0],
        SCHOOLS["X"][0],
        SCHOOLS["Z"][0],
    ]
    assert {Path(r["file"]).name: r["reasons"] for r in doc["rejected"]} == {
        "notes.pdf": ["not_pdf"],
        "signed-plain.pdf": ["not_report"],
        "unsigned.pdf": ["unsigned"],
        "x-tampered.pdf": ["tampered"],
    }
    assert Path(doc["superseded"][0]["path"]).name == "y-old.pdf"
    assert doc["run"] == {
        "files": 8,
        "new_accepted": 4,
        "new_rejected": 4,
        "already_stored": 0,
        "duplicates": 0,
        "failed": 0,
    }
    x = doc["schools"][1]
    assert (x["trusted"], x["status"], x["checklists"]["guards"]["compliance"]) == (
        False,
        "non_compliant",
        88.9,
    )


def test_require_trust_in_english(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "en.xlsx"
    proc = cli(
        "aggregate",
        str(report_set.folder),
        "--out",
        str(out),
        "--trust",
        str(report_set.trusted_cert),
        str(report_set.trusted_y_cert),
        "--require-trust",
        "--lang",
        "en",
        "--workers",
        "1",
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert "z-untrusted.pdf: The signing certificate is not in the trust list" in proc.stdout
    assert load_workbook(out, read_only=True).sheetnames == SHEETS_EN
    assert [r["Code"] for r in records(out, "Schools")] == [SCHOOLS["Y"][0], SCHOOLS["X"][0]]


def test_second_run_changes_nothing(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    assert (
        cli("aggregate", str(report_set.folder), "--out", str(first), data_dir=data_dir).returncode
        == 0
    )
    before = (data_dir / "office.db").stat().st_size
    proc = cli(
        "aggregate",
        str(report_set.folder),
        "--out",
        str(second),
        "--workers",
        "2",
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert "新收 0 个，已在库中 8 个" in proc.stdout
    assert all_cells(first, receipts=True) == all_cells(second, receipts=True)
    assert (data_dir / "office.db").stat().st_size == before


def test_db_url_instead_of_the_data_folder(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'office-elsewhere.db'}"
    proc = cli(
        "aggregate",
        str(report_set.path("x-valid.pdf")),
        "--out",
        str(tmp_path / "s.xlsx"),
        "--db",
        url,
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "office-elsewhere.db").is_file() and not (data_dir / "office.db").exists()


def test_missing_path_is_exit_2(cli, data_dir: Path, tmp_path: Path) -> None:
    proc = cli(
        "aggregate", str(tmp_path / "nowhere"), "--out", str(tmp_path / "s.xlsx"), data_dir=data_dir
    )
    assert proc.returncode == 2
    assert "找不到" in proc.stderr and not (tmp_path / "s.xlsx").exists()
    assert not (data_dir / "office.db").exists()


def test_bad_db_url_is_exit_2(cli, report_set: ReportSet, data_dir: Path, tmp_path: Path) -> None:
    proc = cli(
        "aggregate",
        str(report_set.folder),
        "--out",
        str(tmp_path / "s.xlsx"),
        "--db",
        "nonsense",
        data_dir=data_dir,
    )
    assert proc.returncode == 2 and "数据库地址无效" in proc.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    tty, pipe = _Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = ProgressBar(stream, "检查报告")
        for done in range(1, 9):
            bar.update(done, 8)
        bar.close()
    assert pipe.getvalue() == ""
    assert tty.getvalue().startswith("\r检查报告 ") and "8/8" in tty.getvalue()
    assert tty.getvalue().endswith("\n")


@pytest.mark.parametrize("where", ["a folder", "in a missing folder", "a device"])
def test_a_summary_that_cannot_be_written_is_refused_before_anything_is_checked(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path, where: str
) -> None:
    out = {
        "a folder": tmp_path,
        "in a missing folder": tmp_path / "nowhere" / "s.xlsx",
        "a device": Path("/dev/null"),
    }[where]
    proc = cli("aggregate", str(report_set.folder), "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 2 and proc.stdout == ""
    says = {
        "a folder": f"{out} 是文件夹，请给出汇总表的文件名",  # not "a file in an existing folder"
        "in a missing folder": f"文件夹 {out.parent} 不存在",
        "a device": "不是普通文件",
    }[where]
    assert says in proc.stderr, proc.stderr
    assert not (data_dir / "office.db").exists()  # nothing checked, nothing stored


def test_a_summary_that_fails_after_the_run_says_what_was_stored(
    report_set: ReportSet,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cli,
) -> None:
    import errno

    from cli.main import run
    from reports.aggregate import xlsx

    out = tmp_path / "s.xlsx"

    def full_disk(book: object, target: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(xlsx, "save_workbook", full_disk)
    monkeypatch.setenv("CAMPUS_SELFCHECK_LANG", "zh")
    argv = ["--data-dir", str(data_dir), "aggregate", str(report_set.folder), "--out", str(out)]
    assert run([*argv, "--workers", "1"]) == 2
    said = capsys.readouterr()
    assert said.out == "" and not out.exists()
    assert "磁盘空间不足" in said.err  # the problem first, in its own words
    assert f"汇总表 {out} 没有写成" in said.err
    assert "新收 8 个已存入汇总数据库（其中有效 4 个，被拒 4 个）" in said.err
    assert "再次运行时不会重新检查" in said.err and "操作没有完成" not in said.err
    # What the message says is so: the next run finds them stored and writes the summary.
    monkeypatch.undo()
    again = cli("aggregate", str(report_set.folder), "--out", str(out), data_dir=data_dir)
    assert again.returncode == 0, again.stderr
    assert "新收 0 个，已在库中 8 个" in again.stdout and out.is_file()
    monkeypatch.setattr(xlsx, "save_workbook", full_disk)
    monkeypatch.setenv("CAMPUS_SELFCHECK_LANG", "en")
    assert run([*argv, "--workers", "1", "--lang", "en"]) == 2
    said = capsys.readouterr()
    assert "The disk is full" in said.err and f"The summary {out} was not written" in said.err
    assert "none of the 8 file(s) was new" in said.err


@pytest.mark.parametrize("kind", ["device", "fifo", "too-large", "not-a-certificate"])
def test_a_trust_file_that_is_no_certificate_is_one_line_naming_it(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path, kind: str
) -> None:
    """--trust /dev/zero read forever (and a FIFO blocked) while the workers waited: now every
    --trust file is read as verify reads it (a regular file, at most 1 MB), and a file that is
    no certificate is named."""
    import os

    good = str(report_set.trusted_cert)
    bad = tmp_path / f"{kind}.pem"
    if kind == "device":
        bad = Path("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(bad)
    elif kind == "too-large":
        bad.write_bytes(b"-----BEGIN CERTIFICATE-----\n" + b"A" * (2 * 1024 * 1024))
    else:
        bad.write_text("这不是证书", encoding="utf-8")
    out = tmp_path / "s.xlsx"
    proc = cli(
        "aggregate", str(report_set.folder), "--out", str(out), "--trust", good, str(bad),
        data_dir=data_dir,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    message = proc.stderr.strip()
    assert message.count("\n") == 0 and str(bad) in message, message
    assert "Traceback" not in message
    assert not out.exists() and not (data_dir / "office.db").exists()
