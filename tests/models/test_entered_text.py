"""Every way the app's own edits put text in the store keeps the answers document's rule for
texts (no control character but tab, line feed and carriage return; no lone surrogate): a text
``validate``, ``verify`` or the office would refuse is refused when it is entered, with the place
named, and nothing is written. What the rule allows is stored and exported as a valid document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from checklists.answers import Rectification, School
from checklists.answers_doc import DocumentParser, document_to_json
from checklists.answers_json import structure_problems
from checklists.foundation.errors import AnswersError, InputError
from checklists.registry import builtin_checklists
from models.ops.answers import set_answer, set_item_note
from models.ops.assessments import list_assessments, start_assessment
from models.ops.exchange import export_document
from models.ops.findings import explain_finding, set_rectification
from models.ops.rows import add_row, list_rows, replace_table_rows, update_cell
from models.ops.school import create_school, update_school
from models.tables import HistoryEntry

# What the answers document refuses in a text: C0 controls but tab, LF, CR; lone surrogates;
# U+FFFE and U+FFFF.
REFUSED = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ud800", "\udbff", "\udfff"]
REFUSED += ["\ufffe", "\uffff"]  # noncharacters XML (so an Excel file) cannot hold
# What it allows (and so the edits store): tab, LF, CR, DEL, C1's NEL, separators, other
# noncharacters (XML holds U+FDD0 and U+10FFFF).
ALLOWED = "甲\t乙\n丙\r丁\x7f戊\x85己\u2028庚\u2029辛\ufdd0壬\U0010ffff癸"
# The school's names, district, contact and the period are one line each: no tab, LF, CR or DEL.
ONE_LINE = {"school name", "school contact", "new school", "period"}
ALLOWED_IN_LINE = "甲 乙\x85己\u2028庚\u2029辛\ufdd0壬\U0010ffff癸"

TEXT_ITEM = """\
      - id: plan_owner
        type: text
        label: {zh: 计划负责人, en: Owner of the plan}
        clauses: [72]
