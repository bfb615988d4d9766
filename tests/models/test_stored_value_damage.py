"""A value the store's own operations cannot decode is damaged data; a user's file is not."""

from __future__ import annotations

import json
import sqlite3

import pytest

from models.database import Database
from models.errors import StoredDataDamaged
from models.ops.assessments import get_assessment


def test_json_a_user_file_holds_is_an_input_problem_not_a_damaged_store(db: Database) -> None:
    with pytest.raises(json.JSONDecodeError), db.session():
        json.loads("{not json")  # e.g. a file the user chose, read while a session is open


def test_json_the_store_holds_damaged_is_named_as_damaged(db: Database, draft: int) -> None:
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE assessments SET profile_json = '{bad' WHERE id = ?", (draft,))
    with pytest.raises(StoredDataDamaged), db.session() as s:
        get_assessment(s, draft)
