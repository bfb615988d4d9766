"""Small Qt-free compositions of core operations the screens need (each runs in the caller's session)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from checklists.answers import School
from models.listing import HomeList
from models.ops.assessments import list_assessments
from models.ops.school import get_school, list_schools


def home_data(s: Session) -> HomeList:
    """The home page's data in one read."""
    rows = list_assessments(s)
    schools = list_schools(s)
    if rows:
        school: tuple[int, School] | None = (rows[0].school_id, get_school(s, rows[0].school_id))
    else:
        school = schools[0] if schools else None
    return HomeList(school, len(schools), rows)


def current_school(s: Session) -> tuple[int, School] | None:
    """The school the home page shows: that of the most recently changed assessment, else the first."""
    rows = list_assessments(s)
    if rows:
        return rows[0].school_id, get_school(s, rows[0].school_id)
    schools = list_schools(s)
    return schools[0] if schools else None
