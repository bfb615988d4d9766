"""The office's aggregation database (SQLAlchemy Core): one row per distinct file, keyed by SHA-256.

Separate from a school's database in models/: the office keeps what it received, not what it
answered. SQLite in the data folder by default (``<data_dir>/office.db``), or any SQLAlchemy URL
(tested against PostgreSQL).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

SCHEMA_VERSION = 3
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The office store's tables (its own MetaData, apart from models/), as SQLAlchemy Core tables:
# the command and the window read and write rows, never objects.
METADATA = MetaData(naming_convention=_NAMING)


def _required(name: str, kind: Any, **options: Any) -> Column[Any]:
    return Column(name, kind, nullable=False, **options)


def _owned_by(parent: str, *, key: bool = True) -> Column[Any]:
    """The row's ``submission_id``: deleting the parent row deletes it (ON DELETE CASCADE)."""
    return Column(
        "submission_id",
        Integer,
        ForeignKey(parent, ondelete="CASCADE"),
        primary_key=key,
        nullable=False,
    )


# Key/value facts about the store itself, e.g. ``schema_version``.
OFFICE_META = Table(
    "office_meta",
    METADATA,
    Column("key", String(40), primary_key=True),
    _required("value", Text),
)

# One distinct file the office received (by content), with the verdict on it. ``reasons``
# holds rejection codes separated by spaces ("" when accepted); moments are naive UTC. Trust is
# not stored: it is judged from ``fingerprint`` when summarising. ``signed_sha256``: the
# SHA-256 of the signed byte ranges (two files that differ only in the unsigned /Contents
# padding are the same signed revision, the same report). ``received_at``: when the office
# first stored this content ("reported late" is judged on it).
SUBMISSIONS = Table(
    "submissions",
    METADATA,
    Column("id", Integer, primary_key=True),
    _required("sha256", String(64), unique=True),
    _required("path", Text),
    _required("size", BigInteger),
    _required("check_version", Integer),
    _required("accepted", Boolean),
    _required("reasons", String(255), default=""),
    _required("detail_zh", Text, default=""),
    _required("detail_en", Text, default=""),
    Column("fingerprint", String(64)),
    Column("signer", Text),
    Column("signer_school", Text),
    Column("signer_school_code", String(64)),
    Column("signed_at", DateTime),
    Column("signed_sha256", String(64)),
    Column("received_at", DateTime),
)

# The content of an accepted submission: school, period and the report's facts.
REPORTS = Table(
    "reports",
    METADATA,
    _owned_by("submissions.id"),
    _required("report_id", Text),
    _required("school_name", Text),
    _required("school_code", String(32)),
    _required("district", Text),
    _required("stage", String(32)),
    _required("enrollment", Integer),
    _required("period", Text),
    _required("reference_date", Date),
    Column("generated_at", DateTime),
    _required("app_version", Text, default=""),
    Index("ix_reports_school_period", "school_code", "period"),
)

# The school store's revision number a report embeds (its own table: stores made before it
# gain it by ``create_all``; a report without one has no row).
REPORT_REVISIONS = Table(
    "report_revisions",
    METADATA,
    _owned_by("reports.submission_id"),
    _required("revision", Integer),
)

# One checklist's verdict in a report, as embedded (``known``: the app has that version).
# ``applicable``, ``done`` and ``open`` (the checklist's progress) came with schema version 3:
# NULL in reports that predate the figures.
REPORT_CHECKLISTS = Table(
    "report_checklists",
    METADATA,
    _owned_by("reports.submission_id"),
    Column("checklist", String(64), primary_key=True),
    _required("position", Integer),
    _required("version", Integer),
    _required("known", Boolean),
    _required("status", String(32)),
    Column("compliance", Float),
    _required("items", Integer),
    _required("passed", Integer),
    _required("failed", Integer),
    _required("findings", Integer),
    _required("critical", Integer),
    _required("major", Integer),
    _required("minor", Integer),
    Column("applicable", Integer),
    Column("done", Integer),
    Column("open", Integer),
)

