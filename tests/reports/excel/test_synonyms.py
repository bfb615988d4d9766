"""Excel as schools write it: header and value aliases from the checklist, .xls and .ods files,
the same all-or-nothing validation, and the aliases reported in the import summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import xlwt

from checklists.foundation.errors import DefinitionError
from checklists.loader import load_text
from checklists.model import Checklist
from reports.excel.problems import ImportRejected
from reports.excel.reader import read_table
from tests.reports.excel.helpers import plain_workbook

HEADER = ["序号", "姓名", "身份证号", "入职时间", "是否在岗", "考核日期", "考核结果"]
ROWS: list[list[Any]] = [
    [1, "张三", "441900197001010010", dt.date(2019, 3, 1), "在岗", dt.date(2021, 6, 1), "合格"],
    [2, "李四", "440882198001010013", dt.date(2021, 3, 1), "离岗", None, None],
    [3, "王五", "441900196001010024", dt.date(2018, 1, 1), "√", dt.date(2021, 5, 1), "不合格"],
    [4, "赵六", "441900195001010011", dt.date(2010, 1, 1), "在岗", dt.date(2021, 5, 1), "合格"],
]
EXPECTED = [
    {"name": "张三", "id_number": "441900197001010010", "hire_date": dt.date(2019, 3, 1),
     "on_guard_post": True, "assessment_date": dt.date(2021, 6, 1), "assessment_passed": True},
    {"name": "李四", "id_number": "440882198001010013", "hire_date": dt.date(2021, 3, 1),
     "on_guard_post": False},
    {"name": "王五", "id_number": "441900196001010024", "hire_date": dt.date(2018, 1, 1),
     "on_guard_post": True, "assessment_date": dt.date(2021, 5, 1), "assessment_passed": False},
    {"name": "赵六", "id_number": "441900195001010011", "hire_date": dt.date(2010, 1, 1),
     "on_guard_post": True, "assessment_date": dt.date(2021, 5, 1), "assessment_passed": True},
]  # fmt: skip


def write_xls(path: Path, rows: list[list[Any]], title: str = "保安员名册") -> Path:
    """An Excel 97–2003 workbook, as old office machines still write them."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(title)
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write(r, c, value, dates)
            elif value is not None:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def test_synonym_headers_and_words_in_xlsx(tmp_path: Path, guards: Checklist) -> None:
    path = plain_workbook(tmp_path / "roster.xlsx", [HEADER, *ROWS], title="保安员名册")
    result = read_table(path, guards, "guards")
    assert [dict(r) for r in result.rows] == EXPECTED
    lines = [r.text() for r in result.readings]
    assert "表头“身份证号”按“公民身份号码”列读取" in lines
    assert "表头“入职时间”按“入职日期”列读取" in lines
    assert "“考核是否达标”列的“合格”按“是”读取（2 处）" in lines
    assert "“目前在保安岗位”列的“离岗”按“否”读取（1 处）" in lines
    assert not any("√" in line for line in lines)  # a general yes word, not an alias
    english = [r.text("en") for r in result.readings]
    assert "'合格' read as yes in 'Passed the assessment' (2×)" in english


def test_an_xls_file_imports_like_the_xlsx(tmp_path: Path, guards: Checklist) -> None:
    xls = write_xls(tmp_path / "roster.xls", [HEADER, *ROWS])
    result = read_table(xls, guards, "guards")
    assert [dict(r) for r in result.rows] == EXPECTED
    assert result.sheet == "保安员名册"
    assert any(r.written == "合格" for r in result.readings)


def test_an_xls_with_title_rows_and_a_bad_cell_is_refused_whole(
    tmp_path: Path, guards: Checklist
) -> None:
    bad = [row[:] for row in ROWS]
    bad[2][6] = "待定"  # not a yes/no word nor an alias
    bad[3][3] = "2010-13-01"
    xls = write_xls(tmp_path / "roster.xls", [["东莞市某校保安员花名册"], [], HEADER, *bad])
    with pytest.raises(ImportRejected) as info:
        read_table(xls, guards, "guards")
    problems = [(p.row, p.column) for p in info.value.problems]
    assert problems == [(6, "G 考核结果"), (7, "D 入职时间")]  # sheet row numbers, as Excel shows
    assert "应填 是 或 否" in info.value.text()


