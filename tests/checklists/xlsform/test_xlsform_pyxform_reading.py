"""Reading XLSForm as pyxform does: optional settings, old spellings, .xls, filled rows only."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checklists.foundation.errors import DefinitionError
from checklists.terms import clauses_text
from checklists.text_refs import fill_text, names_in
from checklists.xlsform import load_xlsform, load_xlsform_with_notices
from checklists.xlsform.read import read_workbook
from tests.checklists.xlsform.corpus import Form, workbook_bytes
from tests.checklists.xlsform.helpers import q, sheet_rows, workbook


def _plain(rows: list[list[Any]], **sheets: list[list[Any]]) -> bytes:
    return workbook({"survey": rows, **sheets})


def test_without_settings_the_id_comes_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "Guard Roster-2021.xlsx"
    path.write_bytes(_plain([["type", "name", "label"], ["integer", "guards", "Guards"]]))
    checklist, notices = load_xlsform_with_notices(path)
    assert checklist.id == "guard_roster_2021"
    assert checklist.title.zh == "guard_roster_2021"
    assert checklist.source.document.zh == "未注明依据文件"
    saved = openpyxl.load_workbook(path).properties.modified
    assert checklist.version == int(f"{saved:%Y%m%d}01")
    said = " ".join(en for _, _, en in notices)
    assert "from the file name" in said and "no form_title" in said and "no source_document" in said


def test_a_chinese_file_name_still_gives_an_id(tmp_path: Path) -> None:
    path = tmp_path / "保安名册.xlsx"
    path.write_bytes(_plain([["type", "name", "label"], ["integer", "guards", "保安人数"]]))
    checklist = load_xlsform(path)
    assert re.fullmatch(r"form_[0-9a-f]{8}", checklist.id)
    assert load_xlsform(path).id == checklist.id  # the same file, the same id


def test_without_settings_every_other_problem_is_still_reported() -> None:
    rows = [["type", "name", "label", "clause"], ["geopoint", "gate", "Gate", None],
            ["integer", "n", "N", 99], ["select_one nope", "s", "S", None]]  # fmt: skip
    with pytest.raises(DefinitionError) as info:
        read_workbook(_plain(rows), "form.xlsx")
    where = sorted(p[0] for p in info.value.problems)
    assert where == ["form.xlsx:survey!A2", "form.xlsx:survey!A4", "form.xlsx:survey!D3"]


def test_5000_filled_rows_is_the_limit_not_5000_formatted_rows() -> None:
    header = [["type", "name", "label"]]
    rows = [["integer", f"n{i}", f"N{i}"] for i in range(5001)]
    with pytest.raises(DefinitionError) as info:
        read_workbook(_plain(header + rows), "form.xlsx")
    assert info.value.problems[0][0] == "form.xlsx:survey!A5001"
    assert "more than 5000 filled rows" in info.value.en
    formatted = Form("f.xlsx", {"survey": header + rows[:82]}, formatted_to=6000)
    checklist, _ = read_workbook(workbook_bytes(formatted), "f.xlsx")
    assert len(list(checklist.items())) == 82


def test_a_plain_label_fills_the_language_the_translations_leave_out() -> None:
    rows = [
        ["type", "name", "label", "label::中文 (zh)", "hint", "hint::English (en)"],
        ["integer", "drills", "Drills this term", "本学期演练次数", "写次数", "Write a number"],
    ]
    checklist, _ = read_workbook(_plain(rows), "form.xlsx")
    item = checklist.item("drills")
    assert (item.label.zh, item.label.en) == ("本学期演练次数", "Drills this term")
    assert item.help is not None and (item.help.zh, item.help.en) == ("写次数", "Write a number")


def test_a_label_in_another_language_only_is_not_lost() -> None:
    rows = [["type", "name", "label::Français (fr)"], ["integer", "eleves", "Nombre d'élèves"]]
    checklist, _ = read_workbook(_plain(rows), "form.xlsx")
    assert checklist.item("eleves").label.zh == "Nombre d'élèves"


def test_single_colon_translations_on_the_choices_sheet() -> None:
    rows = [["type", "name", "label:English", "label:Chinese"],
            ["select_one yn", "ok", "OK?", "合格吗？"]]  # fmt: skip
    choices = [["list_name", "name", "label:English", "label:Chinese"],
               ["yn", "yes", "Yes", "是"], ["yn", "no", "No", "否"]]  # fmt: skip
    checklist, _ = read_workbook(_plain(rows, choices=choices), "form.xlsx")
    assert checklist.item("ok").type == "yes_no"
    assert checklist.item("ok").label.zh == "合格吗？"


def test_hyphen_names_that_meet_an_underscore_name_are_duplicates() -> None:
    rows = [["type", "name", "label"], ["integer", "a-b", "A"], ["integer", "a_b", "B"]]
    with pytest.raises(DefinitionError, match="重复的编号 'a_b'"):
        read_workbook(_plain(rows), "form.xlsx")


def test_unknown_columns_are_named_in_a_notice_not_refused() -> None:
    rows = [["type", "name", "label", "kobo--score-choices"], ["integer", "n", "N", "x"]]
    _, notices = read_workbook(_plain(rows), "form.xlsx")
    assert ("form.xlsx:survey!D1") in [n[0] for n in notices]


def test_label_references_are_checked_and_filled() -> None:
    rows = [["type", "name", "label"], ["text", "school", "School"],
            ["integer", "pupils", "Pupils at ${school} (at least ${min_pupils})"]]  # fmt: skip
    constants = [["name", "value"], ["min_pupils", 100]]
    checklist, _ = read_workbook(_plain(rows, constants=constants), "form.xlsx")
    label = checklist.item("pupils").label.en
    assert names_in(label) == {"school", "min_pupils"}
    values = {"school": "示例小学", "min_pupils": 100}
    assert fill_text(label, values.get, "en") == "Pupils at 示例小学 (at least 100)"
    assert fill_text(label, {}.get, "en") == "Pupils at … (at least …)"


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [(True, "zh", "是"), (False, "en", "No"), (3.0, "zh", "3"), (["a", "b"], "zh", "a、b"),
     (date(2021, 9, 1), "en", "2021-09-01"), (None, "zh", "…")],
)  # fmt: skip
def test_values_in_a_label(value: object, lang: str, text: str) -> None:
    assert fill_text("${x}", {"x": value}.get, lang) == text


def test_an_item_without_a_clause_prints_as_not_given() -> None:
    assert clauses_text((), "zh") == "未注明条款" and clauses_text((), "en") == "no clause given"
    assert clauses_text((75,), "zh") == "第75条"


@pytest.mark.parametrize(
    ("version", "expected"),
    [(7, 7), ("2021120101", 2021120101), (date(2021, 12, 1), 2021120101),
     ("2021-12-01", 2021120101), ("1.2", 1002000), ("v1.10.3", 1010003)],
)  # fmt: skip
def test_versions_as_odk_users_write_them(version: object, expected: int) -> None:
    settings = [["form_id", "version"], ["f", version]]
    checklist, _ = read_workbook(
        _plain([["type", "name", "label"], ["integer", "n", "N"]], settings=settings), "form.xlsx"
    )
    assert checklist.version == expected


def test_a_group_relevant_reaches_every_question_inside() -> None:
    rows = [
        q("select_one yes_no", "pool"),
        {"type": "begin_group", "name": "g", "label": "G", "relevant": "${pool} = 'yes'"},
        q("decimal", "depth", relevant=". > 0"),
        {"type": "end_group"},
    ]
    choices = [["list_name", "name", "label"], ["yes_no", "yes", "是"], ["yes_no", "no", "否"]]
    checklist, _ = read_workbook(_plain(sheet_rows(rows), choices=choices), "form.xlsx")
    relevant = checklist.item("depth").relevant
    assert relevant is not None and "pool" in str(relevant) and "Current" in str(relevant)


def test_an_encrypted_or_damaged_xls_is_named() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048
    with pytest.raises(DefinitionError, match="无法读取这个 .xls 工作簿") as info:
        read_workbook(data, "old.xls")
    assert "if it is encrypted" in info.value.en


def test_an_xls_saved_under_xlsx_and_back_reads_the_same() -> None:
    sheets = {
        "survey": [["type", "name", "label", "default"], ["date", "d", "Date", date(2021, 9, 1)]],
        "settings": [["version"], [3]],
    }
    form = Form("a.xls", sheets)
    xls, _ = read_workbook(workbook_bytes(form), "a.xls")
    xlsx, _ = read_workbook(workbook_bytes(Form("a.xlsx", form.sheets)), "a.xls")
    assert xls == xlsx and xls.item("d").default == date(2021, 9, 1)


def test_write_is_unchanged_by_reading(tmp_path: Path) -> None:
    """A workbook is read, never written: the file's bytes stay as they were."""
    path = tmp_path / "form.xlsx"
    data = _plain([["type", "name", "label"], ["integer", "n", "N"]])
    path.write_bytes(data)
    load_xlsform(path)
    assert path.read_bytes() == data
    assert openpyxl.load_workbook(io.BytesIO(data))["survey"]["A2"].value == "integer"


