"""Opening a data folder: lock, checks, daily backup, migrations, then the SQLAlchemy engine.

SQLAlchemy is imported only where an engine is made: the checks before it, and the read-only
store of models.reading built on them, run without it (its import is a sixth of a second).

Usage (the caller owns the session)::

    db = open_database(data_dir)
    with db.session() as s, s.begin():
        set_answer(s, assessment_id, "psychology", "fulltime_psych_teachers", 2)
    db.close()
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from models.backup import DB_NAME, backup_database, backup_due, backups_dir, list_backups
from models.errors import (
    DatabaseBusy,
    DatabaseMismatch,
    DataFolderUnwritable,
    DiskFull,
    StorageError,
    StoredDataDamaged,
)
from models.integrity import disk_is_full, inspect_database
from models.lock import FolderLock
from models.schema import SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Autocommit at the driver; SQLAlchemy's "begin" event below issues BEGIN itself, so a
    # session transaction is exactly one SQLite transaction (reads included).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_begin(conn: Any) -> None:
    # on the driver's connection: SQLAlchemy's statement machinery costs more than the BEGIN
    conn.connection.dbapi_connection.execute("BEGIN")


@contextmanager
def traced(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements SQLite runs meanwhile on the engine's connections, as SQLite's trace
    reports them (BEGIN and COMMIT included, whichever layer issued them): what counting a
    save's statements reads."""
    from sqlalchemy import event

    seen: list[str] = []
    traced_now: list[Any] = []  # the driver's connections given the callback

    def checkout(dbapi_conn: Any, *_args: Any) -> None:
        dbapi_conn.set_trace_callback(seen.append)
        traced_now.append(dbapi_conn)

    def checkin(dbapi_conn: Any, *_args: Any) -> None:
        dbapi_conn.set_trace_callback(None)

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    database = _open.get(id(engine))
    if database is not None and database.engine is engine and database._held is not None:
        # the connection its sessions keep checked out (a new one is checked out, so seen)
        dbapi_held = database._held.connection.dbapi_connection
        if dbapi_held is not None:
            checkout(dbapi_held)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)
        for dbapi_conn in traced_now:
            dbapi_conn.set_trace_callback(None)


