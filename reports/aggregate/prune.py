"""Removing stored files that are gone from disk (never silently: the caller lists them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from reports.aggregate.database import OfficeStore
from reports.aggregate.store import REPORTS, SUBMISSIONS


@dataclass(frozen=True)
class GoneFile:
    """A stored file whose path no longer holds a file, with what it was."""

    path: str
    sha256: str
    accepted: bool
    school_name: str | None
    school_code: str | None
    period: str | None


def gone_files(store: OfficeStore) -> list[GoneFile]:
    """Every stored file whose path is not a file any more, sorted by path."""
    query = select(
        SUBMISSIONS.c.path,
        SUBMISSIONS.c.sha256,
        SUBMISSIONS.c.accepted,
        REPORTS.c.school_name,
        REPORTS.c.school_code,
        REPORTS.c.period,
    ).outerjoin(REPORTS, REPORTS.c.submission_id == SUBMISSIONS.c.id)
    with store.connect() as s:
        rows = [GoneFile(*row) for row in s.execute(query) if not Path(row[0]).is_file()]
    return sorted(rows, key=lambda g: g.path)


def prune_gone(store: OfficeStore) -> list[GoneFile]:
    """Remove every stored file whose path is gone (with its report and findings, in one
    transaction) and return what was removed, for the caller to show."""
    gone = gone_files(store)
    if gone:
        shas = [g.sha256 for g in gone]
        with store.connect() as s, s.begin():
            for start in range(0, len(shas), 500):
                part = shas[start : start + 500]
                s.execute(delete(SUBMISSIONS).where(SUBMISSIONS.c.sha256.in_(part)))
    return gone
