"""The typed SQLAlchemy 2 models: one class per table of ``campus.db`` (schema in models.schema)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every stored table."""


class School(Base):
    """A school profile (the ``school`` block of an answers document), unique by its 10-digit code."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String)
    stage: Mapped[str] = mapped_column(String)
    enrollment: Mapped[int] = mapped_column(Integer)
    district: Mapped[str] = mapped_column(String)
    boarding_students: Mapped[int] = mapped_column(Integer)
    principal: Mapped[str] = mapped_column(String)
    contact: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # The enrolment by part (nine- and twelve-year schools); NULL when only the total is given.
    enrollment_primary: Mapped[int | None] = mapped_column(Integer)
    enrollment_secondary: Mapped[int | None] = mapped_column(Integer)

    assessments: Mapped[list[Assessment]] = relationship(back_populates="school")


class ChecklistSnapshot(Base):
    """The bytes of a checklist definition file, shared by every assessment started with it."""

    __tablename__ = "checklist_snapshots"
    __table_args__ = (CheckConstraint("format IN ('yaml', 'xlsx')", name="ck_snapshot_format"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    checklist_id: Mapped[str] = mapped_column(String)
    version: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(8))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    uses: Mapped[list[AssessmentChecklist]] = relationship(back_populates="snapshot")


class Assessment(Base):
    """One self-check of one school for one period; ``profile_json`` is the school profile it uses."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'completed', 'signed')", name="ck_assessment_status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    period: Mapped[str] = mapped_column(String)
    reference_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(9))
    profile_json: Mapped[str] = mapped_column(Text)
    amended_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Added by schema version 2.
    revision: Mapped[int] = mapped_column(Integer, server_default="1")
    progress: Mapped[float | None] = mapped_column(Float)  # NULL: not evaluated since the migration
    findings_critical: Mapped[int | None] = mapped_column(Integer)
    findings_major: Mapped[int | None] = mapped_column(Integer)
    findings_minor: Mapped[int | None] = mapped_column(Integer)
    # Added by schema version 5 (NULL compliance: nothing judged yet).
    compliance: Mapped[float | None] = mapped_column(Float)
    open_items: Mapped[int | None] = mapped_column(Integer)

    school: Mapped[School] = relationship(back_populates="assessments")
    checklists: Mapped[list[AssessmentChecklist]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        order_by="AssessmentChecklist.position",
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    rows: Mapped[list[TableRow]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    finding_states: Mapped[list[FindingState]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )


class AssessmentChecklist(Base):
    """Which checklists (as which snapshot) an assessment answers, in display order."""

    __tablename__ = "assessment_checklists"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    checklist_id: Mapped[str] = mapped_column(String, primary_key=True)
    snapshot_sha256: Mapped[str] = mapped_column(ForeignKey("checklist_snapshots.sha256"))
    position: Mapped[int] = mapped_column(Integer)

    assessment: Mapped[Assessment] = relationship(back_populates="checklists")
    snapshot: Mapped[ChecklistSnapshot] = relationship(back_populates="uses")


class Answer(Base):
    """The answer to one non-table item (value as JSON) and its explanation (item note).

    For table and evidence items ``value_json`` is ``[]`` once the item was touched; their
    content lives in ``table_rows`` and ``evidence``.
    """

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("assessment_id", "checklist_id", "item_id", name="uq_answer"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    checklist_id: Mapped[str] = mapped_column(String)
    item_id: Mapped[str] = mapped_column(String)
    value_json: Mapped[str | None] = mapped_column(Text)  # NULL: unanswered (a note may exist)
    explanation: Mapped[str | None] = mapped_column(Text)  # NULL: no item note
    updated_by: Mapped[str] = mapped_column(String)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class TableRow(Base):
    """One row (record) of a table item; ``id`` is stable, ``position`` orders the rows."""

    __tablename__ = "table_rows"
    __table_args__ = (
        Index("ix_rows_item", "assessment_id", "checklist_id", "item_id", "position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    checklist_id: Mapped[str] = mapped_column(String)
    item_id: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    cells_json: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    assessment: Mapped[Assessment] = relationship(back_populates="rows")


class Evidence(Base):
    """A reference from an evidence item to a file stored as ``evidence/ab/abcdef…`` (by SHA-256)."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_item", "assessment_id", "checklist_id", "item_id", "position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    checklist_id: Mapped[str] = mapped_column(String)
    item_id: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)  # NULL: an imported reference without a size
    added_by: Mapped[str] = mapped_column(String)
    added_at: Mapped[datetime] = mapped_column(DateTime)

    assessment: Mapped[Assessment] = relationship(back_populates="evidence")


class Photo(Base):
    """A photo of an item (``code`` NULL) or of one finding (its code, and row for a table).

    ``sha256`` names the original in the evidence store, ``report_sha256`` its downscaled JPEG.
    """

    __tablename__ = "photos"
    __table_args__ = (
        Index("ix_photos_place", "assessment_id", "checklist_id", "item_id", "position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    checklist_id: Mapped[str] = mapped_column(String)
    item_id: Mapped[str] = mapped_column(String)
    code: Mapped[str | None] = mapped_column(String)
    row_id: Mapped[int | None] = mapped_column(ForeignKey("table_rows.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    report_sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    caption: Mapped[str] = mapped_column(Text, server_default="")
    added_by: Mapped[str] = mapped_column(String)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class FindingState(Base):
    """The school's explanation and rectification of one finding, keyed by (checklist, code, item, row id)."""

    __tablename__ = "finding_states"
    __table_args__ = (
        CheckConstraint(
            "rect_status IS NULL OR rect_status IN ('open', 'in_progress', 'done')",
            name="ck_rect_status",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    checklist_id: Mapped[str] = mapped_column(String)
    code: Mapped[str] = mapped_column(String)
    item_id: Mapped[str] = mapped_column(String)
    row_id: Mapped[int | None] = mapped_column(ForeignKey("table_rows.id", ondelete="CASCADE"))
    explanation: Mapped[str] = mapped_column(Text)
    rect_status: Mapped[str | None] = mapped_column(String(11))  # NULL: no rectification planned
    rect_measure: Mapped[str] = mapped_column(Text)
    rect_responsible: Mapped[str] = mapped_column(String)
    rect_due_date: Mapped[date | None] = mapped_column(Date)
    updated_by: Mapped[str] = mapped_column(String)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    assessment: Mapped[Assessment] = relationship(back_populates="finding_states")


class HistoryEntry(Base):
    """One change, append-only; ``hash`` = SHA-256 over the entry and ``prev_hash`` (a chain per assessment).

    ``assessment_id`` is deliberately not a foreign key: the history outlives a deleted assessment.
    """

    __tablename__ = "history"
    __table_args__ = (
        Index("ix_history_assessment", "assessment_id", "id"),  # schema version 2
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int | None] = mapped_column(Integer)  # NULL: the chain of school changes
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String)
    checklist_id: Mapped[str | None] = mapped_column(String)
    item_id: Mapped[str | None] = mapped_column(String)
    row_id: Mapped[int | None] = mapped_column(Integer)
    old_json: Mapped[str | None] = mapped_column(Text)
    new_json: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# One state per finding; a NULL row id (a non-table finding) must be unique too, hence coalesce.
Index(
    "uq_finding_state",
    FindingState.assessment_id,
    FindingState.checklist_id,
    FindingState.code,
    FindingState.item_id,
    func.coalesce(FindingState.row_id, 0),
    unique=True,
)
