"""The office's summary of its store: one row per school and period, findings, rejections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, select
from sqlalchemy.orm import Session

from checklists.registry import builtin_checklists
from reports.aggregate.facts import FileOutcome
from reports.aggregate.rows import (
    ChecklistCell,
    CodeRow,
    FindingRow,
    RejectedRow,
    SchoolRow,
    Summary,
    SupersededRow,
)
from reports.aggregate.store import Report, ReportChecklist, ReportFinding, Submission
from reports.aggregate.words import SEVERITIES

_BATCH = 1000
_OLDEST = datetime.min


def build_summary(
    session: Session,
    *,
    trusted: Iterable[str] = (),
    require_trust: bool = False,
    failed: Sequence[FileOutcome] = (),
) -> Summary:
    """The summary of everything in the store.

    ``trusted``: fingerprints whose signatures are trusted (this run's trust list). With
    ``require_trust`` an untrusted report is rejected here. ``failed``: this run's unreadable
    files, listed among the rejected. Rows come in a fixed order, whatever the database.
    """
    trusted_set = frozenset(trusted)
    candidates, rejected = _accepted(session, trusted_set, require_trust)
    rejected += _stored_rejections(session) + [_failed_row(o) for o in failed]
    winners, superseded = _choose(candidates)
    cells = _checklist_cells(session, winners)
    groups = _finding_groups(session, winners)
    schools = sorted(
        (
            _school_row(c, trusted_set, cells.get(c["id"], {}), groups.get(c["id"], []), winners)
            for c in winners.values()
        ),
        key=lambda r: (r.period, r.district, r.school_code),
    )
    order = _checklist_order(cells)
    return Summary(
        schools=schools,
        superseded=superseded,
        rejected=sorted(rejected, key=lambda r: (r.path, r.reasons)),
        findings=_finding_rows(schools, groups, order),
        by_code=_code_rows(schools, groups, order),
        checklists=order,
        districts=sorted({s.district for s in schools}),
        titles=_titles(order),
    )


def _accepted(
    session: Session, trusted: frozenset[str], require_trust: bool
) -> tuple[list[dict[str, Any]], list[RejectedRow]]:
    query = (
        select(
            Submission.id,
            Submission.sha256,
            Submission.path,
            Submission.fingerprint,
            Submission.signer,
            Submission.signer_school,
            Submission.signer_school_code,
            Submission.signed_at,
            Report.report_id,
            Report.school_name,
            Report.school_code,
            Report.district,
            Report.stage,
            Report.enrollment,
            Report.period,
            Report.generated_at,
        )
        .join(Report, Report.submission_id == Submission.id)
        .where(Submission.accepted.is_(True))
    )
    candidates, rejected = [], []
    for row in _rows(session, query).mappings():
        if require_trust and row["fingerprint"] not in trusted:
            rejected.append(
                RejectedRow(row["path"], ("untrusted",), signer_school=row["signer_school"])
            )
        else:
            candidates.append(dict(row))
    return candidates, rejected


def _stored_rejections(session: Session) -> list[RejectedRow]:
    query = select(
        Submission.path,
        Submission.reasons,
        Submission.detail_zh,
        Submission.detail_en,
        Submission.signer_school,
    ).where(Submission.accepted.is_(False))
    return [
        RejectedRow(path, tuple(reasons.split()), zh, en, school)
        for path, reasons, zh, en, school in _rows(session, query)
    ]


def _rows(session: Session, query: Executable) -> Any:  # a CursorResult of any shape
    """Core execution on the session's connection, streamed: plain rows, no ORM bookkeeping
    (tens of thousands of findings rows)."""
    connection = session.connection().execution_options(stream_results=True, max_row_buffer=_BATCH)
    return connection.execute(query)


def _failed_row(outcome: FileOutcome) -> RejectedRow:
    return RejectedRow(outcome.path, outcome.reasons, outcome.detail_zh, outcome.detail_en)


def _latest_key(c: dict[str, Any]) -> tuple[datetime, datetime, str]:
    return (c["signed_at"] or _OLDEST, c["generated_at"] or _OLDEST, c["sha256"])


def _choose(
    candidates: list[dict[str, Any]],
) -> tuple[dict[int, dict[str, Any]], list[SupersededRow]]:
    """The latest signed report per (school code, period); the others are superseded."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in candidates:
        groups.setdefault((c["school_code"], c["period"]), []).append(c)
    winners: dict[int, dict[str, Any]] = {}
    superseded: list[SupersededRow] = []
    for members in groups.values():
        members.sort(key=_latest_key, reverse=True)
        best = members[0]
        winners[best["id"]] = {**best, "superseded": len(members) - 1}
        superseded += [_superseded_row(m, best) for m in members[1:]]
    superseded.sort(key=lambda r: (r.period, r.school_code, r.signed_at or _OLDEST, r.path))
    return winners, superseded


def _superseded_row(old: dict[str, Any], new: dict[str, Any]) -> SupersededRow:
    return SupersededRow(
        school_name=old["school_name"],
        school_code=old["school_code"],
        period=old["period"],
        report_id=old["report_id"],
        signed_at=old["signed_at"],
        path=old["path"],
        by_report_id=new["report_id"],
        by_signed_at=new["signed_at"],
        by_path=new["path"],
    )


def _checklist_cells(
    session: Session, winners: Mapping[int, Any]
) -> dict[int, dict[str, ChecklistCell]]:
    query = select(
        ReportChecklist.submission_id,
        ReportChecklist.checklist,
        ReportChecklist.status,
        ReportChecklist.compliance,
        ReportChecklist.known,
    ).order_by(ReportChecklist.submission_id, ReportChecklist.position)
    cells: dict[int, dict[str, ChecklistCell]] = {}
    for sid, checklist, status, compliance, known in _rows(session, query):
        if sid in winners:
            cells.setdefault(sid, {})[checklist] = ChecklistCell(status, compliance, known)
    return cells


@dataclass(frozen=True)
class _Found:
    """A stored ReportFinding, read as plain values (no ORM objects: thousands of them)."""

    checklist: str
    code: str
    position: int
    severity: str
    count: int
    clauses: str
    item: str
    message_zh: str
    message_en: str
    explanations: str


def _finding_groups(session: Session, winners: Mapping[int, Any]) -> dict[int, list[_Found]]:
    t = ReportFinding
    query = select(
        t.submission_id, t.checklist, t.code, t.position, t.severity, t.count, t.clauses,
        t.item, t.message_zh, t.message_en, t.explanations,
    ).order_by(t.submission_id, t.position)  # fmt: skip
    groups: dict[int, list[_Found]] = {}
    for row in _rows(session, query):
        if row[0] in winners:
            groups.setdefault(row[0], []).append(_Found(*row[1:]))
    return groups


def _school_row(
    c: dict[str, Any],
    trusted: frozenset[str],
    cells: dict[str, ChecklistCell],
    findings: list[_Found],
    winners: Any,
) -> SchoolRow:
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + f.count
    return SchoolRow(
        submission_id=c["id"],
        school_name=c["school_name"],
        school_code=c["school_code"],
        district=c["district"],
        stage=c["stage"],
        enrollment=c["enrollment"],
        period=c["period"],
        report_id=c["report_id"],
        signer=c["signer"],
        signer_school=c["signer_school"],
        signer_school_code=c["signer_school_code"],
        signed_at=c["signed_at"],
        trusted=c["fingerprint"] in trusted,
        path=c["path"],
        sha256=c["sha256"],
        checklists=cells,
        by_severity=by_severity,
        findings=sum(f.count for f in findings),
        codes=tuple(f"{f.checklist}.{f.code}" for f in findings),
        superseded=c["superseded"],
    )


def _checklist_order(cells: Mapping[int, Mapping[str, ChecklistCell]]) -> list[str]:
    builtin = list(builtin_checklists())
    seen = {cid for per_school in cells.values() for cid in per_school}
    return [c for c in builtin if c in seen] + sorted(seen - set(builtin))


def _titles(order: list[str]) -> dict[str, tuple[str, str]]:
    builtin = builtin_checklists()
    return {cid: (builtin[cid].title.zh, builtin[cid].title.en) for cid in order if cid in builtin}


def _rank(order: list[str]) -> dict[str, int]:
    return {cid: i for i, cid in enumerate(order)}


def _finding_rows(
    schools: list[SchoolRow], groups: Mapping[int, list[_Found]], order: list[str]
) -> list[FindingRow]:
    rank = _rank(order)
    rows = []
    for school in schools:
        found = sorted(
            groups.get(school.submission_id, []),
            key=lambda f: (rank.get(f.checklist, len(rank)), f.position),
        )
        rows += [
            FindingRow(
                school_name=school.school_name,
                school_code=school.school_code,
                district=school.district,
                period=school.period,
                checklist=f.checklist,
                code=f.code,
                severity=f.severity,
                count=f.count,
                clauses=tuple(int(c) for c in f.clauses.split(",") if c.isdigit()),
                item=f.item,
                message_zh=f.message_zh,
                message_en=f.message_en,
                explanations=tuple(e for e in f.explanations.split("\n") if e),
            )
            for f in found
        ]
    return rows


def _code_rows(
    schools: list[SchoolRow], groups: Mapping[int, list[_Found]], order: list[str]
) -> list[CodeRow]:
    counts: dict[tuple[str, str, str], dict[str, int]] = {}
    first: dict[tuple[str, str, str], _Found] = {}
    for school in schools:
        for f in groups.get(school.submission_id, []):
            key = (school.period, f.checklist, f.code)
            first.setdefault(key, f)
            per_district = counts.setdefault(key, {})
            per_district[school.district] = per_district.get(school.district, 0) + 1
    rank, severity_rank = _rank(order), {s: i for i, s in enumerate(SEVERITIES)}
    rows = [
        CodeRow(
            period=key[0],
            checklist=key[1],
            code=key[2],
            severity=first[key].severity,
            item=first[key].item,
            clauses=tuple(int(c) for c in first[key].clauses.split(",") if c.isdigit()),
            total=sum(per.values()),
            by_district=dict(sorted(per.items())),
        )
        for key, per in counts.items()
    ]
    rows.sort(
        key=lambda r: (
            r.period,
            -r.total,
            rank.get(r.checklist, len(rank)),
            severity_rank.get(r.severity, 9),
            r.code,
        )
    )
    return rows
