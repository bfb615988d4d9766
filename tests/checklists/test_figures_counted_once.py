"""A checklist's figures are counted once per evaluation: summarising it and asking its result for
the figures count the same items and findings (thousands on a big roster) only once — and any
other items or findings are counted afresh."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from checklists import results
from checklists.model import Text
from checklists.results import Finding, ItemResult, figures_of, summarize


def _item(item: str, status: Any) -> ItemResult:
    return ItemResult(item=item, status=status, value=None, required=True)


def _finding(code: str, severity: str, row: int | None = None) -> Finding:
    return Finding(code, "guards", "guards", row, severity, (), Text(code, code))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the findings were counted (by severity)."""
    calls: list[int] = []

    def counting(values: Any) -> Counter[str]:
        found = Counter(values)
        calls.append(sum(found.values()))
        return found

    monkeypatch.setattr(results, "Counter", counting)
    return calls


def test_summarise_then_the_results_figures_count_once(counted: list[int]) -> None:
    items = (_item("a", "pass"), _item("b", "fail"), _item("c", "unanswered"))
    findings = tuple(_finding("x", "major", i) for i in range(300)) + (_finding("y", "critical"),)
    status, summary = summarize(items, findings, 1)
    result = results.ChecklistResult("guards", 3, status, summary, items, findings)
    assert result.figures.severity_counts() == {"critical": 1, "major": 300, "minor": 0}
    assert summary["by_severity"] == result.figures.severity_counts()
    assert counted == [301]


def test_other_items_or_findings_are_counted_afresh(counted: list[int]) -> None:
    items = (_item("a", "pass"), _item("b", "fail"))
    findings = (_finding("x", "major"),)
    first = figures_of(items, findings)
    # equal, but not the very same tuples: counted again (and equal)
    assert figures_of(tuple(items), tuple(list(findings))) == first
    assert len(counted) == 2
    more = (*findings, _finding("y", "minor"))
    assert figures_of(items, more).severity_counts() == {"critical": 0, "major": 1, "minor": 1}
    fewer = (_item("a", "pass"),)
    assert figures_of(fewer, findings).failed == 0 and first.failed == 1
    # lists (which may change) are never remembered
    listed = list(findings)
    assert figures_of(items, listed).findings == 1
    listed.append(_finding("z", "critical"))
    assert figures_of(items, listed).findings == 2


def test_results_asked_in_turn_are_each_counted_once(counted: list[int]) -> None:
    """A save summarises the edited checklist and those that read it, then asks every
    checklist's result for its figures: each set of findings is counted once."""
    made = []
    for name in ("guards", "safety", "lighting"):
        items = (_item(name, "fail"),)
        findings = tuple(_finding(name, "major", i) for i in range(10))
        status, summary = summarize(items, findings, 0)
        made.append(results.ChecklistResult(name, 1, status, summary, items, findings))
    assert [r.figures.severity_counts()["major"] for r in made] == [10, 10, 10]
    assert counted == [10, 10, 10]


def test_figures_given_the_severities_do_not_count_the_findings(counted: list[int]) -> None:
    items = (_item("a", "fail"),)
    findings = tuple(_finding("x", "major", i) for i in range(50))
    figures = figures_of(items, findings, {"major": 50})
    assert figures.severity_counts() == {"critical": 0, "major": 50, "minor": 0}
    assert figures_of(items, findings) is figures  # remembered for the same tuples
    assert counted == []


def test_a_roster_cell_edit_counts_no_findings_again(counted: list[int]) -> None:
    """After a cell edit of a 300-guard roster with a finding in every row, the findings are
    counted from the last evaluation's counts and the ones the edit changed, and the figures
    equal a full evaluation's."""
    import json
    from datetime import date
    from pathlib import Path

    from checklists.answers_doc import DocumentParser
    from checklists.evaluator import evaluate_checklist
    from checklists.incremental import Edit, LiveEvaluation
    from checklists.registry import builtin_checklists

    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"
    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(json.loads(sample.read_text(encoding="utf-8")))
    rows = [
        {"name": f"保安{i}", "hire_date": date(2015, 3, 1), "on_guard_post": True}
        for i in range(300)
    ]  # no ID number, no birth date: one finding per row
    answers = {"guards": tuple(rows)}
    live = LiveEvaluation(checklists["guards"], doc.school, doc.reference_date)
    first, _ = live.update(answers, None)
    assert first.figures.findings >= 300
    counted.clear()
    rows[7] = {**rows[7], "birth_date": date(1980, 1, 1)}
    answers = {"guards": tuple(rows)}
    result, changes = live.update(answers, Edit("guards", 7, "birth_date"))
    assert result.figures.findings and all(n < 300 for n in counted)
    full = evaluate_checklist(checklists["guards"], answers, doc.school, doc.reference_date)
    assert result.figures == full.figures and result.summary == full.summary
    assert changes.removed and result.figures.findings == first.figures.findings - 1
