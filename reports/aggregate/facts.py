"""What checking one file yields: small picklable facts sent from a worker process to the parent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

# Bump when checking a file could give a different verdict: stored verdicts of an older check
# are then re-checked instead of reused.
CHECK_VERSION = 4

Status = Literal["accepted", "rejected", "known", "failed"]


@dataclass(frozen=True)
class SignatureFacts:
    """Who signed a file and when (``signed_at`` in UTC, naive)."""

    fingerprint: str
    signer: str | None
    school: str | None
    school_code: str | None
    signed_at: datetime | None
    # SHA-256 of the signed byte ranges (the signed revision, whatever the /Contents padding).
    signed_sha256: str | None = None


@dataclass(frozen=True)
class ChecklistFacts:
    """One checklist's verdict as the report embeds it; ``known`` when the app has that version."""

    checklist: str
    version: int
    known: bool
    status: str
    compliance: float | None
    items: int
    passed: int
    failed: int
    findings: int
    critical: int
    major: int
    minor: int
    # The progress figures of checklists.results.Figures (None in reports that predate them).
    applicable: int | None = None
    done: int | None = None
    open: int | None = None


@dataclass(frozen=True)
class FindingGroup:
    """One finding of a report: its checklist, code, item and table row (``row``, 0-based;
    None for an item's own finding), with the school's explanation and rectification of it.
    ``count`` is 1 unless the report repeats the very same finding."""

    checklist: str
    code: str
    severity: str
    count: int
    clauses: tuple[int, ...]
    item: str
    message_zh: str
    message_en: str
    explanations: tuple[str, ...]
    # The school's rectification (整改) of this finding: its measure and owner, due date and
    # status ("" without a plan).
    measures: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    due_date: date | None = None
    rect_status: str = ""
    row: int | None = None


@dataclass(frozen=True)
class ReportFacts:
    """The content of an accepted report: school, period and embedded results."""

    report_id: str
    school_name: str
    school_code: str
    district: str
    stage: str
    enrollment: int
    period: str
    reference_date: date
    generated_at: datetime | None
    app_version: str
    checklists: tuple[ChecklistFacts, ...]
    findings: tuple[FindingGroup, ...]
    # The school store's revision number (report_meta.json); None for reports made before it.
    revision: int | None = None


@dataclass(frozen=True)
class FileOutcome:
    """The verdict on one file.

    ``known``: its SHA-256 is already in the store (nothing re-checked). ``failed``: the file
    could not be read or checked this time (never stored; reason "unreadable", "too_large" or
    "check_failed"). ``reasons`` are rejection codes (words.REASON_TEXT);
    "untrusted" is not among them: trust is judged when the summary is made, from the
    fingerprint, so a stored file never has to be verified again when the trust list changes.
    """

    path: str
    status: Status
    sha256: str | None = None
    size: int = 0
    reasons: tuple[str, ...] = ()
    detail_zh: str = ""
    detail_en: str = ""
    signature: SignatureFacts | None = None
    report: ReportFacts | None = None
