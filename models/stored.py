"""Stored forms shared by the operations (through a Session) and the sqlite3 paths of
models.reading and models.writing: values read back, and what is written (times, JSON, the
history hash, the statements of the hot writes). One definition each, so both paths store and
read a self-check alike.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from checklists.answers import SCHOOL_FIELDS, School
from checklists.foundation.errors import InputError
from checklists.model import Checklist, Item
from models.errors import NotFound

# The start of every change-history chain.
GENESIS = "0" * 64


def school_from_json(text: str) -> School:
    """A school profile from its stored JSON."""
    raw = json.loads(text)
    return School(**{f: raw[f] for f in SCHOOL_FIELDS if f in raw})


def check(item: Item, raw: object, path: str) -> Any:
    """The normalised value of ``raw`` for ``item``; InputError naming every problem otherwise."""
    from checklists.answers import check_value

    value, problems = check_value(item, raw, path)
    if problems:
        zh = "\n".join(f"{p}: {z}" for p, z, _ in problems)
        en = "\n".join(f"{p}: {e}" for p, _, e in problems)
        raise InputError(f"填写有误：\n{zh}", f"Invalid value:\n{en}")
    return value


def check_entered(item: Item, raw: object, path: str) -> Any:
    """``check`` for a value being entered (never for one read back, which must stay readable):
    its texts also keep the answers document's rule for texts (no control character but tab,
    line feed and carriage return, no lone surrogate), so nothing stored is refused later by an
    export, ``validate``, ``verify`` or the office. InputError naming the cell otherwise."""
    value = check(item, raw, path)
    if value is not None and type(value) not in _NO_TEXT:  # a yes/no, number or date has none
        from checklists.answers import value_to_json

        check_texts(value_to_json(value), path)
    return value


# values (as checked) that hold no text: nothing in them for the rule for texts to refuse
_NO_TEXT = (bool, int, float, date)


def check_texts(value: Any, path: str) -> None:
    """InputError naming every text in ``value`` (a JSON value: text, list, object) that an
    answers document may not hold, at ``path``; nothing when all keep the document's rule."""
    from checklists.answers_json import structure_problems

    problems = structure_problems(value)
    if problems:
        where = [(path + ("" if p == "$" else p if p.startswith("[") else "." + p), z, e)
                 for p, z, e in problems]  # fmt: skip
        zh = "\n".join(f"{p}: {z}" for p, z, _ in where)
        en = "\n".join(f"{p}: {e}" for p, _, e in where)
        raise InputError(f"填写有误：\n{zh}", f"Invalid value:\n{en}")


def check_text(value: str, path: str, limit: int, *, lines: bool = True) -> None:
    """InputError unless ``value`` is a text of at most ``limit`` characters keeping the answers
    document's rule for texts (checklists.answers.text_problem; one line unless ``lines``),
    naming ``path``."""
    from checklists.answers import text_problem

    problem = text_problem(value, limit, lines=lines)
    if problem is not None:
        raise InputError(
            f"填写有误：\n{path}: {problem[0]}", f"Invalid value:\n{path}: {problem[1]}"
        )


def stored_value(checklist: Checklist, item_id: str, raw: Any) -> Any:
    """A stored JSON value of ``checklist``'s item, normalised again (dates back to ``date``);
    None for an item the checklist lacks."""
    try:
        item = checklist.item(item_id)
    except KeyError:
        return None
    return check(item, raw, f"{checklist.id}.{item_id}")


def missing_checklist(assessment_id: int, checklist_id: str) -> NotFound:
    """The error for a checklist the self-check was not started with."""
    return NotFound(
        f"清单“{checklist_id}”（自查 #{assessment_id} 未包含它）",
        f"checklist '{checklist_id}' (not part of assessment #{assessment_id})",
    )


def item_of(checklist: Checklist, item_id: str) -> Item:
    """The item ``item_id`` of ``checklist``."""
    try:
        return checklist.item(item_id)
    except KeyError:
        raise NotFound(
            f"检查项“{checklist.id}.{item_id}”", f"item '{checklist.id}.{item_id}'"
        ) from None


def table_item(checklist: Checklist, item_id: str) -> Item:
    """The item ``item_id`` of ``checklist``, a table (InputError when it is not one)."""
    item = item_of(checklist, item_id)
    if not item.is_table:
        raise InputError(
            f"“{checklist.id}.{item_id}”不是表格", f"'{checklist.id}.{item_id}' is not a table"
        )
    return item


