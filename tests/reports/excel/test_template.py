"""Import templates: generated from the definition, with formats, validations and instructions."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from checklists.foundation.errors import InputError
from checklists.model import Checklist
from reports.excel.columns import META_SHEET
from reports.excel.template import LISTS_SHEET, VALIDATED_ROWS, write_template


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, object]:
    """Validations by the first column letter of their range."""
    return {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
        for dv in ws.data_validations.dataValidation
    }


def test_guard_template_has_chinese_headers_without_calculated_columns(
    guard_template: Path,
) -> None:
    wb = openpyxl.load_workbook(guard_template)
    ws = wb.worksheets[0]
    assert ws.title == "保安员名册"
    headers = [c.value for c in ws[1]]
    assert headers == [
        "姓名",
        "公民身份号码",
        "出生日期（无有效身份证号时填写）",
        "入职日期",
        "目前在保安岗位",
        "最近一次考核日期",
        "考核是否达标",
        "《保安员证》编号",
    ]
    assert "基准日周岁年龄" not in headers and "出生日期（推算）" not in headers
    assert ws.freeze_panes == "A2"


def test_id_column_is_text_and_dates_are_formatted(guard_template: Path) -> None:
    ws = openpyxl.load_workbook(guard_template).worksheets[0]
    assert ws.column_dimensions["B"].number_format == "@"
    assert ws["B2"].number_format == "@" and ws["B500"].number_format == "@"
    assert ws.column_dimensions["D"].number_format == "yyyy-mm-dd"
    assert ws["D2"].number_format == "yyyy-mm-dd"


def test_guard_template_validations(guard_template: Path) -> None:
    ws = openpyxl.load_workbook(guard_template).worksheets[0]
    dvs = _validations(ws)
    assert dvs["E"].type == "list" and dvs["E"].formula1 == '"是,否"'
    assert dvs["D"].type == "date" and dvs["D"].formula1 == "DATE(1900,1,1)"
    assert str(dvs["D"].sqref) == f"D2:D{VALIDATED_ROWS + 1}"
    assert dvs["B"].type == "textLength" and dvs["B"].errorStyle == "warning"
    assert "A" not in dvs  # free text
    assert dvs["D"].prompt.startswith("开始在本校从事保安工作的日期")


def test_generic_template_follows_the_definition(tmp_path: Path, demo: Checklist) -> None:
    path = tmp_path / "demo.xlsx"
    write_template(demo, "people", path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == [
        "姓名",
        "岗位",
        "技能",
        "已核查",
        "得分（分）",
        "班次",
        "起始日期",
    ]
    dvs = _validations(ws)
    assert dvs["B"].formula1 == '"门卫,巡逻,夜间值守"'
    assert dvs["D"].formula1 == '"是,否,不适用"'
    assert (dvs["E"].type, dvs["E"].operator, dvs["E"].formula1, dvs["E"].formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    assert (dvs["F"].type, dvs["F"].formula1) == ("whole", "1")
    assert "C" not in dvs  # several choices cannot be a list validation


def test_english_template_puts_comma_choices_on_a_hidden_list_sheet(
    tmp_path: Path, demo: Checklist
) -> None:
    path = tmp_path / "demo_en.xlsx"
    write_template(demo, "people", path, lang="en")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "People"
    assert [c.value for c in ws[1]][:2] == ["Name", "Post"]
    assert _validations(ws)["B"].formula1 == "'_lists'!$A$2:$A$4"
    lists = wb[LISTS_SHEET]
    assert lists.sheet_state == "veryHidden"
    assert [lists.cell(r, 1).value for r in range(2, 5)] == ["Gate, front", "Patrol", "Night watch"]


def test_instructions_explain_every_column_in_chinese_then_english(guard_template: Path) -> None:
    ws = openpyxl.load_workbook(guard_template).worksheets[1]
    rows = [r for r in ws.iter_rows(values_only=True)]
    text = [str(r[0]) for r in rows if r[0]]
    zh_head = text.index("列名")
    en_head = text.index("Column")
    assert zh_head < en_head
    by_id = {r[1]: r for r in rows[: rows.index(next(r for r in rows if r[0] == "Column"))] if r[1]}
    assert by_id["name"][2] == "是"
    assert by_id["hire_date"][3] == "日期"
    assert "20210301" in by_id["hire_date"][4]
    assert "4.41900197001E+17" in "\n".join(text)
    assert any("出生日期（推算）" in t for t in text[:zh_head])  # calculated columns named
    english = [
        r
        for r in rows[rows.index(next(r for r in rows if r[0] == "Column")) :]
        if r[1] == "hire_date"
    ][0]
    assert english[0] == "Hire date — 入职日期" and english[2] == "yes" and english[3] == "date"


def test_meta_sheet_maps_headers_to_ids_and_is_very_hidden(guard_template: Path) -> None:
    wb = openpyxl.load_workbook(guard_template)
    meta = wb[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    rows = list(meta.values)
    assert rows[1][:5] == ("table", "保安员名册", "guards", "guards", 0)
    assert rows[3][:4] == ("column", "保安员名册", "公民身份号码", "id_number")


def test_unknown_or_non_table_items_are_refused(tmp_path: Path, guards: Checklist) -> None:
    with pytest.raises(InputError, match="没有表格 guard_provider（可用的表格：guards）"):
        write_template(guards, "guard_provider", tmp_path / "x.xlsx")
    with pytest.raises(InputError) as info:
        write_template(guards, "nope", tmp_path / "x.xlsx")
    assert info.value.en == "Checklist guards has no table nope (its tables: guards)"
    assert not (tmp_path / "x.xlsx").exists()


def test_every_builtin_table_gets_a_template(
    tmp_path: Path, checklists: dict[str, Checklist]
) -> None:
    tables = [(c, i) for c in checklists.values() for i in c.items() if i.is_table]
    assert len(tables) >= 3
    for checklist, item in tables:
        path = tmp_path / f"{checklist.id}_{item.id}.xlsx"
        write_template(checklist, item.id, path)
        ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        header = next(ws.iter_rows(max_row=1, values_only=True))
        assert len([h for h in header if h]) == len([c for c in item.columns if c.answerable])
