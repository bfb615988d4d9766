"""Opening the office's aggregation database from a SQLAlchemy URL (SQLite file by default)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, Executable, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from checklists.foundation.errors import EnvironmentProblem, InputError
from reports.aggregate.store import METADATA, OFFICE_META, SCHEMA_VERSION, upgrade_schema

DB_NAME = "office.db"
_SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=10000",
)

STREAM_BATCH = 1000  # rows fetched at a time when a query's rows are streamed


def default_url(data_dir: Path) -> str:
    """The SQLite file ``<data_dir>/office.db`` as a SQLAlchemy URL."""
    return f"sqlite+pysqlite:///{Path(data_dir) / DB_NAME}"


class OfficeStore:
    """An open aggregation database; the caller owns each connection (``with store.connect()
    as c``, and ``c.begin()`` for a transaction that writes)."""

    def __init__(self, engine: Engine, shown_url: str, new_file: Path | None = None) -> None:
        self.engine = engine
        self.shown_url = shown_url  # the URL without its password, for messages
        self.new_file = new_file  # a SQLite file this opening created (removed if left empty)

    def connect(self) -> Connection:
        """A connection to the store (from the engine's pool), closed by its ``with``."""
        return self.engine.connect()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Turn a database failure into one EnvironmentProblem line (no SQL, no parameters)."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise store_problem(exc, self.shown_url) from None

    def __enter__(self) -> OfficeStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
        if exc is not None and self.new_file is not None:
            _remove_if_empty(self.new_file)


def store_problem(exc: SQLAlchemyError, shown: str) -> EnvironmentProblem:
    """The one-line message for a failed database operation (the driver's first line only)."""
    return EnvironmentProblem(
        f"汇总数据库 {shown} 出错：{_cause(exc)}",
        f"The aggregation database {shown} failed: {_cause(exc)}",
    )


def _remove_if_empty(path: Path) -> None:
    """Delete a store file this run created when no report made it in (a failed start)."""
    try:
        with sqlite3.connect(path) as conn:
            count = conn.execute("SELECT count(*) FROM submissions").fetchone()[0]
        conn.close()
    except sqlite3.Error:
        count = 0
    if count:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def open_store(url: str | None = None, *, data_dir: Path | None = None) -> OfficeStore:
    """Open (creating tables when needed) the store at ``url``, default ``<data_dir>/office.db``.

    A malformed URL or a missing driver is an InputError; a server that cannot be reached,
    a file that cannot be opened, or a store written by a newer version is an EnvironmentProblem.
    """
    if url is None:
        if data_dir is None:
            raise ValueError("open_store needs a URL or a data folder")
        _make_folder(Path(data_dir))
        url = default_url(Path(data_dir))
    engine, shown = _engine(url)
    new_file = _new_sqlite_file(engine)
    if new_file is None:
        _refuse_non_sqlite_file(engine, shown)
    try:
        _create_tables(engine, shown)
    except SQLAlchemyError as exc:
        engine.dispose()
        if new_file is not None:
            _remove_if_empty(new_file)
        raise EnvironmentProblem(
            f"无法打开汇总数据库 {shown}：{_cause(exc)}",
            f"Cannot open the aggregation database {shown}: {_cause(exc)}",
        ) from None
    except BaseException:
        engine.dispose()
        if new_file is not None:
            _remove_if_empty(new_file)
        raise
    return OfficeStore(engine, shown, new_file)


# Any fixed number: runs that open the same PostgreSQL database take turns creating its tables.
_CREATE_LOCK = 0x43616D70  # "Camp"


def _create_tables(engine: Engine, shown: str) -> None:
    """Create missing tables and record the schema version, one run at a time.

    On PostgreSQL two first runs would otherwise race (``duplicate key … pg_type``); a
    transaction-level advisory lock makes the second wait and then find the tables. SQLite
    serialises writers itself; a lost race there ("already exists") is retried once.
    """
    for attempt in (1, 2):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CREATE_LOCK})
                _refuse_other_stores(conn, shown)
                METADATA.create_all(conn)
                _check_schema(conn, shown)
            return
        except SQLAlchemyError:
            if attempt == 2:
                raise


# Tables of a school's self-check database (campus.db): never an office store.
_SCHOOL_TABLES = frozenset({"schema_version", "schools", "assessments"})


def _refuse_other_stores(conn: Connection, shown: str) -> None:
    """A school's campus.db (or, for an SQLite file, any other program's database) is never
    taken for an office store: the office's tables would be added beside the school's."""
    tables = set(inspect(conn).get_table_names())
    if not tables or "office_meta" in tables:
        return
    if tables >= _SCHOOL_TABLES:
        raise InputError(
            f"{shown} 是学校的自查数据库（campus.db），不是督导室的汇总数据库；"
            "请用 --db 指定汇总数据库（默认为数据文件夹中的 office.db）。",
            f"{shown} is a school's self-check database (campus.db), not the office's "
            "aggregation database; give the aggregation database with --db (by default "
            "office.db in the data folder).",
        )
    if conn.dialect.name == "sqlite":
        raise InputError(
            f"{shown} 中已有其他程序的数据表（如 {', '.join(sorted(tables)[:3])}），"
            "不是督导室的汇总数据库；未作改动。",
            f"{shown} holds another program's tables (e.g. {', '.join(sorted(tables)[:3])}); "
            "it is not an aggregation database and was not changed.",
        )


_SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_non_sqlite_file(engine: Engine, shown: str) -> None:
    """An existing file that is not an SQLite database (an empty file, a PDF, a folder) is
    never made into a store: SQLite would silently write its pages over it. Only a path where
    no file exists gets a new store."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    path = Path(database)
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_HEADER)) if path.is_file() else b""
    except OSError as exc:
        engine.dispose()
        raise EnvironmentProblem(
            f"无法读取汇总数据库 {shown}：{exc.strerror}",
            f"Cannot read the aggregation database {shown}: {exc.strerror}",
        ) from None
    if head != _SQLITE_HEADER:
        engine.dispose()
        what_zh = "是空文件" if path.is_file() and not head else "不是 SQLite 数据库"
        what_en = "an empty file" if path.is_file() and not head else "not an SQLite database"
        raise EnvironmentProblem(
            f"无法打开汇总数据库 {shown}：该文件已存在，但{what_zh}，不是督导室的汇总数据库；"
            "未作改动。新的汇总数据库只会建在还没有文件的位置。",
            f"Cannot open the aggregation database {shown}: the file exists but is {what_en}; "
            "it is not an aggregation database and was not changed. "
            "A new aggregation database is only made where no file exists yet.",
        )


def _new_sqlite_file(engine: Engine) -> Path | None:
    """The SQLite file behind ``engine`` if it does not exist yet (this opening creates it)."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    path = Path(database)
    return None if path.exists() else path.absolute()


def _engine(url: str) -> tuple[Engine, str]:
    try:
        # a URL must be text: a file name of undecodable bytes (a surrogate escape) is not one
        url.encode("utf-8")
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise InputError(
            "数据库地址无效（例如 sqlite:///office.db 或 postgresql+psycopg2://用户@主机/库）",
            "Invalid database URL (e.g. sqlite:///office.db or postgresql+psycopg2://user@host/db)",
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = create_engine(parsed)
    except ImportError as exc:
        raise missing_driver(parsed, shown, exc.name) from None
    except NoSuchModuleError as exc:
        if parsed.get_backend_name() in KNOWN_BACKENDS:  # its dialect is not in this program
            raise missing_driver(parsed, shown, None) from None
        raise _invalid_url(shown, exc) from None
    except (ArgumentError, ValueError, TypeError) as exc:
        raise _invalid_url(shown, exc) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine, shown


# SQLAlchemy's own database kinds: a URL naming one is well formed even where its driver is missing.
KNOWN_BACKENDS = frozenset({"sqlite", "postgresql", "mysql", "mariadb", "oracle", "mssql"})


def missing_driver(url: URL, shown: str, module: str | None) -> InputError:
    """The one-line message for a database whose driver this program cannot load.

    The standalone build carries only SQLite's driver (packaging/WINDOWS.md): there the message
    says so and how to reach PostgreSQL instead of naming an install the user cannot do.
    """
    driver = module or url.get_driver_name() or url.get_backend_name()
    if getattr(sys, "frozen", False):
        return InputError(
            f"本程序（独立版）不含数据库驱动 {driver}，无法连接 {shown}：独立版的汇总数据库只能是"
            "SQLite（如 sqlite:///office.db，或不写 --db）；要用 PostgreSQL，请在装有 psycopg2 的"
            " Python 中运行本程序",
            f"This standalone program has no database driver {driver}; cannot connect to {shown}. "
            "Its aggregation database can only be SQLite (e.g. sqlite:///office.db, or leave out "
            "--db); for PostgreSQL run the program from a Python with psycopg2 installed",
        )
    return InputError(
        f"数据库驱动 {driver} 未安装，无法连接 {shown}（PostgreSQL 请用 postgresql+psycopg2://…）",
        f"The database driver {driver} is not installed; cannot connect to {shown} "
        "(for PostgreSQL use postgresql+psycopg2://…)",
    )


def _invalid_url(shown: str, exc: Exception) -> InputError:
    return InputError(
        f"数据库地址无效（{shown}）：{exc}（例如 sqlite:///office.db 或 postgresql+psycopg2://用户@主机/库）",
        f"Invalid database URL {shown}: {exc} (e.g. sqlite:///office.db or postgresql+psycopg2://user@host/db)",
    )


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _check_schema(conn: Connection, shown: str) -> None:
    meta = OFFICE_META.c
    found = conn.scalar(select(meta.value).where(meta.key == "schema_version"))
    if found is None:
        conn.execute(OFFICE_META.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    elif not found.isdigit() or int(found) > SCHEMA_VERSION:
        raise EnvironmentProblem(
            f"汇总数据库 {shown} 由更新版本的程序创建（版本 {found}），请升级本程序。",
            f"The aggregation database {shown} was made by a newer version ({found}); "
            "please update this app.",
        )
    elif int(found) < SCHEMA_VERSION:
        upgrade_schema(conn, int(found))
        conn.execute(  # in the caller's transaction, committed with the tables
            OFFICE_META.update()
            .where(meta.key == "schema_version")
            .values(value=str(SCHEMA_VERSION))
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(
            f"无法创建数据文件夹 {folder}：{exc.strerror or exc}",
            f"Cannot create the data folder {folder}: {exc.strerror or exc}",
        ) from exc


def _cause(exc: SQLAlchemyError) -> str:
    """The driver's own first line (SQLAlchemy's text would add the SQL and its parameters)."""
    orig = getattr(exc, "orig", None)
    if orig is None:
        return type(exc).__name__
    lines = str(orig).strip().splitlines()
    return lines[0][:300] if lines else type(orig).__name__


def streamed(connection: Connection, query: Executable) -> Any:  # a CursorResult of any shape
    """``query`` executed with its rows streamed, a few hundred at a time (tens of thousands
    of findings rows)."""
    options = {"stream_results": True, "max_row_buffer": STREAM_BATCH}
    return connection.execute(query, execution_options=options)
