"""在校生人数 is required wherever a profile is entered: import, evaluate, the school ops, the form.

One rule (checklists.answers_doc.DocumentParser) serves them all; a document already signed is
read as it was made.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checklists.answers import School
from checklists.answers_doc import DocumentParser
from checklists.foundation.errors import AnswersError
from checklists.registry import builtin_checklists
from tests.checklists.helpers import document, school


def with_school(raw: dict[str, Any]) -> dict[str, Any]:
    doc = document({})
    doc["school"] = raw
    return doc


def problems(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(AnswersError) as info:
        DocumentParser(builtin_checklists()).parse(doc)
    return info.value.problems


def test_an_enrolment_of_zero_is_refused_with_its_reason() -> None:
    found = problems(with_school(school(enrollment=0)))
    assert [(p, zh) for p, zh, _ in found] == [
        ("school.enrollment", "在校生人数不能为 0：请填写本校在校生总数（至少 1 人）")
    ]
    assert "at least 1" in found[0][2]


def test_a_missing_enrolment_is_refused() -> None:
    raw = school()
    del raw["enrollment"]
    found = problems(with_school(raw))
    assert [p for p, _, _ in found] == ["school.enrollment"]
    assert "缺少在校生人数" in found[0][1]


@pytest.mark.parametrize("blank", ["", " ", None, True, -3, 1.5])
def test_blank_or_wrong_enrolment_gives_one_message(blank: object) -> None:
    found = problems(with_school(school(enrollment=blank)))
    assert [p for p, _, _ in found] == ["school.enrollment"]


def test_one_pupil_is_enough() -> None:
    doc = DocumentParser(builtin_checklists()).parse(with_school(school(enrollment=1)))
    assert doc.school.enrollment == 1


@pytest.mark.parametrize("stage", ["kindergarten", "special", "vocational"])
def test_every_stage_needs_an_enrolment(stage: str) -> None:
    assert [p for p, _, _ in problems(with_school(school(stage, enrollment=0)))] == [
        "school.enrollment"
    ]


def test_parts_of_a_nine_year_school_must_add_up_to_at_least_one() -> None:
    """Both parts 0 make a total of 0: refused as the total; one part 0 is a real school."""
    zero = school("nine_year", enrollment=0, enrollment_primary=0, enrollment_secondary=0)
    assert [p for p, _, _ in problems(with_school(zero))] == ["school.enrollment"]
    one_part = school("nine_year", enrollment=600, enrollment_primary=600, enrollment_secondary=0)
    doc = DocumentParser(builtin_checklists()).parse(with_school(one_part))
    assert (doc.school.enrollment_primary, doc.school.enrollment_secondary) == (600, 0)


def test_a_recorded_document_is_read_as_it_was_made() -> None:
    """A report signed before the rule keeps verifying: its enrolment of 0 is not re-judged."""
    doc = DocumentParser(builtin_checklists(), recorded=True).parse(
        with_school(school(enrollment=0))
    )
    assert doc.school.enrollment == 0


def test_the_school_ops_refuse_zero(tmp_path: Path) -> None:
    from models.database import open_database
    from models.ops.school import create_school, validate_school

    profile = School("东莞市测试小学", "4419000001", "primary", 0)
    with pytest.raises(AnswersError) as info:
        validate_school(profile)
    assert info.value.problems[0][0] == "school.enrollment"
    db = open_database(tmp_path)
    try:
        with pytest.raises(AnswersError), db.session() as s:
            create_school(s, profile, user="tester")
        with db.session() as s:
            from sqlalchemy import text

            assert s.execute(text("SELECT count(*) FROM schools")).scalar() == 0
    finally:
        db.close()


@pytest.mark.parametrize("command", ["import", "evaluate"])
def test_the_cli_refuses_zero_on_stderr_with_exit_2(tmp_path: Path, cli, command: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(with_school(school(enrollment=0)), ensure_ascii=False),
                    encoding="utf-8")  # fmt: skip
    result = cli(command, str(path), data_dir=tmp_path / "data")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "在校生人数不能为 0" in result.stderr
    assert "Traceback" not in result.stderr
