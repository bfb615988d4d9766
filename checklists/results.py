"""Evaluation results: findings, item results, checklist summaries and their JSON form."""

from __future__ import annotations

import contextlib
import functools
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from checklists.answers import Rectification
from checklists.model import Checklist, Text

ItemStatus = Literal["pass", "fail", "not_applicable", "unanswered", "invalid", "incomplete"]
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
    # Inputs a rule needs but that are missing (row, column or item id): the item is incomplete.
    missing: tuple[tuple[int | None, str], ...] = ()
    # Why the item does not apply to this school (its scope), when the school profile excludes it.
    reason: Text | None = None
    required: bool = False  # the definition's "required": an unanswered one keeps the check open

    @property
    def skipped(self) -> bool:
        """True when an earlier answer made the item irrelevant (skip logic), not answered "n/a"."""
        return self.status == "not_applicable" and self.value is None and self.reason is None

    @property
    def out_of_scope(self) -> bool:
        """True when the school profile (e.g. the stage) puts the item outside its scope."""
        return self.status == "not_applicable" and self.reason is not None


@dataclass(frozen=True)
class ChecklistResult:
    """One checklist's verdict: status, summary counts, item results and findings."""

    checklist: str
    version: int
    status: ChecklistStatus
    summary: dict[str, Any]
    items: tuple[ItemResult, ...]
    findings: tuple[Finding, ...]

    @functools.cached_property
    def figures(self) -> Figures:
        """Progress and compliance of this checklist (counted once per result: a save on a big
        roster asks for the figures of every checklist, and the findings are thousands)."""
        return figures_of(self.items, self.findings)

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


_SEVERITY = operator.attrgetter("severity")
STATUS_KEYS = ("pass", "fail", "not_applicable", "unanswered", "invalid", "incomplete")


@dataclass(frozen=True)
class Figures:
    """The one definition of progress and of compliance (符合率), for any group of item results.

    - *done*: answered items (pass, fail, invalid) and items answered "not applicable"; an item
      whose rules cannot be judged for missing inputs (incomplete) is not done;
    - *total*: the counted items that apply; items skipped by logic or outside the school's scope
      count neither way, so an untouched draft starts at 0 %;
    - *open*: what keeps the self-check from being complete — required items unanswered, items
      that cannot be judged for missing inputs (incomplete) and items wrongly filled in (invalid);
      optional items left empty are not done but not open either;
    - *judged*: items with a verdict (pass or fail); 符合率 = passed ÷ judged.
    """

    total: int = 0
    done: int = 0
    open: int = 0
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    out_of_scope: int = 0
    by_severity: tuple[tuple[str, int], ...] = tuple((s, 0) for s in SEVERITY_ORDER)

    @property
    def judged(self) -> int:
        """Items with a verdict."""
        return self.passed + self.failed

    @property
    def progress(self) -> float:
        """Done of total in %, one decimal (100 when nothing applies)."""
        return round(100.0 * self.done / self.total, 1) if self.total else 100.0

    @property
    def compliance(self) -> float | None:
        """符合率: passed of judged in %, one decimal; None when nothing is judged yet."""
        return round(100.0 * self.passed / self.judged, 1) if self.judged else None

    @property
    def findings(self) -> int:
        """Findings of every severity."""
        return sum(n for _, n in self.by_severity)

    def severity_counts(self) -> dict[str, int]:
        """Findings per severity, most severe first (all three keys)."""
        return dict(self.by_severity)

    def __add__(self, other: Figures) -> Figures:
        counts = {
            s: a + b for (s, a), (_, b) in zip(self.by_severity, other.by_severity, strict=True)
        }
        return Figures(
            self.total + other.total,
            self.done + other.done,
            self.open + other.open,
            self.passed + other.passed,
            self.failed + other.failed,
            self.skipped + other.skipped,
            self.out_of_scope + other.out_of_scope,
            tuple(counts.items()),
        )


def item_done(result: ItemResult) -> bool:
    """Whether an item counts as done in progress (answered, or answered "not applicable")."""
    if result.status == "not_applicable":
        return not result.skipped and not result.out_of_scope
    return result.status in ("pass", "fail", "invalid")


def is_open(result: ItemResult) -> bool:
    """Whether an item keeps the self-check from being complete (see :class:`Figures`)."""
    if not result.counted:
        return False
    if result.status in ("incomplete", "invalid"):
        return True
    return result.status == "unanswered" and result.required


