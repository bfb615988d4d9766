"""Malformed XLSForm workbooks: every problem named by sheet!cell, all at once, never a crash."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from checklists.foundation.errors import DefinitionError
from checklists.xlsform import load_xlsform
from tests.checklists.xlsform.helpers import (
    EN,
    SETTINGS,
    YES_NO,
    ZH,
    form,
    group,
    load,
    q,
    sheet_rows,
    workbook,
)

CM = {"constraint_message::中文 (zh)": "消息", "constraint_message::English (en)": "message"}


def _raises(data: bytes, where: str, zh: str, en: str) -> DefinitionError:
    """Loading fails with a problem at ``form.xlsx:where`` in both languages."""
    with pytest.raises(DefinitionError, match=re.escape(f"form.xlsx:{where}: ") + zh) as info:
        load(data)
    assert re.search(re.escape(f"form.xlsx:{where}: ") + en, info.value.en), info.value.en
    return info.value


# (id, survey rows, cell, zh pattern, en pattern); columns: see helpers.SURVEY_HEADER
SURVEY_CASES: list[tuple[str, list[dict[str, Any]], str, str, str]] = [
    (
        "geopoint",
        [q("geopoint", "loc")],
        "survey!A2",
        "不支持的 XLSForm 功能：位置（geopoint）",
        "XLSForm feature not supported: location \\(geopoint\\)",
    ),
    (
        "barcode",
        [q("barcode", "code")],
        "survey!A2",
        "不支持的 XLSForm 功能：条码扫描",
        "XLSForm feature not supported: barcode scan",
    ),
    (
        "from_file",
        [q("select_one_from_file cities.csv", "city")],
        "survey!A2",
        "不支持的 XLSForm 功能：外部文件选项",
        "XLSForm feature not supported: choices from a file \\(select_one_from_file\\)",
    ),
    (
        "made_up",
        [q("colour", "c")],
        "survey!A2",
        "未知的题型 'colour'",
        "unknown question type 'colour'; supported: text",
    ),
    (
        "or_other",
        [q("select_one yes_no or_other", "c")],
        "survey!A2",
        "不支持的 XLSForm 功能：“其他”选项（or_other）",
        "XLSForm feature not supported: an 'other' option \\(or_other\\)",
    ),
    (
        "select_without_list",
        [q("select_one", "c")],
        "survey!A2",
        "select_one 后面应写选项列表名",
        "select_one needs a choice list name",
    ),
    (
        "choice_filter",
        [q("select_one yes_no", "c", choice_filter="${x} = 1")],
        "survey!Q2",
        "不支持的 XLSForm 功能：列 'choice_filter'",
        "XLSForm feature not supported: the column 'choice_filter'",
    ),
    (
        "repeat_count",
        [
            q("begin_repeat", "r", repeat_count=3),
            q("integer", "n", clause=None),
            {"type": "end_repeat"},
        ],
        "survey!Q2",
        "不支持的 XLSForm 功能：列 'repeat_count'",
        "XLSForm feature not supported: the column 'repeat_count'",
    ),
    (
        "trigger",
        [q("integer", "n", trigger="${m}")],
        "survey!Q2",
        "不支持的 XLSForm 功能：列 'trigger'",
        "XLSForm feature not supported: the column 'trigger'",
    ),
    (
        "duplicate_name",
        [q("integer", "n"), q("decimal", "n")],
        "survey!B3",
        "重复的编号 'n'",
        "duplicate id 'n'",
    ),
    (
        "missing_end_group",
        group("g", q("integer", "n"))[:-1],
        "survey!A2",
        "begin_group 'g' 缺少对应的 end_group",
        "begin_group 'g' has no end_group",
    ),
    (
        "missing_end_repeat",
        [q("begin_repeat", "r"), q("integer", "n", clause=None)],
        "survey!A2",
        "begin_repeat 'r' 缺少对应的 end_repeat",
        "begin_repeat 'r' has no end_repeat",
    ),
    (
        "end_without_begin",
        [q("integer", "n"), {"type": "end_group"}],
        "survey!A3",
        "end_group 之前没有对应的 begin_group",
        "end_group without begin_group",
    ),
    (
        "end_repeat_closes_group",
        [*group("g", q("integer", "n"))[:-1], {"type": "end_repeat"}],
        "survey!A4",
        "end_repeat 与第2行的 begin_group 不匹配",
        "end_repeat does not match begin_group of row 2",
    ),
    (
        "unknown_list",
        [q("select_one colours", "c")],
        "survey!A2",
        "未知的选项列表 'colours'",
        "unknown choice list 'colours'",
    ),
    (
        "bad_expression",
        [q("integer", "n", relevant="${n} >")],
        "survey!G2",
        "relevant 表达式错误",
        "relevant expression error: syntax error at character 7: unexpected end",
    ),
    (
        "unknown_function",
        [q("integer", "n", constraint="pulldata('a')", **CM)],
        "survey!H2",
        "constraint 表达式错误",
        "constraint expression error: .*unknown function 'pulldata'",
    ),
    (
        "unknown_reference",
        [q("integer", "n", relevant="${nope} = 1")],
        "survey!G2",
        "relevant 引用了未知的名称",
        "relevant refers to an unknown name \\$\\{nope\\}",
    ),
    (
        "blank_type",
        [{"name": "n", ZH: "人数", "clause": 75}],
        "survey!A2",
        "type 为空",
        "blank type",
    ),
    (
        "missing_label",
        [{"type": "integer", "name": "n", "clause": 75}],
        "survey!C2",
        "'n' 既没有 label 也没有 hint",
        "'n' has neither a label nor a hint",
    ),
    ("empty_group", group("g"), "survey!A2", "分组 'g' 中没有题目", "group 'g' has no questions"),
    (
        "clause_out_of_range",
        [q("integer", "n", clause=83)],
        "survey!E2",
        "条款 第83条 超出范围",
        "clause 83 out of range \\(1..82\\)",
    ),
    (
        "clause_zero",
        [q("integer", "n", clause="第0、75条")],
        "survey!E2",
        "条款 第0条 超出范围",
        "clause 0 out of range",
    ),
    (
        "clause_words",
        [q("integer", "n", clause="seventy")],
        "survey!E2",
        "条款应写成",
        "clauses must look like 75",
    ),
    (
        "missing_name",
        [{"type": "integer", ZH: "人数", "clause": 75}],
        "survey!B2",
        "缺少name",
        "missing name",
    ),
    (
        "rule_without_severity",
        [q("integer", "n", rule="too_low", constraint=". > 1", **CM)],
        "survey!L2",
        "severity 应为",
        "severity must be critical, major or minor",
    ),
    (
        "rule_without_constraint",
        [q("integer", "n", rule="too_low", severity="major", **CM)],
        "survey!H2",
        "规则 'too_low' 缺少 constraint",
        "rule 'too_low' needs constraint",
    ),
    (
        "rule_without_message",
        [q("integer", "n", rule="too_low", severity="major", constraint=". > 1")],
        "survey!I2",
        "规则 'too_low' 缺少 constraint_message",
        "rule 'too_low' needs constraint_message",
    ),
    (
        "bad_rule_code",
        [q("integer", "n", rule="Too Low", severity="major", constraint=". > 1", **CM)],
        "survey!K2",
        "rule 'Too Low' 应以字母或下划线开头",
        "rule 'Too Low' must start with a letter",
    ),
    (
        "slot_without_rule",
        [q("integer", "n", constraint_2=". > 1")],
        "survey!Q2",
        "constraint_2 需要在 rule_2 列填写问题代码",
        "constraint_2 needs a finding code in the rule_2 column",
    ),
    (
        "severity_without_rule",
        [q("integer", "n", severity="major")],
        "survey!L2",
        "severity 需要在 rule 列填写问题代码",
        "severity needs a finding code in the rule column",
    ),
    (
        "bad_default",
        [q("select_one yes_no", "ok", default="maybe")],
        "survey!N2",
        "default 应为是/否",
        "default must be a yes/no value",
    ),
    (
        "bad_required",
        [q("integer", "n", required="sometimes")],
        "survey!F2",
        "required 应为 yes 或 no",
        "required must be yes or no, not 'sometimes'",
    ),
    (
        "min_on_text",
        [q("text", "t", min=1)],
        "survey!Q2",
        "text 行不能填写列 'min'",
        "column 'min' cannot be used on a text row",
    ),
    (
        "nested_repeat",
        [
            q("begin_repeat", "r"),
            q("begin_repeat", "s"),
            q("integer", "n", clause=None),
            {"type": "end_repeat"},
            {"type": "end_repeat"},
        ],
        "survey!A3",
        "不支持嵌套的 repeat",
        "nested repeats",
    ),
    (
        "note_in_repeat",
        [
            q("begin_repeat", "r"),
            q("note", "x", clause=None),
            q("integer", "n", clause=None),
            {"type": "end_repeat"},
        ],
        "survey!A3",
        "repeat（表格）中不能有 note 题",
        "a note row is not allowed inside a repeat",
    ),
    (
        "empty_repeat",
        [q("begin_repeat", "r"), {"type": "end_repeat"}],
        "survey!A2",
        "repeat 'r' 中没有题目",
        "repeat 'r' has no questions",
    ),
    (
        "calculate_without_calculation",
        [q("calculate", "c")],
        "survey!M2",
        "calculate 题 'c' 缺少 calculation",
        "calculate row 'c' has no calculation",
    ),
    (
        "calculation_cycle",
        [q("calculate", "a", calculation="${b} + 1"), q("calculate", "b", calculation="${a} + 1")],
        "survey!M2",
        "计算项循环引用",
        "calculation cycle: a → b → a",
    ),
    (
        "bad_value_type",
        [q("calculate", "c", calculation="1", value_type="select")],
        "survey!Q2",
        "calculate 的 value_type 应为",
        "value_type of a calculate row must be one of integer",
    ),
    (
        "value_type_on_select",
        [q("select_one yes_no", "c", value_type="integer")],
        "survey!Q2",
        "select_one 的 value_type 只能是",
        "value_type of a select_one row may only be single_choice",
    ),
    (
        "translated_name",
        [q("integer", "n", **{"name::English (en)": "x"})],
        "survey!Q1",
        "列 'name' 不能分语言",
        "column 'name' has no translations",
    ),
    (
        "duplicate_rule_code",
        [
            q("integer", "a", rule="low", severity="minor", constraint=". > 1", **CM),
            q("integer", "b", rule="low", severity="minor", constraint=". > 1", **CM),
        ],
        "survey!K3",
        "重复的问题代码 'low'",
        "duplicate finding code 'low'",
    ),
]


@pytest.mark.parametrize(
    ("rows", "where", "zh", "en"), [c[1:] for c in SURVEY_CASES], ids=[c[0] for c in SURVEY_CASES]
)
def test_survey_problem_is_located(
    rows: list[dict[str, Any]], where: str, zh: str, en: str
) -> None:
    _raises(form(rows), where, zh, en)


def _settings(**changes: Any) -> dict[str, Any]:
    merged = {**SETTINGS, **changes}
    return {k: v for k, v in merged.items() if v is not None}


SETTINGS_CASES: list[tuple[str, dict[str, Any], str, str, str]] = [
    (
        "version_decimal",
        _settings(version="1.2-beta"),
        "settings!B2",
        "version 应为正整数",
        "version must be a positive whole number .*not '1.2-beta'",
    ),
    (
        "version_zero",
        _settings(version=0),
        "settings!B2",
        "version 应为正整数",
        "version must be a positive whole number",
    ),
    (
        "version_over_32_bits",
        _settings(version="99999999999999999"),
        "settings!B2",
        "version 过大（最多 2147483647）",
        "version too large \\(at most 2147483647\\): '99999999999999999'",
    ),
    (
        "bad_source_clauses",
        _settings(source_clauses="第99条"),
        "settings!G2",
        "条款 第99条 超出范围",
        "clause 99 out of range",
    ),
]


@pytest.mark.parametrize(
    ("settings", "where", "zh", "en"),
    [c[1:] for c in SETTINGS_CASES],
    ids=[c[0] for c in SETTINGS_CASES],
)
def test_settings_problem_is_located(
    settings: dict[str, Any], where: str, zh: str, en: str
) -> None:
    _raises(form([q("integer", "n")], settings=settings), where, zh, en)


def test_two_settings_rows() -> None:
    sheets = {
        "survey": sheet_rows([q("integer", "n")]),
        "settings": sheet_rows([SETTINGS, SETTINGS]),
    }
    _raises(
        workbook(sheets),
        "settings!A3",
        "settings 表只能有一行设置值",
        "the settings sheet takes one row of values",
    )


@pytest.mark.parametrize(
    ("constants", "where", "zh", "en"),
    [
        (
            [{"name": "Max Age", "value": 1}],
            "constants!A2",
            "name 'Max Age' 应以字母或下划线开头",
            "name 'Max Age' must start with a letter",
        ),
        (
            [{"name": "a", "value": 1}, {"name": "a", "value": 2}],
            "constants!A3",
            "重复的常量 'a'",
            "duplicate constant 'a'",
        ),
        (
            [{"name": "a", "value": datetime(2021, 1, 1, 8, 30)}],
            "constants!B2",
            "常量 'a' 的值应为",
            "constant 'a' needs a number, text",
        ),
        ([{"name": "a"}], "constants!B2", "常量 'a' 的值应为", "constant 'a' needs"),
        ([{"name": "n", "value": 1}], "survey!B2", "重复的编号 'n'", "duplicate id 'n'"),
    ],
)
def test_constants_problem_is_located(
    constants: list[dict[str, Any]], where: str, zh: str, en: str
) -> None:
    _raises(form([q("integer", "n")], constants=constants), where, zh, en)


def test_unknown_constants_column() -> None:
    _raises(
        form([q("integer", "n")], constants=[{"name": "a", "value": 1, "unit": "人"}]),
        "constants!C1",
        "constants 表中未知的列 'unit'",
        "unknown column 'unit' in the constants sheet",
    )


@pytest.mark.parametrize(
    ("choices", "where", "zh", "en"),
    [
        (
            [*YES_NO, {"list_name": "yes_no", "name": "yes", ZH: "是", EN: "Yes"}],
            "choices!B4",
            "选项列表 yes_no 中重复的选项 'yes'",
            "duplicate choice 'yes' in list yes_no",
        ),
        ([{"name": "yes", ZH: "是"}, *YES_NO], "choices!A2", "缺少 list_name", "missing list_name"),
        (
            [{"list_name": "yes_no", ZH: "是"}, *YES_NO],
            "choices!B2",
            "选项缺少 name",
            "choice without a name",
        ),
    ],
)
def test_choices_problem_is_located(
    choices: list[dict[str, Any]], where: str, zh: str, en: str
) -> None:
    _raises(form([q("select_one yes_no", "ok")], choices), where, zh, en)


def test_duplicate_header_column() -> None:
    sheets = {
        "survey": [["type", "name", ZH, ZH, "clause"], ["integer", "n", "人数", "人数", 75]],
        "settings": sheet_rows([SETTINGS]),
    }
    _raises(
        workbook(sheets),
        "survey!D1",
        f"重复的列 '{re.escape(ZH)}'",
        f"duplicate column '{re.escape(ZH)}'",
    )


@pytest.mark.parametrize("missing", ["survey"])
def test_missing_sheet(missing: str) -> None:
    sheets = {"survey": sheet_rows([q("integer", "n")]), "settings": sheet_rows([SETTINGS])}
    del sheets[missing]
    with pytest.raises(DefinitionError, match=f"form.xlsx: 工作簿中没有 {missing} 工作表") as info:
        load(workbook(sheets))
    assert f"the workbook has no '{missing}' sheet" in info.value.en


def test_empty_survey() -> None:
    sheets = {"survey": [["type", "name", ZH]], "settings": sheet_rows([SETTINGS])}
    _raises(
        workbook(sheets), "survey!A2", "survey 表中没有题目", "the survey sheet has no questions"
    )


def test_every_problem_is_reported_at_once() -> None:
    rows = [
        q("geopoint", "loc"),
        q("integer", "n", clause=99),
        q("integer", "m", relevant="${x} >"),
        q("select_one nope", "s"),
    ]
    with pytest.raises(DefinitionError) as info:
        load(form(rows, settings=_settings(version="v")))
    where = [p[0] for p in info.value.problems]
    assert where == [
        "form.xlsx:settings!B2",
        "form.xlsx:survey!A2",
        "form.xlsx:survey!A5",
        "form.xlsx:survey!E3",
        "form.xlsx:survey!G4",
    ]
    assert len(info.value.problems) == 5


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "zh", "en"),
    [
        (b"", "不是有效的 .xlsx 工作簿", "not a valid .xlsx workbook"),
        (
            b"type,name,label\ninteger,n,N\n",
            "不是有效的 .xlsx 工作簿",
            "not a valid .xlsx workbook",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "无法读取这个 .xls 工作簿",
            "cannot read this .xls workbook",
        ),
        (_zip({"hello.txt": b"hi"}), "不是 Excel 工作簿", "not an Excel workbook"),
        (_zip({"xl/workbook.xml": b"<not xml"}), "工作簿已损坏", "the workbook is damaged"),
    ],
    ids=["empty", "csv", "xls", "other_zip", "broken_xml"],
)
def test_not_a_workbook(data: bytes, zh: str, en: str) -> None:
    with pytest.raises(DefinitionError, match=f"^清单定义有 1 处错误：\nform.xlsx: {zh}") as info:
        load(data)
    assert en in info.value.en


def test_truncated_workbook() -> None:
    data = form([q("integer", "n")])
    with pytest.raises(DefinitionError, match="form.xlsx: (不是有效的|工作簿已损坏)"):
        load(data[: len(data) // 2])


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="无法读取文件") as info:
        load_xlsform(tmp_path / "absent.xlsx")
    assert info.value.problems[0][0] == str(tmp_path / "absent.xlsx")


@pytest.mark.parametrize(
    "kind",
    [
        "geotrace",
        "audio",
        "video",
        "range",
        "rank",
        "select_one_external cities",
        "acknowledge",
        "trigger",
        "time",
        "begin loop",
        "begin_loop",
    ],
)
def test_each_unsupported_type_is_named(kind: str) -> None:
    rows = [q("integer", "n"), q(kind, "x")]
    feature = kind.split()[0]
    _raises(
        form(rows),
        "survey!A3",
        "不支持的 XLSForm 功能：.*" + feature,
        "XLSForm feature not supported: .*" + feature,
    )
