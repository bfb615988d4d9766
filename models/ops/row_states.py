"""Finding states that follow their rows through a table replacement (an Excel re-import).

A row "stays" when the new table has a row with the same identity (ID number, else name or
room: ``checklists.comparison.row_identity``), or failing that, exactly the same cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from checklists.comparison import row_identity
from checklists.model import Item
from models.stored import INSERT_STATE, dumps, stamp

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class KeptState:
    row_key: object
    code: str
    explanation: str
    rect_status: str | None
    rect_measure: str
    rect_responsible: str
    rect_due_date: date | None
    updated_by: str
    updated_at: Any


def kept_state(item: Item, cells: Mapping[str, Any], *fields: Any) -> KeptState:
    """The state of a row with ``cells`` (``fields``: code, explanation, the rectification's
    status, measure, responsible and due date, updated_by, updated_at), keyed by its identity."""
    return KeptState(_key(item, cells), *fields)


def _key(item: Item, cells: Mapping[str, Any]) -> object:
    return row_identity(item, cells) or ("cells", dumps(dict(cells)))


def states_of_rows(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item: Item,
    rows: Mapping[int, Mapping[str, Any]],
) -> list[KeptState]:
    """The finding states of the rows ``rows`` (row id → cells), keyed by row identity."""
    from sqlalchemy import select

    from models.tables import FindingState

    if not rows:
        return []
    q = select(FindingState).where(
        FindingState.assessment_id == assessment_id,
        FindingState.checklist_id == checklist_id,
        FindingState.item_id == item.id,
        FindingState.row_id.in_(list(rows)),
    )
    return [
        kept_state(
            item,
            rows[f.row_id],
            f.code,
            f.explanation,
            f.rect_status,
            f.rect_measure,
            f.rect_responsible,
            f.rect_due_date,
            f.updated_by,
            f.updated_at,
        )
        for f in s.scalars(q)
        if f.row_id is not None
    ]


def restore_states(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item: Item,
    kept: Sequence[KeptState],
    new_ids: Sequence[int],
    new_rows: Sequence[Mapping[str, Any]],
) -> int:
    """Store ``kept`` against the new rows with the same identity; returns how many were kept."""
    params = paired_states(assessment_id, checklist_id, item, kept, new_ids, new_rows)
    if params:
        # One executemany, in the stored forms the ORM writes (ISO date, stamp): a re-import
        # that keeps thousands of explanations builds no object per state.
        s.flush()
        connection = s.connection().connection.dbapi_connection
        assert connection is not None
        connection.executemany(INSERT_STATE, params)
    return len(params)


def paired_states(
    assessment_id: int,
    checklist_id: str,
    item: Item,
    kept: Sequence[KeptState],
    new_ids: Sequence[int],
    new_rows: Sequence[Mapping[str, Any]],
) -> list[tuple[Any, ...]]:
    """The finding_states rows (INSERT_STATE's parameters) of ``kept`` paired with the new rows
    of the same identity; a state whose row left is not among them."""
    if not kept:
        return []  # nothing to pair: no identity of the new rows is needed
    by_key: dict[object, list[int]] = {}
    for rid, cells in zip(new_ids, new_rows, strict=True):
        by_key.setdefault(_key(item, cells), []).append(rid)
    taken: set[tuple[int, str]] = set()
    params: list[tuple[Any, ...]] = []
    for k in kept:
        # Rows that look alike (same identity) pair up in order: each new row takes at most
        # one state per finding code.
        candidates = by_key.get(k.row_key, ())
        found = next((rid for rid in candidates if (rid, k.code) not in taken), None)
        if found is None:
            continue
        taken.add((found, k.code))
        params.append(
            (
                assessment_id,
                checklist_id,
                k.code,
                item.id,
                found,
                k.explanation,
                k.rect_status,
                k.rect_measure,
                k.rect_responsible,
                None if k.rect_due_date is None else k.rect_due_date.isoformat(),
                k.updated_by,
                stamp(k.updated_at),
            )
        )
    return params