def test_a_conditional_required_is_refused_by_name() -> None:
    rows = [["type", "name", "label", "required"], ["integer", "n", "N", "${m} > 1"],
            ["integer", "m", "M", None]]  # fmt: skip
    with pytest.raises(DefinitionError) as info:
        read_workbook(_plain(rows), "form.xlsx")
    assert info.value.problems[0][0] == "form.xlsx:survey!D2"
    assert "XLSForm feature not supported: an expression in required" in info.value.en


def test_sheets_the_app_does_not_read_are_named() -> None:
    data = _plain([["type", "name", "label"], ["integer", "n", "N"]], entities=[["list_name"]])
    _, notices = read_workbook(data, "form.xlsx")
    assert any("sheet 'entities' is not read" in en for _, _, en in notices)


@pytest.mark.parametrize("name", ["tutorial_basic.xlsx", "tutorial_basic_old.xls"])
def test_a_stored_copy_of_a_settings_free_workbook_loads_the_same(
    name: str, tmp_path: Path
) -> None:
    """The id came from the file name; the stored copy (no file name) keeps it."""
    from models.snapshots import load_snapshot, snapshot_of
    from tests.checklists.xlsform.corpus import CORPUS

    form = next(f for f in CORPUS if f.name == name)
    path = tmp_path / name
    path.write_bytes(workbook_bytes(form))
    checklist = load_xlsform(path)
    snapshot = snapshot_of(checklist)
    assert snapshot.format == "xlsx"
    again = load_snapshot(snapshot.sha256, snapshot.format, snapshot.content, checklist.id)
    assert again == checklist and again.id == checklist.id == Path(name).stem


