"""Opening a data folder: pragmas, schema, the folder lock, refusing corrupt / foreign / newer files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from models.backup import backup_database, list_backups
from models.database import open_database
from models.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    ForeignDatabase,
    StorageError,
)
from models.schema import SCHEMA_VERSION
from models.tables import Base
from tests.conftest import ROOT
from tests.models.conftest import file_hash


def test_pragmas_are_set_on_every_connection(db) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with db.session() as s:  # a session's connection too
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_foreign_keys_are_enforced(db) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session() as s, s.begin():
        s.execute(
            text(
                "INSERT INTO answers (assessment_id, checklist_id, item_id, updated_by, updated_at)"
                " VALUES (999, 'x', 'y', 'u', '2021-01-01 00:00:00.000000')"
            )
        )


def test_a_session_handed_out_again_carries_nothing_of_its_last_use(db, draft: int) -> None:
    """Sessions are kept to be handed out again once closed: each use starts empty (no loaded
    row, nothing noted on it, no transaction), two open at once are two sessions, one whose
    use failed is closed as any, and a closed database keeps none."""
    from sqlalchemy.exc import IntegrityError

    from models.tables import Assessment

    with db.session() as s:
        first = s
        row = s.get(Assessment, draft)
        assert row is not None
        s.info["noted"] = True
        with db.session() as inner:  # open at the same time: another session
            assert inner is not s
    with db.session() as s:
        assert s is first or s is inner  # handed out again
        assert not s.info and not s.identity_map and not s.in_transaction()
        assert s.get(Assessment, draft) is not row  # read anew, not the last use's object
    with pytest.raises(IntegrityError), db.session() as s, s.begin():
        s.execute(text("INSERT INTO answers (assessment_id) VALUES (999)"))
    with db.session() as s, s.begin():  # the failed one, handed out again, works
        assert s.execute(text("SELECT count(*) FROM assessments")).scalar() == 1
        assert not s.info.get("noted")
    db.close()
    assert db._idle == []


def _columns(engine) -> dict[str, list[tuple[str, str, bool, bool]]]:
    insp = inspect(engine)
    out = {}
    for table in insp.get_table_names():
        if table in ("schema_version", "sqlite_sequence"):
            continue
        pk = set(insp.get_pk_constraint(table)["constrained_columns"])
        out[table] = [
            (c["name"], str(c["type"]), c["nullable"], c["name"] in pk)
            for c in insp.get_columns(table)
        ]
    return out


def _indexes(path: Path) -> dict[str, tuple[str, int, list[object]]]:
    conn = sqlite3.connect(path)
    out = {}
    for name, table in conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
    ):
        unique = [r[2] for r in conn.execute(f"PRAGMA index_list({table})") if r[1] == name][0]
        columns = [
            r[2] for r in conn.execute(f"PRAGMA index_info({name})")
        ]  # None for an expression
        out[name] = (table, unique, columns)
    conn.close()
    return out


def test_migrated_schema_matches_the_orm_models(db, tmp_path: Path) -> None:
    orm = create_engine(f"sqlite:///{tmp_path / 'orm.db'}")
    Base.metadata.create_all(orm)
    assert _columns(db.engine) == _columns(orm)
    assert _indexes(db.path) == _indexes(tmp_path / "orm.db")


def test_a_fresh_database_is_at_the_current_version(db) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION


def test_no_half_created_file_is_left(data_dir: Path) -> None:
    open_database(data_dir).close()
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("campus")) == [
        "campus.db"
    ]


def test_second_open_in_the_same_process_is_locked(db, data_dir: Path) -> None:
    with pytest.raises(DatabaseLocked, match="已被另一个窗口打开") as info:
        open_database(data_dir)
    assert "already open by another window" in info.value.text("en")


def test_second_process_gets_a_clear_error_and_the_first_keeps_working(
    db, data_dir: Path, draft: int
) -> None:
    code = (
        "import sys; from pathlib import Path; from models.database import open_database\n"
        "from models.errors import DatabaseLocked\n"
        "try:\n    open_database(Path(sys.argv[1]))\nexcept DatabaseLocked as e:\n"
        "    print(e.text('en')); sys.exit(7)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 7, proc.stderr
    assert "already open by another window" in proc.stdout
    from models.ops.answers import set_answer

    with db.session() as s, s.begin():
        saved = set_answer(s, draft, "psychology", "fulltime_psych_teachers", 2, user="t")
    assert saved.item.status == "pass"


def test_closing_releases_the_lock(data_dir: Path) -> None:
    open_database(data_dir).close()
    open_database(data_dir).close()


def _existing(data_dir: Path, data: bytes) -> Path:
    path = data_dir / "campus.db"
    path.write_bytes(data)
    return path


def _good_db_bytes(tmp_path: Path) -> bytes:
    folder = tmp_path / "good"
    with open_database(folder) as db, db.session() as s, s.begin():
        from checklists.answers import School
        from models.ops.school import create_school

        create_school(s, School("学校", "4419000009", "primary", 100), user="t")
    return (folder / "campus.db").read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "random", "text", "empty", "zeroed_middle"])
def test_a_corrupt_file_is_refused_and_left_unchanged(
    damage: str, data_dir: Path, tmp_path: Path
) -> None:
    good = _good_db_bytes(tmp_path)
    data = {
        "truncated": good[: len(good) // 2],
        "random": os.urandom(len(good)),
        "text": "这不是数据库 / not a database\n".encode() * 200,
        "empty": b"",
        "zeroed_middle": good[:4096] + bytes(len(good) - 8192) + good[-4096:],
    }[damage]
    path = _existing(data_dir, data)
    before = file_hash(path)
    with pytest.raises(DatabaseCorrupt) as info:
        open_database(data_dir)
    assert file_hash(path) == before
    assert str(data_dir / "backups") in str(info.value)
    assert not (data_dir / "campus.db-wal").exists()
    # The lock was released: a second attempt fails the same way, not with "locked".
    with pytest.raises(DatabaseCorrupt):
        open_database(data_dir)


def test_the_corrupt_message_names_the_newest_backup(db, data_dir: Path) -> None:
    newest = db.backup()
    db.close()
    path = data_dir / "campus.db"
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(DatabaseCorrupt) as info:
        open_database(data_dir)
    assert info.value.backups[-1] == newest
    assert str(newest) in info.value.text("zh") and str(newest) in info.value.text("en")


def test_a_newer_database_is_refused_and_left_byte_identical(db, data_dir: Path) -> None:
    db.close()
    path = data_dir / "campus.db"
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    before = file_hash(path)
    backups_before = list_backups(data_dir)
    with pytest.raises(DatabaseTooNew, match=f"结构版本 {SCHEMA_VERSION + 1}") as info:
        open_database(data_dir)
    assert "newer version" in info.value.text("en")
    assert file_hash(path) == before
    assert list_backups(data_dir) == backups_before
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("campus")) == [
        "campus.db"
    ]


def test_a_foreign_sqlite_file_is_never_overwritten(data_dir: Path) -> None:
    path = data_dir / "campus.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('someone else')")
    conn.commit()
    conn.close()
    before = file_hash(path)
    with pytest.raises(ForeignDatabase, match="不是校园自查的数据库"):
        open_database(data_dir)
    assert file_hash(path) == before


def test_leftover_wal_after_a_crash_is_recovered(db, data_dir: Path, draft: int) -> None:
    from models.ops.answers import get_answers, set_answer

    with db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 4, user="t")
    # Copy the files as a crash would leave them (WAL not checkpointed), then open the copy.
    copy_dir = data_dir.parent / "copy"
    copy_dir.mkdir()
    for name in ("campus.db", "campus.db-wal"):
        (copy_dir / name).write_bytes((data_dir / name).read_bytes())
    with open_database(copy_dir) as other, other.session() as s:
        assert get_answers(s, draft, "psychology")["fulltime_psych_teachers"] == 4


def test_storage_errors_are_environment_problems() -> None:
    from checklists.foundation.errors import EnvironmentProblem

    assert issubclass(StorageError, EnvironmentProblem)


def test_backup_before_open_uses_the_backup_api(db, data_dir: Path) -> None:
    path = backup_database(data_dir)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # a self-contained file
    conn.close()
