"""An item not judged again after an edit gives the run its last value (a calculation that an
item judged again reads is not computed again), and only when that value is a plain one the
last evaluation computed without an error: the result always equals a full evaluation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checklists import evaluator
from checklists.answers import School
from checklists.evaluator import evaluate_checklist
from checklists.incremental import Edit, LiveEvaluation, analyse
from checklists.loader import load_text

KEPT = """
id: kept
version: 1
title: {zh: 沿用, en: Kept}
source: {document: {zh: 要点, en: Plan}, clauses: [75]}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: born
        type: date
        label: {zh: 出生日期, en: Born}
        clauses: [75]
      - id: limit
        type: integer
        label: {zh: 上限, en: Limit}
        clauses: [75]
      - id: years
        type: integer
        label: {zh: 年龄, en: Age}
        clauses: [75]
        calculate: "age(${born}, today())"
      - id: over
        type: yes_no
        label: {zh: 超龄, en: Over}
        clauses: [75]
        calculate: "${years} > ${limit}"
        rules:
          - code: too_old
            fail_if: ". = true"
            severity: major
            message: {zh: "{years} 岁，超过 {limit}", en: "aged {years}, over {limit}"}
"""
SCHOOL = School(name="测试学校", code="4419000001", stage="primary", enrollment=500)
ON = date(2021, 12, 31)


def _checklist() -> Any:
    return load_text(KEPT, "kept.yaml")


def _computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The items whose value the runs compute from here on (the evaluator's own step)."""
    seen: list[str] = []
    value = evaluator._Scope._value

    def counting(self: Any, plan: Any) -> Any:
        seen.append(plan.item.id)
        return value(self, plan)

    monkeypatch.setattr(evaluator._Scope, "_value", counting)
    return seen


def test_the_analysis_places_the_calculation_apart_from_the_limit() -> None:
    deps = analyse(_checklist())
    assert deps.judged_again(Edit("limit")) == {"limit", "over"}
    assert "years" in deps.judged_again(Edit("born"))


def test_a_calculation_not_judged_again_is_not_computed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checklist = _checklist()
    answers: dict[str, Any] = {"born": date(1960, 5, 1), "limit": 70}
    live = LiveEvaluation(checklist, SCHOOL, ON)
    live.update(answers, None)
    seen = _computed(monkeypatch)
    answers["limit"] = 55
    result, changes = live.update(answers, Edit("limit"))
    assert "years" not in seen  # taken from the last evaluation: the edit cannot change it
    assert "over" in seen
    assert result == evaluate_checklist(checklist, answers, SCHOOL, ON)
    assert [f.code for f in changes.added] == ["too_old"]
    seen.clear()
    answers["born"] = date(1970, 5, 1)  # what the calculation reads: computed again
    result, _ = live.update(answers, Edit("born"))
    assert "years" in seen
    assert result == evaluate_checklist(checklist, answers, SCHOOL, ON)
    assert result.item("years").value == 51


def test_a_calculation_that_failed_is_computed_again_and_fails_again() -> None:
    """A birth date after the reference date: the age cannot be computed (the item is invalid,
    with no value). An item judged again that reads it must meet the same error, not an empty
    value taken from the last result (which would make it unanswered instead of invalid)."""
    checklist = _checklist()
    answers: dict[str, Any] = {"born": date(2030, 1, 1), "limit": 70}
    live = LiveEvaluation(checklist, SCHOOL, ON)
    first, _ = live.update(answers, None)
    assert first.item("years").status == "invalid"
    assert first.item("over").status == "invalid"
    answers["limit"] = 60
    result, _ = live.update(answers, Edit("limit"))
    assert result == evaluate_checklist(checklist, answers, SCHOOL, ON)
    assert result.item("over").status == "invalid"
