"""The history hash chain: intact after edits, and tampering is found at the first broken entry."""

from __future__ import annotations

import sqlite3

import pytest

from models.ops.answers import set_answer
from models.ops.history import list_history, verify_history


def _edits(db, aid: int, n: int = 5) -> list[int]:
    ids = []
    for i in range(n):
        with db.session() as s, s.begin():
            saved = set_answer(s, aid, "psychology", "fulltime_psych_teachers", i, user="u")
        assert saved.history_id is not None
        ids.append(saved.history_id)
    return ids


def _raw(db) -> sqlite3.Connection:
    db.close()  # tamper with the file as an outsider would, without our triggers
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER history_no_update")
    conn.execute("DROP TRIGGER history_no_delete")
    return conn


def test_the_chain_is_intact_after_edits(db, draft: int) -> None:
    _edits(db, draft)
    with db.session() as s:
        check = verify_history(s, draft)
        assert check.ok and check.entries == 6  # create + 5 answers
        assert verify_history(s, None).ok  # the school chain
        assert [e.action for e in list_history(s, draft)] == ["create"] + ["answer"] * 5


def test_the_database_refuses_to_change_history(db, draft: int) -> None:
    _edits(db, draft, 1)
    db.close()
    conn = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE history SET user = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM history")
    conn.close()


@pytest.mark.parametrize("tamper", ["new_value", "user", "time", "delete_middle", "swap_hash"])
def test_tampering_is_found_at_the_first_broken_entry(
    db, data_dir, draft: int, tamper: str
) -> None:
    from models.database import open_database

    ids = _edits(db, draft)
    target = ids[2]
    conn = _raw(db)
    statement = {
        "new_value": "UPDATE history SET new_json = '99' WHERE id = ?",
        "user": "UPDATE history SET user = 'someone' WHERE id = ?",
        "time": "UPDATE history SET at = '2020-01-01 00:00:00.000000' WHERE id = ?",
        "delete_middle": "DELETE FROM history WHERE id = ?",
        "swap_hash": "UPDATE history SET hash = '" + "f" * 64 + "' WHERE id = ?",
    }[tamper]
    conn.execute(statement, (target,))
    conn.commit()
    conn.close()
    expected = ids[3] if tamper == "delete_middle" else target
    with open_database(data_dir) as again, again.session() as s:
        check = verify_history(s, draft)
    assert not check.ok and check.first_broken == expected
