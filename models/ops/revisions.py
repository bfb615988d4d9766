"""Revisions of a self-check: every way to start a new draft from an existing one.

- ``amend``: a new revision of a *signed* self-check (same period, ``revision`` + 1), so a mistake
  found after signing is corrected in a new draft while the signed one stays as it was;
- ``copy_assessment``: the copy behind ``amend`` (snapshots, profile, answers, rows, evidence,
  finding states and photos);
- ``carry_forward``: a draft for the *next period* that starts from this one, with today's school
  profile and checklist definitions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from checklists.answers import AnswersDocument
from checklists.answers_doc import DocumentParser, document_to_json
from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.model import Checklist
from checklists.registry import load_checklists
from models.errors import NotFound
from models.ops.common import as_date, data_dir_of, default_user, state, utcnow
from models.ops.exchange import export_document, fill_assessment, import_document
from models.ops.history import record
from models.ops.periods import check_new_period, next_reference_date
from models.ops.photos import carry_photos, copy_photos, row_map
from models.ops.school import get_school
from models.stored import check_text
from models.tables import Assessment, AssessmentChecklist


def amend(s: Session, assessment_id: int, *, user: str | None = None) -> int:
    """A new draft revision of a signed assessment, with its answers, rows, evidence and finding states."""
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
    if a.status != "signed":
        raise InputError(
            f"自查 #{assessment_id} 尚未签名，可直接修改",
            f"assessment #{assessment_id} is not signed; edit it directly",
        )
    return copy_assessment(s, a, default_user(user))


def copy_assessment(s: Session, old: Assessment, user: str) -> int:
    """A new draft revision of ``old`` with the same snapshots, profile and content."""
    doc = export_document(s, old.id)
    now = utcnow()
    new = Assessment(
        school_id=old.school_id,
        period=old.period,
        reference_date=old.reference_date,
        status="draft",
        profile_json=old.profile_json,
        amended_from_id=old.id,
        created_at=now,
        updated_at=now,
        revision=old.revision + 1,
    )
    s.add(new)
    s.flush()
    for ac in old.checklists:
        s.add(
            AssessmentChecklist(
                assessment_id=new.id,
                checklist_id=ac.checklist_id,
                snapshot_sha256=ac.snapshot_sha256,
                position=ac.position,
            )
        )
    s.flush()
    record(s, new.id, "amend", user=user, new={"amends": old.id, "revision": new.revision})
    fill_assessment(s, state(s, new.id), doc, user)
    copy_photos(s, old.id, new.id, row_map(s, old.id, new.id))
    return new.id


def _carried_document(
    old: AnswersDocument, checklists: dict[str, Checklist], doc: AnswersDocument
) -> AnswersDocument:
    """``doc`` limited to what today's checklists still know (items and finding codes)."""
    values = {
        cl: {i: v for i, v in items.items() if _has_item(checklists[cl], i)}
        for cl, items in old.checklists.items()
        if cl in checklists
    }
    notes = {
        cl: {i: t for i, t in items.items() if _has_item(checklists[cl], i)}
        for cl, items in old.item_notes.items()
        if cl in checklists
    }
    codes = {
        cl: {rule.code for _, _, rule in checklist.rules()} for cl, checklist in checklists.items()
    }
    findings = tuple(n for n in old.finding_notes if n.code in codes.get(n.checklist, set()))
    return replace(doc, checklists=values, item_notes=notes, finding_notes=findings)


def _has_item(checklist: Checklist, item_id: str) -> bool:
    try:
        checklist.item(item_id)
    except KeyError:
        return False
    return True


def carry_forward(
    s: Session,
    assessment_id: int,
    period: str,
    reference_date: date | str | None = None,
    *,
    user: str | None = None,
    allow_duplicate: bool = False,
    checklists: dict[str, Checklist] | None = None,
) -> int:
    """A new draft for ``period`` that starts from ``assessment_id``: answers, rosters, evidence,
    item notes, finding explanations and rectification plans are copied, and the photos of
    items and of findings that recur (``carry_photos``); the school profile is today's and the checklists are today's definitions (values they no longer ask for are left
    behind). ``reference_date`` defaults to the next term's. A second self-check for the same
    period raises DuplicatePeriod unless ``allow_duplicate``. Returns the new assessment id.
    """
    old_row = _assessment(s, assessment_id)
    name = period.strip() if isinstance(period, str) else ""
    if not name:
        raise InputError("请填写检查周期", "enter the period")
    check_text(name, "period", limits.MAX_SHORT_TEXT, lines=False)
    ref = as_date(reference_date) if reference_date is not None else None
    if ref is None:
        ref = next_reference_date(old_row.reference_date)
    check_new_period(s, old_row.school_id, name, allow_duplicate=allow_duplicate)
    user = default_user(user)
    old = export_document(s, assessment_id)
    available = checklists if checklists is not None else load_checklists(data_dir_of(s))
    fresh = replace(old, school=get_school(s, old_row.school_id), period=name, reference_date=ref)
    fresh = _carried_document(old, available, fresh)
    doc = DocumentParser(available).parse(document_to_json(fresh))
    new_id = import_document(s, doc, user=user, checklists=available)
    photos = carry_photos(s, assessment_id, new_id)
    record(
        s,
        new_id,
        "carry_forward",
        user=user,
        new={
            "from": assessment_id,
            "from_period": old_row.period,
            "period": name,
            "photos": photos,
        },
    )
    return new_id


def _assessment(s: Session, assessment_id: int) -> Assessment:
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
    return a
