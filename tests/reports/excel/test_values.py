"""Cell conversions: what people type in Excel → answers, and answers → cells."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from checklists.model import Checklist, Item
from reports.excel.values import cell_to_raw, excel_number_text, raw_to_cell


def col(checklist: Checklist, table: str, column: str) -> Item:
    return checklist.item(table).column(column)


@pytest.mark.parametrize(
    "typed",
    [
        datetime(2021, 3, 1),
        date(2021, 3, 1),
        "2021-03-01",
        "2021/3/1",
        "2021年3月1日",
        "20210301",
        20210301,
        "２０２１／３／１",
        " 2021.3.1 ",
    ],
)
def test_dates_as_excel_dates_or_text(guards: Checklist, typed: object) -> None:
    assert cell_to_raw(col(guards, "guards", "hire_date"), typed) == (date(2021, 3, 1), None)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2021-02-30", "No such date: 2021-02-30"),
        ("next week", "Unrecognised date"),
        (44256, "must be a date"),
        (True, "must be a date"),
        (datetime(2021, 3, 1, 13, 30), "has a time of day"),
    ],
)
def test_bad_dates(guards: Checklist, typed: object, reason: str) -> None:
    value, problem = cell_to_raw(col(guards, "guards", "hire_date"), typed)
    assert value is None and problem is not None
    assert re.search(reason, problem[1]), problem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        ("√", True),
        ("×", False),
        (True, True),
        (" yes ", True),
        ("Ｙ", True),
    ],
)
def test_yes_no_spellings(guards: Checklist, typed: object, expected: bool) -> None:
    assert cell_to_raw(col(guards, "guards", "on_guard_post"), typed) == (expected, None)


def test_yes_no_refuses_other_words_and_na_only_where_allowed(
    guards: Checklist, demo: Checklist
) -> None:
    value, problem = cell_to_raw(col(guards, "guards", "on_guard_post"), "不适用")
    assert (
        value is None
        and problem is not None
        and "应填 是 或 否" in problem[0]
        and "不适用" not in problem[0]
    )
    assert cell_to_raw(col(demo, "people", "checked"), "不适用") == ("na", None)
    assert cell_to_raw(col(guards, "guards", "on_guard_post"), 2)[1] is not None


def test_id_number_stored_as_a_number_says_what_happened_and_how_to_fix_it(
    guards: Checklist,
) -> None:
    column = col(guards, "guards", "id_number")
    value, problem = cell_to_raw(column, 4.41900197001e17)
    assert value is None and problem is not None
    assert "身份证号码被 Excel 存成了数字（4.41900197001E+17）" in problem[0]
    assert "单元格格式设为“文本”" in problem[0] and "重新输入" in problem[0]
    assert "Format the column as Text, then type the full numbers again" in problem[1]
    assert cell_to_raw(column, 441900197001010010)[1] is not None  # an int is refused as well
    assert cell_to_raw(column, " 44190019700101001x ") == ("44190019700101001x", None)


def test_masked_id_numbers_are_refused(guards: Checklist) -> None:
    _, problem = cell_to_raw(col(guards, "guards", "id_number"), "441900********0010")
    assert problem is not None and "打码" in problem[0] and "--full-ids" in problem[1]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (320, 320),
        (0.75, 0.75),
        ("320", 320),
        (" 0.75 ", 0.75),
        ("1,250", 1250),
        ("３２０", 320),
        ("1e3", 1000.0),
    ],
)
def test_numbers_as_numbers_or_numeric_text(
    demo: Checklist, typed: object, expected: float
) -> None:
    assert cell_to_raw(col(demo, "people", "score"), typed) == (expected, None)


@pytest.mark.parametrize(
    "typed", ["三百", "1,25", "12 分", True, datetime(2021, 1, 1), "nan", "inf"]
)
def test_non_numbers_are_refused(demo: Checklist, typed: object) -> None:
    value, problem = cell_to_raw(col(demo, "people", "shifts"), typed)
    assert value is None and problem == ("应为整数", "must be a whole number")


def test_choices_by_label_or_value_in_either_language(demo: Checklist) -> None:
    post = col(demo, "people", "post")
    assert cell_to_raw(post, "门卫") == ("gate", None)
    assert cell_to_raw(post, "gate, FRONT") == ("gate", None)
    assert cell_to_raw(post, "patrol") == ("patrol", None)
    _, problem = cell_to_raw(post, "保洁")
    assert problem == (
        "应为以下之一：门卫、巡逻、夜间值守",
        "must be one of: Gate, front; Patrol; Night watch",
    )


def test_multiple_choices_split_on_list_separators(demo: Checklist) -> None:
    skills = col(demo, "people", "skills")
    assert cell_to_raw(skills, "急救、消防") == (["first_aid", "fire"], None)
    assert cell_to_raw(skills, "First aid; Fire safety") == (["first_aid", "fire"], None)
    assert cell_to_raw(skills, "急救,消防") == (["first_aid", "fire"], None)
    assert cell_to_raw(skills, "急救、游泳")[1] is not None


def test_text_takes_numbers_as_excel_shows_them(guards: Checklist) -> None:
    licence = col(guards, "guards", "licence_no")
    assert cell_to_raw(licence, 12345) == ("12345", None)
    assert cell_to_raw(licence, 12345.0) == ("12345", None)
    assert cell_to_raw(licence, "  A-1 ") == ("A-1", None)


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#VALUE!", "#REF!"])
def test_excel_error_values_are_refused_in_any_column(guards: Checklist, error: str) -> None:
    _, problem = cell_to_raw(col(guards, "guards", "name"), error)
    assert problem is not None and f"Excel 错误值 {error}" in problem[0]


def test_cells_for_export(guards: Checklist, demo: Checklist) -> None:
    idn = col(guards, "guards", "id_number")
    assert raw_to_cell(idn, "441900197001010010") == ("441900********0010", "@")
    assert raw_to_cell(idn, "441900197001010010", full_ids=True) == ("441900197001010010", "@")
    assert raw_to_cell(col(guards, "guards", "hire_date"), date(2021, 3, 1)) == (
        date(2021, 3, 1),
        "yyyy-mm-dd",
    )
    assert raw_to_cell(col(guards, "guards", "on_guard_post"), False, "en") == ("no", None)
    assert raw_to_cell(col(demo, "people", "checked"), "na") == ("不适用", None)
    assert raw_to_cell(col(demo, "people", "skills"), ("first_aid", "fire")) == ("急救、消防", None)
    assert raw_to_cell(col(demo, "people", "post"), "gate", "en") == ("Gate, front", None)
    assert raw_to_cell(col(guards, "guards", "name"), "a\x01b") == ("a\ufffdb", "@")


def test_excel_number_text() -> None:
    assert excel_number_text(4.41900197001e17) == "4.41900197001E+17"
    assert excel_number_text(12.5) == "12.5"
    assert excel_number_text(300.0) == "300"
