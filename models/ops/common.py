"""Helpers shared by the operations: clock, user, JSON, the loaded assessment and its checks."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checklists.answers import SCHOOL_FIELDS as SCHOOL_FIELDS
from checklists.foundation.errors import InputError
from checklists.model import Checklist, Item
from models import cache
from models.cache import AssessmentState
from models.errors import NotFound, ReadOnlyAssessment
from models.snapshots import load_snapshot
from models.stored import check as check
from models.stored import school_from_json as school_from_json
from models.tables import Assessment, AssessmentChecklist, ChecklistSnapshot


def utcnow() -> datetime:
    """The current time in UTC (stored naive, always UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def stamp(at: datetime) -> str:
    """A time as SQLAlchemy stores DateTime in SQLite (so raw SQL and ORM rows read back alike)."""
    return at.isoformat(sep=" ", timespec="microseconds")


def sql(s: Session, statement: str, params: tuple[Any, ...]) -> Any:
    """Run one raw SQL statement in the session's transaction (the hot paths skip ORM overhead)."""
    return s.connection().exec_driver_sql(statement, params)


def default_user(user: str | None) -> str:
    """``user``, or the OS user name (``unknown`` when the OS cannot tell)."""
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (service, container)
        return "unknown"


def _json_date(value: object) -> str:
    """What ``value_to_json`` makes of a date (tuples and lists are JSON arrays already)."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# One encoder for every call: the same text as json.dumps(value_to_json(value), ...), without
# walking the value twice nor building an encoder each time (an import dumps 5,000 rows).
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=_json_date
)


def dumps(value: Any) -> str:
    """Compact, deterministic JSON of a normalised value (dates as ISO strings)."""
    return _ENCODER.encode(value)


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
    return AssessmentState(
        row.id, row.status, school_from_json(row.profile_json), row.reference_date, checklists
    )


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
        raise NotFound(
            f"清单“{checklist_id}”（自查 #{st.id} 未包含它）",
            f"checklist '{checklist_id}' (not part of assessment #{st.id})",
        )
    return checklist


def item_of(checklist: Checklist, item_id: str) -> Item:
    """The item ``item_id`` of ``checklist``."""
    try:
        return checklist.item(item_id)
    except KeyError:
        raise NotFound(
            f"检查项“{checklist.id}.{item_id}”", f"item '{checklist.id}.{item_id}'"
        ) from None


def table_item(checklist: Checklist, item_id: str) -> Item:
    """The table item ``item_id`` (InputError when it is not a table)."""
    item = item_of(checklist, item_id)
    if not item.is_table:
        raise InputError(
            f"“{checklist.id}.{item_id}”不是表格", f"'{checklist.id}.{item_id}' is not a table"
        )
    return item


def as_date(value: date | str | None) -> date | None:
    """A date from a date or an ISO string (InputError otherwise)."""
    from checklists.answers import parse_iso_date

    if value is None or value == "":
        return None
    parsed = parse_iso_date(value)
    if parsed is None:
        raise InputError(f"日期应为 YYYY-MM-DD：{value}", f"a date must be YYYY-MM-DD: {value}")
    return parsed