# The last figures counted from tuples (immutable), a few of them: an evaluation summarises a
# checklist's items and findings, then its result is asked for the figures of the very same
# tuples (a save asks every checklist's) — on a big roster thousands of findings, counted again
# at every save without this.
_counted: dict[tuple[int, int], tuple[tuple[ItemResult, ...], tuple[Finding, ...], Figures]] = {}
_COUNTED_KEPT = 8


def figures_of(
    items: Iterable[ItemResult],
    findings: Iterable[Finding] = (),
    severities: Mapping[str, int] | None = None,
) -> Figures:
    """Progress and compliance of a group of item results (a section, a checklist).

    ``severities``: how many of ``findings`` there are of each severity, when the caller knows
    it without counting them (checklists.incremental: the last evaluation's counts and the
    findings an edit added and removed)."""
    key = (id(items), id(findings))
    last = _counted.get(key)
    if last is not None and last[0] is items and last[1] is findings:
        return last[2]
    figures = _count_figures(items, findings, severities)
    if isinstance(items, tuple) and isinstance(findings, tuple):
        if len(_counted) >= _COUNTED_KEPT:
            del _counted[next(iter(_counted))]  # the oldest
        _counted[key] = (items, findings, figures)
    return figures


def carried_counts(
    items: tuple[ItemResult, ...],
    findings: tuple[Finding, ...],
    last: Figures,
    summary: Mapping[str, Any] | None,
    changes: tuple[Iterable[ItemResult], Iterable[ItemResult]],
    severities: Mapping[str, int],
) -> tuple[Figures, tuple[dict[str, int], int] | None]:
    """The figures of ``items`` and ``findings``, counted from ``last`` (those of the items
    before) when only the items ``changes[0]`` were replaced by ``changes[1]``, with
    ``severities`` the findings per severity; remembered for those tuples as
    :func:`figures_of` remembers them. With the last ``summary`` (None: not asked), also the
    counts of :func:`status_counts` carried from it. One walk over the items replaced, no
    figures made for them (checklists.incremental: a save re-judges a few items of a
    checklist of 90, of two checklists when one reads the other)."""
    total, done, opened, passed, failed, skipped, scope = (
        last.total,
        last.done,
        last.open,
        last.passed,
        last.failed,
        last.skipped,
        last.out_of_scope,
    )
    count: dict[str, int] | None = None
    counted = 0
    if summary is not None:
        count = {key: int(summary[_SUMMARY_KEY.get(key, key)]) for key in STATUS_KEYS}
        counted = int(summary["items"])
    for sign, results in ((-1, changes[0]), (1, changes[1])):
        for r in results:
            if not r.counted:
                continue
            if count is not None:
                counted += sign
                if r.status in count:
                    count[r.status] += sign
            # as _count_figures counts an item
            if r.skipped:
                skipped += sign
                continue
            if r.out_of_scope:
                scope += sign
                continue
            total += sign
            done += sign * item_done(r)
            opened += sign * is_open(r)
            passed += sign * (r.status == "pass")
            failed += sign * (r.status == "fail")
    figures = _figures(
        total,
        done,
        opened,
        passed,
        failed,
        skipped,
        scope,
        tuple([(s, severities.get(s, 0)) for s in SEVERITY_ORDER]),
    )
    if len(_counted) >= _COUNTED_KEPT:
        del _counted[next(iter(_counted))]
    _counted[(id(items), id(findings))] = (items, findings, figures)
    return figures, (None if count is None else (count, counted))


def _count_figures(
    items: Iterable[ItemResult],
    findings: Iterable[Finding],
    severities: Mapping[str, int] | None = None,
) -> Figures:
    total = done = opened = passed = failed = skipped = scope = 0
    for r in items:
        if not r.counted:
            continue
        if r.skipped:
            skipped += 1
            continue
        if r.out_of_scope:
            scope += 1
            continue
        total += 1
        done += item_done(r)
        opened += is_open(r)
        passed += r.status == "pass"
        failed += r.status == "fail"
    if severities is not None:
        counts: Mapping[str, int] = severities
    elif findings == ():
        counts = {}
    else:
        counts = Counter(map(_SEVERITY, findings))
    by_severity = tuple((s, counts.get(s, 0)) for s in SEVERITY_ORDER)
    return Figures(total, done, opened, passed, failed, skipped, scope, by_severity)


def _figures(
    total: int,
    done: int,
    opened: int,
    passed: int,
    failed: int,
    skipped: int,
    scope: int,
    by_severity: tuple[tuple[str, int], ...],
) -> Figures:
    """``Figures(...)`` made without the frozen dataclass's per-field checks (a save adds up
    figures three times): the same object, its fields in their order, equal and hashing
    alike."""
    figures = object.__new__(Figures)
    object.__setattr__(
        figures,
        "__dict__",
        {
            "total": total,
            "done": done,
            "open": opened,
            "passed": passed,
            "failed": failed,
            "skipped": skipped,
            "out_of_scope": scope,
            "by_severity": by_severity,
        },
    )
    return figures


