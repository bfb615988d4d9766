"""What the evaluator keeps between rows of one evaluation (the counts of repeated values per
table, the parsed ID numbers) never outlives the table it was made from: an edit that changes a
duplicate group is seen at once, by a full and by an incremental evaluation alike."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists import evaluator
from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_checklist
from checklists.expr import MapScope, evaluate
from checklists.idnumber import clear_cache
from checklists.incremental import Edit, LiveEvaluation
from checklists.registry import builtin_checklists
from tests.checklists.helpers import id_number
from tests.checklists.test_incremental import apply, edits_for

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"
CHECKLISTS = builtin_checklists()
DOC = DocumentParser(CHECKLISTS).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))


def _guard(name: str, **cells: Any) -> dict[str, Any]:
    return {"name": name, "hire_date": date(2015, 3, 1), "licence_no": "粤保0001", **cells}


def _duplicates(result: Any, code: str = "duplicate_person") -> set[int]:
    return {f.row for f in result.findings if f.code == code}


class Roster:
    """A guard roster edited cell by cell, judged incrementally and in full after each edit."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.checklist = CHECKLISTS["guards"]
        self.rows = rows
        self.answers: dict[str, Any] = {"guards": tuple(rows)}
        self.live = LiveEvaluation(self.checklist, DOC.school, DOC.reference_date)
        self.result, _ = self.live.update(self.answers, None)
        assert self.result == self.full()

    def full(self) -> Any:
        return evaluate_checklist(self.checklist, self.answers, DOC.school, DOC.reference_date)

    def edit(self, row: int, column: str, value: Any) -> Any:
        self.rows[row] = {**self.rows[row], column: value}
        self.answers["guards"] = tuple(self.rows)
        self.result, _ = self.live.update(self.answers, Edit("guards", row, column))
        assert self.result == self.full()
        return self.result


def test_a_duplicate_group_formed_and_broken_by_edits_is_seen_each_time() -> None:
    roster = Roster(
        [
            _guard("王五", birth_date=date(1980, 2, 29)),
            _guard("王 五", birth_date=date(1981, 3, 1)),  # the same name, once spaces go
            _guard("李四", id_number=id_number("1975-06-01")),
            _guard("赵六", id_number=id_number("1976-06-01")),
        ]
    )
    assert _duplicates(roster.result) == set()
    # same name (spaces ignored) and the same birth date: one person, listed twice
    assert _duplicates(roster.edit(1, "birth_date", date(1980, 2, 29))) == {0, 1}
    # another birth date again: two people
    assert _duplicates(roster.edit(0, "birth_date", date(1980, 3, 1))) == set()
    # the ID number of another row, written with a lower-case x or full-width digits
    same = id_number("1975-06-01")
    assert _duplicates(roster.edit(3, "id_number", same)) == {2, 3}
    assert _duplicates(roster.edit(3, "id_number", id_number("1976-06-01"))) == set()
    assert roster.result.item("guards_on_post").value == 4
    # a full-width copy of the number is the same number
    wide = same.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert _duplicates(roster.edit(3, "id_number", wide)) == {2, 3}
    assert roster.result.item("guards_on_post").value == 3


def test_an_evaluation_after_a_cold_id_cache_judges_the_same() -> None:
    rows = [_guard("甲", id_number=id_number("1970-01-01")), _guard("乙", id_number="1234")]
    answers = {"guards": tuple(rows)}
    warm = evaluate_checklist(CHECKLISTS["guards"], answers, DOC.school, DOC.reference_date)
    clear_cache()
    cold = evaluate_checklist(CHECKLISTS["guards"], answers, DOC.school, DOC.reference_date)
    assert cold == warm
    assert {f.code for f in cold.findings if f.row == 1} >= {"invalid_id_number"}


def test_classrooms_renamed_into_and_out_of_a_duplicate_group() -> None:
    checklist = CHECKLISTS["lighting"]
    answers = dict(DOC.checklists["lighting"])
    rooms = [dict(r) for r in answers["classrooms"]]
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)

    def rename(row: int, room: str) -> set[int]:
        rooms[row] = {**rooms[row], "room": room}
        answers["classrooms"] = tuple(rooms)
        result, _ = live.update(answers, Edit("classrooms", row, "room"))
        assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
        return _duplicates(result, "duplicate_classroom")

    first = rooms[0]["room"]
    wide = first.replace("(", "（").replace(")", "）")
    assert rename(1, wide) == {0, 1}  # full-width brackets: the same classroom
    assert rename(2, f" {first} ") == {0, 1, 2}
    assert rename(1, "图书室") == {0, 2}
    assert rename(2, "科学室") == set()


def test_counts_follow_the_table_they_were_made_from() -> None:
    rooms = [{"room": "一(1)班"}, {"room": "一（1）班"}, {"room": "二(1)班"}]
    scope = MapScope({"rooms": rooms, "r": "一 (1) 班"})
    assert evaluate("count_rows(${rooms}, 'room', ${r})", scope) == 2
    assert evaluate("count_rows(${rooms}, 'room', '二(1)班')", scope) == 1
    changed = [*rooms[:2], {"room": "一(1)班"}]  # a new table: counted afresh
    scope = MapScope({"rooms": changed, "r": "一 (1) 班"})
    assert evaluate("count_rows(${rooms}, 'room', ${r})", scope) == 3
    assert evaluate("count_rows(${rooms}, 'room', '二(1)班')", scope) == 0


@pytest.mark.parametrize("checklist_id", list(CHECKLISTS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_row_plans_judge_as_the_closures(checklist_id: str, data: st.DataObject) -> None:
    # A big table is judged with generated functions; any table, edited at random, gets the
    # same result from them as from the closures.
    checklist = CHECKLISTS[checklist_id]
    answers = dict(DOC.checklists[checklist_id])
    for edit in data.draw(st.lists(edits_for(checklist_id), min_size=1, max_size=12)):
        apply(answers, edit)

    def judged(after_rows: int) -> Any:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(evaluator, "GENERATE_AFTER_ROWS", after_rows)
            patch.setattr(evaluator, "_generated", {})
            patch.setattr(evaluator, "_rows_judged", {})
            return evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)

    assert judged(0) == judged(10**9)


def test_a_big_table_switches_to_generated_functions_once() -> None:
    checklist = CHECKLISTS["lighting"]
    table = next(p for p in evaluator.plan_for(checklist) if p.item.id == "classrooms")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluator, "_generated", {})
        patch.setattr(evaluator, "_rows_judged", {})
        patch.setattr(evaluator, "GENERATE_AFTER_ROWS", 1000)
        assert evaluator.rows_plan(table, 10, checklist) is table  # a few rows: closures
        assert evaluator.rows_plan(table, 500, checklist) is table
        fast = evaluator.rows_plan(table, 490, checklist)  # 1,000 rows judged in all
        assert fast is not table and fast.item is table.item
        assert evaluator.rows_plan(table, 1, checklist) is fast  # generated once, kept
        assert "<rule" in fast.rules[1].test.__code__.co_filename
        assert "<rule" not in table.rules[1].test.__code__.co_filename
