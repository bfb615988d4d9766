"""The office's aggregation database (SQLAlchemy): one row per distinct file, keyed by SHA-256.

Separate from a school's database in models/: the office keeps what it received, not what it
answered. SQLite in the data folder by default (``<data_dir>/office.db``), or any SQLAlchemy URL
(tested against PostgreSQL).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
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
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SCHEMA_VERSION = 3
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of the office store (its own MetaData, apart from models/)."""

    metadata = MetaData(naming_convention=_NAMING)


class OfficeMeta(Base):
    """Key/value facts about the store itself, e.g. ``schema_version``."""

    __tablename__ = "office_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Submission(Base):
    """One distinct file the office received (by content), with the verdict on it.

    ``reasons`` holds rejection codes separated by spaces ("" when accepted); moments are
    naive UTC. Trust is not stored: it is judged from ``fingerprint`` when summarising.
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    check_version: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[bool]
    reasons: Mapped[str] = mapped_column(String(255), default="")
    detail_zh: Mapped[str] = mapped_column(Text, default="")
    detail_en: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    signer: Mapped[str | None] = mapped_column(Text)
    signer_school: Mapped[str | None] = mapped_column(Text)
    signer_school_code: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # SHA-256 of the signed byte ranges: two files that differ only in the unsigned /Contents
    # padding are the same signed revision (the same report), not two reports.
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    # When the office first stored this content (naive UTC): "reported late" is judged on it.
    received_at: Mapped[datetime | None] = mapped_column(DateTime)

    report: Mapped[Report | None] = relationship(
        back_populates="submission", cascade="all, delete-orphan", passive_deletes=True
    )


class Report(Base):
    """The content of an accepted submission: school, period and the report's facts."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_school_period", "school_code", "period"),)

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    report_id: Mapped[str] = mapped_column(Text)
    school_name: Mapped[str] = mapped_column(Text)
    school_code: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(32))
    enrollment: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(Text)
    reference_date: Mapped[date] = mapped_column(Date)
    generated_at: Mapped[datetime | None] = mapped_column(DateTime)
    app_version: Mapped[str] = mapped_column(Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="report")
    checklists: Mapped[list[ReportChecklist]] = relationship(
        order_by="ReportChecklist.position", cascade="all, delete-orphan", passive_deletes=True
    )
    findings: Mapped[list[ReportFinding]] = relationship(
        order_by="ReportFinding.position", cascade="all, delete-orphan", passive_deletes=True
    )


class ReportRevision(Base):
    """The school store's revision number a report embeds (its own table: stores made before
    it gain it by ``create_all``; a report without one has no row)."""

    __tablename__ = "report_revisions"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("reports.submission_id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(Integer)


class ReportChecklist(Base):
    """One checklist's verdict in a report, as embedded (``known``: the app has that version)."""

    __tablename__ = "report_checklists"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("reports.submission_id", ondelete="CASCADE"), primary_key=True
    )
    checklist: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    known: Mapped[bool]
    status: Mapped[str] = mapped_column(String(32))
    compliance: Mapped[float | None] = mapped_column(Float)
    items: Mapped[int] = mapped_column(Integer)
    passed: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    findings: Mapped[int] = mapped_column(Integer)
    critical: Mapped[int] = mapped_column(Integer)
    major: Mapped[int] = mapped_column(Integer)
    minor: Mapped[int] = mapped_column(Integer)
    # Added by version 3 (NULL in reports that predate the figures): progress of the checklist.
    applicable: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[int | None] = mapped_column(Integer)
    open: Mapped[int | None] = mapped_column(Integer)


class ReportFinding(Base):
    """One finding of a report (its checklist, code, item and table row), with the school's
    explanation and rectification of that very finding.

    Findings are kept one per row from schema version 3 on; a store made before holds one row
    per code with the plans merged (``count`` findings, measures and owners one per line,
    ``row_index`` unknown) until the files are checked again (CHECK_VERSION).
    """

    __tablename__ = "report_findings"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("reports.submission_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    checklist: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(100))
    # The table row of the finding (0-based, as the report embeds it); None for an item's own.
    row_index: Mapped[int | None] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    clauses: Mapped[str] = mapped_column(String(255), default="")  # "75,77"
    item: Mapped[str] = mapped_column(Text, default="")
    message_zh: Mapped[str] = mapped_column(Text, default="")
    message_en: Mapped[str] = mapped_column(Text, default="")
    explanations: Mapped[str] = mapped_column(Text, default="")  # the school's explanation
    # The school's rectification plan for this finding (整改): measure, owner, due date and
    # status ("" when it planned nothing).
    measures: Mapped[str] = mapped_column(Text, default="")
    owners: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    rect_status: Mapped[str] = mapped_column(String(16), default="")


class ExpectedPeriod(Base):
    """A period for which the office expects reports, and the deadline (inclusive, local date)."""

    __tablename__ = "expected_periods"

    period: Mapped[str] = mapped_column(String(100), primary_key=True)
    deadline: Mapped[date | None] = mapped_column(Date)


class ExpectedSchool(Base):
    """A school the office expects a report from for one period (its school list)."""

    __tablename__ = "expected_schools"

    period: Mapped[str] = mapped_column(
        ForeignKey("expected_periods.period", ondelete="CASCADE"), primary_key=True
    )
    school_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    school_name: Mapped[str] = mapped_column(Text)
    district: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(32), default="")
    contact: Mapped[str] = mapped_column(Text, default="")


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
    cast(Table, ReportFinding.__table__).create(connection)
    connection.execute(
        text(f"INSERT INTO report_findings ({_CARRIED}) SELECT {_CARRIED} FROM {_MERGED}")
    )
    connection.execute(text(f"DROP TABLE {_MERGED}"))
