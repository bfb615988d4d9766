"""School profiles: create, update (by id or by code), read."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from checklists.answers import School, school_to_json
from checklists.answers_doc import DocumentParser
from checklists.foundation.errors import AnswersError, InputError
from models import cache
from models.errors import NotFound
from models.listing import school_list, school_profile
from models.ops.common import SCHOOL_FIELDS, default_user, utcnow
from models.ops.history import record
from models.stored import check_texts
from models.tables import Assessment
from models.tables import School as SchoolRow


def validate_school(profile: School) -> School:
    """The profile checked as in an answers document (10-digit code, known stage, counts ≥ 0)."""
    parser = DocumentParser({})
    checked = parser._school(school_to_json(profile))  # the one place that knows the rules
    if checked is None:
        raise AnswersError(parser.problems)
    check_texts(school_to_json(checked), "school")  # the document's rule for its texts
    return checked


def get_school(s: Session, school_id: int) -> School:
    """The profile of school ``school_id``."""
    s.flush()  # what a query of the mapped class would do first
    return school_profile(s.connection(), school_id)


def find_school(s: Session, code: str) -> int | None:
    """The id of the school with ``code``, or None."""
    return s.scalar(select(SchoolRow.id).where(SchoolRow.code == code))


def list_schools(s: Session) -> list[tuple[int, School]]:
    """Every school as (id, profile), by name (read with SQL, as the home page reads it at
    start-up: models.listing)."""
    s.flush()  # what a query of the mapped class would do first
    return school_list(s.connection())


def create_school(s: Session, profile: School, *, user: str | None = None) -> int:
    """Store a new school; InputError when the profile is invalid or its code is taken."""
    profile = validate_school(profile)
    if find_school(s, profile.code) is not None:
        raise InputError(
            f"学校代码 {profile.code} 已存在", f"school code {profile.code} already exists"
        )
    now = utcnow()
    row = SchoolRow(**school_to_json(profile), created_at=now, updated_at=now)
    s.add(row)
    s.flush()
    record(
        s,
        None,
        "school_create",
        user=default_user(user),
        new=school_to_json(profile),
        source=profile.code,
    )
    return row.id


def update_school(s: Session, school_id: int, profile: School, *, user: str | None = None) -> None:
    """Change a school's profile; its draft and completed assessments take the new profile.

    Signed assessments keep the profile they were signed with.
    """
    from models.ops.common import state
    from models.ops.evaluation import refresh

    profile = validate_school(profile)
    user = default_user(user)
    row = s.get(SchoolRow, school_id)
    if row is None:
        raise NotFound(f"学校 #{school_id}", f"school #{school_id}")
    old = school_to_json(row)
    new = school_to_json(profile)
    if old == new:
        return
    other = find_school(s, profile.code)
    if other is not None and other != school_id:
        raise InputError(
            f"学校代码 {profile.code} 已存在", f"school code {profile.code} already exists"
        )
    for key in SCHOOL_FIELDS:
        setattr(row, key, getattr(profile, key))
    row.updated_at = utcnow()
    record(s, None, "school_update", user=user, old=old, new=new, source=profile.code)
    ec = cache.writing(s)
    for a in s.scalars(
        select(Assessment).where(Assessment.school_id == school_id, Assessment.status != "signed")
    ):
        previous = json.loads(a.profile_json)
        a.profile_json = json.dumps(new, ensure_ascii=False)
        s.flush()
        record(s, a.id, "profile", user=user, old=previous, new=new)
        ec.assessments.pop(a.id, None)
        refresh(s, state(s, a.id), None)


def save_school(s: Session, profile: School, *, user: str | None = None) -> int:
    """Create the school, or update the one with the same code; returns its id."""
    existing = find_school(s, profile.code)
    if existing is None:
        return create_school(s, profile, user=user)
    update_school(s, existing, profile, user=user)
    return existing
