"""The answers document: strict validation with paths, round trip through JSON."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from checklists.answers_doc import DocumentParser, document_to_json
from checklists.foundation.errors import AnswersError
from checklists.registry import builtin_checklists
from tests.checklists.helpers import document, id_number

GUARD = {
    "name": "张三",
    "id_number": id_number("1970-01-01"),
    "hire_date": "2019-03-01",
    "on_guard_post": True,
}


def parse(doc: dict[str, Any]):
    return DocumentParser(builtin_checklists()).parse(doc)


def paths_of(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(AnswersError) as info:
        parse(doc)
    return [p for p, _, _ in info.value.problems]


def good() -> dict[str, Any]:
    return document(
        {
            "guards": {"guards": [dict(GUARD), dict(GUARD, name="李四")]},
            "psychology": {"fulltime_psych_teachers": 1},
            "lighting": {"classrooms": [{"room": "三(2)班", "desk_lux": 320}]},
        }
    )


def test_good_document_is_normalised() -> None:
    doc = parse(good())
    assert doc.reference_date == date(2021, 12, 31)
    assert doc.checklists["guards"]["guards"][0]["hire_date"] == date(2019, 3, 1)
    assert doc.school.stage == "primary"


def test_round_trip_through_json() -> None:
    doc = parse(good())
    assert parse(document_to_json(doc)) == doc


def test_bad_date_names_its_path() -> None:
    bad = good()
    bad["checklists"]["guards"]["guards"][1]["hire_date"] = "2021-02-30"
    assert paths_of(bad) == ["checklists.guards.guards[1].hire_date"]


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(format="other@1"), "format"),
        (lambda d: d["checklists"].update(nosuch={}), "checklists.nosuch"),
        (lambda d: d["checklists"]["psychology"].update(nosuch=1), "checklists.psychology.nosuch"),
        (
            lambda d: d["checklists"]["psychology"].update(fulltime_psych_teachers="two"),
            "checklists.psychology.fulltime_psych_teachers",
        ),
        (
            lambda d: d["checklists"]["psychology"].update(fulltime_psych_teachers=1.5),
            "checklists.psychology.fulltime_psych_teachers",
        ),
        (
            lambda d: d["checklists"]["guards"]["guards"][0].update(on_guard_post="yes"),
            "checklists.guards.guards[0].on_guard_post",
        ),
        (
            lambda d: d["checklists"]["guards"]["guards"][0].update(colour="red"),
            "checklists.guards.guards[0].colour",
        ),
        (
            lambda d: d["checklists"]["guards"]["guards"][0].update(age=50),
            "checklists.guards.guards[0].age",
        ),
        (lambda d: d["school"].update(code="123"), "school.code"),
        (lambda d: d["school"].update(stage="university"), "school.stage"),
        (lambda d: d["school"].update(enrollment=-1), "school.enrollment"),
        (lambda d: d.update(reference_date="2021-13-01"), "reference_date"),
        (lambda d: d.update(extra=1), "extra"),
    ],
)
def test_each_kind_of_error_names_its_path(mutate: Any, path: str) -> None:
    doc = copy.deepcopy(good())
    mutate(doc)
    assert paths_of(doc) == [path]


def test_all_errors_at_once() -> None:
    doc = good()
    doc["school"]["code"] = "x"
    doc["checklists"]["guards"]["guards"][0]["hire_date"] = "yesterday"
    doc["checklists"]["lighting"]["classrooms"][0]["desk_lux"] = "bright"
    assert len(paths_of(doc)) == 3


def test_not_an_object() -> None:
    with pytest.raises(AnswersError, match="JSON"):
        parse([1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "note",
    [
        {"checklist": {}, "code": "over_55_on_post"},
        {"checklist": ["guards"], "code": "over_55_on_post"},
        {"checklist": "guards", "code": {"a": 1}},
        {"checklist": "guards", "code": ["over_55_on_post"]},
        {"checklist": 7, "code": None},
    ],
)
def test_finding_note_of_the_wrong_types_is_an_error_not_a_crash(note: dict[str, Any]) -> None:
    doc = copy.deepcopy(good())
    doc["finding_notes"] = [note]
    assert paths_of(doc) == ["finding_notes[0]"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("period", "2026年\t秋季"),
        ("period", "2026年秋季\n"),
        ("school.district", "南城\t街道"),
        ("school.name", "东莞市\r\n第一中学"),
        ("school.contact", "李老师\n13800000000"),
        ("school.principal", "王\t五"),
    ],
)
def test_the_school_and_period_are_one_line(path: str, value: str) -> None:
    """The office lists schools by name, district and period, one line each: a tab or a line
    break in them is refused with its place, as in the office's own school list."""
    doc = good()
    if path == "period":
        doc["period"] = value
    else:
        doc["school"][path.split(".")[1]] = value
    with pytest.raises(AnswersError) as info:
        parse(doc)
    problems = {p: zh for p, zh, _ in info.value.problems}
    assert path in problems and "应为一行" in problems[path], problems


def test_a_line_may_hold_inner_spaces_and_full_width_ones() -> None:
    doc = good()
    doc["period"] = "2026 年　秋季学期"
    doc["school"]["district"] = "道滘镇"
    assert parse(doc).period == "2026 年　秋季学期"
