"""Opening the office's aggregation database from a SQLAlchemy URL (SQLite file by default)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from checklists.errors import EnvironmentProblem, InputError
from reports.aggregate.store import SCHEMA_VERSION, Base, OfficeMeta, upgrade_schema

DB_NAME = "office.db"
_SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=10000",
)


def default_url(data_dir: Path) -> str:
    """The SQLite file ``<data_dir>/office.db`` as a SQLAlchemy URL."""
    return f"sqlite+pysqlite:///{Path(data_dir) / DB_NAME}"


class OfficeStore:
    """An open aggregation database; the caller owns each session (``with store.session() as s``)."""

    def __init__(self, engine: Engine, shown_url: str) -> None:
        self.engine = engine
        self.shown_url = shown_url  # the URL without its password, for messages
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def session(self) -> Session:
        """A new session on the store."""
        return self._sessions()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> OfficeStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


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
    try:
        Base.metadata.create_all(engine)
        _check_schema(engine, shown)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise EnvironmentProblem(
            f"无法打开汇总数据库 {shown}：{_cause(exc)}",
            f"Cannot open the aggregation database {shown}: {_cause(exc)}",
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return OfficeStore(engine, shown)


def _engine(url: str) -> tuple[Engine, str]:
    try:
        parsed = make_url(url)
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise InputError(
            f"数据库地址无效：{exc}（例如 sqlite:///office.db 或 postgresql+psycopg2://用户@主机/库）",
            f"Invalid database URL: {exc} (e.g. sqlite:///office.db or postgresql+psycopg2://user@host/db)",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine, parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _check_schema(engine: Engine, shown: str) -> None:
    with Session(engine) as s, s.begin():
        row = s.scalar(select(OfficeMeta).where(OfficeMeta.key == "schema_version"))
        if row is None:
            s.add(OfficeMeta(key="schema_version", value=str(SCHEMA_VERSION)))
        elif not row.value.isdigit() or int(row.value) > SCHEMA_VERSION:
            raise EnvironmentProblem(
                f"汇总数据库 {shown} 由更新版本的程序创建（版本 {row.value}），请升级本程序。",
                f"The aggregation database {shown} was made by a newer version ({row.value}); "
                "please update this app.",
            )
        elif int(row.value) < SCHEMA_VERSION:
            upgrade_schema(s.connection(), int(row.value))
            row.value = str(SCHEMA_VERSION)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(
            f"无法创建数据文件夹 {folder}：{exc.strerror or exc}",
            f"Cannot create the data folder {folder}: {exc.strerror or exc}",
        ) from exc


def _cause(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).strip().splitlines()[0]
