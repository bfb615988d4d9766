"""Results the evaluator makes without their frozen dataclass's __init__ (item results, figures,
checklist results: every save makes several) are the very objects the dataclass makes: every
field set, in its order, equal and hashing alike. A field added to one of them and not to its
fast maker fails here."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.registry import builtin_checklists
from checklists.results import ChecklistResult, Figures, ItemResult, carried_counts, overall_figures

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"


def _same_as_made_by_the_dataclass(obj: Any) -> None:
    cls = type(obj)
    names = [f.name for f in dataclasses.fields(cls)]
    assert list(vars(obj))[: len(names)] == names  # every field, in order (a cached one after)
    again = cls(**{n: getattr(obj, n) for n in names})
    assert again == obj
    assert [getattr(again, n) for n in names] == [getattr(obj, n) for n in names]


def test_the_evaluators_results_are_the_dataclasses_own() -> None:
    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))
    results = evaluate_document(doc, checklists).checklists
    for result in results.values():
        assert isinstance(result, ChecklistResult)
        _same_as_made_by_the_dataclass(result)
        _same_as_made_by_the_dataclass(result.figures)
        for item in result.items:
            assert isinstance(item, ItemResult)
            _same_as_made_by_the_dataclass(item)
    total = overall_figures(results.values())
    assert isinstance(total, Figures)
    _same_as_made_by_the_dataclass(total)
    guards = results["guards"]
    carried, _ = carried_counts(
        guards.items, guards.findings, guards.figures, None, ((), ()), {"major": 1}
    )
    _same_as_made_by_the_dataclass(carried)
    assert carried.by_severity == (("critical", 0), ("major", 1), ("minor", 0))
