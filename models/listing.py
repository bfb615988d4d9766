"""The lists the home page shows — self-checks and schools — read with SQL on a connection.

Neither the ORM (the mapped classes of models.tables, sqlalchemy.orm) nor a Session is needed
here: the window's first page reads through this module alone, and the ORM's import (a tenth
of a second) is paid when a self-check is first opened or changed. The operations that take a
Session read through the same functions (``models.ops.assessments.list_assessments``,
``models.ops.school.list_schools`` and ``get_school``), so both read the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, text

from checklists.answers import SCHOOL_FIELDS, School
from models.errors import NotFound
from models.ops.list_figures import ListFigures
from models.stored import EDITED_AT

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the assessment list."""

    id: int
    school_id: int
    school_name: str
    school_code: str
    period: str
    reference_date: date
    status: str
    revision: int
    amended_from: int | None
    progress: float  # % of the items that apply which are answered
    findings: dict[str, int]  # by severity: critical, major, minor
    checklists: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    compliance: float | None = None  # 符合率 in %: passed of judged; None when nothing is judged
    open_items: int = 0  # items that keep the self-check open (checklists.results.Figures.open)


@dataclass(frozen=True)
class HomeList:
    """What the home page shows: the current school, how many schools, the assessments."""

    school: tuple[int, School] | None
    schools: int
    assessments: list[AssessmentSummary]


# ``a``: an assessments row (a mapped Assessment or a row of _LIST) → its list figures evaluated
Evaluate = Callable[[Any], ListFigures]


def stored_figures(a: Any) -> ListFigures | None:
    """The list figures stored on an assessments row; None when they are not stored (a
    self-check the schema step that added them could not evaluate)."""
    if a.progress is None:
        return None
    counts = {
        "critical": a.findings_critical or 0,
        "major": a.findings_major or 0,
        "minor": a.findings_minor or 0,
    }
    return ListFigures(a.progress, a.compliance, a.open_items or 0, counts)


def summary_of(
    a: Any, checklists: tuple[str, ...], fig: ListFigures, edited: datetime | None = None
) -> AssessmentSummary:
    """The list line of assessments row ``a`` with its checklists and figures."""
    profile = json.loads(a.profile_json)
    return AssessmentSummary(
        a.id,
        a.school_id,
        profile["name"],
        profile["code"],
        a.period,
        a.reference_date,
        a.status,
        a.revision,
        a.amended_from_id,
        fig.progress,
        fig.findings,
        checklists,
        a.created_at,
        a.updated_at if edited is None else edited,
        fig.compliance,
        fig.open_items,
    )


_LIST = text(
    "SELECT * FROM (SELECT id, school_id, profile_json, period, reference_date, status,"
    f" revision, amended_from_id, created_at, {EDITED_AT} AS updated_at, progress, compliance,"
    " open_items, findings_critical, findings_major, findings_minor FROM assessments)"
    " ORDER BY updated_at DESC, id DESC"
).columns(reference_date=Date, created_at=DateTime, updated_at=DateTime)
_LIST_CHECKLISTS = (
    "SELECT assessment_id, checklist_id FROM assessment_checklists ORDER BY assessment_id, position"
)


def assessment_list(conn: Connection, evaluate: Evaluate | None) -> list[AssessmentSummary] | None:
    """Every assessment, most recently changed first, with status, progress and finding counts.

    A self-check without stored list figures is evaluated with ``evaluate``; without one, the
    answer is None (the caller reads the list through a Session instead)."""
    chosen: dict[int, list[str]] = {}
    for assessment_id, checklist_id in conn.exec_driver_sql(_LIST_CHECKLISTS):
        chosen.setdefault(assessment_id, []).append(checklist_id)
    summaries = []
    for a in conn.execute(_LIST).all():
        fig = stored_figures(a)
        if fig is None:
            if evaluate is None:
                return None
            fig = evaluate(a)
        summaries.append(summary_of(a, tuple(chosen.get(a.id, ())), fig))
    return summaries


_SCHOOL = f"SELECT id, {', '.join(SCHOOL_FIELDS)} FROM schools"


def _school(row: Any) -> School:
    return School(**dict(zip(SCHOOL_FIELDS, row[1:], strict=True)))


def school_profile(conn: Connection, school_id: int) -> School:
    """The profile of school ``school_id`` (NotFound when there is none)."""
    row = conn.exec_driver_sql(_SCHOOL + " WHERE id = ?", (school_id,)).first()
    if row is None:
        raise NotFound(f"学校 #{school_id}", f"school #{school_id}")
    return _school(row)


def school_list(conn: Connection) -> list[tuple[int, School]]:
    """Every school as (id, profile), by name."""
    return [(r[0], _school(r)) for r in conn.exec_driver_sql(_SCHOOL + " ORDER BY name, id")]


def home_list(conn: Connection, evaluate: Evaluate | None = None) -> HomeList | None:
    """The home page's data in one read: the school of the most recently changed self-check
    (else the first school), the number of schools, every self-check. None when a self-check's
    list figures are not stored and there is no ``evaluate`` (see ``assessment_list``)."""
    rows = assessment_list(conn, evaluate)
    if rows is None:
        return None
    schools = school_list(conn)
    if rows:
        school: tuple[int, School] | None = (
            rows[0].school_id,
            school_profile(conn, rows[0].school_id),
        )
    else:
        school = schools[0] if schools else None
    return HomeList(school, len(schools), rows)
