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