def make_engine(path: Path) -> Engine:
    """An engine on ``path`` with WAL, synchronous=FULL and foreign keys on every connection."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite+pysqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


_MISMATCH = ("duplicate column name", "no such column", "no such table", "already exists")


def translate_error(exc: BaseException, path: Path) -> StorageError | None:
    """The StorageError for a failed database access (disk full, read-only, locked by another
    program, tables that do not match the stated schema), else None."""
    orig = _driver_error(exc)
    if isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, errno.EFBIG):
        return DiskFull(path)
    if not isinstance(orig, sqlite3.Error):
        return None
    text = str(orig).lower()
    if "full" in text:
        return DiskFull(path)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DataFolderUnwritable(path, str(orig))
    if (
        "database is locked" in text
        or "database is busy" in text
        or "database table is locked" in text
    ):
        return DatabaseBusy(path)
    if any(words in text for words in _MISMATCH):
        return DatabaseMismatch(path, str(orig))
    if "disk i/o error" in text:
        if disk_is_full(path):
            return DiskFull(path)
        return StorageError(
            f"写入 {path} 时磁盘出错，刚才的修改未保存：{orig}",
            f"A disk error while writing {path}; the last change was not saved: {orig}",
        )
    return None


def stored_value_damage(exc: BaseException) -> str | None:
    """Where a value read from the store could not be turned into its type (a column changed
    outside the app: a date SQLAlchemy cannot parse, JSON that is not JSON), else None."""
    import json
    import traceback

    from models.errors import StoredValueError

    if isinstance(exc, StoredValueError):
        return exc.where
    frames = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, json.JSONDecodeError):
        # only JSON the store's own operations decode: a user's file that is not JSON stays an
        # input error, whatever session it was read in
        ours = [f for f in frames if f"{os.sep}json{os.sep}" not in f.filename]
        here = os.path.dirname(os.path.abspath(__file__)) + os.sep
        stored = bool(ours) and os.path.abspath(ours[-1].filename).startswith(here)
        return "JSON" if stored else None
    if frames and "sqlalchemy" in frames[-1].filename and "_processors" in frames[-1].filename:
        return "date column" if "date" in frames[-1].name else "stored value"
    return None


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own error inside a SQLAlchemy DBAPIError (without SQLAlchemy loaded there
    is none), else ``exc``."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError):
        return exc.orig  # type: ignore[no-any-return]
    return exc


_IDLE_KEPT = 4  # closed sessions a Database keeps to hand out again
# id of an engine → the open Database on it (for ``traced``: the connection it keeps)
_open: weakref.WeakValueDictionary[int, Database] = weakref.WeakValueDictionary()


class Database:
    """An open data folder: holds the folder lock and the engine until ``close()``."""

    def __init__(self, data_dir: Path, lock: FolderLock, engine: Engine) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self.backups_dir = backups_dir(data_dir)
        self.engine = engine
        self._lock = lock
        # made at the first session: the ORM's import is not needed to read through ``reading``
        self._sessions: sessionmaker[Session] | None = None
        # sessions closed cleanly, handed out again (making one, and its events' first use,
        # costs a save a quarter of SQLAlchemy's part); each is used by one caller at a time
        self._idle: list[Session] = []
        # The thread that opened the folder (the window's, the command's) keeps one connection
        # checked out for its sessions, one at a time: a save then skips the pool's check-out
        # and check-in (half of what SQLAlchemy adds to a save). Another thread, or a second
        # session open at the same time, takes a connection of the pool as before; a session
        # that fails lets the kept connection go (the next one checks out a new one).
        self._owner = threading.get_ident()
        self._held: Connection | None = None
        self._held_pool: object = None  # the engine's pool it was checked out of
        self._held_busy = False
        self._held_idle: list[Session] = []  # closed sessions bound to ``_held``
        _open[id(engine)] = self

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session; use as ``with db.session() as s, s.begin():`` (one edit, one transaction).

        A session closed cleanly before is handed out again, empty (nothing loaded, nothing
        noted in its ``info``). Disk-full and read-only failures come out as StorageError
        subclasses.
        """
        from sqlalchemy.exc import DBAPIError

        from models import cache  # its listeners drop the cache on a rollback

        held, pool = None, self.engine.pool
        if not self._held_busy and threading.get_ident() == self._owner:
            held = self._held
            if held is None or held.closed or held.invalidated or self._held_pool is not pool:
                # none yet, or one of a pool let go since (engine.dispose(): new connections)
                self._let_go_held()
                held = self._held = self.engine.connect()
                self._held_pool = pool
            self._held_busy = True
            try:
                s = self._held_idle.pop()
            except IndexError:
                s = self._new_session(held)
        else:
            try:
                s = self._idle.pop()
            except IndexError:
                s = self._new_session(None)
        failed = True
        try:
            yield s
            failed = False
        except (DBAPIError, ValueError, TypeError) as exc:
            storage = self._storage_failure(exc)
            if storage is not None or isinstance(exc, DBAPIError):
                cache.forget(self.engine)
            if storage is None:
                raise
            raise storage from exc
        finally:
            s.close()  # as leaving ``with Session()`` does; raising, the session is not kept
            s.info.clear()  # what the operations noted on it is for its last use only
            if held is None:
                if len(self._idle) < _IDLE_KEPT:
                    self._idle.append(s)
            else:
                self._held_busy = False
                if failed:  # whatever went wrong, the next session starts on a new connection
                    self._let_go_held()
                elif len(self._held_idle) < _IDLE_KEPT:
                    self._held_idle.append(s)

    def _new_session(self, bind: Connection | None) -> Session:
        """A new session, on ``bind`` (None: the engine's pool)."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions() if bind is None else self._sessions(bind=bind)

    def _let_go_held(self) -> None:
        """Give the kept connection back to the pool (its sessions go with it)."""
        held, self._held = self._held, None
        self._held_idle.clear()
        if held is not None:
            held.close()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection in one transaction for reads with SQL alone (models.listing): no Session,
        so no ORM. Failures come out as ``session`` gives them (StorageError subclasses, stored
        values that cannot be read as StoredDataDamaged)."""
        from sqlalchemy.exc import DBAPIError

        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (DBAPIError, ValueError, TypeError) as exc:
            storage = self._storage_failure(exc)
            if storage is None:
                raise
            raise storage from exc

    def _storage_failure(self, exc: Exception) -> StorageError | None:
        """What a failure inside ``session`` or ``reading`` is for a person: a driver error
        translated (disk full, read-only, …), a stored value that cannot be read as
        StoredDataDamaged; None when it is neither (a bug: raised as it is)."""
        if isinstance(exc, (ValueError, TypeError)):
            damage = stored_value_damage(exc)
            return None if damage is None else StoredDataDamaged(self.path, damage, str(exc)[:200])
        return translate_error(exc, self.path)

    def backup(self) -> Path:
        """Write a backup now (SQLite backup API); returns the backup file."""
        return backup_database(self.data_dir)

    def close(self) -> None:
        """Close every connection (checkpointing the WAL) and release the folder lock."""
        cache = sys.modules.get("models.cache")  # not loaded: no session ever cached anything
        if cache is not None:
            cache.forget(self.engine)
        self._idle.clear()
        self._let_go_held()
        self.engine.dispose()
        self._lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _ensure_folder(data_dir: Path) -> None:
    if data_dir.exists() and not data_dir.is_dir():
        raise StorageError(
            f"数据文件夹 {data_dir} 是一个文件，不是文件夹；请指定文件夹。",
            f"The data folder {data_dir} is a file, not a folder; give a folder.",
        )
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderUnwritable(data_dir, exc.strerror or str(exc)) from exc


