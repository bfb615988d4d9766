"""Restores never push real backups out of the newest-10 window, and no temporary file survives."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from models.backup import (
    KEEP,
    KEEP_BEFORE_RESTORE,
    backup_database,
    is_before_restore,
    list_backups,
)
from models.database import restore


def test_restores_do_not_evict_regular_backups(db, data_dir: Path, draft: int) -> None:
    start = datetime(2022, 1, 1)
    regular = [backup_database(data_dir, start + timedelta(minutes=i)) for i in range(KEEP)]
    db.close()
    for _ in range(KEEP_BEFORE_RESTORE + 4):  # back and forth, as an unsure person would
        restore(data_dir, regular[0])
    backups = list_backups(data_dir)
    assert [p for p in backups if not is_before_restore(p)] == regular
    assert len([p for p in backups if is_before_restore(p)]) == KEEP_BEFORE_RESTORE


def test_a_backup_taken_before_a_restore_can_itself_be_restored(
    db, data_dir: Path, draft: int
) -> None:
    first = backup_database(data_dir, datetime(2022, 1, 1))
    db.close()
    kept = restore(data_dir, first)
    assert kept is not None and is_before_restore(kept) and kept in list_backups(data_dir)
    assert restore(data_dir, kept) is not None


def test_no_temporary_file_remains(db, data_dir: Path, draft: int) -> None:
    folder = data_dir / "backups"
    backup_database(data_dir, datetime(2022, 1, 1))
    # What a backup killed half-way leaves behind (the copy and SQLite's journal of it):
    (folder / "campus-20220101-000100.db.tmp").write_bytes(b"half")
    (folder / "campus-20220101-000100.db.tmp-journal").write_bytes(b"journal")
    db.close()
    restore(data_dir, list_backups(data_dir)[0])
    backup_database(data_dir, datetime(2022, 1, 2))
    names = sorted(p.name for p in folder.iterdir())
    assert all(n.startswith("campus-") and n.endswith(".db") for n in names), names
    assert not list(data_dir.glob("*.restoring*"))
