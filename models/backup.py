"""Backups of ``campus.db`` with the SQLite backup API: at open (daily), before migrations, on demand.

Backups are ``<data_dir>/backups/campus-YYYYMMDD-HHMMSS.db``; the newest ``KEEP`` are kept. A
backup is written to a temporary name and renamed, so a crash never leaves half a backup.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from checklists.foundation.files import require_regular_file
from models.errors import BackupError, DatabaseBusy, DataFolderUnwritable, DiskFull
from models.integrity import check_file, file_schema_problem, file_version, is_office_store
from models.schema import SCHEMA_VERSION

KEEP = 10
# Copies of the database taken just before a restore have their own, smaller window: restoring
# back and forth must never push the regular backups out of the newest ``KEEP``.
KEEP_BEFORE_RESTORE = 3
DB_NAME = "campus.db"
BACKUP_DIR = "backups"
BEFORE_RESTORE = "-before-restore"
_NAME_RE = re.compile(r"^campus-(\d{8})-(\d{6})(?:-(\d+))?(-before-restore)?\.db$")
# What an interrupted copy can leave: the temporary file and SQLite's companions of it.
_LEFTOVERS = ("*.tmp", "*.tmp-journal", "*.tmp-wal", "*.tmp-shm")


def backups_dir(data_dir: Path) -> Path:
    """The backup folder of a data folder."""
    return data_dir / BACKUP_DIR


def _sort_key(path: Path) -> tuple[str, str, int]:
    m = _NAME_RE.match(path.name)
    assert m is not None
    return m.group(1), m.group(2), int(m.group(3) or 0)


def list_backups(data_dir: Path) -> list[Path]:
    """The backup files, oldest first."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _NAME_RE.match(p.name)), key=_sort_key)


def is_before_restore(path: Path) -> bool:
    """True for the copy of the database saved just before a restore."""
    return path.name.endswith(BEFORE_RESTORE + ".db")


def backup_due(data_dir: Path, now: datetime | None = None) -> bool:
    """True when no backup was made today (the open-time backup runs at most once a day)."""
    today = (now or datetime.now()).strftime("%Y%m%d")
    return not any(
        _sort_key(p)[0] == today for p in list_backups(data_dir) if not is_before_restore(p)
    )


def _target(folder: Path, now: datetime, suffix: str = "") -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = folder / f"campus-{stamp}{suffix}.db"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"campus-{stamp}-{n}{suffix}.db"
    return path


def _remove_copy(path: Path) -> None:
    for companion in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{companion}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    _fsync(folder)


def os_error(path: Path, exc: OSError) -> Exception:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return DiskFull(path)
    return DataFolderUnwritable(path, exc.strerror or str(exc))


def copy_database(source: Path, target: Path) -> None:
    """Copy a database (with its WAL content) into a new file through the SQLite backup API."""
    tmp = target.with_name(target.name + ".tmp")
    _remove_copy(tmp)
    try:
        src = sqlite3.connect(
            "file:" + quote(str(source.resolve())) + "?mode=ro", uri=True, timeout=5
        )
        try:
            # The backup API waits for ever on a file another program holds: a read
            # transaction first gives up after the timeout ("database is locked").
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except sqlite3.Error as exc:
        _remove_copy(tmp)
        if "full" in str(exc).lower():
            raise DiskFull(target) from exc
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseBusy(source) from exc
        raise BackupError(f"备份失败：{exc}", f"Backup failed: {exc}") from exc
    except OSError as exc:
        _remove_copy(tmp)
        raise os_error(target, exc) from exc
    finally:
        Path(f"{tmp}-journal").unlink(missing_ok=True)


def backup_database(
    data_dir: Path, now: datetime | None = None, *, before_restore: bool = False
) -> Path:
    """Write a new backup of ``campus.db`` and drop all but the newest ``KEEP``; returns its path.

    ``before_restore``: the copy a restore keeps of the database it replaces; it is counted in
    its own window (``KEEP_BEFORE_RESTORE``), never against the regular backups.
    """
    folder = backups_dir(data_dir)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise os_error(folder, exc) from exc
    target = _target(folder, now or datetime.now(), BEFORE_RESTORE if before_restore else "")
    copy_database(data_dir / DB_NAME, target)
    prune_backups(data_dir)
    return target


