"""A data folder opened for one change through sqlite3: replacing a table's rows (an import).

The command-line import of a roster stores thousands of rows once and exits; SQLAlchemy's
import alone cost more than writing them. This path writes what ``models.ops.rows.
replace_table_rows`` writes, statement for statement and in the same stored forms (the
statements, JSON, times, history hash, state pairing and list figures are the ones
``models.stored``, ``models.ops.row_states`` and ``models.ops.list_figures`` define for both):
the same rows, the finding states of the rows that stay, one history entry and the list
figures, in one transaction. The tests import the same workbook through both paths into two
copies of a store and compare every table row by row.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from checklists.evaluator import dependent_checklists, evaluate_document
from checklists.results import overall_figures
from models.database import translate_error
from models.errors import ReadOnlyAssessment
from models.ops.changes import SaveResult, changed_findings
from models.ops.list_figures import figure_values, list_figures
from models.ops.row_states import KeptState, kept_state, paired_states, row_keys
from models.reading import StoredAssessment, StoreReader, open_store
from models.stored import (
    DELETE_TABLE_ROWS,
    INSERT_HISTORY,
    INSERT_ROW,
    INSERT_STATE,
    NEW_ROW_IDS,
    TOUCH_FIGURES,
    default_user,
    dumps,
    history_row,
    missing_checklist,
    stamp,
    table_item,
    upsert_answer_sql,
    utcnow,
)


class StoreWriter(StoreReader):
    """A data folder open for one change: ``with open_for_writing(folder) as store, store.writing(): …``."""

    @contextmanager
    def writing(self) -> Iterator[StoreWriter]:
        """One write transaction: committed when the block ends, rolled back (nothing written)
        when it raises."""
        try:
            self._conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                self._assessments.clear()  # what was read inside may describe the rolled-back change
                self._results.clear()
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            storage = translate_error(exc, self.path)
            if storage is not None:
                raise storage from exc
            raise

    def _execute(self, statement: str, params: Sequence[Any]) -> sqlite3.Cursor:
        return self._conn.execute(statement, params)

    def _execute_many(self, statement: str, params: list[tuple[Any, ...]]) -> None:
        self._conn.executemany(statement, params)


def open_for_writing(
    data_dir: Path, *, backup_on_open: bool = True, now: datetime | None = None
) -> StoreWriter:
    """Open an existing data folder's database for a change; the caller must ``close()`` it
    (the checks of ``models.reading.open_for_reading``)."""
    data_dir = Path(data_dir)
    return StoreWriter(data_dir, *open_store(data_dir, backup_on_open, now))


_STATES_OF_ROWS = (
    "SELECT row_id, code, explanation, rect_status, rect_measure, rect_responsible,"
    " rect_due_date, updated_by, updated_at FROM finding_states"
    " WHERE assessment_id = ? AND checklist_id = ? AND item_id = ? AND row_id IN ({})"
)


def replace_table_rows(
    store: StoreWriter,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    user: str | None = None,
    source: str = "",
) -> SaveResult:
    """Replace every row of a table with ``rows``, normalised already (``check_value`` made
    them, as an Excel import does while reading), inside ``store.writing()``: what
    ``models.ops.rows.replace_table_rows(..., checked=True)`` does through a Session.

    The finding states of rows that stay (same identity) are kept, one history entry is
    written and the list figures are stored. ReadOnlyAssessment for a signed self-check.
    """
    stored = store.assessment(assessment_id)
    if stored.status == "signed":
        raise ReadOnlyAssessment(assessment_id)
    checklist = stored.checklists.get(checklist_id)
    if checklist is None:
        raise missing_checklist(assessment_id, checklist_id)
    item = table_item(checklist, item_id)
    clean = [dict(r) for r in rows]
    texts = [dumps(r) for r in clean]  # stored once: each row, and the history's new table
    user = default_user(user)
    before = store.evaluate(assessment_id).checklists[checklist_id]
    values = stored.document.checklists[checklist_id]
    old = [dict(r) for r in (values.get(item_id) or ())]
    old_ids = stored.row_ids.get((checklist_id, item_id), [])
    kept = _states_of_rows(
        store, assessment_id, checklist_id, item, dict(zip(old_ids, old, strict=True))
    )
    if item_id not in values:  # the table was answered, even with no rows (as a document keeps [])
        store._execute(
            upsert_answer_sql(["value_json"]),
            (assessment_id, checklist_id, item_id, user, stamp(utcnow()), "[]"),
        )
    key = (assessment_id, checklist_id, item_id)
    store._execute(DELETE_TABLE_ROWS, key)  # their finding states and photos go with them
    ids: list[int] = []
    if texts:
        now = stamp(utcnow())
        store._execute_many(
            INSERT_ROW, [(*key, position, text, user, now) for position, text in enumerate(texts)]
        )
        ids = [int(i) for (i,) in store._rows(NEW_ROW_IDS, (*key, 0))]
    params = paired_states(assessment_id, checklist_id, item, kept, ids, clean)
    if params:
        store._execute_many(INSERT_STATE, params)
    history_id = _record(
        store,
        assessment_id,
        user,
        checklist_id,
        item_id,
        dumps(old),
        "[" + ",".join(texts) + "]",
        source,
    )
    after_stored = _replaced(store, stored, checklist_id, item_id, tuple(clean), ids)
    store._assessments[assessment_id] = after_stored
    # Only the changed checklist and those that read it are judged again.
    stale = {checklist_id} | dependent_checklists(stored.checklists, checklist_id)
    unchanged = {
        cl: result
        for cl, result in store.evaluate(assessment_id).checklists.items()
        if cl not in stale
    }
    results = store._results[assessment_id] = evaluate_document(
        after_stored.document, after_stored.checklists, unchanged
    )
    fig = list_figures(overall_figures(results.checklists.values()), len(results.checklists))
    store._execute(TOUCH_FIGURES, (stamp(utcnow()), *figure_values(fig), assessment_id))
    after = results.checklists[checklist_id]
    changes = changed_findings(before, after)
    return SaveResult(after.item(item_id), changes.added, changes.removed, after, history_id)


def _states_of_rows(
    store: StoreWriter,
    assessment_id: int,
    checklist_id: str,
    item: Any,
    rows: dict[int, dict[str, Any]],
) -> list[KeptState]:
    """The finding states of the rows ``rows`` (row id → cells), as models.ops.row_states
    reads them (dates and times back to their types, so they are stored again alike)."""
    if not rows:
        return []
    found = store._rows(
        _STATES_OF_ROWS.format(", ".join("?" * len(rows))),
        (assessment_id, checklist_id, item.id, *rows),
    )
    keys = row_keys(item, rows)
    return [
        kept_state(
            keys[row_id],
            code,
            explanation,
            status,
            measure,
            responsible,
            None
            if due is None
            else store._decoded("finding_states.rect_due_date", date.fromisoformat, due),
            by,
            store._decoded("finding_states.updated_at", datetime.fromisoformat, at),
        )
        for row_id, code, explanation, status, measure, responsible, due, by, at in found
        if row_id is not None
    ]


def _record(
    store: StoreWriter,
    assessment_id: int,
    user: str,
    checklist_id: str,
    item_id: str,
    old_json: str,
    new_json: str,
    source: str,
) -> int:
    """Append the table's ``rows_replace`` entry to the assessment's history chain; its id."""
    row = history_row(
        store.chain_head(assessment_id)[1],
        assessment_id,
        utcnow(),
        user,
        "rows_replace",
        checklist=checklist_id,
        item=item_id,
        row_id=None,
        old_json=old_json,
        new_json=new_json,
        source=source,
    )
    cursor = store._execute(INSERT_HISTORY, row)
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


def _replaced(
    store: StoreWriter,
    stored: StoredAssessment,
    checklist_id: str,
    item_id: str,
    rows: tuple[dict[str, Any], ...],
    ids: list[int],
) -> StoredAssessment:
    """The stored self-check after its table was replaced (rows kept as they were stored, the
    finding states read again: the kept ones hang on the new row ids)."""
    row_ids = dict(stored.row_ids)
    row_ids[(checklist_id, item_id)] = ids
    answers = {cl: dict(values) for cl, values in stored.document.checklists.items()}
    answers[checklist_id][item_id] = rows
    notes = store._finding_notes(stored.id, stored.checklists, row_ids)
    document = dataclasses.replace(stored.document, checklists=answers, finding_notes=notes)
    return dataclasses.replace(stored, document=document, row_ids=row_ids)
