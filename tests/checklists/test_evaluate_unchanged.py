"""evaluate_document with the results of the checklists a change left alone: the same results
as judging everything again, the checklists that read the changed one judged again."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checklists.answers_doc import DocumentParser
from checklists.evaluator import dependent_checklists, evaluate_document
from checklists.registry import builtin_checklists
from tests.checklists.helpers import id_number

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"
REGISTRY = builtin_checklists()
DOC = DocumentParser(REGISTRY).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))
BEFORE = evaluate_document(DOC, REGISTRY)


def _guard(i: int, on_post: bool, birth: str) -> dict[str, Any]:
    return {"name": f"保安{i}", "id_number": id_number(birth, seq=f"{i:03d}"),
            "hire_date": "2015-03-01", "on_guard_post": on_post}  # fmt: skip


def _with_guards(rows: list[dict[str, Any]]) -> Any:
    answers = {cl: dict(values) for cl, values in DOC.checklists.items()}
    answers["guards"]["guards"] = tuple(rows)
    return dataclasses.replace(DOC, checklists=answers)


def _unchanged(changed: str) -> dict[str, Any]:
    stale = {changed} | dependent_checklists(REGISTRY, changed)
    return {cl: r for cl, r in BEFORE.checklists.items() if cl not in stale}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(["1960-05-01", "1985-05-01"])),
                max_size=12))  # fmt: skip
def test_results_kept_for_the_checklists_left_alone_equal_a_full_evaluation(
    guards: list[tuple[bool, str]],
) -> None:
    after = _with_guards([_guard(i, on, birth) for i, (on, birth) in enumerate(guards)])
    kept = _unchanged("guards")
    assert "safety" not in kept and "guards" not in kept and kept  # safety reads the guards
    assert evaluate_document(after, REGISTRY, kept) == evaluate_document(after, REGISTRY)


def test_a_checklist_reading_the_changed_one_is_judged_again() -> None:
    after = _with_guards([_guard(i, True, "1985-05-01") for i in range(9)])
    fresh = evaluate_document(after, REGISTRY)
    assert fresh.checklists["safety"] != BEFORE.checklists["safety"]  # it reads guards_on_post
    assert evaluate_document(after, REGISTRY, _unchanged("guards")) == fresh
    stale = evaluate_document(after, REGISTRY, {"safety": BEFORE.checklists["safety"]})
    assert stale.checklists["safety"] == BEFORE.checklists["safety"]  # taken as given
