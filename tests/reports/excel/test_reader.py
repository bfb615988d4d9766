"""Import parsing: headers, conversions, blank rows, formulas, and every error listed at once."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from checklists.model import Checklist
from reports.excel.problems import ImportRejected
from reports.excel.reader import read_table
from reports.excel.template import write_template
from tests.reports.excel.helpers import GUARD_ROWS, fill_sheet, patch_part, plain_workbook

ZHANG = {
    "name": "张三",
    "id_number": "441900197001010010",
    "hire_date": date(2019, 3, 1),
    "on_guard_post": True,
    "licence_no": "粤莞保字2019A00001",
}
LI = {
    "name": "李四",
    "id_number": "440882198001010013",
    "hire_date": date(2021, 3, 1),
    "on_guard_post": False,
    "assessment_date": date(2021, 6, 1),
    "assessment_passed": True,
    "licence_no": "A-2",
}


def rejected(path: Path, checklist: Checklist, table: str) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        read_table(path, checklist, table)
    return info.value


def test_filled_template_imports(guard_template: Path, guards: Checklist) -> None:
    fill_sheet(guard_template, GUARD_ROWS)
    result = read_table(guard_template, guards, "guards")
    assert result.rows == (ZHANG, LI)
    assert (result.checklist, result.table, result.sheet, result.warnings) == (
        "guards",
        "guards",
        "保安员名册",
        (),
    )
    assert result.columns[:2] == ("name", "id_number")


def test_headers_by_id_or_english_in_any_order_extra_columns_warned(
    tmp_path: Path, guards: Checklist
) -> None:
    path = plain_workbook(
        tmp_path / "mine.xlsx",
        [
            ["Hire date", "备注", "name", "ID NUMBER", "年龄", "Age on the reference date"],
            ["2019-03-01", "x", "张三", "441900197001010010", 51, 51],
        ],
    )
    result = read_table(path, guards, "guards")
    assert result.rows == (
        {"hire_date": date(2019, 3, 1), "name": "张三", "id_number": "441900197001010010"},
    )
    warnings = [w.text("en") for w in result.warnings]
    assert warnings == [
        "sheet 'Sheet1', row 1, column B 备注: unrecognised column, ignored",
        "sheet 'Sheet1', row 1, column E 年龄: unrecognised column, ignored",
        "sheet 'Sheet1', row 1, column F Age on the reference date: this column is calculated by the app and is ignored",
    ]


def test_header_below_a_title_row_and_data_on_a_named_sheet(
    tmp_path: Path, guards: Checklist
) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "封面"
    first.append(["不是数据"])
    ws = wb.create_sheet("保安员名册")
    ws.append(["东莞市某学校保安员花名册（2021年）"])
    ws.append([])
    ws.append(["姓名 *", "入职日期", "公民身份号码"])
    ws.append(["张三", "2019/3/1", "441900197001010010"])
    wb.save(tmp_path / "roster.xlsx")
    result = read_table(tmp_path / "roster.xlsx", guards, "guards")
    assert result.sheet == "保安员名册"
    assert result.rows == (
        {"name": "张三", "hire_date": date(2019, 3, 1), "id_number": "441900197001010010"},
    )


def test_missing_required_column_is_an_error(tmp_path: Path, guards: Checklist) -> None:
    path = plain_workbook(
        tmp_path / "no_hire.xlsx", [["姓名", "公民身份号码"], ["张三", "441900197001010010"]]
    )
    with pytest.raises(
        ImportRejected, match="缺少必填列“入职日期”（表头可写中文名、英文名或列代码 hire_date）"
    ) as info:
        read_table(path, guards, "guards")
    assert len(info.value.problems) == 1
    assert "the required column 'Hire date' is missing" in info.value.en


def test_the_same_column_twice_is_an_error(tmp_path: Path, guards: Checklist) -> None:
    path = plain_workbook(
        tmp_path / "twice.xlsx", [["姓名", "入职日期", "name"], ["张三", "2019-03-01", "张三"]]
    )
    with pytest.raises(
        ImportRejected, match=r"列 C name：与 A 姓名 是同一列（姓名），请删除其中一列"
    ):
        read_table(path, guards, "guards")


def test_no_header_row_is_an_error(tmp_path: Path, guards: Checklist) -> None:
    path = plain_workbook(tmp_path / "nohead.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(ImportRejected, match="前 10 行中找不到表头：应有 姓名、公民身份号码"):
        read_table(path, guards, "guards")


def test_blank_rows_are_skipped(guard_template: Path, guards: Checklist) -> None:
    fill_sheet(guard_template, [GUARD_ROWS[0], [None] * 8, ["  ", "", None, " "], GUARD_ROWS[1]])
    assert read_table(guard_template, guards, "guards").rows == (ZHANG, LI)


def test_every_error_is_listed_at_once_with_sheet_row_column_and_value(
    guard_template: Path, guards: Checklist
) -> None:
    fill_sheet(
        guard_template,
        [
            GUARD_ROWS[0],
            ["王五", 4.41900197001e17, None, "2021-02-30", "也许", None, None, None],
            [None, "441900197001010010", None, "2020-01-01", "是", None, None, None],
        ],
    )
    error = rejected(guard_template, guards, "guards")
    found = [(p.sheet, p.row, p.column, p.value) for p in error.problems]
    assert found == [
        # The ID column's value is masked whatever it holds; the reason still names the number
        # Excel made of it.
        ("保安员名册", 3, "B 公民身份号码", "*" * len("4.41900197001E+17")),
        ("保安员名册", 3, "D 入职日期", "2021-02-30"),
        ("保安员名册", 3, "E 目前在保安岗位", "也许"),
        ("保安员名册", 4, "A 姓名", ""),
    ]
    assert error.problems[3].zh == "必填项为空"
    assert error.zh.startswith("导入被拒绝，未导入任何数据（4 处问题）")
    assert (
        "工作表“保安员名册”，第 3 行，列 B 公民身份号码：身份证号码被 Excel 存成了数字（4.41900197001E+17）"
        in error.zh
    )


def test_check_value_has_the_last_word_on_ranges(tmp_path: Path, demo: Checklist) -> None:
    path = tmp_path / "demo.xlsx"
    write_template(demo, "people", path)
    fill_sheet(path, [["甲", "门卫", "急救、消防", "不适用", 150, 0, "2021-03-01"]])
    error = rejected(path, demo, "people")
    assert [(p.column, p.zh) for p in error.problems] == [
        ("E 得分（分）", "不能大于 100"),
        ("F 班次", "不能小于 1"),
    ]


def test_every_column_type_of_a_generic_table(tmp_path: Path, demo: Checklist) -> None:
    path = tmp_path / "demo.xlsx"
    write_template(demo, "people", path)
    fill_sheet(path, [["甲", "巡逻", "急救、消防", "不适用", "87.5", 3, "2021年3月1日"], ["乙"]])
    assert read_table(path, demo, "people").rows == (
        {
            "name": "甲",
            "post": "patrol",
            "skills": ("first_aid", "fire"),
            "checked": "na",
            "score": 87.5,
            "shifts": 3,
            "since": date(2021, 3, 1),
        },
        {"name": "乙"},
    )


def test_formula_cells_use_their_cached_value(tmp_path: Path, demo: Checklist) -> None:
    path = tmp_path / "demo.xlsx"
    write_template(demo, "people", path)
    fill_sheet(path, [["甲", None, None, None, "=40+2", None, None]])
    patch_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<f>40+2</f><v></v>", b"<f>40+2</f><v>42</v>"),
    )
    assert read_table(path, demo, "people").rows == ({"name": "甲", "score": 42},)


def test_formula_without_a_cached_value_is_an_error(tmp_path: Path, demo: Checklist) -> None:
    path = tmp_path / "demo.xlsx"
    write_template(demo, "people", path)
    fill_sheet(
        path,
        [
            ["甲", None, None, None, "=40+2", None, None],
            [None, None, None, None, None, "=1+1", None],
        ],
    )
    error = rejected(path, demo, "people")
    assert [(p.row, p.column, p.value) for p in error.problems] == [
        (2, "E 得分（分）", "=40+2"),
        (3, "A 姓名", ""),
        (3, "F 班次", "=1+1"),
    ]
    assert error.problems[0].zh.startswith("公式没有保存计算结果")


def test_formula_yielding_empty_text_counts_as_blank(tmp_path: Path, demo: Checklist) -> None:
    path = tmp_path / "demo.xlsx"
    write_template(demo, "people", path)
    fill_sheet(path, [["甲", None, None, None, None, None, None]])
    patch_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b'<c r="G2" s="2" t="n"></c>', b'<c r="G2" s="2" t="str"><f>IF(1,"","x")</f><v></v></c>'
        ),
    )
    assert b"IF(1" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert read_table(path, demo, "people").rows == ({"name": "甲"},)


def test_an_empty_sheet_imports_nothing(guard_template: Path, guards: Checklist) -> None:
    with pytest.raises(ImportRejected, match="在表头下没有数据行，未导入"):
        read_table(guard_template, guards, "guards")


def test_a_template_for_another_table_is_refused(
    tmp_path: Path, checklists: dict[str, Checklist]
) -> None:
    path = tmp_path / "lighting.xlsx"
    write_template(checklists["lighting"], "classrooms", path)
    fill_sheet(path, [["一(1)班", 320]])
    with pytest.raises(
        ImportRejected,
        match=re.escape("此文件是为其他表格制作的（lighting/classrooms），不是 guards/guards"),
    ):
        read_table(path, checklists["guards"], "guards")


def test_excel_error_values_are_refused(guard_template: Path, guards: Checklist) -> None:
    fill_sheet(guard_template, [["张三", None, None, "#N/A"]])
    with pytest.raises(
        ImportRejected, match="列 D 入职日期：单元格显示 Excel 错误值 #N/A：请先修正公式或改填数值"
    ):
        read_table(guard_template, guards, "guards")
