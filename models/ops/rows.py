"""Table items: rows with stable ids ordered by position (0..n-1); add, edit, delete, reorder, replace."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from checklists.foundation.errors import InputError
from checklists.incremental import Edit
from checklists.model import Item
from models import cache
from models.cache import AssessmentState
from models.errors import NotFound
from models.ops.answers import SaveResult, saved, upsert_answer
from models.ops.common import (
    check,
    checklist_of,
    default_user,
    dumps,
    sql,
    stamp,
    state,
    table_item,
    utcnow,
    writable,
)
from models.ops.evaluation import inputs_of, result_of, states_of_checklist
from models.ops.history import record
from models.stored import INSERT_ROW, NEW_ROW_IDS, check_entered
from models.tables import TableRow


@dataclass(frozen=True)
class RowData:
    """One table row: its stable id, its index in the table and its cells (normalised)."""

    id: int
    index: int
    cells: dict[str, Any]


def list_rows(s: Session, assessment_id: int, checklist_id: str, item_id: str) -> list[RowData]:
    """The rows of a table item, in order."""
    st = state(s, assessment_id)
    table_item(checklist_of(st, checklist_id), item_id)
    inputs = inputs_of(s, st, checklist_id)
    ids = inputs.row_ids.get(item_id, [])
    values = inputs.values.get(item_id) or ()
    return [
        RowData(rid, i, dict(cells)) for i, (rid, cells) in enumerate(zip(ids, values, strict=True))
    ]


def get_row(
    s: Session, assessment_id: int, checklist_id: str, item_id: str, row_id: int
) -> RowData:
    """One row of a table item, as :func:`list_rows` gives it (NotFound when the table has no
    such row): what a view reads again after one of its cells was written."""
    st = state(s, assessment_id)
    table_item(checklist_of(st, checklist_id), item_id)
    inputs = inputs_of(s, st, checklist_id)
    ids = inputs.row_ids.get(item_id, [])
    values = inputs.values.get(item_id) or ()
    if row_id not in ids or len(ids) != len(values):
        raise NotFound(f"第 {row_id} 号行（自查 #{st.id}）", f"row {row_id} of assessment #{st.id}")
    index = ids.index(row_id)
    return RowData(row_id, index, dict(values[index]))


def _check_row(item: Item, cells: Mapping[str, Any], path: str) -> dict[str, Any]:
    if not isinstance(cells, Mapping):
        raise InputError(f"{path}: 每行应为对象", f"{path}: a row must be an object")
    rows = check_entered(item, [dict(cells)], path)
    return dict(rows[0])


def _row(s: Session, st: AssessmentState, row_id: int) -> TableRow:
    row = s.get(TableRow, row_id)
    if row is None or row.assessment_id != st.id:
        raise NotFound(f"第 {row_id} 号行（自查 #{st.id}）", f"row {row_id} of assessment #{st.id}")
    return row


def _mark(s: Session, st: AssessmentState, checklist_id: str, item_id: str, user: str) -> None:
    """Note that the table was answered (kept even when it has no rows, as a document keeps [])."""
    if item_id not in inputs_of(s, st, checklist_id).values:
        upsert_answer(s, st.id, checklist_id, item_id, user, value_json="[]")


def _changed(s: Session, st: AssessmentState, checklist_id: str) -> None:
    st.inputs.pop(checklist_id, None)  # rows moved: reload this checklist's inputs


def _patch_row(
    s: Session,
    st: AssessmentState,
    checklist_id: str,
    item: Item,
    row_id: int,
    cells: dict[str, Any],
    cell: tuple[str, Any] | None = None,
    position: int | None = None,
) -> Edit | None:
    """One row's cells changed: update the cached inputs in place rather than reloading every
    row of the table (a 2,000-row roster would be read and checked again on each keystroke).
    ``cell``: the one cell that changed (column, its checked value; None: cleared), so the
    cached row (checked when read) takes it and the row is not checked again; ``position``:
    the row's stored position, where its id is looked for first.
    Returns the edit to re-judge (None: the inputs are reloaded and judged from scratch)."""
    cache.writing(s)  # a rollback drops the cache, so it never runs ahead of the database
    inputs = st.inputs.get(checklist_id)
    ids = inputs.row_ids.get(item.id, []) if inputs is not None else []
    if position is not None and 0 <= position < len(ids) and ids[position] == row_id:
        index = position  # the row's stored position is its index (positions are 0..n-1)
    else:
        try:
            index = ids.index(row_id)
        except ValueError:
            index = -1
    if inputs is None or index < 0:
        _changed(s, st, checklist_id)
        return None
    rows = list(inputs.values.get(item.id) or ())
    before = rows[index] if index < len(rows) else {}
    if cell is not None and index < len(rows):
        clean = dict(before)
        column_id, value = cell
        if value is None:
            clean.pop(column_id, None)
        else:
            clean[column_id] = value
    else:
        (clean,) = check(item, [cells], f"{checklist_id}.{item.id}")
    changed = {k for k in before.keys() | clean.keys() if before.get(k) != clean.get(k)}
    rows[index] = clean
    inputs.values[item.id] = tuple(rows)
    # One cell changed: only the aggregates over that column are judged again.
    return Edit(item.id, index, changed.pop() if len(changed) == 1 else None)


def _append_row(
    s: Session,
    st: AssessmentState,
    checklist_id: str,
    item: Item,
    row_id: int,
    clean: dict[str, Any],
) -> Edit | None:
    """A row added at the end: append it to the cached inputs (None: they are reloaded)."""
    inputs = st.inputs.get(checklist_id)
    if inputs is None or item.id not in inputs.values:
        _changed(s, st, checklist_id)
        return None
    ids = inputs.row_ids.setdefault(item.id, [])
    rows = tuple(inputs.values.get(item.id) or ())
    if len(ids) != len(rows):
        _changed(s, st, checklist_id)
        return None
    ids.append(row_id)
    inputs.values[item.id] = (*rows, clean)
    return Edit(item.id, len(rows))


def add_row(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    cells: Mapping[str, Any] | None = None,
    *,
    index: int | None = None,
    user: str | None = None,
) -> SaveResult:
    """Add a row (at ``index``, default the end); ``SaveResult.row_id`` is its new id."""
    st = writable(s, assessment_id)
    item = table_item(checklist_of(st, checklist_id), item_id)
    clean = _check_row(item, cells or {}, f"{checklist_id}.{item_id}")
    user = default_user(user)
    before = result_of(s, st, checklist_id)
    count = len(inputs_of(s, st, checklist_id).row_ids.get(item_id, []))
    position = count if index is None or not 0 <= index <= count else index
    _mark(s, st, checklist_id, item_id, user)
    where = (
        TableRow.assessment_id == assessment_id,
        TableRow.checklist_id == checklist_id,
        TableRow.item_id == item_id,
    )
    if position < count:
        s.execute(
            update(TableRow)
            .where(*where, TableRow.position >= position)
            .values(position=TableRow.position + 1)
        )
    row_id = int(
        s.execute(
            insert(TableRow)
            .values(
                assessment_id=assessment_id,
                checklist_id=checklist_id,
                item_id=item_id,
                position=position,
                cells_json=dumps(clean),
                updated_by=user,
                updated_at=utcnow(),
            )
            .returning(TableRow.id)
        ).scalar_one()
    )
    hid = record(
        s,
        assessment_id,
        "row_add",
        user=user,
        checklist=checklist_id,
        item=item_id,
        row_id=row_id,
        new={"index": position, "cells": clean},
    )
    if position == count:
        edit = _append_row(s, st, checklist_id, item, row_id, clean)
    else:
        edit = None
        _changed(s, st, checklist_id)
    return saved(s, assessment_id, checklist_id, item_id, before, hid, row_id, edit)


_ROW = (
    "SELECT assessment_id, checklist_id, item_id, cells_json, position FROM table_rows WHERE id = ?"
)
_SET_ROW = "UPDATE table_rows SET cells_json = ?, updated_by = ?, updated_at = ? WHERE id = ?"


def _edit(
    s: Session,
    assessment_id: int,
    row_id: int,
    user: str | None,
    change: Any,
    cell: list[tuple[str, Any]] | None = None,
) -> SaveResult:
    """Change one row's cells with ``change(item, cells)`` (the cells as stored); ``cell``
    receives the one cell ``change`` set, (column, checked value), when it sets one."""
    # Raw SQL: a keystroke on a big roster should cost a read and a write, not an ORM flush.
    st = writable(s, assessment_id)
    found = sql(s, _ROW, (row_id,)).fetchone()
    if found is None or found[0] != st.id:
        raise NotFound(f"第 {row_id} 号行（自查 #{st.id}）", f"row {row_id} of assessment #{st.id}")
    _aid, checklist_id, item_id, cells_json, position = found
    item = table_item(checklist_of(st, checklist_id), item_id)
    before = result_of(s, st, checklist_id)
    old = json.loads(cells_json)
    new = change(item, dict(old))
    text = dumps(new)
    if text == cells_json:
        return saved(s, assessment_id, checklist_id, item_id, before, None, row_id)
    user = default_user(user)
    now = utcnow()
    sql(s, _SET_ROW, (text, user, stamp(now), row_id))
    # a TableRow this session read earlier is now stale (a save's own session read none)
    loaded = s.identity_map.get(identity_key(TableRow, row_id)) if s.identity_map else None
    if loaded is not None:
        s.expire(loaded)
    hid = record(
        s,
        assessment_id,
        "row_update",
        user=user,
        checklist=checklist_id,
        item=item_id,
        row_id=row_id,
        old=old,
        new=new,
        new_json=text,
        at=now,
    )
    edit = _patch_row(s, st, checklist_id, item, row_id, new, cell[0] if cell else None, position)
    return saved(s, assessment_id, checklist_id, item_id, before, hid, row_id, edit, now)


def update_cell(
    s: Session,
    assessment_id: int,
    row_id: int,
    column_id: str,
    value: Any,
    *,
    user: str | None = None,
) -> SaveResult:
    """Set one cell (None clears it); InputError for a wrong value, and nothing changes."""

    def change(item: Item, cells: dict[str, Any]) -> dict[str, Any]:
        try:
            column = item.column(column_id)
        except KeyError:
            raise NotFound(
                f"列“{item.id}.{column_id}”", f"column '{item.id}.{column_id}'"
            ) from None
        clean = check_entered(column, value, f"{item.id}.{column_id}")
        if clean is None:
            cells.pop(column_id, None)
        else:
            cells[column_id] = clean
        done.append((column_id, clean))
        return cells

    done: list[tuple[str, Any]] = []
    return _edit(s, assessment_id, row_id, user, change, done)


def delete_row(
    s: Session, assessment_id: int, row_id: int, *, user: str | None = None
) -> SaveResult:
    """Delete a row (with the finding states of that row); later rows move up."""
    st = writable(s, assessment_id)
    row = _row(s, st, row_id)
    cl, item_id, position, old = (
        row.checklist_id,
        row.item_id,
        row.position,
        json.loads(row.cells_json),
    )
    before = result_of(s, st, cl)
    user = default_user(user)
    s.execute(delete(TableRow).where(TableRow.id == row_id))
    s.execute(
        update(TableRow)
        .where(
            TableRow.assessment_id == assessment_id,
            TableRow.checklist_id == cl,
            TableRow.item_id == item_id,
            TableRow.position > position,
        )
        .values(position=TableRow.position - 1)
    )
    s.expire_all()
    hid = record(
        s,
        assessment_id,
        "row_delete",
        user=user,
        checklist=cl,
        item=item_id,
        row_id=row_id,
        old={"index": position, "cells": old},
    )
    _changed(s, st, cl)
    return saved(s, assessment_id, cl, item_id, before, hid, row_id)


def reorder_rows(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    row_ids: Sequence[int],
    *,
    user: str | None = None,
) -> SaveResult:
    """Put the rows in the order of ``row_ids`` (which must list every row of the table once)."""
    st = writable(s, assessment_id)
    table_item(checklist_of(st, checklist_id), item_id)
    current = list(inputs_of(s, st, checklist_id).row_ids.get(item_id, []))
    before = result_of(s, st, checklist_id)
    if sorted(row_ids) != sorted(current) or len(set(row_ids)) != len(row_ids):
        raise InputError(
            "新顺序必须恰好包含表格的每一行",
            "the new order must list every row of the table exactly once",
        )
    if list(row_ids) == current:
        return saved(s, assessment_id, checklist_id, item_id, before, None)
    for position, rid in enumerate(row_ids):
        s.execute(update(TableRow).where(TableRow.id == rid).values(position=position))
    s.expire_all()
    hid = record(
        s,
        assessment_id,
        "rows_reorder",
        user=default_user(user),
        checklist=checklist_id,
        item=item_id,
        old=current,
        new=list(row_ids),
    )
    _changed(s, st, checklist_id)
    return saved(s, assessment_id, checklist_id, item_id, before, hid)


def insert_rows(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    rows: Sequence[Mapping[str, Any]],
    user: str,
) -> list[int]:
    """Append already-checked rows (no history entry; for import and copying); returns their ids."""
    return _insert_texts(
        s, assessment_id, checklist_id, item_id, [dumps(cells) for cells in rows], user
    )


def _insert_texts(
    s: Session, assessment_id: int, checklist_id: str, item_id: str, texts: list[str], user: str
) -> list[int]:
    """Append rows given as their stored JSON; returns their ids in order."""
    start = len(inputs_of(s, state(s, assessment_id), checklist_id).row_ids.get(item_id, []))
    if not texts:
        return []
    now = stamp(utcnow())
    params = [
        (assessment_id, checklist_id, item_id, start + offset, text, user, now)
        for offset, text in enumerate(texts)
    ]
    # One executemany in the session's transaction (the ORM's bulk insert costs ten times more
    # for an imported roster), then the new ids in position order.
    connection = s.connection().connection.dbapi_connection
    assert connection is not None
    connection.executemany(INSERT_ROW, params)
    found = sql(s, NEW_ROW_IDS, (assessment_id, checklist_id, item_id, start))
    return [int(i) for (i,) in found]


def replace_table_rows(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    user: str | None = None,
    source: str = "",
    checked: bool = False,
) -> SaveResult:
    """Replace every row of a table in one transaction (e.g. from an Excel import), one history entry.

    All rows are checked first; any wrong cell raises InputError naming it and nothing changes.
    ``checked``: the rows are the normalised values ``check_value`` made of them already (an
    Excel import checks every cell as it reads it, naming the sheet's row and column), so
    they are not checked a second time.
    The finding states (explanation, rectification) of rows that stay — the same ID number,
    name or room, see ``models.ops.row_states`` — are kept; those of rows that left go with them.
    """
    from models.ops.row_states import restore_states, states_of_rows

    st = writable(s, assessment_id)
    item = table_item(checklist_of(st, checklist_id), item_id)
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise InputError("行应为列表", "rows must be a list")
    if checked:
        clean = [dict(r) for r in rows]
    else:
        clean = [
            dict(r)
            for r in check_entered(
                item,
                [dict(r) if isinstance(r, Mapping) else r for r in rows],
                f"{checklist_id}.{item_id}",
            )
        ]
    texts = [dumps(r) for r in clean]  # stored once: each row, and the history's new table
    user = default_user(user)
    before = result_of(s, st, checklist_id)
    old = [dict(r) for r in (inputs_of(s, st, checklist_id).values.get(item_id) or ())]
    old_ids = inputs_of(s, st, checklist_id).row_ids.get(item_id, [])
    kept = states_of_rows(
        s, assessment_id, checklist_id, item, dict(zip(old_ids, old, strict=True))
    )
    _mark(s, st, checklist_id, item_id, user)
    s.execute(
        delete(TableRow).where(
            TableRow.assessment_id == assessment_id,
            TableRow.checklist_id == checklist_id,
            TableRow.item_id == item_id,
        )
    )
    inputs = st.inputs[checklist_id]
    inputs.row_ids.pop(item_id, None)
    ids = _insert_texts(s, assessment_id, checklist_id, item_id, texts, user)
    restored = restore_states(s, assessment_id, checklist_id, item, kept, ids, clean)
    s.expire_all()
    hid = record(
        s,
        assessment_id,
        "rows_replace",
        user=user,
        checklist=checklist_id,
        item=item_id,
        old=old,
        new=clean,
        new_json="[" + ",".join(texts) + "]",  # = dumps(clean), without encoding it again
        source=source,
    )
    # The new rows are checked already: keep them as the cached inputs (reading 10,000 rows back
    # and checking them again cost as much as the import); the table is then judged once.
    cache.writing(s)
    inputs.row_ids[item_id] = ids
    inputs.values[item_id] = tuple(clean)
    if restored:  # the kept states now hang on the new row ids
        inputs.states = states_of_checklist(s, assessment_id, checklist_id)
    else:
        inputs.states = [st_ for st_ in inputs.states if st_.item != item_id or st_.row_id is None]
    return saved(s, assessment_id, checklist_id, item_id, before, hid)  # judged afresh: new notes
