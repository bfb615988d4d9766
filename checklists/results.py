"""Evaluation results: findings, item results, checklist summaries and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from checklists.answers import Rectification
from checklists.model import Text

ItemStatus = Literal["pass", "fail", "not_applicable", "unanswered", "invalid"]
ChecklistStatus = Literal["compliant", "non_compliant", "incomplete"]
SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}


@dataclass(frozen=True)
class Finding:
    """One failed rule: for a table, ``row`` is the 0-based row index and ``columns`` the cells."""

    code: str
    checklist: str
    item: str
    row: int | None
    severity: str
    clauses: tuple[int, ...]
    message: Text
    explainable: bool = False
    columns: tuple[str, ...] = ()
    explanation: str = ""
    rectification: Rectification | None = None

    def key(self) -> tuple[str, str, str, int | None]:
        """What identifies a finding across evaluations (to keep its explanation)."""
        return (self.checklist, self.code, self.item, self.row)


@dataclass(frozen=True)
class ItemResult:
    """The verdict on one item; ``counted`` is False for notes and rule-less calculations."""

    item: str
    status: ItemStatus
    value: Any = None
    counted: bool = True
    invalid_cells: tuple[tuple[int, str], ...] = ()  # (row, column) whose constraint fails
    finding_count: int = 0
    # Values the rules could not judge (row, rule code or column, zh, en): shown, never fatal.
    errors: tuple[tuple[int | None, str, str, str], ...] = ()


@dataclass(frozen=True)
class ChecklistResult:
    """One checklist's verdict: status, summary counts, item results and findings."""

    checklist: str
    version: int
    status: ChecklistStatus
    summary: dict[str, Any]
    items: tuple[ItemResult, ...]
    findings: tuple[Finding, ...]

    def item(self, item_id: str) -> ItemResult:
        """The result of ``item_id``."""
        for result in self.items:
            if result.item == item_id:
                return result
        raise KeyError(item_id)


@dataclass(frozen=True)
class Results:
    """The evaluation of a whole answers document, checklists in a stable order."""

    checklists: dict[str, ChecklistResult] = field(default_factory=dict)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of every checklist, in order."""
        return tuple(f for result in self.checklists.values() for f in result.findings)


def summarize(
    items: tuple[ItemResult, ...], findings: tuple[Finding, ...], required_unanswered: int
) -> tuple[ChecklistStatus, dict[str, Any]]:
    """Counts, compliance % and the status of one checklist."""
    counted = [r for r in items if r.counted]
    count = {
        s: sum(1 for r in counted if r.status == s)
        for s in ("pass", "fail", "not_applicable", "unanswered", "invalid")
    }
    judged = count["pass"] + count["fail"] + count["invalid"]
    summary: dict[str, Any] = {
        "items": len(counted),
        "answered": judged,
        "passed": count["pass"],
        "failed": count["fail"],
        "not_applicable": count["not_applicable"],
        "unanswered": count["unanswered"],
        "invalid": count["invalid"],
        "required_unanswered": required_unanswered,
        "findings": len(findings),
        "by_severity": {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER},
        "compliance": round(100.0 * count["pass"] / judged, 1) if judged else None,
    }
    status: ChecklistStatus = "compliant"
    if findings:
        status = "non_compliant"
    elif required_unanswered or count["invalid"]:
        status = "incomplete"
    return status, summary


def finding_to_json(f: Finding) -> dict[str, Any]:
    """The JSON form of a finding (the contract of ``evaluate --json`` and results.json)."""
    out: dict[str, Any] = {
        "code": f.code,
        "checklist": f.checklist,
        "item": f.item,
        "row": f.row,
        "severity": f.severity,
        "clauses": list(f.clauses),
        "message": {"zh": f.message.zh, "en": f.message.en},
        "explainable": f.explainable,
    }
    if f.columns:
        out["columns"] = list(f.columns)
    if f.explanation:
        out["explanation"] = f.explanation
    if f.rectification is not None:
        r = f.rectification
        out["rectification"] = {
            "measure": r.measure,
            "responsible": r.responsible,
            "due_date": r.due_date.isoformat() if r.due_date else None,
            "status": r.status,
        }
    return out


def results_to_json(results: Results, with_items: bool = False) -> dict[str, Any]:
    """``{"checklists": {ID: {"status", "version", "summary", "findings"[, "items"]}}}``."""
    out: dict[str, Any] = {}
    for cl_id, result in results.checklists.items():
        entry: dict[str, Any] = {
            "status": result.status,
            "version": result.version,
            "summary": result.summary,
            "findings": [finding_to_json(f) for f in result.findings],
        }
        errors = [
            {"item": r.item, "row": row, "where": where, "message": {"zh": zh, "en": en}}
            for r in result.items
            for row, where, zh, en in r.errors
        ]
        if errors:
            entry["errors"] = errors
        if with_items:
            entry["items"] = {r.item: r.status for r in result.items if r.counted}
        out[cl_id] = entry
    return {"checklists": out}
