"""Where each school and district stands: who reported (on time, late), who did not, and the
findings and rectification of every district."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC

from checklists.model import SEVERITIES
from reports.aggregate.expected import ExpectedList
from reports.aggregate.rows import DistrictRow, ReportingRow, SchoolRow
from reports.aggregate.titles import district_key
from reports.aggregate.words import (
    RECT_STATES,
    REPORTING_STATES,
    SCHOOL_STATUSES,
)


def reporting_rows(
    schools: Sequence[SchoolRow],
    expected: Mapping[str, ExpectedList],
    *,
    every_period: bool,
) -> list[ReportingRow]:
    """The standing of every school on the lists of the periods in ``schools`` (of every listed
    period with ``every_period``), and of the reports from schools not on a list.

    Late: the office first received a valid report for the period after the deadline day
    (this computer's calendar).
    """
    periods = set(expected) if every_period else {s.period for s in schools} & set(expected)
    rows: list[ReportingRow] = []
    for period in periods:
        listed = expected[period]
        reported = {s.school_code: s for s in schools if s.period == period}
        for entry in listed.schools:
            school = reported.get(entry.code)
            status = "missing" if school is None else _timeliness(school, listed)
            rows.append(
                ReportingRow(
                    period,
                    entry.code,
                    entry.name,
                    entry.district,
                    entry.stage,
                    entry.contact,
                    status,
                    listed.deadline,
                    school.received_at if school else None,
                )  # fmt: skip
            )
        on_list = {e.code for e in listed.schools}
        rows += [
            ReportingRow(
                period,
                s.school_code,
                s.school_name,
                s.district,
                s.stage,
                "",
                "unexpected",
                listed.deadline,
                s.received_at,
            )  # fmt: skip
            for code, s in reported.items()
            if code not in on_list
        ]
    rank = {state: i for i, state in enumerate(REPORTING_STATES)}
    rows.sort(key=lambda r: (r.period, rank[r.status], district_key(r.district), r.school_code))
    return rows


def _timeliness(school: SchoolRow, listed: ExpectedList) -> str:
    if listed.deadline is None or school.received_at is None:
        return "on_time"
    received = school.received_at.replace(tzinfo=UTC).astimezone().date()
    return "late" if received > listed.deadline else "on_time"


def district_rows(
    schools: Sequence[SchoolRow],
    reporting: Sequence[ReportingRow],
    expected: Mapping[str, ExpectedList],
) -> list[DistrictRow]:
    """One row per (period, district) with reports or expected schools, in pinyin order."""
    keys = {(s.period, s.district) for s in schools} | {(r.period, r.district) for r in reporting}
    rows = []
    for period, district in sorted(keys, key=lambda k: (k[0], district_key(k[1]))):
        mine = [s for s in schools if s.period == period and s.district == district]
        standing = [r for r in reporting if r.period == period and r.district == district]
        listed = expected.get(period)
        rows.append(
            DistrictRow(
                period=period,
                district=district,
                expected=sum(1 for r in standing if r.status != "unexpected") if listed else None,
                reported=len(mine),
                missing=sum(1 for r in standing if r.status == "missing"),
                late=sum(1 for r in standing if r.status == "late"),
                by_status={k: sum(1 for s in mine if s.status == k) for k in SCHOOL_STATUSES},
                by_severity={k: sum(s.by_severity.get(k, 0) for s in mine) for k in SEVERITIES},
                findings=sum(s.findings for s in mine),
                rectification={
                    k: sum(s.rectification.get(k, 0) for s in mine) for k in RECT_STATES
                },
                overdue=sum(s.overdue for s in mine),
            )
        )
    return rows


def total_row(rows: Sequence[DistrictRow], label: str) -> DistrictRow:
    """The sum of ``rows`` as one row named ``label`` (the totals line)."""
    expected = [r.expected for r in rows if r.expected is not None]
    return DistrictRow(
        period="",
        district=label,
        expected=sum(expected) if expected else None,
        reported=sum(r.reported for r in rows),
        missing=sum(r.missing for r in rows),
        late=sum(r.late for r in rows),
        by_status={k: sum(r.by_status.get(k, 0) for r in rows) for k in SCHOOL_STATUSES},
        by_severity={k: sum(r.by_severity.get(k, 0) for r in rows) for k in SEVERITIES},
        findings=sum(r.findings for r in rows),
        rectification={k: sum(r.rectification.get(k, 0) for r in rows) for k in RECT_STATES},
        overdue=sum(r.overdue for r in rows),
    )
