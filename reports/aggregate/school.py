"""One school across periods: the report that counts in each, and its findings compared with
the period before (new, recurring, resolved)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from reports.aggregate.database import OfficeStore
from reports.aggregate.rows import FindingRow, SchoolRow, Summary
from reports.aggregate.store import (
    REPORT_FINDINGS,
    REPORT_REVISIONS,
    REPORTS,
    SUBMISSIONS,
)
from reports.aggregate.summary import _choose

FindingKey = tuple[str, str]  # (checklist, code)


@dataclass(frozen=True)
class SchoolPeriod:
    """A school's counted report in one period, with its findings by (checklist, code)."""

    period: str
    reference_date: date
    report_id: str
    findings: dict[FindingKey, int]


@dataclass(frozen=True)
class PeriodChange:
    """One finding code in two periods: how many findings before and now (0: none)."""

    checklist: str
    code: str
    before: int
    now: int

    @property
    def change(self) -> str:
        """new, resolved or recurring."""
        if self.now and not self.before:
            return "new"
        return "resolved" if self.before and not self.now else "recurring"


def school_findings(summary: Summary, school: SchoolRow) -> list[FindingRow]:
    """The findings (with rectification) of ``school``'s counted report, read from the store."""
    return list(replace(summary, schools=[school]).findings())


def school_periods(
    store: OfficeStore, school_code: str, trusted: frozenset[str] = frozenset()
) -> list[SchoolPeriod]:
    """Every period the store has a valid report of ``school_code`` for, oldest first (by the
    reports' reference dates); in each, the report that counts (the latest signed, as the
    summary chooses with the ``trusted`` fingerprints)."""
    columns = (
        SUBMISSIONS.c.id, SUBMISSIONS.c.sha256, SUBMISSIONS.c.path, SUBMISSIONS.c.signed_at,
        SUBMISSIONS.c.signed_sha256, SUBMISSIONS.c.received_at, SUBMISSIONS.c.fingerprint,
        SUBMISSIONS.c.signer, SUBMISSIONS.c.signer_school, SUBMISSIONS.c.signer_school_code,
        REPORTS.c.report_id, REPORTS.c.school_name, REPORTS.c.school_code, REPORTS.c.district,
        REPORTS.c.stage, REPORTS.c.enrollment, REPORTS.c.period, REPORTS.c.generated_at,
        REPORTS.c.reference_date, REPORT_REVISIONS.c.revision,
    )  # fmt: skip
    query = (
        select(*columns)
        .join(REPORTS, REPORTS.c.submission_id == SUBMISSIONS.c.id)
        .outerjoin(REPORT_REVISIONS, REPORT_REVISIONS.c.submission_id == SUBMISSIONS.c.id)
        .where(SUBMISSIONS.c.accepted.is_(True), REPORTS.c.school_code == school_code)
    )
    with store.connect() as s:
        candidates = [dict(row) for row in s.execute(query).mappings()]
        winners, _superseded, _conflicts = _choose(candidates, trusted)
        counts: dict[int, dict[FindingKey, int]] = {sid: {} for sid in winners}
        if winners:
            found = select(
                REPORT_FINDINGS.c.submission_id,
                REPORT_FINDINGS.c.checklist,
                REPORT_FINDINGS.c.code,
                REPORT_FINDINGS.c.count,
            ).where(REPORT_FINDINGS.c.submission_id.in_(list(winners)))
            for sid, checklist, code, count in s.execute(found):
                counts[sid][(checklist, code)] = counts[sid].get((checklist, code), 0) + count
    periods = [
        SchoolPeriod(w["period"], w["reference_date"], w["report_id"], counts[sid])
        for sid, w in winners.items()
    ]
    return sorted(periods, key=lambda p: (p.reference_date, p.period))


def compare_periods(before: SchoolPeriod | None, now: SchoolPeriod) -> list[PeriodChange]:
    """The finding codes of ``now`` against ``before``: new and recurring ones in ``now``'s
    order, then the resolved ones (only in ``before``)."""
    previous = before.findings if before is not None else {}
    rows = [PeriodChange(*key, previous.get(key, 0), count) for key, count in now.findings.items()]
    rows += [
        PeriodChange(*key, count, 0) for key, count in previous.items() if key not in now.findings
    ]
    order = {"new": 0, "recurring": 1, "resolved": 2}
    return sorted(rows, key=lambda r: order[r.change])


def previous_period(periods: Iterable[SchoolPeriod], period: str) -> SchoolPeriod | None:
    """The period before ``period`` among ``periods`` (oldest first), if any."""
    earlier = None
    for p in periods:
        if p.period == period:
            return earlier
        earlier = p
    return None
