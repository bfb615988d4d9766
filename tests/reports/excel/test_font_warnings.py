"""Importing names the bundled font cannot draw: imported, with a warning naming row, column, character."""

from __future__ import annotations

from pathlib import Path

from checklists.model import Checklist
from reports.excel.reader import read_table
from tests.reports.excel.helpers import plain_workbook

NOT_IN_FONT = "𠀀"  # U+20000


def test_rare_but_covered_names_import_without_warnings(tmp_path: Path, guards: Checklist) -> None:
    path = plain_workbook(
        tmp_path / "rare.xlsx",
        [
            ["姓名", "入职日期"],
            ["李堃", "2019-03-01"],
            ["刘䶮", "2019-03-01"],
            ["周𫖮", "2020-01-02"],
        ],
    )
    result = read_table(path, guards, "guards")
    assert [row["name"] for row in result.rows] == ["李堃", "刘䶮", "周𫖮"]
    assert result.warnings == ()


def test_a_character_the_font_lacks_is_imported_and_warned(
    tmp_path: Path, guards: Checklist
) -> None:
    path = plain_workbook(
        tmp_path / "missing.xlsx",
        [["姓名", "入职日期"], ["李堃", "2019-03-01"], [f"张{NOT_IN_FONT}三", "2020-01-02"]],
    )
    result = read_table(path, guards, "guards")
    assert result.rows[1]["name"] == f"张{NOT_IN_FONT}三"  # kept as typed
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert (warning.sheet, warning.row, warning.column) == ("Sheet1", 3, "A 姓名")
    assert "𠀀 (U+20000)" in warning.text("zh") and "第 3 行" in warning.text("zh")
    assert "row 3" in warning.text("en") and "U+20000" in warning.text("en")
