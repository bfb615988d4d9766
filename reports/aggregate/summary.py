"""The office's summary of its store: one row per school and period, findings, rejections."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, select
from sqlalchemy.orm import Session

from checklists.registry import builtin_checklists
from reports.aggregate.database import OfficeStore
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
from reports.aggregate.store import (
    Report,
    ReportChecklist,
    ReportFinding,
    ReportRevision,
    Submission,
)
from reports.aggregate.words import SEVERITIES

_BATCH = 1000
_OLDEST = datetime.min


def build_summary(
    store: OfficeStore,
    *,
    trusted: Iterable[str] = (),
    require_trust: bool = False,
    failed: Sequence[FileOutcome] = (),
    pins: Mapping[str, Iterable[str]] | None = None,
) -> Summary:
    """The summary of everything in ``store``.

    ``trusted``: fingerprints whose signatures are trusted (this run's trust list). With
    ``require_trust`` an untrusted report is rejected here. ``pins``: ``{school code:
    fingerprints}`` (reports.aggregate.pins): a report of a pinned school signed with another
    certificate is rejected ("not_the_schools_certificate"), with or without ``require_trust``.
    The newest report of a school and period is the one with the highest revision number the
    school's store embedded; two different reports with the same top revision are both
    rejected ("revision_conflict"). ``failed``: this run's unreadable
    files, listed among the rejected. Rows come in a fixed order, whatever the database. The
    findings of each school are not held in memory: ``Summary.findings()`` reads them from
    ``store`` when they are written out.
    """
    trusted_set = frozenset(trusted)
    with store.session() as session:
        pinned = {code: frozenset(fps) for code, fps in (pins or {}).items()}
        candidates, rejected = _accepted(session, trusted_set, require_trust, pinned)
        rejected += _stored_rejections(session) + [_failed_row(o) for o in failed]
        winners, superseded, conflicts = _choose(candidates)
        rejected += conflicts
        cells = _checklist_cells(session, winners)
        tally = _tally_findings(session, winners)
    schools = sorted(
        (
            _school_row(c, trusted_set, cells.get(sid, {}), tally.per_school.get(sid))
            for sid, c in winners.items()
        ),
        key=lambda r: (r.period, r.district, r.school_code),
    )
    order = _checklist_order(cells)
    return Summary(
        schools=schools,
        superseded=superseded,
        rejected=sorted(rejected, key=lambda r: (r.path, r.reasons)),
        by_code=_code_rows(tally, order),
        checklists=order,
        districts=sorted({s.district for s in schools}),
        titles=_titles(order),
        store=store,
    )


def _accepted(
    session: Session,
    trusted: frozenset[str],
    require_trust: bool,
    pins: Mapping[str, frozenset[str]],
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
            ReportRevision.revision,
        )
        .join(Report, Report.submission_id == Submission.id)
        .outerjoin(ReportRevision, ReportRevision.submission_id == Submission.id)
        .where(Submission.accepted.is_(True))
    )
    candidates, rejected = [], []
    for row in _rows(session, query).mappings():
        pinned = pins.get(row["school_code"])
        if pinned and row["fingerprint"] not in pinned:
            rejected.append(
                RejectedRow(
                    row["path"],
                    ("not_the_schools_certificate",),
                    signer_school=row["signer_school"],
                )  # fmt: skip
            )
        elif require_trust and row["fingerprint"] not in trusted:
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


def _latest_key(c: dict[str, Any]) -> tuple[int, datetime, datetime, str]:
    # The store's revision number decides; the clocks only order reports made before
    # reports carried one (revision 0), which stay older than any numbered revision.
    return (
        c["revision"] or 0,
        c["signed_at"] or _OLDEST,
        c["generated_at"] or _OLDEST,
        c["sha256"],
    )


def _choose(
    candidates: list[dict[str, Any]],
) -> tuple[dict[int, dict[str, Any]], list[SupersededRow], list[RejectedRow]]:
    """The newest report per (school code, period) by revision; the others are superseded.
    Different reports sharing the top revision number are a conflict: all of them rejected."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in candidates:
        groups.setdefault((c["school_code"], c["period"]), []).append(c)
    winners: dict[int, dict[str, Any]] = {}
    superseded: list[SupersededRow] = []
    conflicts: list[RejectedRow] = []
    for members in groups.values():
        members.sort(key=_latest_key, reverse=True)
        best = members[0]
        top = [m for m in members if best["revision"] and m["revision"] == best["revision"]]
        if len(top) > 1:
            conflicts += [_conflict_row(m, top) for m in top]
            superseded += [_superseded_row(m, best) for m in members[len(top) :]]
            continue
        winners[best["id"]] = {**best, "superseded": len(members) - 1}
        superseded += [_superseded_row(m, best) for m in members[1:]]
    superseded.sort(key=lambda r: (r.period, r.school_code, r.signed_at or _OLDEST, r.path))
    return winners, superseded, conflicts


def _conflict_row(member: dict[str, Any], top: list[dict[str, Any]]) -> RejectedRow:
    others = [m["path"] for m in top if m is not member]
    return RejectedRow(
        member["path"],
        ("revision_conflict",),
        f"修订号 {member['revision']}，另见：{'、'.join(others)}",
        f"revision {member['revision']}, see also: {', '.join(others)}",
        member["signer_school"],
    )


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


@dataclass
class _SchoolTally:
    """One school's findings, counted (messages stay in the store)."""

    by_severity: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    findings: int = 0
    codes: list[str] = field(default_factory=list)


@dataclass
class _Tally:
    """Findings counted per school and per (period, checklist, code) by district."""

    per_school: dict[int, _SchoolTally] = field(default_factory=dict)
    per_code: dict[tuple[str, str, str], dict[str, int]] = field(default_factory=dict)
    first: dict[tuple[str, str, str], tuple[str, str, str]] = field(default_factory=dict)


def _tally_findings(session: Session, winners: Mapping[int, dict[str, Any]]) -> _Tally:
    """One streamed pass over the findings of the reports that count."""
    t = ReportFinding
    query = select(t.submission_id, t.checklist, t.code, t.severity, t.count, t.clauses, t.item)
    tally = _Tally()
    for sid, checklist, code, severity, count, clauses, item in _rows(session, query):
        school = winners.get(sid)
        if school is None:
            continue
        mine = tally.per_school.setdefault(sid, _SchoolTally())
        mine.by_severity[severity] = mine.by_severity.get(severity, 0) + count
        mine.findings += count
        mine.codes.append(sys.intern(f"{checklist}.{code}"))  # the same few codes everywhere
        key = (school["period"], checklist, code)
        tally.first.setdefault(key, (severity, item, clauses))
        per_district = tally.per_code.setdefault(key, {})
        per_district[school["district"]] = per_district.get(school["district"], 0) + 1
    return tally


def _school_row(
    c: dict[str, Any],
    trusted: frozenset[str],
    cells: dict[str, ChecklistCell],
    tally: _SchoolTally | None,
) -> SchoolRow:
    tally = tally or _SchoolTally()
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
        by_severity=tally.by_severity,
        findings=tally.findings,
        codes=tuple(tally.codes),
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


def iter_finding_rows(summary: Summary, chunk: int = 500) -> Iterator[FindingRow]:
    """The findings of ``summary``'s schools, in school order, read from its store a few
    hundred schools at a time (so memory does not grow with the number of schools)."""
    if summary.store is None:
        return
    rank = _rank(summary.checklists)
    t = ReportFinding
    columns = (
        t.submission_id, t.checklist, t.code, t.position, t.severity, t.count, t.clauses,
        t.item, t.message_zh, t.message_en, t.explanations,
    )  # fmt: skip
    with summary.store.session() as session:
        for start in range(0, len(summary.schools), chunk):
            schools = summary.schools[start : start + chunk]
            query = select(*columns).where(t.submission_id.in_([s.submission_id for s in schools]))
            found: dict[int, list[Any]] = {}
            for row in _rows(session, query):
                found.setdefault(row[0], []).append(row)
            for school in schools:
                rows = sorted(
                    found.get(school.submission_id, []),
                    key=lambda r: (rank.get(r[1], len(rank)), r[3]),
                )
                yield from (_finding_row(school, row) for row in rows)


def _finding_row(school: SchoolRow, row: Any) -> FindingRow:
    _, checklist, code, _, severity, count, clauses, item, message_zh, message_en, explanations = (
        row
    )
    return FindingRow(
        school_name=school.school_name,
        school_code=school.school_code,
        district=school.district,
        period=school.period,
        checklist=checklist,
        code=code,
        severity=severity,
        count=count,
        clauses=_clauses(clauses),
        item=item,
        message_zh=message_zh,
        message_en=message_en,
        explanations=tuple(e for e in explanations.split("\n") if e),
    )


def _clauses(text: str) -> tuple[int, ...]:
    return tuple(int(c) for c in text.split(",") if c.isdigit())


def _code_rows(tally: _Tally, order: list[str]) -> list[CodeRow]:
    rank, severity_rank = _rank(order), {s: i for i, s in enumerate(SEVERITIES)}
    rows = []
    for key, per in tally.per_code.items():
        severity, item, clauses = tally.first[key]
        rows.append(
            CodeRow(
                period=key[0],
                checklist=key[1],
                code=key[2],
                severity=severity,
                item=item,
                clauses=_clauses(clauses),
                total=sum(per.values()),
                by_district=dict(sorted(per.items())),
            )  # fmt: skip
        )
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
