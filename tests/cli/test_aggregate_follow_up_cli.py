"""``aggregate`` scope, --prune, duplicates and copies, and ``school-list``, as the office runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.reports.aggregate.helpers import records
from tests.reports.aggregate.report_set import SCHOOLS, ReportSet, build_report_set
from tests.reports.signing.signing_helpers import byte_range

PERIOD = "2021年秋季学期"


@pytest.fixture(scope="session")
def report_set(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    """The mixed folder of tests/reports/aggregate/report_set.py (built once per session)."""
    return build_report_set(tmp_path_factory.getbasetemp() / "aggregate-report-set")


def _folder(root: Path, report_set: ReportSet, *names: str) -> Path:
    root.mkdir(parents=True)
    for name in names:
        shutil.copy(report_set.path(name), root / Path(name).name)
    return root


def _codes(book: Path) -> list[str]:
    return [r["学校代码"] for r in records(book, "学校")]


def test_summary_covers_the_paths_given(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    autumn = _folder(tmp_path / "a", report_set, "x-valid.pdf")
    other = _folder(tmp_path / "b", report_set, "sub/y-new.pdf", "notes.pdf")
    for folder in (autumn, other):
        proc = cli(
            "aggregate",
            str(folder),
            "--out",
            str(tmp_path / f"{folder.name}.xlsx"),
            data_dir=data_dir,
        )
        assert proc.returncode == 0, proc.stderr
    assert _codes(tmp_path / "a.xlsx") == [SCHOOLS["X"][0]]  # not the whole store
    assert records(tmp_path / "a.xlsx", "被拒文件") == []
    assert _codes(tmp_path / "b.xlsx") == [SCHOOLS["Y"][0]]
    assert len(records(tmp_path / "b.xlsx", "被拒文件")) == 1
    proc = cli("aggregate", "--all", "--out", str(tmp_path / "all.xlsx"), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert sorted(_codes(tmp_path / "all.xlsx")) == [SCHOOLS["X"][0], SCHOOLS["Y"][0]]


def test_prune_lists_and_removes_entries_whose_files_are_gone(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    folder = _folder(tmp_path / "f", report_set, "x-valid.pdf", "y-old.pdf", "notes.pdf")
    assert (
        cli(
            "aggregate", str(folder), "--out", str(tmp_path / "1.xlsx"), data_dir=data_dir
        ).returncode
        == 0
    )
    (folder / "y-old.pdf").unlink()
    (folder / "notes.pdf").unlink()
    # Without --prune nothing is removed: the whole store still has Y.
    cli("aggregate", "--all", "--out", str(tmp_path / "2.xlsx"), data_dir=data_dir)
    assert len(_codes(tmp_path / "2.xlsx")) == 2
    proc = cli("aggregate", "--prune", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "删除 2 个" in proc.stdout
    assert str(folder / "y-old.pdf") in proc.stdout and SCHOOLS["Y"][0] in proc.stdout
    assert str(folder / "notes.pdf") in proc.stdout
    cli("aggregate", "--all", "--out", str(tmp_path / "3.xlsx"), data_dir=data_dir)
    assert _codes(tmp_path / "3.xlsx") == [SCHOOLS["X"][0]]
    again = cli("aggregate", "--prune", "--json", data_dir=data_dir)
    assert json.loads(again.stdout)["pruned"] == []


def test_byte_identical_duplicates_count_once(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    folder = _folder(tmp_path / "d", report_set, "x-valid.pdf")
    shutil.copy(folder / "x-valid.pdf", folder / "x-valid 副本.pdf")
    proc = cli(
        "aggregate", str(folder), "--out", str(tmp_path / "d.xlsx"), "--json", data_dir=data_dir
    )
    run = json.loads(proc.stdout)["run"]
    assert (run["files"], run["new_accepted"], run["duplicates"]) == (2, 1, 1)
    text = cli(
        "aggregate", str(folder), "--out", str(tmp_path / "d.xlsx"), data_dir=data_dir
    ).stdout
    assert "新收 0 个，已在库中 1 个，内容重复 1 个" in text
    assert _codes(tmp_path / "d.xlsx") == [SCHOOLS["X"][0]]


def test_copy_with_other_padding_never_supersedes_its_original(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    folder = _folder(tmp_path / "p", report_set, "x-valid.pdf")
    data = (folder / "x-valid.pdf").read_bytes()
    _, gap, tail, _ = byte_range(data)
    assert data[tail - 3 : tail - 1] == b"00"  # the /Contents string ends in zero padding
    (folder / "x-padded.pdf").write_bytes(data[: tail - 3] + b"1" + data[tail - 2 :])
    proc = cli(
        "aggregate", str(folder), "--out", str(tmp_path / "p.xlsx"), "--json", data_dir=data_dir
    )
    doc = json.loads(proc.stdout)
    assert doc["counts"]["schools"] == 1 and doc["counts"]["superseded"] == 0
    (school,) = records(tmp_path / "p.xlsx", "学校")
    # Bytes other than zero padding after the signature are refused (they could carry data
    # the signature does not cover), so the altered copy never supersedes its original.
    assert school["文件"] == str(folder / "x-valid.pdf") and school["被取代的报告"] == 0
    rejected = {Path(r["文件"]).name for r in records(tmp_path / "p.xlsx", "被拒文件")}
    assert "x-padded.pdf" in rejected


def test_school_list_and_who_has_not_reported(
    cli, report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    template = tmp_path / "名单.xlsx"
    assert cli("school-list", "template", "--out", str(template)).returncode == 0
    book = load_workbook(template)
    ws = book.active
    assert [c.value for c in ws[1]] == ["学校代码", "学校名称", "镇街", "学段", "联系人及电话"]
    for key in "XYW":
        code, name, district = SCHOOLS[key]
        ws.append([code, name, district, "小学", f"{key}老师 0769-0000"])
    book.save(template)
    proc = cli(
        "school-list",
        "import",
        str(template),
        "--period",
        PERIOD,
        "--deadline",
        "2099-01-31",
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert "3 所学校" in proc.stdout and "2099-01-31" in proc.stdout
    out = tmp_path / "s.xlsx"
    proc = cli("aggregate", str(report_set.folder), "--out", str(out), data_dir=data_dir)
    assert "未报送 1 所" in proc.stdout and "不在名单内 1 所" in proc.stdout
    standing = {r["学校代码"]: r["报送情况"] for r in records(out, "报送情况")}
    assert standing == {
        SCHOOLS["W"][0]: "未报送",  # W's only report is unsigned
        SCHOOLS["X"][0]: "按时报送",
        SCHOOLS["Y"][0]: "按时报送",
        SCHOOLS["Z"][0]: "不在名单内",
    }
    # The next period starts from this one's list.
    proc = cli(
        "school-list",
        "copy",
        "--from",
        PERIOD,
        "--period",
        "2022年春季学期",
        "--json",
        data_dir=data_dir,
    )
    assert proc.returncode == 2  # --json belongs to show only
    proc = cli(
        "school-list", "copy", "--from", PERIOD, "--period", "2022年春季学期", data_dir=data_dir
    )
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(cli("school-list", "show", "--json", data_dir=data_dir).stdout)
    assert [(p["period"], len(p["schools"])) for p in shown["periods"]] == [
        (PERIOD, 3),
        ("2022年春季学期", 3),
    ]


def test_a_bad_school_list_is_refused_whole(cli, data_dir: Path, tmp_path: Path) -> None:
    template = tmp_path / "list.xlsx"
    cli("school-list", "template", "--out", str(template))
    book = load_workbook(template)
    book.active.append(["4419000101", "甲校", "南城街道", "小学", ""])
    book.active.append(["12345", "乙校", "南城街道", "大学", ""])
    book.save(template)
    proc = cli("school-list", "import", str(template), "--period", PERIOD, data_dir=data_dir)
    assert proc.returncode == 2
    assert (
        "第 3 行" in proc.stderr
        and "学校代码应为10位数字" in proc.stderr
        and "未知的学段" in proc.stderr
    )
    shown = json.loads(cli("school-list", "show", "--json", data_dir=data_dir).stdout)
    assert shown["periods"] == []  # nothing half-imported
