"""What the dashboard shows, computed from the evaluation (Qt-free): compliance, findings, urgent work."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from checklists.model import Checklist
from checklists.results import SEVERITY_ORDER, Figures, Finding, Results, result_figures


@dataclass(frozen=True)
class ChecklistFigure:
    """One checklist's bar: compliance (None when nothing is judged yet) and what it rests on."""

    checklist: str
    title: str
    compliance: float | None
    status: str
    passed: int
    failed: int
    answered: int  # judged: passed + failed (the base of 符合率)
    items: int  # the items that apply
    unanswered: int  # open items: required and unanswered, incomplete or wrongly filled in
    findings: int
    worst: str | None  # the most severe finding's severity


@dataclass(frozen=True)
class UrgentEntry:
    """A finding still to be dealt with, with its plan's due date and how overdue it is."""

    finding: Finding
    due: date | None
    days_left: int | None  # negative: overdue by that many days
    status: str | None  # the plan's status; None: no plan yet
    need: str  # "rectify" (must be rectified) or "explain" (an explanation may settle it)


def checklist_figures(
    results: Results, checklists: Mapping[str, Checklist], lang: str
) -> list[ChecklistFigure]:
    """One figure per checklist, in the assessment's order."""
    figures = []
    for checklist_id, result in results.checklists.items():
        fig = result_figures(result)
        checklist = checklists.get(checklist_id)
        severities = [f.severity for f in result.findings]
        figures.append(
            ChecklistFigure(
                checklist=checklist_id,
                title=checklist.title.get(lang) if checklist else checklist_id,
                compliance=fig.compliance,
                status=result.status,
                passed=fig.passed,
                failed=fig.failed,
                answered=fig.judged,
                items=fig.total,
                unanswered=fig.open,
                findings=len(result.findings),
                worst=min(severities, key=lambda s: SEVERITY_ORDER.get(s, 9))
                if severities
                else None,
            )
        )
    return figures


def overall_compliance(figures: Iterable[ChecklistFigure]) -> float | None:
    """Passed items over judged items across every checklist, in % (None when nothing is judged),
    as checklists.results.Figures.compliance computes it."""
    rows = list(figures)
    total = Figures(passed=sum(f.passed for f in rows), failed=sum(f.failed for f in rows))
    return total.compliance


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity: critical, major, minor (all three keys, most severe first)."""
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in SEVERITY_ORDER}


def clause_counts(findings: Iterable[Finding]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(clause, findings, checklists) per clause of the work plan, most findings first."""
    counts: Counter[int] = Counter()
    where: dict[int, dict[str, None]] = {}
    for finding in findings:
        for clause in finding.clauses:
            counts[clause] += 1
            where.setdefault(clause, {})[finding.checklist] = None
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(clause, count, tuple(where[clause])) for clause, count in ordered]


def urgent_rectifications(findings: Iterable[Finding], today: date) -> list[UrgentEntry]:
    """The findings still open, most urgent first.

    Planned but not done, by due date (overdue first, then the soonest); then findings without a
    plan that must be rectified; then explainable ones not yet explained. Done plans and
    explained explainable findings are settled and left out. Ties go to the more severe.
    """
    entries = []
    for finding in findings:
        plan = finding.rectification
        if plan is not None and plan.status == "done":
            continue
        if plan is None and finding.explainable and finding.explanation.strip():
            continue
        due = plan.due_date if plan is not None else None
        entries.append(
            UrgentEntry(
                finding=finding,
                due=due,
                days_left=(due - today).days if due is not None else None,
                status=plan.status if plan is not None else None,
                need="explain" if finding.explainable else "rectify",
            )
        )
    return sorted(entries, key=_urgency)


def _urgency(entry: UrgentEntry) -> tuple[int, int, int]:
    severity = SEVERITY_ORDER.get(entry.finding.severity, 9)
    if entry.due is not None:
        return (0, entry.due.toordinal(), severity)
    return (1 if entry.need == "rectify" else 2, severity, 0)
