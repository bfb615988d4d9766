"""Hidden sheets: never preferred over a visible one, always named in a warning."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from checklists.model import Checklist
from reports.excel.problems import ImportProblem
from reports.excel.reader import read_table
from tests.reports.excel.helpers import patch_part

HEADER = ["姓名", "身份证号码", "出生日期", "入职日期"]


def _hidden(warnings: tuple[ImportProblem, ...]) -> list[ImportProblem]:
    return [w for w in warnings if "hidden" in w.en]


def _book(path: Path, sheets: list[tuple[str, str, str]]) -> Path:
    """Sheets of (title, state, the one guard's name)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, state, name in sheets:
        ws = wb.create_sheet(title)
        ws.append(HEADER)
        ws.append([name, None, None, "2019-03-01"])
        ws.sheet_state = state
    wb.save(path)
    return path


def test_a_hidden_sheet_named_like_the_table_loses_to_a_visible_decoy(
    tmp_path: Path, guards: Checklist
) -> None:
    path = _book(
        tmp_path / "r.xlsx", [("Sheet1", "visible", "看得见"), ("保安员名册", "hidden", "藏起来")]
    )
    result = read_table(path, guards, "guards")
    assert result.sheet == "Sheet1" and [r["name"] for r in result.rows] == ["看得见"]
    (warning,) = _hidden(result.warnings)
    assert warning.sheet == "保安员名册"
    assert (
        warning.text("en")
        == "sheet '保安员名册': this sheet is hidden and was not imported; unhide it in Excel to import it"
    )


def test_very_hidden_sheets_are_reported_too(tmp_path: Path, guards: Checklist) -> None:
    path = _book(
        tmp_path / "r.xlsx",
        [("保安员名册", "visible", "看得见"), ("x", "veryHidden", "藏"), ("y", "hidden", "藏")],
    )
    result = read_table(path, guards, "guards")
    assert result.sheet == "保安员名册"
    assert [w.sheet for w in _hidden(result.warnings)] == ["x", "y"]


def test_with_no_visible_sheet_the_hidden_one_is_read_and_said_so(
    tmp_path: Path, guards: Checklist
) -> None:
    """Excel itself keeps one sheet visible; a crafted file may not."""
    path = _book(tmp_path / "r.xlsx", [("保安员名册", "visible", "甲"), ("b", "hidden", "乙")])
    patch_part(
        path, "xl/workbook.xml", lambda xml: xml.replace(b'state="visible"', b'state="hidden"')
    )
    result = read_table(path, guards, "guards")
    assert result.sheet == "保安员名册"
    assert [w.sheet for w in _hidden(result.warnings)] == ["保安员名册", "b"]
    assert "was imported (the workbook has no visible sheet)" in _hidden(result.warnings)[0].text(
        "en"
    )


def test_the_cli_prints_the_warning(cli, data_dir: Path, tmp_path: Path) -> None:
    from tests.conftest import SAMPLE

    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    path = _book(
        tmp_path / "r.xlsx", [("Sheet1", "visible", "看得见"), ("保安员名册", "hidden", "藏起来")]
    )
    proc = cli("import-table", "1", "guards", "guards", str(path), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "保安员名册" in proc.stdout + proc.stderr and "隐藏" in proc.stdout + proc.stderr


def test_a_template_whose_table_sheet_is_hidden_says_so(tmp_path: Path, guards: Checklist) -> None:
    import pytest

    from reports.excel.columns import META_SHEET
    from reports.excel.problems import ImportRejected
    from reports.excel.template import write_template

    path = tmp_path / "t.xlsx"
    write_template(guards, "guards", path)
    wb = openpyxl.load_workbook(path)
    (data,) = [n for n in wb.sheetnames if "说明" not in n and not n.startswith("_")]
    wb[data].append(["王五", None, "1970-01-01", "2019-03-01"])
    wb[data].sheet_state = "hidden"
    wb[META_SHEET].sheet_state = "hidden"
    wb.save(path)
    with pytest.raises(ImportRejected) as exc:
        read_table(path, guards, "guards")
    (problem,) = exc.value.problems
    assert f"sheet '{data}' is hidden" in problem.en and "another table" not in problem.en
