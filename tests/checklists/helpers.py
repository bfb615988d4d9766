"""Building answers documents for evaluator tests against the built-in checklists."""

from __future__ import annotations

from typing import Any

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.idnumber import check_character
from checklists.registry import builtin_checklists
from checklists.results import ChecklistResult


def school(stage: str = "primary", enrollment: int = 800, **extra: Any) -> dict[str, Any]:
    base = {
        "name": "东莞市测试小学",
        "code": "4419000001",
        "stage": stage,
        "enrollment": enrollment,
        "district": "南城街道",
    }
    base.update(extra)
    return base


def document(
    checklists: dict[str, Any], reference_date: str = "2021-12-31", **school_kw: Any
) -> dict[str, Any]:
    return {
        "format": "campus-selfcheck/answers@1",
        "school": school(**school_kw),
        "period": "2021年秋季学期",
        "reference_date": reference_date,
        "checklists": checklists,
    }


def evaluate(
    checklist_id: str, answers: dict[str, Any], reference_date: str = "2021-12-31", **school_kw: Any
) -> ChecklistResult:
    registry = builtin_checklists()
    doc = DocumentParser(registry).parse(
        document({checklist_id: answers}, reference_date, **school_kw)
    )
    return evaluate_document(doc, registry).checklists[checklist_id]


def codes(result: ChecklistResult, row: int | None = None) -> list[str]:
    return [f.code for f in result.findings if row is None or f.row == row]


def id_number(birth: str, area: str = "441900", seq: str = "123") -> str:
    """A valid 18-digit ID number for a birth date 'YYYY-MM-DD'."""
    first17 = area + birth.replace("-", "") + seq
    return first17 + check_character(first17)
