"""Assessments: start from chosen checklists (snapshotted), list, complete, sign, amend, delete."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from checklists.answers import school_to_json
from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.model import Checklist
from models import cache
from models.errors import NotFound, ReadOnlyAssessment
from models.listing import AssessmentSummary as AssessmentSummary
from models.listing import assessment_list, stored_figures, summary_of
from models.ops.common import (
    as_date,
    data_dir_of,
    default_user,
    state,
    utcnow,
    writable,
)
from models.ops.history import record
from models.ops.list_figures import ListFigures
from models.snapshots import SnapshotData, snapshot_of
from models.stored import LAST_CHANGE, QUIET_ACTIONS, check_text
from models.tables import Assessment, AssessmentChecklist, ChecklistSnapshot, School


def store_snapshot(s: Session, data: SnapshotData) -> str:
    """Store a definition file once per SHA-256; returns the hash."""
    if s.get(ChecklistSnapshot, data.sha256) is None:
        s.add(
            ChecklistSnapshot(
                sha256=data.sha256,
                checklist_id=data.checklist_id,
                version=data.version,
                format=data.format,
                content=data.content,
                created_at=utcnow(),
            )
        )
        s.flush()
    return data.sha256


def _chosen(checklist_ids: Sequence[str], available: Mapping[str, Checklist]) -> list[Checklist]:
    if not checklist_ids:
        raise InputError("请至少选择一份检查清单", "choose at least one checklist")
    unknown = [c for c in checklist_ids if c not in available]
    if unknown:
        raise InputError(
            f"未知的清单：{'、'.join(unknown)}", f"unknown checklists: {', '.join(unknown)}"
        )
    return [available[c] for c in dict.fromkeys(checklist_ids)]


def start_assessment(
    s: Session,
    school_id: int,
    *,
    period: str,
    reference_date: date | str,
    checklist_ids: Sequence[str],
    checklists: Mapping[str, Checklist] | None = None,
    user: str | None = None,
) -> int:
    """Start a draft for ``period`` with the chosen checklists; their definitions are snapshotted.

    ``checklists`` defaults to the built-in ones plus the data folder's ``checklists/``.
    """
    from checklists.registry import load_checklists

    school = s.get(School, school_id)
    if school is None:
        raise NotFound(f"学校 #{school_id}", f"school #{school_id}")
    ref = as_date(reference_date)
    if not period.strip() or ref is None:
        raise InputError("请填写检查周期和基准日", "enter the period and the reference date")
    check_text(period, "period", limits.MAX_SHORT_TEXT, lines=False)  # as a document holds it
    chosen = _chosen(
        checklist_ids, checklists if checklists is not None else load_checklists(data_dir_of(s))
    )
    now = utcnow()
    profile = school_to_json(school)
    row = Assessment(
        school_id=school_id,
        period=period.strip(),
        reference_date=ref,
        status="draft",
        profile_json=json.dumps(profile, ensure_ascii=False),
        created_at=now,
        updated_at=now,
        revision=1,
    )
    s.add(row)
    s.flush()
    for position, checklist in enumerate(chosen):
        sha = store_snapshot(s, snapshot_of(checklist))
        s.add(
            AssessmentChecklist(
                assessment_id=row.id,
                checklist_id=checklist.id,
                snapshot_sha256=sha,
                position=position,
            )
        )
    s.flush()
    cache.writing(s)
    record(
        s,
        row.id,
        "create",
        user=default_user(user),
        new={
            "period": row.period,
            "reference_date": ref.isoformat(),
            "checklists": [c.id for c in chosen],
            "school": profile,
        },
    )
    from models.ops.evaluation import refresh

    refresh(s, state(s, row.id), None)
    return row.id


def _figures(s: Session, a: Any) -> ListFigures:
    """The list figures: stored on each change and by the schema step that added them; evaluated
    here only for a self-check that step could not evaluate (not written back by a read).
    ``a`` is an Assessment or a row with its columns."""
    stored = stored_figures(a)
    if stored is not None:
        return stored
    from models.ops.evaluation import figures_now

    return figures_now(s, state(s, a.id))


def _summary(s: Session, a: Assessment) -> AssessmentSummary:
    return _summary_of(s, a, tuple(c.checklist_id for c in a.checklists), _edited(s, a))


def _edited(s: Session, a: Assessment) -> datetime:
    """When the self-check was edited: its row's time, or, when its newest history entry is a
    change of models.stored.QUIET_ACTIONS (such a save leaves the row as it is when the list
    figures stay as they were), that change's when newer, as the list reads it
    (models.stored.EDITED_AT)."""
    s.flush()
    found = s.connection().exec_driver_sql(LAST_CHANGE, (a.id,)).first()
    if found is None or found[0] not in QUIET_ACTIONS:
        return a.updated_at
    at = datetime.fromisoformat(found[1])
    return at if at > a.updated_at else a.updated_at


def _summary_of(
    s: Session, a: Any, checklists: tuple[str, ...], edited: datetime | None = None
) -> AssessmentSummary:
    return summary_of(a, checklists, _figures(s, a), edited)


def list_assessments(s: Session) -> list[AssessmentSummary]:
    """Every assessment, most recently changed first, with status, progress and finding counts.

    Read with SQL rather than the mapped classes (models.listing, as the home page reads it at
    start-up without a Session)."""
    s.flush()  # what a query of the mapped classes would do first
    rows = assessment_list(s.connection(), lambda a: _figures(s, a))
    assert rows is not None  # with an evaluate, every row has its figures
    return rows


def get_assessment(s: Session, assessment_id: int) -> AssessmentSummary:
    """The summary of one assessment."""
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
    return _summary(s, a)


def assessment_checklists(s: Session, assessment_id: int) -> dict[str, Checklist]:
    """The checklists of an assessment as it was started (its snapshots), in order."""
    return dict(state(s, assessment_id).checklists)


def _set_status(s: Session, assessment_id: int, status: str, user: str | None) -> None:
    st = writable(s, assessment_id)
    a = s.get(Assessment, assessment_id)
    assert a is not None
    old = a.status
    now = utcnow()
    a.status, a.updated_at = status, now
    if status == "completed":
        a.completed_at = now
    if status == "signed":
        a.completed_at = a.completed_at or now
        a.signed_at = now
    s.flush()
    st.status = status
    record(s, assessment_id, "status", user=default_user(user), old=old, new=status)


def mark_signed(s: Session, assessment_id: int, *, user: str | None = None) -> None:
    """Lock the assessment after its report was signed: from now on it is read-only."""
    _set_status(s, assessment_id, "signed", user)


def delete_assessment(
    s: Session, assessment_id: int, *, user: str | None = None, allow_signed: bool = False
) -> None:
    """Delete an assessment after writing a backup; its history entries stay (append-only).

    A signed assessment is deleted only with ``allow_signed``.
    """
    from models.backup import backup_database

    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
    if a.status == "signed" and not allow_signed:
        raise ReadOnlyAssessment(assessment_id)
    backup_database(data_dir_of(s))
    record(
        s,
        assessment_id,
        "delete",
        user=default_user(user),
        old={"period": a.period, "status": a.status, "school": json.loads(a.profile_json)},
    )
    s.delete(a)
    s.flush()
    cache.writing(s).assessments.pop(assessment_id, None)