def result_figures(result: ChecklistResult) -> Figures:
    """The figures of one checklist."""
    return result.figures


def overall_figures(results: Iterable[ChecklistResult]) -> Figures:
    """The figures of several checklists added up (compliance recomputed from the sums): as
    adding them with ``+`` one by one, in one pass (every save adds up a self-check's)."""
    total = done = opened = passed = failed = skipped = scope = 0
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for result in results:
        f = result_figures(result)
        total += f.total
        done += f.done
        opened += f.open
        passed += f.passed
        failed += f.failed
        skipped += f.skipped
        scope += f.out_of_scope
        for severity, n in f.by_severity:
            counts[severity] += n
    return _figures(total, done, opened, passed, failed, skipped, scope, tuple(counts.items()))


@dataclass(frozen=True)
class OpenItem:
    """An item that keeps the self-check from being complete, with the school's written reason
    (its item note) when there is one."""

    checklist: str
    item: str
    status: str  # unanswered, incomplete or invalid
    checklist_title: Text
    label: Text
    reason: str = ""


def open_items(
    results: Results,
    checklists: Mapping[str, Checklist],
    reasons: Mapping[str, Mapping[str, str]] | None = None,
) -> list[OpenItem]:
    """Every open item, in checklist and item order; ``reasons`` are the item notes by checklist
    and item (a self-check may be signed with open items only when each has one)."""
    out = []
    for cl_id, result in results.checklists.items():
        checklist = checklists.get(cl_id)
        notes = (reasons or {}).get(cl_id, {})
        for r in result.items:
            if not is_open(r):
                continue
            label = Text(r.item, r.item)
            title = Text(cl_id, cl_id)
            if checklist is not None:
                title = checklist.title
                with contextlib.suppress(KeyError):
                    label = checklist.item(r.item).label
            out.append(
                OpenItem(cl_id, r.item, r.status, title, label, (notes.get(r.item) or "").strip())
            )
    return out


def summarize(
    items: tuple[ItemResult, ...],
    findings: tuple[Finding, ...],
    required_unanswered: int,
    statuses: tuple[dict[str, int], int] | None = None,
) -> tuple[ChecklistStatus, dict[str, Any]]:
    """Counts, progress, compliance (符合率) and the status of one checklist.

    The status is *non_compliant* when there is a finding, else *incomplete* when a required item
    is unanswered, wrongly filled in, or cannot be judged for missing inputs; only then *compliant*.
    ``statuses``: the counted items by status (each of STATUS_KEYS) and how many items are
    counted, when the caller knows them without counting (checklists.incremental: the last
    result's, less the items judged again, plus theirs now).
    """
    if statuses is not None:
        count, counted = statuses
    else:
        count, counted = status_counts(items)
    fig = figures_of(items, findings)
    summary: dict[str, Any] = {
        "items": counted,
        "answered": count["pass"] + count["fail"] + count["invalid"],
        "judged": fig.judged,
        "passed": count["pass"],
        "failed": count["fail"],
        "not_applicable": count["not_applicable"],
        "skipped": fig.skipped,
        "out_of_scope": fig.out_of_scope,
        "unanswered": count["unanswered"],
        "invalid": count["invalid"],
        "incomplete": count["incomplete"],
        "required_unanswered": required_unanswered,
        "applicable": fig.total,
        "done": fig.done,
        "open": fig.open,
        "progress": fig.progress,
        "findings": len(findings),
        "by_severity": fig.severity_counts(),
        "compliance": fig.compliance,
    }
    status: ChecklistStatus = "compliant"
    if findings:
        status = "non_compliant"
    elif required_unanswered or count["invalid"] or count["incomplete"]:
        status = "incomplete"
    return status, summary


def status_counts(items: Iterable[ItemResult]) -> tuple[dict[str, int], int]:
    """The counted items of ``items`` by status (each of STATUS_KEYS), and how many are counted."""
    count = dict.fromkeys(STATUS_KEYS, 0)
    counted = 0
    for r in items:  # one pass (a checklist of 90 items is summarised at every save)
        if r.counted:
            counted += 1
            if r.status in count:
                count[r.status] += 1
    return count, counted


# the summary's name of each status count (the others are named as the status)
_SUMMARY_KEY = {"pass": "passed", "fail": "failed"}


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
