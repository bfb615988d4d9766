"""The office's summary of its store: one row per school and period, findings, rejections."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from checklists.model import SEVERITIES
from checklists.registry import builtin_checklists
from reports.aggregate.database import OfficeStore, streamed
from reports.aggregate.expected import expected_lists
from reports.aggregate.facts import FileOutcome
from reports.aggregate.rows import (
    ChecklistCell,
    CodeRow,
    RejectedRow,
    SchoolRow,
    Summary,
    SupersededRow,
    checklist_rank,
    clause_numbers,
    iter_finding_rows,
    report_label,
)
from reports.aggregate.standing import district_rows, reporting_rows
from reports.aggregate.store import (
    REPORT_CHECKLISTS,
    REPORT_FINDINGS,
    REPORT_REVISIONS,
    REPORTS,
    SUBMISSIONS,
)
from reports.aggregate.titles import district_key
from reports.aggregate.words import RECT_STATES

_OLDEST = datetime.min


def build_summary(
    store: OfficeStore,
    *,
    trusted: Iterable[str] = (),
    require_trust: bool = False,
    failed: Sequence[FileOutcome] = (),
    pins: Mapping[str, Iterable[str]] | None = None,
    scope: Set[str] | None = None,
    today: date | None = None,
) -> Summary:
    """The summary of ``store``, or of the files whose content (SHA-256) is in ``scope``.

    ``trusted``: fingerprints whose signatures are trusted (this run's trust list). With
    ``require_trust`` an untrusted report is rejected here. ``pins``: ``{school code:
    fingerprints}`` (reports.aggregate.pins): a report of a pinned school signed with another
    certificate is rejected ("not_the_schools_certificate"), with or without ``require_trust``.
    The newest report of a school and period is the one with the highest revision number the
    school's store embedded; two different reports with the same top revision are both
    rejected ("revision_conflict"); copies of one signed revision are one report.
    ``failed``: this run's unreadable files, listed among the rejected. ``today``: the run
    date, on which rectification is overdue (default: today). Rows come in a fixed order,
    whatever the database; districts in pinyin order. The findings of each school are not held
    in memory: ``Summary.findings()`` reads them from ``store`` when they are written out.
    """
    trusted_set = frozenset(trusted)
    today = today or date.today()
    with store.connect() as connection:
        pinned = {code: frozenset(fps) for code, fps in (pins or {}).items()}
        candidates, rejected = _accepted(connection, trusted_set, require_trust, pinned, scope)
        rejected += _stored_rejections(connection, scope) + [_failed_row(o) for o in failed]
        winners, superseded, conflicts = _choose(candidates, trusted_set)
        rejected += conflicts
        cells = _checklist_cells(connection, winners)
        tally = _tally_findings(connection, winners, today)
        expected = expected_lists(connection)
    schools = sorted(
        (
            _school_row(c, trusted_set, cells.get(sid, {}), tally.per_school.get(sid))
            for sid, c in winners.items()
        ),
        key=lambda r: (r.period, district_key(r.district), r.school_code),
    )
    order = _checklist_order(cells)
    reporting = reporting_rows(schools, expected, every_period=scope is None)
    summary = Summary(
        schools=schools,
        superseded=superseded,
        rejected=sorted(rejected, key=lambda r: (r.path, r.reasons)),
        by_code=_code_rows(tally, order),
        checklists=order,
        districts=sorted(
            {s.district for s in schools} | {r.district for r in reporting}, key=district_key
        ),
        titles=_titles(order),
        store=store,
        reporting=reporting,
        by_district=district_rows(schools, reporting, expected),
        today=today,
        trusted=trusted_set,
    )
    summary.overdue = list(iter_finding_rows(summary, overdue_only=True))
    summary.overdue.sort(key=lambda f: (f.period, district_key(f.district), f.school_code))
    return summary


def _accepted(
    connection: Connection,
    trusted: frozenset[str],
    require_trust: bool,
    pins: Mapping[str, frozenset[str]],
    scope: Set[str] | None,
) -> tuple[list[dict[str, Any]], list[RejectedRow]]:
    query = (
        select(
            SUBMISSIONS.c.id,
            SUBMISSIONS.c.sha256,
            SUBMISSIONS.c.path,
            SUBMISSIONS.c.fingerprint,
            SUBMISSIONS.c.signer,
            SUBMISSIONS.c.signer_school,
            SUBMISSIONS.c.signer_school_code,
            SUBMISSIONS.c.signed_at,
            SUBMISSIONS.c.signed_sha256,
            SUBMISSIONS.c.received_at,
            REPORTS.c.report_id,
            REPORTS.c.school_name,
            REPORTS.c.school_code,
            REPORTS.c.district,
            REPORTS.c.stage,
            REPORTS.c.enrollment,
            REPORTS.c.period,
            REPORTS.c.generated_at,
            REPORT_REVISIONS.c.revision,
        )
        .join(REPORTS, REPORTS.c.submission_id == SUBMISSIONS.c.id)
        .outerjoin(REPORT_REVISIONS, REPORT_REVISIONS.c.submission_id == SUBMISSIONS.c.id)
        .where(SUBMISSIONS.c.accepted.is_(True))
    )
    # With require_trust a report must be checkable through and through, as for `verify`.
    unchecked = (
        {
            sid
            for (sid,) in streamed(
                connection,
                select(REPORT_CHECKLISTS.c.submission_id)
                .where(REPORT_CHECKLISTS.c.known.is_(False))
                .distinct(),
            )
        }
        if require_trust
        else set()
    )
    candidates, rejected = [], []
    for row in streamed(connection, query).mappings():
        if scope is not None and row["sha256"] not in scope:
            continue
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
        elif row["id"] in unchecked:
            rejected.append(
                RejectedRow(row["path"], ("cannot_reevaluate",), signer_school=row["signer_school"])
            )
        else:
            candidates.append(dict(row))
    return candidates, rejected


def _stored_rejections(connection: Connection, scope: Set[str] | None) -> list[RejectedRow]:
    query = select(
        SUBMISSIONS.c.sha256,
        SUBMISSIONS.c.path,
        SUBMISSIONS.c.reasons,
        SUBMISSIONS.c.detail_zh,
        SUBMISSIONS.c.detail_en,
        SUBMISSIONS.c.signer_school,
    ).where(SUBMISSIONS.c.accepted.is_(False))
    return [
        RejectedRow(path, tuple(reasons.split()), zh, en, school)
        for sha, path, reasons, zh, en, school in streamed(connection, query)
        if scope is None or sha in scope
    ]


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
    trusted: frozenset[str] = frozenset(),
) -> tuple[dict[int, dict[str, Any]], list[SupersededRow], list[RejectedRow]]:
    """The newest report per (school code, period) by revision; the others are superseded.

    Only reports that speak for the school compete (``_competing``): an untrusted report
    never supersedes nor conflicts away a trusted one. Files of the very same signed revision
    (same report id, same signed bytes: e.g. a copy with other /Contents padding) are one
    report: the first received counts, the others are copies and supersede nothing.
    Different reports sharing the top revision number are a conflict: all of them rejected.
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in candidates:
        groups.setdefault((c["school_code"], c["period"]), []).append(c)
    winners: dict[int, dict[str, Any]] = {}
    superseded: list[SupersededRow] = []
    conflicts: list[RejectedRow] = []
    for group in groups.values():
        members, left_out = _competing(group, trusted)
        conflicts += left_out
        if not members:
            continue
        reports, copies = _collapse_copies(members)
        reports.sort(key=_latest_key, reverse=True)
        best = reports[0]
        superseded += [_superseded_row(copy, kept, copy=True) for copy, kept in copies]
        top = [m for m in reports if best["revision"] and m["revision"] == best["revision"]]
        if len(top) > 1:
            conflicts += [_conflict_row(m, top) for m in top]
            superseded += [_superseded_row(m, best) for m in reports[len(top) :]]
            continue
        first = min((m["received_at"] for m in members if m["received_at"]), default=None)
        winners[best["id"]] = {
            **best,
            "superseded": len(reports) - 1,
            "copies": len(copies),
            "first_received": first,
        }
        superseded += [_superseded_row(m, best) for m in reports[1:]]
    superseded.sort(key=lambda r: (r.period, r.school_code, r.copy, r.signed_at or _OLDEST, r.path))
    return winners, superseded, conflicts


def _competing(
    members: list[dict[str, Any]], trusted: frozenset[str]
) -> tuple[list[dict[str, Any]], list[RejectedRow]]:
    """The reports of one school and period that may supersede each other, and the rejected.

    With a report signed by a certificate trusted for the school, only the trusted ones
    compete; the untrusted are not counted ("untrusted_not_counted"), whatever their revision
    number. Without one, the reports compete only if one certificate signed them all: reports
    of several untrusted certificates are all rejected ("signers_differ"), as nothing tells
    which one is the school's.
    """
    sure = [m for m in members if m["fingerprint"] in trusted]
    if sure:
        kept = {m["path"] for m in sure}
        return sure, [
            _rejected(m, "untrusted_not_counted", sorted(kept))
            for m in members
            if m["fingerprint"] not in trusted
        ]
    if len({m["fingerprint"] for m in members}) <= 1:
        return members, []
    paths = [m["path"] for m in members]
    return [], [
        _rejected(m, "signers_differ", [p for p in paths if p != m["path"]]) for m in members
    ]


def _rejected(member: dict[str, Any], reason: str, others: list[str]) -> RejectedRow:
    shown = report_label(member["report_id"], member["revision"], "zh")
    shown_en = report_label(member["report_id"], member["revision"], "en")
    return RejectedRow(
        member["path"],
        (reason,),
        f"报告 {shown}，另见：{'、'.join(others)}",
        f"report {shown_en}, see also: {', '.join(others)}",
        member["signer_school"],
    )


def _conflict_row(member: dict[str, Any], top: list[dict[str, Any]]) -> RejectedRow:
    others = [m["path"] for m in top if m is not member]
    return RejectedRow(
        member["path"],
        ("revision_conflict",),
        f"修订号 {member['revision']}，另见：{'、'.join(others)}",
        f"revision {member['revision']}, see also: {', '.join(others)}",
        member["signer_school"],
    )


def _collapse_copies(
    members: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """Distinct signed reports among ``members``, and (copy, the report it copies) pairs."""
    by_revision: dict[tuple[str, str], list[dict[str, Any]]] = {}
    reports: list[dict[str, Any]] = []
    for m in members:
        if m["signed_sha256"]:
            by_revision.setdefault((m["report_id"], m["signed_sha256"]), []).append(m)
        else:
            reports.append(m)
    copies = []
    for same in by_revision.values():
        # The first received; among files received together, the first by name (not by the
        # order the workers happened to finish them).
        same.sort(key=lambda m: (m["received_at"] or _OLDEST, m["path"], m["id"]))
        reports.append(same[0])
        copies += [(other, same[0]) for other in same[1:]]
    return reports, copies


def _superseded_row(
    old: dict[str, Any], new: dict[str, Any], *, copy: bool = False
) -> SupersededRow:
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
        copy=copy,
        revision=old["revision"],
        by_revision=new["revision"],
    )


def _checklist_cells(
    connection: Connection, winners: Mapping[int, Any]
) -> dict[int, dict[str, ChecklistCell]]:
    query = select(
        REPORT_CHECKLISTS.c.submission_id,
        REPORT_CHECKLISTS.c.checklist,
        REPORT_CHECKLISTS.c.status,
        REPORT_CHECKLISTS.c.compliance,
        REPORT_CHECKLISTS.c.known,
        REPORT_CHECKLISTS.c.passed,
        REPORT_CHECKLISTS.c.failed,
        REPORT_CHECKLISTS.c.applicable,
        REPORT_CHECKLISTS.c.done,
        REPORT_CHECKLISTS.c.open,
        REPORT_CHECKLISTS.c.version,
    ).order_by(REPORT_CHECKLISTS.c.submission_id, REPORT_CHECKLISTS.c.position)
    cells: dict[int, dict[str, ChecklistCell]] = {}
    for sid, checklist, status, compliance, known, *counts, version in streamed(connection, query):
        if sid in winners:
            passed, failed, applicable, done, still_open = counts
            cells.setdefault(sid, {})[checklist] = ChecklistCell(
                status, compliance, known, passed, failed, applicable, done, still_open, version
            )
    return cells


@dataclass
class _SchoolTally:
    """One school's findings, counted (messages stay in the store)."""

    by_severity: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    findings: int = 0
    codes: list[str] = field(default_factory=list)
    rectification: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECT_STATES, 0))
    overdue: int = 0


