"""Evaluating stored assessments with their snapshot checklists, cached per checklist."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checklists.answers import Rectification
from checklists.evaluator import dependent_checklists, linked_checklists, linked_values
from checklists.incremental import LINKED, Edit, LiveEvaluation
from checklists.model import Checklist
from checklists.results import ChecklistResult, Figures, Results, overall_figures
from models import cache
from models.cache import AssessmentState, Inputs, StateRow
from models.ops.changes import FindingChanges as FindingChanges
from models.ops.changes import changed_findings as changed_findings
from models.ops.common import sql, stamp, state, utcnow
from models.ops.list_figures import ListFigures, figure_values
from models.ops.list_figures import list_figures as list_figures
from models.stored import TOUCH_FIGURES, stored_value
from models.tables import Answer, Evidence, FindingState, TableRow

_FIGURES = (
    "UPDATE assessments SET progress = ?, compliance = ?, open_items = ?, findings_critical = ?,"
    " findings_major = ?, findings_minor = ? WHERE id = ?"
)


def load_inputs(s: Session, assessment_id: int, checklist: Checklist) -> Inputs:
    """Read one checklist's answers, rows, evidence and finding states from the database."""
    cl = checklist.id
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for a in s.scalars(
        select(Answer).where(Answer.assessment_id == assessment_id, Answer.checklist_id == cl)
    ):
        value = (
            None
            if a.value_json is None
            else stored_value(checklist, a.item_id, json.loads(a.value_json))
        )
        if value is not None:
            values[a.item_id] = value
        if a.explanation is not None:
            notes[a.item_id] = a.explanation
    row_ids: dict[str, list[int]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    q = select(TableRow).where(TableRow.assessment_id == assessment_id, TableRow.checklist_id == cl)
    for r in s.scalars(q.order_by(TableRow.item_id, TableRow.position, TableRow.id)):
        row_ids.setdefault(r.item_id, []).append(r.id)
        rows.setdefault(r.item_id, []).append(json.loads(r.cells_json))
    for item_id, raw_rows in rows.items():
        values[item_id] = stored_value(checklist, item_id, raw_rows)
    files: dict[str, list[dict[str, Any]]] = {}
    q2 = select(Evidence).where(
        Evidence.assessment_id == assessment_id, Evidence.checklist_id == cl
    )
    for e in s.scalars(q2.order_by(Evidence.item_id, Evidence.position, Evidence.id)):
        entry: dict[str, Any] = {"name": e.name, "sha256": e.sha256}
        if e.size is not None:
            entry["size"] = e.size
        files.setdefault(e.item_id, []).append(entry)
    for item_id, refs in files.items():
        values[item_id] = tuple(refs)
    return Inputs(values, row_ids, notes, states_of_checklist(s, assessment_id, cl))


def states_of_checklist(s: Session, assessment_id: int, cl: str) -> list[StateRow]:
    """The stored finding states of one checklist, as the evaluator takes them."""
    q = select(FindingState).where(
        FindingState.assessment_id == assessment_id, FindingState.checklist_id == cl
    )
    out = []
    for f in s.scalars(q.order_by(FindingState.id)):
        rect = None
        if f.rect_status is not None:
            rect = Rectification(f.rect_measure, f.rect_responsible, f.rect_due_date, f.rect_status)
        out.append(StateRow(f.code, f.item_id, f.row_id, f.explanation, rect))
    return out


def inputs_of(s: Session, st: AssessmentState, checklist_id: str) -> Inputs:
    """The cached inputs of one checklist (loaded on first use)."""
    found = st.inputs.get(checklist_id)
    if found is None:
        found = st.inputs[checklist_id] = load_inputs(s, st.id, st.checklists[checklist_id])
    return found


def result_of(s: Session, st: AssessmentState, checklist_id: str) -> ChecklistResult:
    """The cached evaluation of one checklist (evaluated on first use after a change)."""
    found = st.results.get(checklist_id)
    if found is None:
        found = judge(s, st, checklist_id, None)[0]
    return found


def judge(
    s: Session,
    st: AssessmentState,
    checklist_id: str,
    edit: Edit | None,
    linked: dict[str, Any] | None = None,
    told: bool = True,
) -> tuple[ChecklistResult, FindingChanges | None]:
    """Evaluate one checklist after ``edit`` (None: from scratch) and cache the result.

    With an edit, only what it can change is judged again (checklists.incremental), and the
    findings it added and removed come back (unless ``told`` is False: a caller reading none);
    the cached inputs must differ from those of the last evaluation by that edit alone, which
    the operations guarantee (any other change reloads the inputs, and new inputs are judged
    from scratch).
    """
    inputs = inputs_of(s, st, checklist_id)
    checklist = st.checklists[checklist_id]
    if linked is None:  # ``linked``: the values it reads from the others, when known already
        linked = _linked(s, st, checklist)
    held = st.live.get(checklist_id)
    if edit is None or held is None or held[0] is not inputs:
        live = LiveEvaluation(checklist, st.school, st.reference_date, inputs.notes(checklist_id))
        st.live[checklist_id] = (inputs, live)
        edit = None
    else:
        live = held[1]
    told = told and edit is not None  # the findings an edit changed; none told otherwise
    result, changes = live.update(inputs.values, edit, linked, changes=told)
    st.results[checklist_id] = result
    if not told:
        return result, None
    return result, FindingChanges(changes.added, changes.removed)


def _linked(s: Session, st: AssessmentState, checklist: Checklist) -> dict[str, Any]:
    """The values ``checklist`` reads from the assessment's other checklists (judged first)."""
    others = {
        other: result_of(s, st, other)
        for other in linked_checklists(checklist)
        if other in st.checklists and other != checklist.id
    }
    return linked_values(checklist, others)


def _follow(s: Session, st: AssessmentState, checklist_id: str) -> None:
    """After ``checklist_id`` changed: judge again, in what they read from it, the checklists
    that read its values (directly or not), each after the checklists it reads. One judged
    before keeps its evaluation and re-judges the items that read the values that changed; one
    not judged yet is judged from scratch when it is first asked for."""
    stale = _dependents(st, checklist_id)
    if not stale:
        return
    done: set[str] = set()

    def follow(cl: str) -> None:
        if cl in done:
            return
        done.add(cl)
        for other in linked_checklists(st.checklists[cl]):
            if other in stale:
                follow(other)
        held = st.live.get(cl)
        if cl not in st.results or held is None or held[0] is not st.inputs.get(cl):
            st.results.pop(cl, None)
            return
        live = held[1]
        linked = _linked(s, st, st.checklists[cl])
        if linked != live.linked:
            judge(s, st, cl, Edit(LINKED), linked, told=False)  # what it changed is not told

    for cl in st.checklists:
        if cl in stale:
            follow(cl)


def _dependents(st: AssessmentState, checklist_id: str) -> frozenset[str]:
    """``dependent_checklists`` of the assessment's checklists (fixed while it is loaded: found
    once per checklist, every save asks)."""
    known = st.readers.get(checklist_id)
    if known is None:
        known = st.readers[checklist_id] = frozenset(
            dependent_checklists(st.checklists, checklist_id)
        )
    return known


def evaluate_assessment(s: Session, assessment_id: int) -> Results:
    """The evaluation of every checklist of the assessment, with its finding states attached."""
    st = state(s, assessment_id)
    return Results({cl: result_of(s, st, cl) for cl in st.checklists})


def evaluate_assessment_checklist(
    s: Session, assessment_id: int, checklist_id: str
) -> ChecklistResult:
    """The evaluation of one checklist of the assessment."""
    from models.ops.common import checklist_of

    st = state(s, assessment_id)
    checklist_of(st, checklist_id)
    return result_of(s, st, checklist_id)


def figures(results: dict[str, ChecklistResult]) -> Figures:
    """The figures of a whole self-check, as :class:`checklists.results.Figures` defines them
    (the one definition every surface uses)."""
    return overall_figures(results.values())


def figures_now(s: Session, st: AssessmentState) -> ListFigures:
    """The list figures of a loaded self-check, evaluated (from the cache when it holds them)."""
    results = {cl: result_of(s, st, cl) for cl in st.checklists}
    return list_figures(figures(results), len(results))


def _store_figures(s: Session, st: AssessmentState, fig: ListFigures) -> None:
    values = figure_values(fig)
    sql(s, _FIGURES, (*values, st.id))
    st.stored_figures = values


def store_missing_figures(s: Session) -> int:
    """Evaluate and store the list figures of every self-check that has none (after the schema
    step that added or cleared them); when it was edited is left as it was. Returns how many
    were stored. One whose checklists cannot be evaluated any more is left without, so the
    list evaluates it when shown and reports the error there."""
    from models.tables import Assessment

    ids = s.scalars(select(Assessment.id).where(Assessment.progress.is_(None))).all()
    stored = 0
    for assessment_id in ids:
        try:
            st = state(s, assessment_id)
            fig = figures_now(s, st)
        except Exception:  # noqa: BLE001 - the list evaluates it again and shows the error
            continue
        _store_figures(s, st, fig)
        stored += 1
    if stored:
        cache.writing(s)
    return stored


def refresh(
    s: Session,
    st: AssessmentState,
    checklist_id: str | None,
    edit: Edit | None = None,
    at: datetime | None = None,
) -> FindingChanges | None:
    """After a change: re-evaluate, and store the list figures.

    ``checklist_id`` None means every checklist changed (e.g. the school profile). ``edit`` says
    what changed in that checklist, so only that is judged again; then the findings it added and
    removed are returned (None without an edit). ``at``: the time of the change, given by the
    changes of models.stored.QUIET_ACTIONS (its history entry's): when the list figures come
    out as stored, the assessments row is not written (the entry says when the self-check was
    edited); otherwise the row takes the figures and that time.
    """
    changes = None
    if checklist_id is None:
        st.results.clear()
    else:
        changes = judge(s, st, checklist_id, edit)[1]
        _follow(s, st, checklist_id)
    values = figure_values(figures_now(s, st))
    cache.writing(s)
    if at is not None and values == st.stored_figures:
        return changes
    sql(s, TOUCH_FIGURES, (stamp(at or utcnow()), *values, st.id))
    st.stored_figures = values
    return changes
