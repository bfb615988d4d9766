"""Finding states that follow their rows through a table replacement (an Excel re-import).

A row "stays" when the new table has a row with the same key, a key that names one person or
room: a valid ID number; without one, the columns the checklist itself counts as the same person
(its duplicate rule, ``count_rows(${guards}, 'name', ${name}, 'birth_date', ${birth_date})``),
all filled in; for a table without ID numbers, its first text column (the room); failing those,
exactly the same cells. A key shared
by several old rows or several new rows names nobody for sure: the states of those rows are
dropped rather than moved to someone else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from checklists.comparison import identity_columns, identity_text
from checklists.expr import nodes as ex
from checklists.idnumber import parse_result
from checklists.model import Item
from models.stored import INSERT_STATE, dumps, stamp

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class KeptState:
    row_key: object  # None: the old row's key was shared by another old row
    code: str
    explanation: str
    rect_status: str | None
    rect_measure: str
    rect_responsible: str
    rect_due_date: date | None
    updated_by: str
    updated_at: Any


def kept_state(key: object, *fields: Any) -> KeptState:
    """The state of a row keyed ``key`` (one of ``row_keys``; ``fields``: code, explanation,
    the rectification's status, measure, responsible and due date, updated_by, updated_at)."""
    return KeptState(key, *fields)


def same_person_columns(item: Item) -> list[tuple[str, ...]]:
    """The column sets the table's own rules count a person by, without the ID number: the
    ``count_rows(${table}, 'a', ${a}, 'b', ${b})`` calls its rows judge (its duplicate check)
    that compare the row's own cells, in the order the rules name them."""
    kinds = {c.id: c.type for c in item.columns}
    found: list[tuple[str, ...]] = []
    for expression in item.row_expressions():
        for node in ex.walk(expression):
            if not (isinstance(node, ex.Call) and node.name == "count_rows"):
                continue
            args = node.args
            if len(args) < 3 or len(args) % 2 == 0 or args[0] != ex.Ref(item.id):
                continue
            names = tuple(n.value for n in args[1::2] if isinstance(n, ex.String))
            own = len(names) == len(args[2::2]) and all(
                name in kinds and value == ex.Ref(name)
                for name, value in zip(names, args[2::2], strict=True)
            )
            if own and names not in found and not any(kinds[n] == "id_number" for n in names):
                found.append(names)
    return found


def _keyer(item: Item) -> Callable[[Mapping[str, Any]], object]:
    """What names a row of ``item``'s person or room for sure (see the module's docstring):
    the columns looked up once (a re-import keys thousands of rows), the ID numbers judged
    valid as of today."""
    columns = identity_columns(item)
    ids = [c.id for c in columns if c.type == "id_number"]
    texts = [c.id for c in columns if c.type == "text"]
    persons = same_person_columns(item)
    today = date.today()

    def key(cells: Mapping[str, Any]) -> object:
        if ids:
            number = cells.get(ids[0])
            if isinstance(number, str) and parse_result(number, today) is not None:
                return ("id", identity_text(number))
            for names in persons:
                values = [cells.get(n) for n in names]
                if all(v is not None and identity_text(v) for v in values):
                    return ("person", names, *(identity_text(v) for v in values))
        elif texts:
            name = cells.get(texts[0])
            if name is not None and identity_text(name):
                return ("name", identity_text(name))
        return ("cells", dumps(dict(cells)))

    return key


def _may_be_among(item: Item, wanted: set[object]) -> Callable[[Mapping[str, Any]], bool] | None:
    """A quick test a row must pass for its key to be among ``wanted``: its ID number's or
    name's text is one of theirs (only rows that pass are keyed; a re-import of thousands of
    rows keeps the states of a few). None when no such test tells (a key of all the cells)."""
    if any(k[0] == "cells" for k in wanted):  # type: ignore[index]
        return None
    columns = identity_columns(item)
    ids = [c.id for c in columns if c.type == "id_number"]
    texts = [c.id for c in columns if c.type == "text"]
    numbers = {k[1] for k in wanted if k[0] == "id"}  # type: ignore[index]
    names = {k[1] for k in wanted if k[0] == "name"}  # type: ignore[index]
    # a person's key: the columns it names and their texts; the first column's text tells
    firsts: dict[str, set[str]] = {}
    for k in wanted:
        if k[0] == "person":  # type: ignore[index]
            firsts.setdefault(k[1][0], set()).add(k[2])  # type: ignore[index]
    number_id = ids[0] if ids and numbers else None
    name_id = texts[0] if texts and names else None

    def may_be(cells: Mapping[str, Any]) -> bool:
        if number_id is not None:
            number = cells.get(number_id)
            if isinstance(number, str) and identity_text(number) in numbers:
                return True
        if name_id is not None:
            name = cells.get(name_id)
            if name is not None and identity_text(name) in names:
                return True
        for column, texts_of in firsts.items():
            value = cells.get(column)
            if value is not None and identity_text(value) in texts_of:
                return True
        return False

    return may_be


def row_keys(item: Item, rows: Mapping[int, Mapping[str, Any]]) -> dict[int, object]:
    """Each row's key (row id → key); None for a key that several of the rows share."""
    key = _keyer(item)
    keys = {rid: key(cells) for rid, cells in rows.items()}
    counts = Counter(keys.values())
    return {rid: (None if counts[k] > 1 else k) for rid, k in keys.items()}


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
    keys = row_keys(item, rows)
    q = select(FindingState).where(
        FindingState.assessment_id == assessment_id,
        FindingState.checklist_id == checklist_id,
        FindingState.item_id == item.id,
        FindingState.row_id.in_(list(rows)),
    )
    return [
        kept_state(
            keys[f.row_id],
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
    """Store ``kept`` against the new rows with the same key; returns how many were kept."""
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
    of the same key; a state whose row left, or whose key several old or several new rows
    share, is not among them."""
    wanted = {k.row_key for k in kept if k.row_key is not None}
    if not wanted:
        return []  # nothing to pair: no key of the new rows is needed
    by_key: dict[object, int | None] = {}
    key = _keyer(item)
    may_be = _may_be_among(item, wanted)
    for rid, cells in zip(new_ids, new_rows, strict=True):
        if may_be is not None and not may_be(cells):
            continue  # its key is none of the kept states': whether another row shares it is moot
        k = key(cells)
        by_key[k] = None if k in by_key else rid  # None: several new rows share the key
    params: list[tuple[Any, ...]] = []
    for k in kept:
        found = None if k.row_key is None else by_key.get(k.row_key)
        if found is None:
            continue
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