def utcnow() -> datetime:
    """The current time in UTC (stored naive, always UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def stamp(at: datetime) -> str:
    """A time as SQLAlchemy stores DateTime in SQLite (so raw SQL and ORM rows read back alike)."""
    return at.isoformat(sep=" ", timespec="microseconds")


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


def entry_hash(
    prev: str,
    assessment_id: int | None,
    at: datetime,
    user: str,
    action: str,
    checklist: str | None,
    item: str | None,
    row_id: int | None,
    old_json: str | None,
    new_json: str | None,
    source: str,
) -> str:
    """SHA-256 of one history entry's content and the previous entry's hash (the last of
    ``history_row``'s parameters: one definition of what the chain covers)."""
    row = history_row(
        prev, assessment_id, at, user, action, checklist=checklist, item=item, row_id=row_id,
        old_json=old_json, new_json=new_json, source=source,
    )  # fmt: skip
    return str(row[-1])


# json.dumps(..., ensure_ascii=False, separators=(",", ":")) makes this very encoder at each
# call: made once (every save hashes its history entry)
_HASH_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _hash(prev: str, fields: tuple[Any, ...]) -> str:
    return hashlib.sha256(_HASH_ENCODER.encode([prev, *fields]).encode()).hexdigest()


def history_row(
    prev: str,
    assessment_id: int | None,
    at: datetime,
    user: str,
    action: str,
    *,
    checklist: str | None,
    item: str | None,
    row_id: int | None,
    old_json: str | None,
    new_json: str | None,
    source: str,
) -> tuple[Any, ...]:
    """The parameters of INSERT_HISTORY for one entry chained to ``prev``: its fields, then
    ``prev`` and its own hash (``entry_hash``), last."""
    fields = (assessment_id, stamp(at), user, action, checklist, item, row_id, old_json, new_json)
    return (*fields, source, prev, _hash(prev, (*fields, source)))


def upsert_answer_sql(names: list[str]) -> str:
    """The statement inserting or updating the answers row of one item (``names``: the columns
    set besides who and when, among value_json and explanation)."""
    sets = ", ".join(f"{k} = excluded.{k}" for k in names)
    return (
        f"INSERT INTO answers (assessment_id, checklist_id, item_id, updated_by, updated_at, {', '.join(names)})"
        f" VALUES (?, ?, ?, ?, ?{', ?' * len(names)})"
        " ON CONFLICT (assessment_id, checklist_id, item_id) DO UPDATE SET"
        f" updated_by = excluded.updated_by, updated_at = excluded.updated_at, {sets}"
    )


INSERT_HISTORY = (
    "INSERT INTO history (assessment_id, at, user, action, checklist_id, item_id, row_id, old_json, new_json,"
    " source, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_ROW = (
    "INSERT INTO table_rows (assessment_id, checklist_id, item_id, position, cells_json,"
    " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
NEW_ROW_IDS = (
    "SELECT id FROM table_rows WHERE assessment_id = ? AND checklist_id = ? AND item_id = ?"
    " AND position >= ? ORDER BY position"
)
DELETE_TABLE_ROWS = (
    "DELETE FROM table_rows WHERE assessment_id = ? AND checklist_id = ? AND item_id = ?"
)
INSERT_STATE = (
    "INSERT INTO finding_states (assessment_id, checklist_id, code, item_id, row_id, explanation,"
    " rect_status, rect_measure, rect_responsible, rect_due_date, updated_by, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The changes (their history actions) whose save leaves the assessments row as it is when the
# list figures come out as stored (models.ops.evaluation.refresh): when a self-check was
# edited is then its newest history entry's time when that entry is such a change and newer than
# its row's (EDITED_AT); when the newest entry is another change, which writes the row, the row's.
# A save of an answer or of a cell so writes four WAL pages, not five; every other change writes
# the row as before.
QUIET_ACTIONS = ("answer", "row_update")
_QUIET = ", ".join(f"'{action}'" for action in QUIET_ACTIONS)
# When the self-check of the assessments row in the query was edited (as stamped, comparable as
# text; an ISO "T" read as the space stamp() writes): the row's time, or, when its newest history
# entry is a quiet change, that change's when newer. Going by the newest entry, not the newest
# time, keeps a change saved while the clock was ahead from outranking the later ones.
EDITED_AT = (
    "coalesce((SELECT CASE WHEN h.action IN"
    f" ({_QUIET}) THEN max(assessments.updated_at, replace(h.at, 'T', ' ')) END"
    " FROM history h WHERE h.assessment_id = assessments.id ORDER BY h.id DESC LIMIT 1),"
    " assessments.updated_at)"
)
# The newest history entry of one self-check: its action and time.
LAST_CHANGE = "SELECT action, at FROM history WHERE assessment_id = ? ORDER BY id DESC LIMIT 1"
# After a change: when it was edited and the list figures, in one statement.
TOUCH_FIGURES = (
    "UPDATE assessments SET updated_at = ?, progress = ?, compliance = ?, open_items = ?,"
    " findings_critical = ?, findings_major = ?, findings_minor = ? WHERE id = ?"
)
