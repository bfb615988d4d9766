"""Backups (SQLite backup API): daily at open, the newest 10 kept; restore only from a sound backup."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models.backup import KEEP, backup_database, list_backups
from models.database import open_database, restore
from models.errors import BackupError, DatabaseCorrupt, DatabaseLocked
from models.ops.answers import get_answers, set_answer
from tests.models.conftest import file_hash


def _answer(db, assessment_id: int, value: int) -> None:
    with db.session() as s, s.begin():
        set_answer(s, assessment_id, "psychology", "fulltime_psych_teachers", value, user="t")


def _value(data_dir: Path, assessment_id: int) -> object:
    with open_database(data_dir, backup_on_open=False) as db, db.session() as s:
        return get_answers(s, assessment_id, "psychology").get("fulltime_psych_teachers")


def test_open_backs_up_at_most_once_a_day(db, data_dir: Path, draft: int) -> None:
    db.close()
    day = datetime(2022, 3, 1, 9, 0, 0)
    open_database(data_dir, now=day).close()
    open_database(data_dir, now=day + timedelta(hours=3)).close()
    assert [p.name for p in list_backups(data_dir)] == ["campus-20220301-090000.db"]
    open_database(data_dir, now=day + timedelta(days=1)).close()
    assert len(list_backups(data_dir)) == 2


def test_a_new_database_is_not_backed_up(data_dir: Path) -> None:
    open_database(data_dir).close()
    assert list_backups(data_dir) == []


def test_only_the_newest_ten_are_kept(db, data_dir: Path) -> None:
    start = datetime(2022, 1, 1)
    made = [backup_database(data_dir, start + timedelta(minutes=i)) for i in range(KEEP + 3)]
    assert list_backups(data_dir) == made[-KEEP:]


def test_backups_in_the_same_second_get_distinct_names(db, data_dir: Path) -> None:
    moment = datetime(2022, 1, 1, 12, 0, 0)
    first, second = backup_database(data_dir, moment), backup_database(data_dir, moment)
    assert first != second and list_backups(data_dir) == [first, second]


def test_a_backup_holds_committed_edits_still_in_the_wal(db, data_dir: Path, draft: int) -> None:
    _answer(db, draft, 5)
    backup = db.backup()
    conn = sqlite3.connect(backup)
    assert conn.execute(
        "SELECT value_json FROM answers WHERE item_id = 'fulltime_psych_teachers'"
    ).fetchone() == ("5",)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_restore_brings_back_the_backup_and_keeps_the_current_database(
    db, data_dir: Path, draft: int
) -> None:
    _answer(db, draft, 1)
    backup = db.backup()
    _answer(db, draft, 7)
    db.close()
    kept = restore(data_dir, backup)
    assert _value(data_dir, draft) == 1
    assert kept is not None and kept in list_backups(data_dir)
    conn = sqlite3.connect(kept)
    assert conn.execute(
        "SELECT value_json FROM answers WHERE item_id = 'fulltime_psych_teachers'"
    ).fetchone() == ("7",)
    conn.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(
    db, data_dir: Path, draft: int, tmp_path: Path
) -> None:
    _answer(db, draft, 3)
    good = db.backup()
    db.close()
    broken = tmp_path / "campus-broken.db"
    broken.write_bytes(good.read_bytes()[:5000])
    before = file_hash(data_dir / "campus.db")
    backups_before = list_backups(data_dir)
    with pytest.raises(BackupError, match="已损坏"):
        restore(data_dir, broken)
    assert file_hash(data_dir / "campus.db") == before
    assert list_backups(data_dir) == backups_before
    assert not (data_dir / "campus.db.restoring").exists()


def test_a_foreign_file_is_not_restored(db, data_dir: Path, tmp_path: Path) -> None:
    db.close()
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="不是本程序可用的备份"):
        restore(data_dir, other)


def test_restore_repairs_a_corrupt_database_and_keeps_the_damaged_file(
    db, data_dir: Path, draft: int
) -> None:
    _answer(db, draft, 2)
    backup = db.backup()
    db.close()
    damaged = (data_dir / "campus.db").read_bytes()[:4096]
    (data_dir / "campus.db").write_bytes(damaged)
    with pytest.raises(DatabaseCorrupt):
        open_database(data_dir)
    kept = restore(data_dir, backup)
    assert _value(data_dir, draft) == 2
    assert kept is not None and kept.read_bytes() == damaged
    assert kept.name.startswith("damaged-") and kept not in list_backups(data_dir)


def test_restore_while_the_folder_is_open_is_refused(db, data_dir: Path) -> None:
    backup = db.backup()
    with pytest.raises(DatabaseLocked):
        restore(data_dir, backup)