# One finding of a report (its checklist, code, item and table row), with the school's
# explanation and rectification of that very finding. Findings are kept one per row from
# schema version 3 on; a store made before holds one row per code with the plans merged
# (``count`` findings, measures and owners one per line, ``row_index`` unknown) until the
# files are checked again (CHECK_VERSION). ``row_index``: the table row of the finding
# (0-based, as the report embeds it), None for an item's own; ``clauses``: "75,77";
# ``explanations``: the school's explanation; ``measures``, ``owners``, ``due_date``,
# ``rect_status``: the school's rectification plan for the finding (整改), "" when it planned
# nothing.
REPORT_FINDINGS = Table(
    "report_findings",
    METADATA,
    _owned_by("reports.submission_id"),
    Column("position", Integer, primary_key=True),
    _required("checklist", String(64)),
    _required("code", String(100)),
    Column("row_index", Integer),
    _required("severity", String(16)),
    _required("count", Integer),
    _required("clauses", String(255), default=""),
    _required("item", Text, default=""),
    _required("message_zh", Text, default=""),
    _required("message_en", Text, default=""),
    _required("explanations", Text, default=""),
    _required("measures", Text, default=""),
    _required("owners", Text, default=""),
    Column("due_date", Date),
    _required("rect_status", String(16), default=""),
)

# A period for which the office expects reports, and the deadline (inclusive, local date).
EXPECTED_PERIODS = Table(
    "expected_periods",
    METADATA,
    Column("period", String(100), primary_key=True),
    Column("deadline", Date),
)

# A school the office expects a report from for one period (its school list).
EXPECTED_SCHOOLS = Table(
    "expected_schools",
    METADATA,
    Column(
        "period",
        String(100),
        ForeignKey("expected_periods.period", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("school_code", String(32), primary_key=True),
    _required("school_name", Text),
    _required("district", Text, default=""),
    _required("stage", String(32), default=""),
    _required("contact", Text, default=""),
)


# Columns added since schema version 1: (table, column, SQL type). Both SQLite and PostgreSQL
# add a nullable column in place; the tables that are new are made by create_all.
UPGRADES: dict[int, tuple[tuple[str, str, str], ...]] = {
    2: (
        ("submissions", "signed_sha256", "VARCHAR(64)"),
        ("submissions", "received_at", "TIMESTAMP"),
        ("report_findings", "measures", "TEXT DEFAULT '' NOT NULL"),
        ("report_findings", "owners", "TEXT DEFAULT '' NOT NULL"),
        ("report_findings", "due_date", "DATE"),
        ("report_findings", "rect_status", "VARCHAR(16) DEFAULT '' NOT NULL"),
    ),
    3: (
        ("report_checklists", "applicable", "INTEGER"),
        ("report_checklists", "done", "INTEGER"),
        ("report_checklists", "open", "INTEGER"),
    ),
}


def upgrade_schema(connection: Connection, found: int) -> None:
    """Bring a store of schema version ``found`` up to SCHEMA_VERSION (columns added in place,
    the findings table rebuilt one row per finding)."""
    from sqlalchemy import inspect

    inspector = inspect(connection)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        for table, column, sql_type in UPGRADES.get(version, ()):
            # SQLite runs DDL outside the transaction: a column an interrupted upgrade added
            # is there already, and adding it again would fail.
            if column in {c["name"] for c in inspector.get_columns(table)}:
                continue
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))
        if version == 3:
            _findings_one_per_row(connection)
            inspector = inspect(connection)


# Where the findings of a store before schema 3 wait while their table is rebuilt.
_MERGED = "report_findings_merged"
_CARRIED = (
    "submission_id, position, checklist, code, severity, count, clauses, item, message_zh, "
    "message_en, explanations, measures, owners, due_date, rect_status"
)


def _findings_one_per_row(connection: Connection) -> None:
    """Schema 3: ``report_findings`` keyed by (report, position) instead of (report, code).

    The rows are copied aside, the table made anew and the rows copied back (row unknown).
    An upgrade interrupted after the copy (SQLite runs DDL outside the transaction) finds the
    copy and starts from it again, so no finding is lost.
    """
    from sqlalchemy import inspect

    if _MERGED not in inspect(connection).get_table_names():
        connection.execute(text(f"CREATE TABLE {_MERGED} AS SELECT * FROM report_findings"))
    connection.execute(text("DROP TABLE IF EXISTS report_findings"))
    REPORT_FINDINGS.create(connection)
    connection.execute(
        text(f"INSERT INTO report_findings ({_CARRIED}) SELECT {_CARRIED} FROM {_MERGED}")
    )
    connection.execute(text(f"DROP TABLE {_MERGED}"))
