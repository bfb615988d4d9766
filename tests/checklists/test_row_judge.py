"""A big table's rows are judged by one generated function per table (evaluator._row_judge,
codegen.Fused: the rules written out one after the other, a row's cells read once, its
calculated columns computed inline). It must judge exactly as the rules' closures do: on the
sample grown to a roster's size, with and without a real roster's faults, and on tables whose
cells hold values of any kind (hypothesis)."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists import evaluator
from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_checklist, evaluate_document
from checklists.registry import builtin_checklists
from checklists.results import Finding
from tests.checklists.helpers import id_number

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = json.loads((ROOT / "resources" / "samples" / "sample_school.json").read_text("utf-8"))
CHECKLISTS = builtin_checklists()
DOC = DocumentParser(CHECKLISTS).parse(SAMPLE)


def _bench() -> Any:
    """bench/evaluate.py (the sample grown to 2,000 guards and 1,000 classrooms, and its faults)."""
    spec = importlib.util.spec_from_file_location("bench_evaluate", ROOT / "bench" / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _judged(run: Any, generated: bool) -> Any:
    """``run()`` with every table judged by generated functions, or by the closures alone; an
    exception is an outcome too (both ways must raise the same)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluator, "GENERATE_AFTER_ROWS", 0 if generated else 10**9)
        patch.setattr(evaluator, "_generated", {})
        patch.setattr(evaluator, "_rows_judged", {})
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - compared, not hidden
            return repr(exc)


@pytest.mark.parametrize("faults", [False, True])
def test_the_grown_sample_is_judged_as_by_the_closures(faults: bool) -> None:
    bench = _bench()
    raw = bench.grow(SAMPLE, 2000, 1000)
    doc = DocumentParser(CHECKLISTS).parse(bench.with_defects(raw) if faults else raw)
    fast = _judged(lambda: evaluate_document(doc, CHECKLISTS), generated=True)
    slow = _judged(lambda: evaluate_document(doc, CHECKLISTS), generated=False)
    assert not isinstance(fast, str), fast
    assert fast == slow
    assert len(fast.findings) > 1000  # the roster's findings are there to compare
    if faults:  # the faults give their findings, errors and missing cells, judged alike
        codes = {f.code for f in fast.findings}
        assert {"duplicate_person", "duplicate_classroom", "birth_date_implausible"} <= codes
        assert any(item.missing for result in fast.checklists.values() for item in result.items)


def test_a_big_table_gets_a_generated_row_judge() -> None:
    checklist = CHECKLISTS["guards"]
    table = next(p for p in evaluator.plan_for(checklist) if p.item.id == "guards")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluator, "_generated", {})
        patch.setattr(evaluator, "_rows_judged", {})
        fast = evaluator.rows_plan(table, evaluator.GENERATE_AFTER_ROWS, checklist)
    assert table.row_judge is None
    assert fast.row_judge is not None
    assert fast.row_judge.__code__.co_filename == "<rows of guards>"
    # the calculated columns are computed inside it, not by a call per column
    assert "_UNSET" in fast.row_judge.__code__.co_names


def test_a_row_judge_that_cannot_be_written_inline_calls_the_rules_one_by_one() -> None:
    checklist = CHECKLISTS["guards"]
    table = next(p for p in evaluator.plan_for(checklist) if p.item.id == "guards")
    original = evaluator._generate_row_judge

    def refuse_inline(plan: Any, constants: Any, checklist_id: str, inline: bool) -> Any:
        if inline:
            raise SyntaxError("too many statically nested blocks")
        return original(plan, constants, checklist_id, inline)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluator, "_generate_row_judge", refuse_inline)
        judge = evaluator._row_judge(table, checklist.constant_map(), checklist.id)
    assert "_UNSET" not in judge.__code__.co_names
    answers = DOC.checklists["guards"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluator, "_generate_row_judge", refuse_inline)
        fast = _judged(
            lambda: evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date), True
        )
    slow = _judged(
        lambda: evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date), False
    )
    assert fast == slow


def test_findings_made_without_the_dataclass_init_have_every_field() -> None:
    checklist = CHECKLISTS["guards"]
    table = next(p for p in evaluator.plan_for(checklist) if p.item.id == "guards")
    made = table.rules[0].finding_fields("guards", "guards")
    assert list(made) == [f.name for f in fields(Finding)]
    result = evaluate_checklist(checklist, DOC.checklists["guards"], DOC.school, DOC.reference_date)
    for finding in result.findings:
        again = Finding(**{f.name: getattr(finding, f.name) for f in fields(Finding)})
        assert again == finding and hash(again) == hash(finding) and repr(again) == repr(finding)


# Cells of every kind a table may be handed: empty, blank, wrong types, lists, the boundaries.
CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "x", "张三", "王五", "Ｘ", "1980-02-29"]),
    st.sampled_from(
        [id_number("1964-05-12"), id_number("1980-02-29", seq="002"), "441900197001010010"]
    ),
    st.booleans(),
    st.integers(-3, 400),
    st.sampled_from([0.0, 0.7, 19.5, 299.9, 300.0, 1e308, float("inf"), float("nan")]),
    st.sampled_from(
        [
            date(1960, 2, 29),
            date(1970, 1, 1),
            date(2021, 1, 1),
            date(2021, 12, 31),
            date(2030, 1, 1),
        ]
    ),
    st.just(datetime(2021, 1, 1, 8, 30)),
    st.sampled_from([[], ["a"], {}, {"a": 1}]),
)
TABLES = [
    (checklist_id, item)
    for checklist_id, checklist in CHECKLISTS.items()
    for item in checklist.items()
    if item.is_table
]


@pytest.mark.parametrize(("checklist_id", "table"), TABLES, ids=[t.id for _, t in TABLES])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rows_of_any_cells_are_judged_as_by_the_closures(
    checklist_id: str, table: Any, data: st.DataObject
) -> None:
    columns = [c.id for c in table.columns if c.calculate is None]
    base = list(DOC.checklists[checklist_id].get(table.id) or ())[:3]
    rows = [dict(r) for r in base]
    for _ in range(data.draw(st.integers(0, 4))):
        rows.append(dict(data.draw(st.sampled_from(base))) if base else {})
    for row in rows:
        for column in data.draw(st.lists(st.sampled_from(columns), max_size=len(columns))):
            row[column] = data.draw(CELLS)
        if data.draw(st.booleans()) and columns:
            row.pop(data.draw(st.sampled_from(columns)), None)
    if data.draw(st.booleans()) and rows:
        rows.append(dict(rows[0]))  # a repeated row: the duplicate checks count it
    answers = {**DOC.checklists[checklist_id], table.id: tuple(rows)}
    checklist = CHECKLISTS[checklist_id]

    def run() -> Any:
        return evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)

    assert _judged(run, generated=True) == _judged(run, generated=False)
