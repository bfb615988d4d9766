"""Evaluator semantics: statuses, skip logic, N/A, compliance %, stable order, notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from checklists.answers import FindingNote, Rectification, School
from checklists.evaluator import evaluate_checklist
from checklists.loader import load_text
from checklists.results import Results, results_to_json

DEF = """\
id: demo
version: 1
title: {zh: 示例, en: Demo}
source: {document: {zh: 要点, en: Plan}, clauses: [72]}
constants: {min_drills: 2}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: intro
        type: note
        label: {zh: 说明, en: Note}
        clauses: [72]
      - id: has_canteen
        type: yes_no
        label: {zh: 有食堂, en: Has canteen}
        clauses: [79]
        required: true
      - id: samples_kept
        type: yes_no
        allow_na: true
        label: {zh: 留样, en: Samples}
        clauses: [79]
        relevant: "${has_canteen} = true"
        rules:
          - {code: samples_missing, fail_if: ". = false", severity: critical, message: {zh: 未留样, en: No samples}}
      - id: drills
        type: integer
        label: {zh: 演练次数, en: Drills}
        clauses: [81]
        constraint: ". <= 100"
        constraint_message: {zh: 次数过多, en: Too many}
        rules:
          - {code: drills_low, fail_if: ". < ${min_drills}", severity: major, message: {zh: "演练仅 {drills} 次", en: "Only {drills} drills"}}
      - id: drills_per_100
        type: decimal
        label: {zh: 每百人演练, en: Drills per 100}
        clauses: [81]
        calculate: "${drills} * 100 div ${school.enrollment}"
      - id: rows
        type: table
        label: {zh: 表, en: Table}
        clauses: [75]
        columns:
          - {id: n, type: text, label: {zh: 名, en: Name}}
          - {id: v, type: integer, label: {zh: 值, en: Value}, constraint: ". >= 0", constraint_message: {zh: 非负, en: non-negative}}
        rules:
          - {code: v_high, fail_if: "${v} > 10", severity: minor, message: {zh: "{n} 过高", en: "{n} too high"}}
"""
CHECKLIST = load_text(DEF, "demo.yaml")
SCHOOL = School("学校", "4419000001", "primary", 200)
REF = date(2021, 12, 31)


def run(answers: dict[str, Any], notes: tuple[FindingNote, ...] = ()):
    return evaluate_checklist(CHECKLIST, answers, SCHOOL, REF, notes)


def test_statuses_and_summary() -> None:
    result = run(
        {"has_canteen": True, "samples_kept": False, "drills": 1, "rows": ({"n": "a", "v": 3},)}
    )
    status = {r.item: r.status for r in result.items}
    assert status == {
        "intro": "not_applicable",
        "has_canteen": "pass",
        "samples_kept": "fail",
        "drills": "fail",
        "drills_per_100": "pass",
        "rows": "pass",
    }
    s = result.summary
    assert (s["items"], s["passed"], s["failed"], s["answered"]) == (
        4,
        2,
        2,
        4,
    )  # note and calculation not counted
    assert s["compliance"] == 50.0 and s["by_severity"] == {"critical": 1, "major": 1, "minor": 0}
    assert result.status == "non_compliant"
    assert result.item("drills_per_100").value == 0.5


def test_skip_logic_and_na() -> None:
    result = run({"has_canteen": False, "samples_kept": False})
    assert (
        result.item("samples_kept").status == "not_applicable"
    )  # not relevant: its "no" does not count
    assert "samples_missing" not in [f.code for f in result.findings]
    result = run({"has_canteen": True, "samples_kept": "na"})
    assert result.item("samples_kept").status == "not_applicable"


def test_unknown_gate_question_makes_dependants_not_applicable() -> None:
    result = run({})
    assert result.item("samples_kept").status == "not_applicable"
    assert result.status == "incomplete" and result.summary["required_unanswered"] == 1
    assert result.summary["compliance"] is None


def test_constraint_makes_an_item_invalid() -> None:
    result = run({"has_canteen": False, "drills": 101, "rows": ({"n": "x", "v": -1},)})
    assert result.item("drills").status == "invalid"
    assert result.item("rows").status == "invalid" and result.item("rows").invalid_cells == (
        (0, "v"),
    )
    assert result.status == "incomplete"


def test_compliant_when_all_pass() -> None:
    result = run(
        {"has_canteen": True, "samples_kept": True, "drills": 5, "rows": ({"n": "a", "v": 1},)}
    )
    assert result.status == "compliant" and result.summary["compliance"] == 100.0


def test_table_findings_in_row_order_with_message_values() -> None:
    rows = tuple({"n": f"r{i}", "v": v} for i, v in enumerate([11, 2, 12]))
    result = run({"has_canteen": False, "rows": rows})
    found = [(f.code, f.row, f.message.zh) for f in result.findings]
    assert found == [("v_high", 0, "r0 过高"), ("v_high", 2, "r2 过高")]


def test_finding_notes_attach_explanation_and_rectification() -> None:
    rect = Rectification("加开演练", "王老师", date(2022, 1, 15), "in_progress")
    note = FindingNote("demo", "drills_low", "drills", None, "疫情停课", rect)
    result = run({"has_canteen": False, "drills": 1}, (note,))
    finding = next(f for f in result.findings if f.code == "drills_low")
    assert finding.explanation == "疫情停课" and finding.rectification == rect
    assert finding.message.zh == "演练仅 1 次"


def test_deterministic_json() -> None:
    answers = {"has_canteen": True, "samples_kept": False, "drills": 1}
    a = results_to_json(Results({"demo": run(answers)}), with_items=True)
    b = results_to_json(
        Results({"demo": run(dict(reversed(list(answers.items()))))}), with_items=True
    )
    assert a == b
    assert a["checklists"]["demo"]["findings"][0]["code"] == "samples_missing"


def test_a_value_the_rules_cannot_judge_does_not_stop_the_evaluation() -> None:
    text = DEF.replace('fail_if: "${v} > 10"', 'fail_if: "${v} + ${n} > 10"')
    checklist = load_text(text, "demo.yaml")
    rows = ({"n": "a", "v": 11}, {"v": 12})  # row 0: text + number cannot be added
    result = evaluate_checklist(
        checklist, {"has_canteen": False, "rows": rows, "drills": 1}, SCHOOL, REF
    )
    table = result.item("rows")
    assert table.status == "invalid" and table.errors[0][:2] == (0, "v_high")
    assert [f.code for f in result.findings] == ["drills_low"]  # the rest was still judged
    out = results_to_json(Results({"demo": result}))
    assert out["checklists"]["demo"]["errors"][0]["row"] == 0