def prune_backups(data_dir: Path, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` backups and ``KEEP_BEFORE_RESTORE`` pre-restore
    copies, and what interrupted backups left behind."""
    backups = list_backups(data_dir)
    regular = [p for p in backups if not is_before_restore(p)]
    before = [p for p in backups if is_before_restore(p)]
    for group, limit in ((regular, keep), (before, KEEP_BEFORE_RESTORE)):
        for old in group[: max(0, len(group) - limit)]:
            old.unlink(missing_ok=True)
    for pattern in _LEFTOVERS:
        for leftover in backups_dir(data_dir).glob(pattern):
            leftover.unlink(missing_ok=True)


def _keep_current(data_dir: Path, now: datetime) -> Path | None:
    """Save the current database before a restore: by the backup API, or byte for byte if damaged."""
    current = data_dir / DB_NAME
    if not current.exists():
        return None
    if check_file(current) is None:
        return backup_database(data_dir, now, before_restore=True)
    folder = backups_dir(data_dir)
    folder.mkdir(exist_ok=True)
    # Not named like a backup: it must never be offered as "the newest backup" nor pruned.
    target = folder / f"damaged-{now:%Y%m%d-%H%M%S}.db"
    try:
        shutil.copyfile(current, target)  # a damaged file is kept exactly as it is
        wal = Path(str(current) + "-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(str(target) + "-wal"))
    except OSError as exc:
        raise os_error(target, exc) from exc
    return target


def check_backup(backup: Path) -> None:
    """Raise BackupError unless ``backup`` passes integrity_check and is a database we can open."""
    require_regular_file(backup, "备份", "backup")
    problem = check_file(backup, full=True)
    if problem is not None:
        raise BackupError(
            f"备份 {backup} 已损坏或不是数据库（{problem}），未作恢复。",
            f"The backup {backup} is damaged or not a database ({problem}); nothing was restored.",
        )
    try:
        version = file_version(backup)
    except sqlite3.DatabaseError as exc:  # a schema_version table without its column, or junk in it
        raise BackupError(
            f"备份 {backup} 已损坏（{exc}），未作恢复。",
            f"The backup {backup} is damaged ({exc}); nothing was restored.",
        ) from None
    if version is None and is_office_store(backup):
        raise BackupError(
            f"{backup} 是督导室的汇总数据库（office.db），不是学校数据库的备份，未作恢复。",
            f"{backup} is the supervision office's aggregation database (office.db), not a "
            "backup of a school's database; nothing was restored.",
        )
    if version is None or version == 0 or version > SCHEMA_VERSION:
        raise BackupError(
            f"{backup} 不是本程序可用的备份（结构版本 {version}），未作恢复。",
            f"{backup} is not a backup this version can use (schema {version}); nothing was restored.",
        )
    try:
        damage = file_schema_problem(backup, version)
    except sqlite3.DatabaseError as exc:
        damage = str(exc)
    if damage is not None:
        raise BackupError(
            f"备份 {backup} 的数据表不完整（{damage}），未作恢复。",
            f"The backup {backup} has damaged tables ({damage}); nothing was restored.",
        )


def restore_backup(data_dir: Path, backup: Path, now: datetime | None = None) -> Path | None:
    """Replace ``campus.db`` by ``backup`` after it passes integrity_check; the caller holds the lock.

    The current database is saved first (returned; None when there was none). Nothing changes when
    the backup is damaged.
    """
    check_backup(backup)
    staged = data_dir / (DB_NAME + ".restoring")
    copy_database(backup, staged)
    try:
        kept = _keep_current(data_dir, now or datetime.now())
        current = data_dir / DB_NAME
        for side in ("-wal", "-shm"):
            Path(str(current) + side).unlink(missing_ok=True)
        os.replace(staged, current)
        _fsync_dir(data_dir)
    except BaseException:
        _remove_copy(staged)
        raise
    return kept
