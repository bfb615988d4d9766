"""Helpers shared by the operations: clock, user, JSON, the loaded assessment and its checks."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from checklists.answers import SCHOOL_FIELDS as SCHOOL_FIELDS
from checklists.foundation.errors import InputError
from checklists.model import Checklist
from models import cache
from models.cache import AssessmentState
from models.errors import NotFound, ReadOnlyAssessment
from models.snapshots import load_snapshot
from models.stored import check as check
from models.stored import default_user as default_user
from models.stored import dumps as dumps
from models.stored import item_of as item_of
from models.stored import missing_checklist
from models.stored import school_from_json as school_from_json
from models.stored import stamp as stamp
from models.stored import table_item as table_item
from models.stored import utcnow as utcnow
from models.tables import Assessment, AssessmentChecklist, ChecklistSnapshot

# the session's info key of the driver's connection of its current transaction
_DRIVER = "campus_selfcheck_driver"


def sql(s: Session, statement: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
    """Run one raw SQL statement in the session's transaction, on the driver's connection (a
    save's statements skip SQLAlchemy's per-statement work); returns the sqlite3 cursor (read
    it whole). A driver error comes out as SQLAlchemy's wrapper of it, as from any statement of
    the session, so ``Database.session`` names it (disk full, read-only, busy).

    The connection is asked of the session once per transaction (a save runs four statements;
    asking costs more than running some of them) and forgotten as any transaction of the
    session ends, so a statement never runs on a connection its transaction gave back."""
    connection = s.info.get(_DRIVER)
    if connection is None:
        connection = s.connection().connection.dbapi_connection  # BEGIN on the first use
        assert connection is not None
        s.info[_DRIVER] = connection
    try:
        return connection.execute(statement, params)  # type: ignore[no-any-return]
    except sqlite3.Error as exc:
        from sqlalchemy.exc import DBAPIError

        raise DBAPIError.instance(statement, params, exc, sqlite3.Error) from exc


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(s: Session, _transaction: SessionTransaction) -> None:
    s.info.pop(_DRIVER, None)


def data_dir_of(s: Session) -> Path:
    """The data folder of the session's database (the folder holding campus.db)."""
    database = cache.engine_of(s).url.database
    if not database:
        raise RuntimeError("the session is not bound to a file database")
    return Path(database).resolve().parent


def _load_state(s: Session, assessment_id: int) -> AssessmentState:
    row = s.get(Assessment, assessment_id)
    if row is None:
        raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
    snaps = s.execute(
        select(
            AssessmentChecklist.checklist_id,
            ChecklistSnapshot.sha256,
            ChecklistSnapshot.format,
            ChecklistSnapshot.content,
        )
        .join(ChecklistSnapshot, AssessmentChecklist.snapshot_sha256 == ChecklistSnapshot.sha256)
        .where(AssessmentChecklist.assessment_id == assessment_id)
        .order_by(AssessmentChecklist.position)
    ).all()
    checklists = {cl: load_snapshot(sha, fmt, content, cl) for cl, sha, fmt, content in snaps}
    found = AssessmentState(
        row.id, row.status, school_from_json(row.profile_json), row.reference_date, checklists
    )
    if row.progress is not None:  # as models.ops.list_figures.figure_values orders them
        found.stored_figures = (
            row.progress,
            row.compliance,
            row.open_items,
            row.findings_critical,
            row.findings_major,
            row.findings_minor,
        )
    return found


def state(s: Session, assessment_id: int) -> AssessmentState:
    """The loaded assessment (NotFound when there is none)."""
    ec = cache.of(s)
    found = ec.assessments.get(assessment_id)
    if found is None:
        found = ec.assessments[assessment_id] = _load_state(s, assessment_id)
    return found


def writable(s: Session, assessment_id: int) -> AssessmentState:
    """The loaded assessment for a change: ReadOnlyAssessment when it is signed."""
    cache.writing(s)
    st = state(s, assessment_id)
    if st.status == "signed":
        raise ReadOnlyAssessment(assessment_id)
    return st


def checklist_of(st: AssessmentState, checklist_id: str) -> Checklist:
    """The assessment's snapshot of ``checklist_id``."""
    checklist = st.checklists.get(checklist_id)
    if checklist is None:
        raise missing_checklist(st.id, checklist_id)
    return checklist


def as_date(value: date | str | None) -> date | None:
    """A date from a date or an ISO string (InputError otherwise)."""
    from checklists.answers import parse_iso_date

    if value is None or value == "":
        return None
    parsed = parse_iso_date(value)
    if parsed is None:
        raise InputError(f"日期应为 YYYY-MM-DD：{value}", f"a date must be YYYY-MM-DD: {value}")
    return parsed
