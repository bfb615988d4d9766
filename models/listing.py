"""The lists the home page shows — self-checks and schools — read with SQL on a connection.

Neither the ORM (the mapped classes of models.tables, sqlalchemy.orm) nor a Session is needed
here: the window's first page reads through this module alone, and the ORM's import (a tenth
of a second) is paid when a self-check is first opened or changed. The operations that take a
Session read through the same functions (``models.ops.assessments.list_assessments``,
``models.ops.school.list_schools`` and ``get_school``), so both read the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, text

from checklists.answers import SCHOOL_FIELDS, School
from models.errors import NotFound, StoredValueError
from models.ops.list_figures import ListFigures
from models.stored import EDITED_AT, school_from_json

# what assessments.status may hold (its CHECK constraint)
STATUSES = ("draft", "completed", "signed")

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


def _number(where: str, value: Any, empty: bool = False) -> Any:
    """``value`` when it is a number (or None, where ``empty`` allows it), else StoredValueError."""
    if value is None and empty:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise StoredValueError(f"assessments.{where}", f"not a number: {str(value)[:40]!r}")
    return value


def _count(where: str, value: Any) -> int:
    """A stored count (None: 0), else StoredValueError."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StoredValueError(f"assessments.{where}", f"not a count: {str(value)[:40]!r}")
    return value


def stored_figures(a: Any) -> ListFigures | None:
    """The list figures stored on an assessments row; None when they are not stored (a
    self-check the schema step that added them could not evaluate). A figure changed outside
    the app into something else than a number is StoredValueError."""
    if a.progress is None:
        return None
    counts = {
        "critical": _count("findings_critical", a.findings_critical),
        "major": _count("findings_major", a.findings_major),
        "minor": _count("findings_minor", a.findings_minor),
    }
    return ListFigures(
        _number("progress", a.progress),
        _number("compliance", a.compliance, empty=True),
        _count("open_items", a.open_items),
        counts,
    )


def _decoded_school(stored: str) -> School:
    """A self-check's stored school profile (StoredValueError when it cannot be one)."""
    try:
        school = school_from_json(stored)
    except (TypeError, KeyError, ValueError) as exc:
        raise StoredValueError("assessments.profile_json", str(exc)[:200]) from exc
    if not isinstance(school.name, str) or not isinstance(school.code, str):
        raise StoredValueError("assessments.profile_json", "no school name or code")
    return school


def summary_of(
    a: Any, checklists: tuple[str, ...], fig: ListFigures, edited: datetime | None = None
) -> AssessmentSummary:
    """The list line of assessments row ``a`` with its checklists and figures."""
    school = _decoded_school(a.profile_json)
    if a.status not in STATUSES:
        raise StoredValueError("assessments.status", f"unknown status {str(a.status)[:40]!r}")
    if not isinstance(a.period, str):
        raise StoredValueError("assessments.period", "not text")
    if isinstance(a.revision, bool) or not isinstance(a.revision, int) or a.revision < 1:
        raise StoredValueError("assessments.revision", f"not a revision: {str(a.revision)[:40]!r}")
    return AssessmentSummary(
        a.id,
        a.school_id,
        school.name,
        school.code,
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
    # the school of the newest self-check; a school row deleted outside the app leaves the list
    # as it is (each self-check keeps its own copy of the profile) and the first school shown
    found = dict(schools)
    school: tuple[int, School] | None = schools[0] if schools else None
    if rows:
        newest = rows[0]
        profile = found.get(newest.school_id)
        if profile is None:
            # the school row was deleted outside the app: the newest self-check's own copy
            # of the profile still names it (editing the school then says it is gone)
            stored = conn.exec_driver_sql(
                "SELECT profile_json FROM assessments WHERE id = ?", (newest.id,)
            ).scalar_one()
            profile = _decoded_school(stored)
        school = (newest.school_id, profile)
    return HomeList(school, len(schools), rows)