"""


def _history(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(HistoryEntry)) or 0


def _first_guard_row(db, draft: int) -> int:
    with db.session() as s, s.begin():
        add_row(s, draft, "guards", "guards", {"name": "张三"}, user="t")
        return list_rows(s, draft, "guards", "guards")[0].id


def _finding(db, draft: int) -> None:
    with db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 0, user="t")


def _writers(db, draft: int, school_id: int) -> dict[str, Callable[[str], Any]]:
    """Each way a text is entered, as a function of the text (each in its own transaction)."""
    row = _first_guard_row(db, draft)
    _finding(db, draft)
    psych = ("psychology", "fulltime_psych_teacher_missing", "fulltime_psych_teachers", None)

    def run(op: Callable[[Any], Any]) -> Callable[[str], Any]:
        def write(text: str) -> Any:
            with db.session() as s, s.begin():
                return op(s)(text)

        return write

    school = School("东莞市示例小学", "4419000001", "primary", 1250, "南城街道")
    return {
        "table cell": run(lambda s: lambda t: update_cell(s, draft, row, "name", t, user="t")),
        "table cell (id number)": run(
            lambda s: lambda t: update_cell(s, draft, row, "licence_no", t, user="t")
        ),
        "new row": run(
            lambda s: lambda t: add_row(s, draft, "guards", "guards", {"name": t}, user="t")
        ),
        "whole table": run(
            lambda s: (
                lambda t: replace_table_rows(
                    s, draft, "guards", "guards", [{"name": "李四"}, {"name": t}], user="t"
                )
            )
        ),
        "item note": run(
            lambda s: lambda t: set_item_note(s, draft, "safety", "safety_meeting_held", t)
        ),
        "explanation": run(lambda s: lambda t: explain_finding(s, draft, *psych, t, user="t")),
        "rectification measure": run(
            lambda s: (
                lambda t: set_rectification(
                    s, draft, *psych, Rectification(t, "王", None, "open"), user="t"
                )
            )
        ),
        "rectification owner": run(
            lambda s: (
                lambda t: set_rectification(
                    s, draft, *psych, Rectification("招聘", t, None, "open"), user="t"
                )
            )
        ),
        "school name": run(
            lambda s: (
                lambda t: update_school(
                    s, school_id, School(t, "4419000001", "primary", 1250, "南城街道"), user="t"
                )
            )
        ),
        "school contact": run(
            lambda s: (
                lambda t: update_school(
                    s,
                    school_id,
                    School("东莞市示例小学", "4419000001", "primary", 1250, "南城街道", 0, "李", t),
                    user="t",
                )
            )
        ),
        "new school": run(
            lambda s: (
                lambda t: create_school(
                    s, School("新校", "4419000999", "primary", 100, t), user="t"
                )
            )
        ),
        "period": run(
            lambda s: (
                lambda t: start_assessment(
                    s,
                    school_id,
                    period=f"{t}春季学期",
                    reference_date="2022-06-30",
                    checklist_ids=["psychology"],
                    checklists=builtin_checklists(),
                    user="t",
                )
            )
        ),
        "school (unchanged)": run(lambda s: lambda t: update_school(s, school_id, school)),
    }


WAYS = [
    "table cell", "table cell (id number)", "new row", "whole table", "item note", "explanation",
    "rectification measure", "rectification owner", "school name", "school contact",
    "new school", "period",
]  # fmt: skip


@pytest.mark.parametrize("way", WAYS)
def test_every_refused_character_is_refused_on_entry_and_nothing_is_written(
    db, draft: int, school_id: int, way: str
) -> None:
    write = _writers(db, draft, school_id)[way]
    before = _history(db)
    with db.session() as s:
        document = document_to_json(export_document(s, draft))
    for char in REFUSED:
        with pytest.raises(InputError) as info:
            write(f"甲{char}乙")
        code = f"U+{ord(char):04X}"
        if "\ud800" <= char <= "\udfff":
            assert "孤立的代理项" in info.value.zh and "lone surrogate" in info.value.en
        elif char in "\ufffe\uffff":
            assert f"文本含非字符（{code}，位于第 2 字）" in info.value.zh, info.value.zh
            assert f"noncharacter ({code} at character 2)" in info.value.en
        else:
            assert f"文本含控制字符（{code}，位于第 2 字）" in info.value.zh, info.value.zh
            assert f"control character ({code} at character 2)" in info.value.en
    assert _history(db) == before
    with db.session() as s:
        assert document_to_json(export_document(s, draft)) == document


def test_the_message_names_the_place(db, draft: int, school_id: int) -> None:
    writers = _writers(db, draft, school_id)
    expected = {
        "table cell": "guards.name: 文本含控制字符（U+000B",
        "new row": "guards.guards[0].name: 文本含控制字符（U+000B",
        "whole table": "guards.guards[1].name: 文本含控制字符（U+000B",
        "item note": "item_notes.safety.safety_meeting_held: 文本含控制字符（U+000B",
        "explanation": "psychology.fulltime_psych_teachers.fulltime_psych_teacher_missing"
        ".explanation: 文本含控制字符（U+000B",
        "rectification owner": ".rectification.responsible: 文本含控制字符（U+000B",
        "school contact": "school.contact: 文本含控制字符（U+000B",
        "period": "period: 文本含控制字符（U+000B",
    }
    for way, text in expected.items():
        with pytest.raises(InputError) as info:
            writers[way]("甲\x0b乙")
        assert text in info.value.zh, (way, info.value.zh)


@pytest.mark.parametrize("way", WAYS)
def test_what_the_document_allows_is_stored_and_exports_as_a_valid_document(
    db, draft: int, school_id: int, way: str
) -> None:
    _writers(db, draft, school_id)[way](ALLOWED_IN_LINE if way in ONE_LINE else ALLOWED)
    with db.session() as s:
        ids = [a.id for a in list_assessments(s)]
        for assessment_id in ids:
            raw = document_to_json(export_document(s, assessment_id))
            assert structure_problems(raw) == []
            DocumentParser(builtin_checklists()).parse(raw)


def test_a_text_answer_keeps_the_rule(db, school_id: int, tmp_path) -> None:
    from checklists.registry import load_definition
    from tests.models.conftest import write_demo

    demo = load_definition(write_demo(tmp_path / "defs", extra=TEXT_ITEM))
    with db.session() as s, s.begin():
        draft = start_assessment(
            s, school_id, period="2021年秋季学期", reference_date="2021-12-31",
            checklist_ids=["demo"], checklists={"demo": demo}, user="t",
        )  # fmt: skip
    before = _history(db)
    for char in REFUSED:
        with db.session() as s, s.begin(), pytest.raises(InputError, match="demo.plan_owner"):
            set_answer(s, draft, "demo", "plan_owner", f"王{char}五", user="t")
    assert _history(db) == before
    with db.session() as s, s.begin():
        set_answer(s, draft, "demo", "plan_owner", "王\t五", user="t")


def test_a_text_over_the_documents_length_is_refused(db, draft: int, school_id: int) -> None:
    writers = _writers(db, draft, school_id)
    for way in ("item note", "explanation", "rectification measure"):
        with pytest.raises(InputError, match="文本过长"):
            writers[way]("长" * 4001)
    with pytest.raises(InputError, match="文本过长"):
        writers["period"]("长" * 200)


def test_an_evidence_file_name_keeps_no_character_the_document_refuses(
    db, demo_draft: int, tmp_path
) -> None:
    """A file name that was not UTF-8 on disk (Python hands it over with lone surrogates) or
    holds a control character is shown and stored with them replaced, so the answers still
    export as a valid document."""
    import os

    from models.ops.evidence import attach_evidence

    raw = os.fsencode(tmp_path) + b"/\xff\xfe plan\x0b.pdf"
    with open(raw, "wb") as out:
        out.write(b"%PDF-1.4 scan")
    with db.session() as s, s.begin():
        attach_evidence(s, demo_draft, "demo", "plan_scan", os.fsdecode(raw), user="t")
    with db.session() as s:
        raw_doc = document_to_json(export_document(s, demo_draft))
    (entry,) = raw_doc["checklists"]["demo"]["plan_scan"]
    assert entry["name"] == "__ plan_.pdf"
    assert structure_problems(raw_doc) == []


@pytest.mark.parametrize("way", sorted(ONE_LINE))
def test_a_line_refuses_a_break_or_tab_and_nothing_is_written(
    db, draft: int, school_id: int, way: str
) -> None:
    write = _writers(db, draft, school_id)[way]
    before = _history(db)
    for char in "\t\n\r\x7f":
        with pytest.raises((InputError, AnswersError), match="应为一行") as info:
            write(f"甲{char}乙")
        assert "the text must be one line" in info.value.en
    assert _history(db) == before