@dataclass
class _Tally:
    """Findings counted per school and per (period, checklist, code) by district."""

    per_school: dict[int, _SchoolTally] = field(default_factory=dict)
    per_code: dict[tuple[str, str, str], dict[str, int]] = field(default_factory=dict)
    first: dict[tuple[str, str, str], tuple[str, str, str]] = field(default_factory=dict)


def _tally_findings(
    connection: Connection, winners: Mapping[int, dict[str, Any]], today: date
) -> _Tally:
    """One streamed pass over the findings of the reports that count."""
    t = REPORT_FINDINGS.c
    query = select(
        t.submission_id,
        t.checklist,
        t.code,
        t.severity,
        t.count,
        t.clauses,
        t.item,
        t.rect_status,
        t.due_date,
    )
    tally = _Tally()
    per_school = tally.per_school
    names: dict[tuple[str, str], str] = {}  # (checklist, code) → "checklist.code", made once
    for row in streamed(connection, query):
        sid, checklist, code, severity, count, clauses, item, rect_status, due = row
        school = winners.get(sid)
        if school is None:
            continue
        mine = per_school.get(sid)
        if mine is None:
            mine = per_school[sid] = _SchoolTally()
        by_severity, rectification = mine.by_severity, mine.rectification
        by_severity[severity] = by_severity.get(severity, 0) + count
        mine.findings += count
        state = rect_status or "none"
        rectification[state] = rectification.get(state, 0) + 1
        if due is not None and due < today and rect_status != "done":
            mine.overdue += 1
        name = names.get((checklist, code))
        if name is None:
            name = names[checklist, code] = sys.intern(f"{checklist}.{code}")
        if name in mine.codes:
            continue  # a school with a code counts once per code, however many findings
        mine.codes.append(name)
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
        received_at=c["first_received"],
        copies=c["copies"],
        rectification=tally.rectification,
        overdue=tally.overdue,
        revision=c["revision"],
    )


def _checklist_order(cells: Mapping[int, Mapping[str, ChecklistCell]]) -> list[str]:
    builtin = list(builtin_checklists())
    seen = {cid for per_school in cells.values() for cid in per_school}
    return [c for c in builtin if c in seen] + sorted(seen - set(builtin))


def _titles(order: list[str]) -> dict[str, tuple[str, str]]:
    builtin = builtin_checklists()
    return {cid: (builtin[cid].title.zh, builtin[cid].title.en) for cid in order if cid in builtin}


def _code_rows(tally: _Tally, order: list[str]) -> list[CodeRow]:
    rank, severity_rank = checklist_rank(order), {s: i for i, s in enumerate(SEVERITIES)}
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
                clauses=clause_numbers(clauses),
                total=sum(per.values()),
                by_district=dict(sorted(per.items(), key=lambda kv: district_key(kv[0]))),
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
