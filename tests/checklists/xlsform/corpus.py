"""A corpus of realistic XLSForm workbooks, in the styles ODK and KoboToolbox users write them.

Modelled on the XLSForm specification's examples (xlsform.org): with and without a settings
sheet, old spellings (``select one from``, ``bind:relevant``, ``label:English``) and new ones,
as ``.xlsx`` (openpyxl) and ``.xls`` (xlwt). Each form says what the app must do with it: load
it, or refuse it naming the sheet, the cell and the feature.

``python -m tests.checklists.xlsform.corpus DIR`` writes the workbooks into DIR and prints the
counts.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from checklists.model import Checklist

Sheets = dict[str, list[list[Any]]]


@dataclass(frozen=True)
class Form:
    """One workbook of the corpus and what loading it must give."""

    name: str  # file name, with .xlsx or .xls
    sheets: Sheets
    refused: tuple[tuple[str, str], ...] = ()  # (sheet!CELL, words naming the feature)
    check: Callable[[Checklist], None] | None = None
    pyxform_ok: bool = True  # ODK's converter accepts it as it is
    formatted_to: int = 0  # rows formatted (empty) down to this row, as Excel leaves them
    notices: tuple[str, ...] = field(default=())  # words that must appear among the notices

    @property
    def loads(self) -> bool:
        return not self.refused


def _xlsx(form: Form) -> bytes:
    book = openpyxl.Workbook()
    first = True
    for name, rows in form.sheets.items():
        sheet = book.active if first else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
        if name == "survey" and form.formatted_to:
            for number in range(len(rows) + 1, form.formatted_to + 1):
                sheet.cell(number, 1).number_format = "@"  # formatted, never filled
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls(form: Form) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in form.sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write(r, c, value, dated)
                elif value is not None:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_bytes(form: Form) -> bytes:
    """The form as the bytes of its file type."""
    return _xls(form) if form.name.endswith(".xls") else _xlsx(form)


# ---- the checks run on forms that load ---------------------------------------------------


def _basic(c: Checklist) -> None:
    assert [i.id for i in c.items()] == ["name", "age", "gender", "happy"]
    assert c.item("gender").type == "single_choice" and c.item("happy").type == "yes_no"
    assert c.item("age").label.zh == "How old are you?"
    assert c.item("age").clauses == ()  # shown as 未注明条款


def _school(c: Checklist) -> None:
    assert c.id == "school_safety_2021" and c.version == 2021120101
    assert c.title.zh == "学校安全自查" and c.title.en == "School safety self-check"
    assert c.item("gate_guard").label.en == "Is the gate guarded during school hours?"
    assert c.item("gate_guard").clauses == (75,)
    roster = c.item("guards")
    assert roster.is_table and [col.id for col in roster.columns] == ["guard_name", "guard_age"]
    assert [s.id for s in c.sections] == ["gate", "staff"]


def _kobo(c: Checklist) -> None:
    assert c.id == "kobo_household"  # from the file name: no settings sheet
    assert [i.id for i in c.items()] == ["hh_head", "hh_size", "water_source", "has_latrine"]
    assert c.item("hh_size").required and c.item("water_source").type == "multi_choice"


def _old_spellings(c: Checklist) -> None:
    facilities = c.item("facilities")
    assert facilities.type == "multi_choice"
    assert [ch.label.en for ch in facilities.choices] == ["Library", "Laboratory", "Playground"]
    count = c.item("lab_count")
    assert count.relevant is not None and count.constraint is not None
    assert count.constraint_message is not None and count.constraint_message.en == "1 to 20"
    assert count.help is not None and count.help.en == "Count every room"


def _aliases(c: Checklist) -> None:
    item = c.item("fence_height")
    assert item.relevant is not None and item.constraint_message is not None
    assert item.constraint_message.zh == "围墙不低于1.8米"
    assert c.item("fence").type == "yes_no"


def _names(c: Checklist) -> None:
    assert {i.id for i in c.items()} == {"Has_Fence", "StudentCount", "fence_m"}
    assert c.item("fence_m").relevant is not None


def _label_refs(c: Checklist) -> None:
    assert "${school_name}" in c.item("principal").label.en


def _formatted(c: Checklist) -> None:
    assert len(list(c.items())) == 81


def _no_labels(c: Checklist) -> None:
    assert c.sections[0].title.zh == "details"  # a group without a label: titled by its name
    assert c.item("total").label.zh == "total"
    assert c.item("pupils").label.en == "Pupils on the roll today"  # the hint stands in


def _no_message(c: Checklist) -> None:
    item = c.item("teachers")
    assert item.constraint is not None and item.constraint_message is None


def _plain_and_chinese(c: Checklist) -> None:
    item = c.item("drills")
    assert item.label.zh == "本学期应急演练次数" and item.label.en == "Emergency drills this term"


def _english_default(c: Checklist) -> None:
    item = c.item("cctv")
    assert item.label.en == "Is there CCTV at the gate?" and item.label.zh == "校门有监控吗？"


def _version_date(c: Checklist) -> None:
    assert c.id == "school_safety_2021" and c.version == 2021120101


def _group_relevant(c: Checklist) -> None:
    assert c.item("pool_depth").relevant is not None
    assert "has_pool" in str(c.item("pool_depth").relevant)


def _metadata(c: Checklist) -> None:
    assert [i.id for i in c.items()] == ["inspector", "visit_date"]


def _dotted_version(c: Checklist) -> None:
    assert c.version == 1002000


# ---- the corpus --------------------------------------------------------------------------

GENDER = [
    ["list_name", "name", "label"],
    ["gender", "transgender", "Transgender"],
    ["gender", "female", "Female"],
    ["gender", "male", "Male"],
    ["yes_no", "yes", "Yes"],
    ["yes_no", "no", "No"],
]
YES_NO_ZH = [
    ["list_name", "name", "label::中文 (zh)", "label::English (en)"],
    ["yes_no", "yes", "是", "Yes"],
    ["yes_no", "no", "否", "No"],
]


def _basic_survey(select: str) -> list[list[Any]]:
    return [
        ["type", "name", "label"],
        ["text", "name", "What is your name?"],
        ["integer", "age", "How old are you?"],
        [f"{select} gender", "gender", "Gender"],
        [f"{select} yes_no", "happy", "Are you happy?"],
    ]


def _school_sheets(title_columns: tuple[str, str]) -> Sheets:
    """A bilingual checklist; the title as pyxform takes it or as translations pyxform cannot."""
    zh, en = "label::中文 (zh)", "label::English (en)"
    return {
        "survey": [
            ["type", "name", zh, en, "required", "clause", "hint::English (en)"],
            ["begin_group", "gate", "校门", "Gate", None, None, None],
            ["select_one yes_no", "gate_guard", "上课时间校门有人值守吗？",
             "Is the gate guarded during school hours?", "yes", 75, "Look at the roster"],
            ["end_group", None, None, None, None, None, None],
            ["begin_group", "staff", "保安", "Guards", None, None, None],
            ["begin_repeat", "guards", "保安名册", "Guard roster", None, 75, None],
            ["text", "guard_name", "姓名", "Name", "yes", None, None],
            ["integer", "guard_age", "年龄", "Age", None, None, None],
            ["end_repeat", None, None, None, None, None, None],
            ["end_group", None, None, None, None, None, None],
        ],
        "choices": YES_NO_ZH,
        "settings": [
            [*title_columns, "form_id", "version", "default_language"],
            ["学校安全自查", "School safety self-check", "school_safety_2021", "2021120101",
             "中文 (zh)"],
        ],
    }  # fmt: skip


def _refused(
    name: str, rows: list[list[Any]], *where: tuple[str, str], choices: Any = None
) -> Form:
    sheets: Sheets = {"survey": rows}
    if choices:
        sheets["choices"] = choices
    return Form(name, sheets, refused=tuple(where))


CORPUS: tuple[Form, ...] = (
    Form(
        "tutorial_basic.xlsx",
        {"survey": _basic_survey("select_one"), "choices": GENDER},
        check=_basic,
        notices=("form_id",),
    ),
    Form(
        "tutorial_basic_old.xls",
        {"survey": _basic_survey("select one from"), "choices": GENDER},
        check=_basic,
    ),
    Form(
        "school_safety.xlsx",
        _school_sheets(("form_title", "translated_title::English (en)")),
        check=_school,
    ),
    # pyxform (4.5) crashes on a translated form_title; we read it all the same
    Form(
        "school_safety.xls",
        _school_sheets(("form_title::中文 (zh)", "form_title::English (en)")),
        check=_school,
        pyxform_ok=False,
    ),
    Form(
        "kobo_household.xlsx",
        {
            "survey": [
                ["type", "name", "label::English (en)", "required", "$kuid", "$autoname"],
                ["start", "start", None, None, "a1", "start"],
                ["end", "end", None, None, "a2", "end"],
                ["today", "today", None, None, "a3", "today"],
                ["deviceid", "deviceid", None, None, "a4", "deviceid"],
                ["text", "hh_head", "Name of the head of household", "TRUE", "b1", "hh_head"],
                ["integer", "hh_size", "Household size", "TRUE", "b2", "hh_size"],
                [
                    "select_multiple water",
                    "water_source",
                    "Sources of drinking water",
                    "FALSE",
                    "b3",
                    "water_source",
                ],
                [
                    "select_one yn",
                    "has_latrine",
                    "Does the household have a latrine?",
                    "false",
                    "b4",
                    "has_latrine",
                ],
            ],
            "choices": [
                ["list_name", "name", "label::English (en)", "$kuid"],
                ["water", "piped", "Piped water", "c1"],
                ["water", "well", "Protected well", "c2"],
                ["water", "surface", "Surface water", "c3"],
                ["yn", "yes", "Yes", "c4"],
                ["yn", "no", "No", "c5"],
            ],
        },
        check=_kobo,
        notices=("metadata type 'start'", "deviceid"),
    ),  # fmt: skip
    Form(
        "facilities_old_spellings.xls",
        {
            "survey": [
                [
                    "type",
                    "name",
                    "label:English",
                    "hint:English",
                    "bind:relevant",
                    "bind:constraint",
                    "bind:jr:constraintMsg",
                ],
                [
                    "select all that apply from facilities",
                    "facilities",
                    "Facilities",
                    None,
                    None,
                    None,
                    None,
                ],
                [
                    "integer",
                    "lab_count",
                    "Number of laboratories",
                    "Count every room",
                    "selected(${facilities}, 'lab')",
                    ". >= 1 and . <= 20",
                    "1 to 20",
                ],
            ],
            "choices": [
                ["list name", "name", "label:English"],
                ["facilities", "library", "Library"],
                ["facilities", "lab", "Laboratory"],
                ["facilities", "playground", "Playground"],
            ],
            "settings": [["form_title", "form_id"], ["School facilities", "facilities"]],
        },
        check=_old_spellings,
    ),  # fmt: skip
    Form(
        "fence_aliases.xlsx",
        {
            "survey": [
                [
                    "type",
                    "name",
                    "label",
                    "relevance",
                    "constraint",
                    "constraint message",
                    "clause",
                ],
                ["select_one yes_no", "fence", "学校有围墙吗？", None, None, None, "第72条"],
                [
                    "decimal",
                    "fence_height",
                    "围墙高度（米）",
                    "${fence} = 'yes'",
                    ". >= 1.8",
                    "围墙不低于1.8米",
                    72,
                ],
            ],
            "choices": [
                ["list name", "name", "label"],
                ["yes_no", "yes", "是"],
                ["yes_no", "no", "否"],
            ],
        },
        check=_aliases,
    ),  # fmt: skip
    Form(
        "names_capitals_hyphens.xlsx",
        {
            "survey": [
                ["type", "name", "label", "relevant"],
                ["select_one yes_no", "Has-Fence", "Is there a fence?", None],
                ["integer", "StudentCount", "Students", None],
                ["decimal", "fence_m", "Fence height (m)", "${Has-Fence} = 'yes'"],
            ],
            "choices": GENDER,
        },
        check=_names,
        notices=("Has_Fence",),
    ),  # fmt: skip
    Form(
        "principal_label_refs.xlsx",
        {
            "survey": [
                ["type", "name", "label", "hint"],
                ["text", "school_name", "School name", None],
                [
                    "text",
                    "principal",
                    "Principal of ${school_name}",
                    "As on the ${school_name} roll",
                ],
            ],
        },
        check=_label_refs,
    ),  # fmt: skip
    Form(
        "label_ref_unknown.xlsx",
        {
            "survey": [
                ["type", "name", "label", "hint"],
                ["text", "school_name", "School name", None],
                ["text", "principal", "Principal", "As on the ${school_nam} roll"],
            ],
        },
        refused=(("survey!D3", "${school_nam}"),),
        pyxform_ok=False,
    ),  # fmt: skip
    Form(
        "formatted_to_row_6000.xlsx",
        {
            "survey": [["type", "name", "label"]]
            + [["integer", f"room_{n}", f"Room {n}: pupils"] for n in range(1, 82)],
        },
        check=_formatted,
        formatted_to=6000,
    ),
    Form(
        "labels_optional.xlsx",
        {
            "survey": [
                ["type", "name", "label", "hint", "calculation"],
                ["begin_group", "details", None, None, None],
                ["integer", "pupils", None, "Pupils on the roll today", None],
                ["calculate", "total", None, None, "${pupils} * 2"],
                ["end_group", None, None, None, None],
            ],
        },
        check=_no_labels,
    ),  # fmt: skip
    Form(
        "constraint_without_message.xlsx",
        {
            "survey": [
                ["type", "name", "label", "constraint"],
                ["integer", "teachers", "Full-time teachers", ". >= 0"],
            ],
        },
        check=_no_message,
    ),  # fmt: skip
    Form(
        "plain_label_and_chinese.xlsx",
        {
            "survey": [
                ["type", "name", "label", "label::Chinese"],
                ["integer", "drills", "Emergency drills this term", "本学期应急演练次数"],
            ],
        },
        check=_plain_and_chinese,
    ),  # fmt: skip
    Form(
        "english_default_language.xls",
        {
            "survey": [
                ["type", "name", "label", "label::中文 (zh)"],
                ["select_one yes_no", "cctv", "Is there CCTV at the gate?", "校门有监控吗？"],
            ],
            "choices": [
                ["list_name", "name", "label", "label::中文 (zh)"],
                ["yes_no", "yes", "Yes", "是"],
                ["yes_no", "no", "No", "否"],
            ],
            "settings": [["form_title", "default_language"], ["Gate security", "English (en)"]],
        },
        check=_english_default,
    ),  # fmt: skip
    Form(
        "version_as_date.xlsx",
        {
            "survey": [["type", "name", "label"], ["integer", "guards", "Guards on duty"]],
            "settings": [
                ["form_id", "version", "form_title"],
                ["School-Safety 2021", date(2021, 12, 1), "School safety"],
            ],
        },
        check=_version_date,
        notices=("school_safety_2021",),
    ),  # fmt: skip
    Form(
        "dotted_version.xls",
        {
            "survey": [["type", "name", "label"], ["integer", "guards", "Guards on duty"]],
            "settings": [["form_id", "version"], ["guards_v1", "1.2"]],
        },
        check=_dotted_version,
    ),
    Form(
        "group_relevant.xlsx",
        {
            "survey": [
                ["type", "name", "label", "relevant"],
                ["select_one yes_no", "has_pool", "Does the school have a pool?", None],
                ["begin_group", "pool", "Pool", "${has_pool} = 'yes'"],
                ["decimal", "pool_depth", "Deepest point (m)", None],
                ["end_group", None, None, None],
            ],
            "choices": GENDER,
        },
        check=_group_relevant,
    ),  # fmt: skip
    Form(
        "inspection_metadata.xls",
        {
            "survey": [
                ["type", "name", "label"],
                ["start", "start", None],
                ["username", "username", None],
                ["text", "inspector", "Inspector"],
                ["date", "visit_date", "Date of the visit"],
                ["end", "end", None],
            ],
        },
        check=_metadata,
        notices=("username",),
    ),  # fmt: skip
    _refused(
        "school_location.xlsx",
        [
            ["type", "name", "label"],
            ["text", "school", "School"],
            ["geopoint", "location", "Where is the school gate?"],
        ],
        ("survey!A3", "geopoint"),
    ),  # fmt: skip
    _refused(
        "interview_media.xls",
        [
            ["type", "name", "label"],
            ["audio", "interview", "Record the interview"],
            ["barcode", "asset", "Scan the asset tag"],
            ["text", "notes", "Notes"],
        ],
        ("survey!A2", "audio"),
        ("survey!A3", "barcode"),
    ),  # fmt: skip
    _refused(
        "districts_from_file.xlsx",
        [["type", "name", "label"], ["select_one_from_file districts.csv", "district", "District"]],
        ("survey!A2", "select_one_from_file"),
    ),
    _refused(
        "rooms_loop.xlsx",
        [
            ["type", "name", "label"],
            ["begin loop over rooms", "room_loop", "Rooms"],
            ["integer", "pupils", "Pupils"],
            ["end loop", None, None],
        ],
        ("survey!A2", "begin loop"),
        ("survey!A4", "end loop"),
        choices=[["list_name", "name", "label"], ["rooms", "r1", "Room 1"]],
    ),  # fmt: skip
    _refused(
        "transport_or_other.xlsx",
        [["type", "name", "label"], ["select_one transport or_other", "transport", "Transport"]],
        ("survey!A2", "or_other"),
        choices=[
            ["list_name", "name", "label"],
            ["transport", "bus", "Bus"],
            ["transport", "walk", "Walk"],
        ],
    ),  # fmt: skip
    _refused(
        "class_visits_repeat_count.xlsx",
        [
            ["type", "name", "label", "repeat_count"],
            ["integer", "classes", "Classes", None],
            ["begin_repeat", "visit", "Visit", "${classes}"],
            ["text", "teacher", "Teacher", None],
            ["end_repeat", None, None, None],
        ],
        ("survey!D3", "repeat_count"),
    ),  # fmt: skip
    _refused(
        "timetable_times.xls",
        [
            ["type", "name", "label"],
            ["time", "opens", "Gate opens at"],
            ["datetime", "incident_at", "When did the incident happen?"],
        ],
        ("survey!A2", "time"),
        ("survey!A3", "datetime"),
    ),  # fmt: skip
    _refused(
        "satisfaction_range_rank.xlsx",
        [
            ["type", "name", "label", "parameters"],
            ["range", "satisfaction", "Satisfaction", "start=0 end=10 step=1"],
            ["rank subjects", "favourite", "Rank the subjects", None],
        ],
        ("survey!A2", "range"),
        ("survey!A3", "rank"),
        choices=[
            ["list_name", "name", "label"],
            ["subjects", "maths", "Maths"],
            ["subjects", "art", "Art"],
        ],
    ),  # fmt: skip
    _refused(
        "cascading_choice_filter.xlsx",
        [
            ["type", "name", "label", "choice_filter"],
            ["select_one town", "town", "Town", None],
            ["select_one school", "school", "School", "town = ${town}"],
        ],
        ("survey!D3", "choice_filter"),
        choices=[
            ["list_name", "name", "label", "town"],
            ["town", "nc", "南城", None],
            ["school", "s1", "示例小学", "nc"],
        ],
    ),  # fmt: skip
)


def counts() -> dict[str, int]:
    """How many forms, of which .xls, with settings, loading, refused."""
    return {
        "forms": len(CORPUS),
        "xls": sum(f.name.endswith(".xls") for f in CORPUS),
        "xlsx": sum(f.name.endswith(".xlsx") for f in CORPUS),
        "with_settings": sum("settings" in f.sheets for f in CORPUS),
        "load": sum(f.loads for f in CORPUS),
        "refused": sum(not f.loads for f in CORPUS),
    }


def main(argv: list[str]) -> int:
    """Write the corpus into a folder and print its counts."""
    folder = Path(argv[0]) if argv else Path("xlsform-corpus")
    folder.mkdir(parents=True, exist_ok=True)
    for form in CORPUS:
        (folder / form.name).write_bytes(workbook_bytes(form))
    print(counts())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
