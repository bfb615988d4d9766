"""Small Qt-free compositions of core operations the screens need (each runs in the caller's session)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from checklists.answers import School
from models.ops.assessments import AssessmentSummary, get_assessment, list_assessments
from models.ops.school import get_school, list_schools


@dataclass(frozen=True)
class HomeData:
    """What the home page shows: the current school, how many schools, the assessments."""

    school: tuple[int, School] | None
    schools: int
    assessments: list[AssessmentSummary]


def home_data(s: Session) -> HomeData:
    """The home page's data in one read."""
    rows = list_assessments(s)
    schools = list_schools(s)
    if rows:
        school: tuple[int, School] | None = (rows[0].school_id, get_school(s, rows[0].school_id))
    else:
        school = schools[0] if schools else None
    return HomeData(school, len(schools), rows)


def current_school(s: Session) -> tuple[int, School] | None:
    """The school the home page shows: that of the most recently changed assessment, else the first."""
    rows = list_assessments(s)
    if rows:
        return rows[0].school_id, get_school(s, rows[0].school_id)
    schools = list_schools(s)
    return schools[0] if schools else None


def copy_for_new_period(
    s: Session, assessment_id: int, period: str, reference_date: date, *, user: str
) -> int:
    """A new draft for another period that starts from ``assessment_id``'s answers.

    Done as the brief of "copy from last period" says: export the old one as an answers document,
    give it the new period and reference date and the school's current profile, parse it again
    against today's checklist definitions, and import it. Finding explanations and rectifications
    belong to the old period's findings and are left behind.
    """
    from checklists.answers_doc import DocumentParser, document_to_json
    from checklists.errors import InputError
    from checklists.registry import load_checklists
    from models.ops.common import data_dir_of
    from models.ops.exchange import export_document, import_document

    if not period.strip():
        raise InputError("请填写检查周期", "enter the period")
    old = export_document(s, assessment_id)
    school = get_school(s, get_assessment(s, assessment_id).school_id)
    fresh = replace(
        old, school=school, period=period.strip(), reference_date=reference_date, finding_notes=()
    )
    checklists = load_checklists(data_dir_of(s))
    doc = DocumentParser(checklists).parse(document_to_json(fresh))
    return import_document(s, doc, user=user, checklists=checklists)