def test_a_dynamic_default_is_refused_by_name() -> None:
    rows = [["type", "name", "label", "default"], ["date", "d", "Date", "today()"]]
    with pytest.raises(DefinitionError) as info:
        read_workbook(_plain(rows), "form.xlsx")
    assert info.value.problems[0][0] == "form.xlsx:survey!D2"
    assert "XLSForm feature not supported: a dynamic default" in info.value.en


def test_choices_columns_the_app_does_not_use_are_named() -> None:
    rows = [["type", "name", "label"], ["select_one c", "c", "C"]]
    choices = [["list_name", "name", "label", "media::image"], ["c", "a", "A", "a.png"]]
    _, notices = read_workbook(_plain(rows, choices=choices), "form.xlsx")
    assert any(n[0] == "form.xlsx:choices!D1" and "'image'" in n[2] for n in notices)


def test_an_edited_plain_title_wins_over_our_translated_title() -> None:
    settings = [
        ["form_title", "translated_title::中文 (zh)", "translated_title::English (en)",
         "default_language"],
        ["保安队伍2022", "保安队伍2021", "Guards", "中文 (zh)"],
    ]  # fmt: skip
    checklist, _ = read_workbook(
        _plain([["type", "name", "label"], ["integer", "n", "N"]], settings=settings), "f.xlsx"
    )
    assert (checklist.title.zh, checklist.title.en) == ("保安队伍2022", "Guards")