def _create(path: Path) -> None:
    """Build a new database under a temporary name and rename it: no half-created campus.db."""
    tmp = path.with_name(path.name + ".new")
    side = (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm"))
    for stale in side:
        stale.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            migrate(conn)
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        for partial in side:  # a full disk: no half-built file stays behind
            partial.unlink(missing_ok=True)
        raise


def _upgrade(path: Path, data_dir: Path) -> None:
    backup_database(data_dir)  # always, before any migration
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=OFF")  # ALTER steps must not trip on references
        migrate(conn)
    finally:
        conn.close()


def require_reachable(path: Path) -> None:
    """StorageError when ``path`` is a link whose target cannot be reached (a drive not
    connected now, or a loop): a new database must never replace such a link."""
    if path.is_symlink() and not path.exists():
        target = os.readlink(path)
        raise StorageError(
            f"{path} 是指向 {target} 的链接，但无法访问该位置（驱动器未连接或链接循环）；"
            "程序不会新建数据库替换它。",
            f"{path} is a link to {target}, which cannot be reached (a drive not connected, or "
            "a link loop); no new database replaces it.",
        )


def _prepare(data_dir: Path, path: Path, backup_on_open: bool, now: datetime | None) -> bool:
    """Create or upgrade the database; True when it was upgraded."""
    require_reachable(path)
    if not path.exists():
        _create(path)
        return False
    version = inspect_database(path, backups_dir(data_dir), list_backups(data_dir))
    if backup_on_open and version > 0 and backup_due(data_dir, now):
        backup_database(data_dir, now)
    if version < SCHEMA_VERSION:
        _upgrade(path, data_dir)
        return True
    return False


def prepare_store(data_dir: Path, backup_on_open: bool, now: datetime | None) -> bool:
    """With the folder lock held: check, back up (daily), create or upgrade ``campus.db``; True
    when it was upgraded (its list figures are then still to be stored). Failures of the disk
    or the folder come out as StorageError subclasses; a refused file is never modified."""
    path = data_dir / DB_NAME
    try:
        return _prepare(data_dir, path, backup_on_open, now)
    except (sqlite3.Error, OSError) as exc:
        storage = translate_error(exc, path)
        if storage is None and isinstance(exc, OSError):
            storage = DataFolderUnwritable(path, exc.strerror or str(exc))
        if storage is None:
            raise
        raise storage from exc


def store_missing_figures_after_upgrade(path: Path) -> None:
    """After an upgrade, for a reader that needs no engine of its own: the list figures stored
    through a short-lived engine (the ORM is needed for this once per upgrade only)."""
    engine = make_engine(path)
    try:
        _store_missing_figures(engine)
    finally:
        engine.dispose()


def _store_missing_figures(engine: Engine) -> None:
    """After an upgrade: the list figures of the existing self-checks, computed once now (the
    schema steps are SQL; evaluating needs the checklists and the evaluator)."""
    from sqlalchemy.orm import sessionmaker

    from models import cache
    from models.ops.evaluation import store_missing_figures

    sessions = sessionmaker(engine, expire_on_commit=False)
    try:
        with sessions() as s, s.begin():
            store_missing_figures(s)
    finally:
        cache.forget(engine)


def open_database(
    data_dir: Path, *, backup_on_open: bool = True, now: datetime | None = None
) -> Database:
    """Open (creating if needed) the data folder's database; the caller must ``close()`` it.

    Raises DatabaseLocked (another window), DatabaseCorrupt (with the backups), DatabaseTooNew,
    ForeignDatabase, DataFolderUnwritable or DiskFull; a refused file is never modified.
    """
    data_dir = Path(data_dir)
    new_folder = not data_dir.exists()
    _ensure_folder(data_dir)
    lock = FolderLock(data_dir)
    lock.acquire()
    path = data_dir / DB_NAME
    fresh = not path.exists()
    try:
        upgraded = prepare_store(data_dir, backup_on_open, now)
        from sqlalchemy.exc import DBAPIError

        engine = make_engine(path)
        try:
            with engine.connect():  # surface a read-only folder now, not at the first edit
                pass
        except DBAPIError as exc:
            engine.dispose()
            storage = translate_error(exc, path)
            if storage is None:
                raise
            raise storage from exc
        if upgraded:
            try:
                _store_missing_figures(engine)
            except BaseException:
                engine.dispose()
                raise
    except BaseException:
        lock.release()
        if fresh and not path.exists() and not path.is_symlink():
            _leave_nothing(data_dir, lock.path, new_folder)
        raise
    return Database(data_dir, lock, engine)


def discard_new_database(
    data_dir: Path, new_folder: bool = False, new_backups: bool = False
) -> None:
    """Remove the database a failed first write just created (nothing was ever committed to
    it: its first transaction failed or was refused), its side files and the lock, the backups
    folder when this run made it (``new_backups``), and the data folder when the same run made
    it. Another window holding the folder keeps it all."""
    data_dir = Path(data_dir)
    lock = FolderLock(data_dir)
    try:
        lock.acquire()
    except StorageError:
        return
    try:
        path = data_dir / DB_NAME
        if path.is_symlink():  # never ours to remove
            lock.release()
            return
        for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            part.unlink(missing_ok=True)
        backups = backups_dir(data_dir)
        if new_backups and backups.is_dir() and not backups.is_symlink():
            for made in backups.iterdir():  # copies of the store just discarded
                if made.is_file() and not made.is_symlink():
                    made.unlink()
            backups.rmdir()
    except OSError:
        lock.release()
        return
    lock.release()
    _leave_nothing(data_dir, lock.path, new_folder)


def _leave_nothing(data_dir: Path, lock_file: Path, new_folder: bool) -> None:
    """After a failed first start (a full disk): the lock file, and the folder when this run
    made it and it is empty, are taken away again, so a failed start leaves nothing behind."""
    try:
        lock_file.unlink(missing_ok=True)
        if new_folder:
            data_dir.rmdir()
    except OSError:
        pass


def restore(data_dir: Path, backup: Path) -> Path | None:
    """Replace the data folder's database by ``backup`` (checked first); returns where the old one was saved.

    Works while ``campus.db`` is damaged; refuses (DatabaseLocked) while another window has it open.
    """
    from models.backup import restore_backup

    data_dir = Path(data_dir)
    _ensure_folder(data_dir)
    lock = FolderLock(data_dir)
    lock.acquire()
    try:
        return restore_backup(data_dir, Path(backup))
    finally:
        lock.release()
