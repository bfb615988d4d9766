"""Read-only checks of an existing ``campus.db`` before anything writes to it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

from models.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseTooNew,
    DiskFull,
    ForeignDatabase,
)
from models.schema import SCHEMA_VERSION, read_version, schema_problem

SQLITE_HEADER = b"SQLite format 3\x00"


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write ``path`` (nor create side files when there is no WAL)."""
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    if not Path(str(path) + "-wal").exists():
        # immutable: no locking, no -shm/-wal files; safe because no WAL content is pending.
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def check_file(path: Path, *, full: bool = False) -> str | None:
    """None when ``path`` is a sound SQLite file, else a short description of the damage.

    ``full`` runs ``integrity_check`` instead of the faster ``quick_check``.
    """
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return "not an SQLite file" if len(header) >= 16 else "file too short"
    try:
        conn = connect_readonly(path)
        try:
            pragma = "integrity_check" if full else "quick_check"
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows != [("ok",)]:
        return "; ".join(str(r[0]) for r in rows[:3])
    return None


def file_version(path: Path) -> int | None:
    """The schema version of a sound SQLite file (None: not ours, 0: empty)."""
    conn = connect_readonly(path)
    try:
        version = read_version(conn)
    except (ValueError, TypeError, OverflowError):  # the version row holds text or a blob
        raise sqlite3.DatabaseError("the schema version is not a number") from None
    finally:
        conn.close()
    if version is not None and version < 0:  # migrations would run again from the wrong step
        raise sqlite3.DatabaseError(f"schema version {version} is not valid")
    return version


def is_office_store(path: Path) -> bool:
    """True when the sound SQLite file ``path`` is a supervision office's aggregation store."""
    try:
        conn = connect_readonly(path)
        try:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'office_meta'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return found is not None


def file_schema_problem(path: Path, version: int) -> str | None:
    """What a sound SQLite file of ``version`` lacks of its tables and columns (None: complete)."""
    conn = connect_readonly(path)
    try:
        return schema_problem(conn, version)
    finally:
        conn.close()


def disk_is_full(path: Path) -> bool:
    """True when the disk of ``path``'s folder has (almost) no room left: a "disk I/O error"
    there is the full disk, not damage."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return False
    return free < 64 * 1024


def inspect_database(path: Path, backups_dir: Path, backups: list[Path]) -> int:
    """The version of an existing database that we may open; refuse damaged, foreign or newer ones.

    Nothing is written: DatabaseCorrupt, ForeignDatabase and DatabaseTooNew leave the file as it was.
    """
    problem = check_file(path)
    if problem is not None and "locked" in problem.lower():
        raise DatabaseBusy(path)  # another program holds it: not damage
    if problem is not None and "disk i/o error" in problem.lower() and disk_is_full(path):
        raise DiskFull(path)
    if problem is not None:
        raise DatabaseCorrupt(path, problem, backups_dir, backups)
    try:
        version = file_version(path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path, str(exc), backups_dir, backups) from exc
    if version is None:
        raise ForeignDatabase(path, office=is_office_store(path))
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(path, version, SCHEMA_VERSION)
    if version > 0:
        try:
            damage = file_schema_problem(path, version)
        except sqlite3.DatabaseError as exc:
            damage = str(exc)
        if damage is not None:
            raise DatabaseCorrupt(path, f"schema {version}: {damage}", backups_dir, backups)
    return version
