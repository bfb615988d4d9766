"""Answering items: set a value (validated, re-evaluated at once), item notes, reading answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.incremental import Edit
from checklists.results import ChecklistResult
from models.ops.changes import SaveResult as SaveResult
from models.ops.common import (
    checklist_of,
    default_user,
    dumps,
    item_of,
    sql,
    stamp,
    state,
    utcnow,
    writable,
)
from models.ops.evaluation import changed_findings, inputs_of, refresh, result_of
from models.ops.history import record
from models.stored import check_entered, check_text, upsert_answer_sql
from models.tables import Assessment

_COLUMNS = ("value_json", "explanation")


def upsert_answer(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    user: str,
    at: datetime | None = None,
    **values: Any,
) -> None:
    """Insert or update the answers row of one item (``value_json`` and/or ``explanation``;
    ``at``: the time of the change, default now)."""
    names = [k for k in _COLUMNS if k in values]
    assert names and len(names) == len(values), values
    statement = upsert_answer_sql(names)
    params = (
        assessment_id,
        checklist_id,
        item_id,
        user,
        stamp(at or utcnow()),
        *(values[k] for k in names),
    )
    sql(s, statement, params)


def touch(s: Session, assessment_id: int) -> None:
    """Note a change that does not affect the evaluation (e.g. an item note)."""
    s.execute(update(Assessment).where(Assessment.id == assessment_id).values(updated_at=utcnow()))


def saved(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    before: ChecklistResult,
    history_id: int | None,
    row_id: int | None = None,
    edit: Edit | None = None,
    at: datetime | None = None,
) -> SaveResult:
    """Re-evaluate the changed checklist (only what ``edit`` can change, when it is given)
    and describe the change (``at``: its time, for a change of
    models.stored.QUIET_ACTIONS)."""
    st = state(s, assessment_id)
    changes = None
    if history_id is not None:
        changes = refresh(s, st, checklist_id, edit, at)
    after = result_of(s, st, checklist_id)
    if changes is None:
        changes = changed_findings(before, after)
    return SaveResult(
        after.item(item_id), changes.added, changes.removed, after, history_id, row_id
    )


def set_answer(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    value: Any,
    *,
    user: str | None = None,
) -> SaveResult:
    """Answer one item (None clears it); InputError for a wrong value, and nothing changes.

    Tables and evidence are edited with the row and evidence operations.
    """
    st = writable(s, assessment_id)
    checklist = checklist_of(st, checklist_id)
    item = item_of(checklist, item_id)
    if item.is_table or item.type == "evidence":
        raise InputError(
            f"“{checklist_id}.{item_id}”请逐行编辑或添加附件",
            f"'{checklist_id}.{item_id}': edit its rows or attach files",
        )
    normalised = check_entered(item, value, f"{checklist_id}.{item_id}")
    inputs = inputs_of(s, st, checklist_id)
    before = result_of(s, st, checklist_id)
    old = inputs.values.get(item_id)
    if (
        old is None
        and normalised is None
        or (old is not None and normalised is not None and dumps(old) == dumps(normalised))
    ):
        return saved(s, assessment_id, checklist_id, item_id, before, None)
    user = default_user(user)
    now = utcnow()
    upsert_answer(
        s,
        assessment_id,
        checklist_id,
        item_id,
        user,
        value_json=None if normalised is None else dumps(normalised),
        at=now,
    )
    hid = record(
        s,
        assessment_id,
        "answer",
        user=user,
        checklist=checklist_id,
        item=item_id,
        old=old,
        new=normalised,
        at=now,
    )
    if normalised is None:
        inputs.values.pop(item_id, None)
    else:
        inputs.values[item_id] = normalised
    return saved(s, assessment_id, checklist_id, item_id, before, hid, edit=Edit(item_id), at=now)


def set_item_note(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    text: str | None,
    *,
    user: str | None = None,
) -> int | None:
    """Set (None: remove) the explanation of one item; returns the history entry id."""
    st = writable(s, assessment_id)
    item_of(checklist_of(st, checklist_id), item_id)
    if text is not None and not isinstance(text, str):
        raise InputError("说明应为文本", "a note must be text")
    if text is not None:
        check_text(text, f"item_notes.{checklist_id}.{item_id}", limits.MAX_TEXT_LENGTH)
    inputs = inputs_of(s, st, checklist_id)
    old = inputs.item_notes.get(item_id)
    if old == text:
        return None
    user = default_user(user)
    upsert_answer(s, assessment_id, checklist_id, item_id, user, explanation=text)
    hid = record(
        s,
        assessment_id,
        "item_note",
        user=user,
        checklist=checklist_id,
        item=item_id,
        old=old,
        new=text,
    )
    touch(s, assessment_id)
    if text is None:
        inputs.item_notes.pop(item_id, None)
    else:
        inputs.item_notes[item_id] = text
    return hid


def get_answers(s: Session, assessment_id: int, checklist_id: str) -> dict[str, Any]:
    """The answers of one checklist, normalised (tables as tuples of row dicts, evidence as file refs)."""
    st = state(s, assessment_id)
    checklist_of(st, checklist_id)
    return dict(inputs_of(s, st, checklist_id).values)


def get_item_notes(s: Session, assessment_id: int, checklist_id: str) -> dict[str, str]:
    """The item notes (explanations) of one checklist."""
    st = state(s, assessment_id)
    checklist_of(st, checklist_id)
    return dict(inputs_of(s, st, checklist_id).item_notes)
