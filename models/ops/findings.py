"""Finding states: the school's explanation and rectification (整改) of a finding.

A finding is named as the evaluator names it: (checklist, code, item, row index); the state is
stored against the row's stable id, so it follows the row when rows are reordered.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from checklists.answers import MAX_TEXT, RECTIFICATION_STATUSES, FindingNote, Rectification
from checklists.foundation.errors import InputError
from models.cache import AssessmentState
from models.errors import NotFound
from models.ops.common import as_date, checklist_of, default_user, state, utcnow, writable
from models.ops.evaluation import inputs_of, refresh
from models.ops.history import record
from models.stored import check_text
from models.tables import FindingState


def _where(checklist_id: str, item_id: str, row: int | None, code: str) -> str:
    """Where a finding's text is, for a message: checklist.item[row].code."""
    return f"{checklist_id}.{item_id}{'' if row is None else f'[{row}]'}.{code}"


def _row_id(
    s: Session, st: AssessmentState, checklist_id: str, item_id: str, row: int | None
) -> int | None:
    if row is None:
        return None
    ids = inputs_of(s, st, checklist_id).row_ids.get(item_id, [])
    if not 0 <= row < len(ids):
        raise NotFound(
            f"“{checklist_id}.{item_id}”的第 {row + 1} 行",
            f"row {row} of '{checklist_id}.{item_id}'",
        )
    return ids[row]


def _state_row(
    s: Session,
    st: AssessmentState,
    checklist_id: str,
    code: str,
    item_id: str,
    row: int | None,
    user: str,
) -> tuple[FindingState, int | None]:
    checklist = checklist_of(st, checklist_id)
    if code not in {rule.code for _, _, rule in checklist.rules()}:
        raise NotFound(
            f"问题代码“{code}”（清单 {checklist_id}）",
            f"finding code '{code}' in checklist {checklist_id}",
        )
    row_id = _row_id(s, st, checklist_id, item_id, row)
    q = select(FindingState).where(
        FindingState.assessment_id == st.id,
        FindingState.checklist_id == checklist_id,
        FindingState.code == code,
        FindingState.item_id == item_id,
        FindingState.row_id.is_(None) if row_id is None else FindingState.row_id == row_id,
    )
    found = s.scalar(q)
    if found is None:
        found = FindingState(
            assessment_id=st.id,
            checklist_id=checklist_id,
            code=code,
            item_id=item_id,
            row_id=row_id,
            explanation="",
            rect_measure="",
            rect_responsible="",
            updated_by=user,
            updated_at=utcnow(),
        )
        s.add(found)
    return found, row_id


def _rect(f: FindingState) -> Rectification | None:
    if f.rect_status is None:
        return None
    return Rectification(f.rect_measure, f.rect_responsible, f.rect_due_date, f.rect_status)


def _rect_json(r: Rectification | None) -> dict[str, object] | None:
    if r is None:
        return None
    return {
        "measure": r.measure,
        "responsible": r.responsible,
        "due_date": r.due_date,
        "status": r.status,
    }


def _saved(s: Session, st: AssessmentState, checklist_id: str) -> None:
    s.flush()
    st.inputs.pop(checklist_id, None)  # reload the states; results carry them as explanations
    refresh(s, st, checklist_id)


def explain_finding(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    code: str,
    item_id: str,
    row: int | None,
    explanation: str,
    *,
    user: str | None = None,
) -> int | None:
    """Explain a finding (row = the row index, as in Finding.row); returns the history entry id."""
    if not isinstance(explanation, str):
        raise InputError("说明应为文本", "an explanation must be text")
    check_text(explanation, f"{_where(checklist_id, item_id, row, code)}.explanation", MAX_TEXT)
    st = writable(s, assessment_id)
    user = default_user(user)
    f, row_id = _state_row(s, st, checklist_id, code, item_id, row, user)
    if f.explanation == explanation and f.id is not None:
        return None
    old = f.explanation
    f.explanation, f.updated_by, f.updated_at = explanation, user, utcnow()
    s.flush()
    hid = record(
        s,
        assessment_id,
        "finding_explain",
        user=user,
        checklist=checklist_id,
        item=item_id,
        row_id=row_id,
        old={"code": code, "explanation": old},
        new={"code": code, "explanation": explanation},
    )
    _saved(s, st, checklist_id)
    return hid


def set_rectification(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    code: str,
    item_id: str,
    row: int | None,
    rectification: Rectification | None,
    *,
    user: str | None = None,
) -> int | None:
    """Set (None: remove) the rectification plan of a finding; returns the history entry id."""
    if rectification is not None:
        if rectification.status not in RECTIFICATION_STATUSES:
            raise InputError(
                "整改状态应为 open / in_progress / done", "status must be open / in_progress / done"
            )
        where = _where(checklist_id, item_id, row, code)
        for name, text in (
            ("measure", rectification.measure),
            ("responsible", rectification.responsible),
        ):
            if not isinstance(text, str):
                raise InputError(
                    "整改措施和责任人应为文本",
                    "the measure and the person responsible must be text",
                )
            check_text(text, f"{where}.rectification.{name}", MAX_TEXT)
        rectification = Rectification(
            rectification.measure,
            rectification.responsible,
            as_date(rectification.due_date),
            rectification.status,
        )
    st = writable(s, assessment_id)
    user = default_user(user)
    f, row_id = _state_row(s, st, checklist_id, code, item_id, row, user)
    old = _rect(f)
    if old == rectification and f.id is not None:
        return None
    r = rectification or Rectification("", "", None, "open")
    f.rect_status = None if rectification is None else r.status
    f.rect_measure, f.rect_responsible, f.rect_due_date = r.measure, r.responsible, r.due_date
    f.updated_by, f.updated_at = user, utcnow()
    s.flush()
    hid = record(
        s,
        assessment_id,
        "finding_rectify",
        user=user,
        checklist=checklist_id,
        item=item_id,
        row_id=row_id,
        old={"code": code, "rectification": _rect_json(old)},
        new={"code": code, "rectification": _rect_json(rectification)},
    )
    _saved(s, st, checklist_id)
    return hid


def finding_notes(s: Session, assessment_id: int) -> tuple[FindingNote, ...]:
    """Every stored finding state as FindingNotes with row indexes, checklist by checklist."""
    st = state(s, assessment_id)
    return tuple(n for cl in st.checklists for n in inputs_of(s, st, cl).notes(cl))