def test_an_ods_file_imports(tmp_path: Path, guards: Checklist) -> None:
    from tests.reports.excel.ods import write_ods

    path = write_ods(tmp_path / "roster.ods", [HEADER, *ROWS])
    result = read_table(path, guards, "guards")
    assert [dict(r) for r in result.rows] == EXPECTED


CHOICE_YAML = """\
id: demo
version: 1
title: {zh: 演示, en: Demo}
source:
  document: {zh: 工作要点, en: Work plan}
  clauses: [57]
sections:
  - id: main
    title: {zh: 主要, en: Main}
    items:
      - id: staff
        type: table
        label: {zh: 名册, en: Roster}
        clauses: [57]
        columns:
          - id: name
            type: text
            label: {zh: 姓名, en: Name}
            aliases: [教师姓名]
          - id: kind
            type: single_choice
            label: {zh: 类型, en: Kind}
            choices:
              - {value: fulltime, label: {zh: 专职, en: Full-time}}
              - {value: parttime, label: {zh: 兼职, en: Part-time}}
            VALUE_ALIASES
"""


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ("value_aliases: {专任: permanent}", "别名应指向选项之一：fulltime、parttime"),
        ("value_aliases: {专任: yes}", "别名应指向选项之一"),
        ("aliases: [教师姓名]", "列 kind 的别名 '教师姓名' 已用于列 name"),
        ("aliases: [姓名]", "列 kind 的别名 '姓名' 已用于列 name"),
        ("aliases: [甲, 甲]", "重复的别名 '甲'"),
        ("aliases: []", "aliases 应为非空列表"),
        (
            "aliases: [" + ", ".join(f"a{i}" for i in range(31)) + "]",
            "别名过多（31 个，上限 30 个）",
        ),
        ("aliases: [" + "长" * 41 + "]", "别名过长（上限 40 字）"),
    ],
)
def test_bad_aliases_are_definition_errors(aliases: str, message: str) -> None:
    with pytest.raises(DefinitionError, match=message):
        load_text(CHOICE_YAML.replace("VALUE_ALIASES", aliases), "demo.yaml")


def test_value_aliases_only_for_yes_no_and_choices() -> None:
    text = CHOICE_YAML.replace("VALUE_ALIASES", "").replace(
        "aliases: [教师姓名]", "value_aliases: {老师: yes}"
    )
    with pytest.raises(DefinitionError, match="类型 text 不能有键 'value_aliases'"):
        load_text(text, "demo.yaml")


def test_choice_aliases_read_as_the_choice(tmp_path: Path) -> None:
    checklist = load_text(
        CHOICE_YAML.replace("VALUE_ALIASES", "value_aliases: {专任: fulltime, 兼任: parttime}"),
        "demo.yaml",
    )
    path = plain_workbook(
        tmp_path / "x.xlsx", [["教师姓名", "类型"], ["甲", "专任"], ["乙", "兼职"]]
    )
    result = read_table(path, checklist, "staff")
    assert [dict(r) for r in result.rows] == [
        {"name": "甲", "kind": "fulltime"},
        {"name": "乙", "kind": "parttime"},
    ]
    assert [r.text() for r in result.readings] == [
        "表头“教师姓名”按“姓名”列读取",
        "“类型”列的“专任”按“专职”读取（1 处）",
    ]


def test_the_template_instructions_list_the_aliases(tmp_path: Path, guards: Checklist) -> None:
    import openpyxl

    from reports.excel.template import write_template

    path = tmp_path / "t.xlsx"
    write_template(guards, "guards", path)
    wb = openpyxl.load_workbook(path)
    text = "\n".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )
    assert "表头也可写：身份证号、身份证号码、证件号码" in text
    assert "也可填：在岗 = 是、在职 = 是、离岗 = 否" in text
    assert "也可填：合格 = 是、通过 = 是" in text
    assert "also accepted: 合格 = yes" in text
