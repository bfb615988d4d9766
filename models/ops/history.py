"""The append-only change history: one entry per change, each chained to the previous by SHA-256.

Every assessment has its own chain (school changes form the chain ``None``). An entry's hash
covers its fields and the previous entry's hash, so editing, removing or reordering entries is
found by ``verify_history``. The entry is written in the same transaction as the change.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import cache
from models.ops.common import dumps, sql, utcnow
from models.stored import GENESIS as GENESIS
from models.stored import INSERT_HISTORY, history_row
from models.stored import entry_hash as entry_hash
from models.tables import HistoryEntry


@dataclass(frozen=True)
class HistoryItem:
    """One history entry as shown to people (``old``/``new`` decoded from JSON)."""

    id: int
    assessment_id: int | None
    at: datetime
    user: str
    action: str
    checklist: str | None
    item: str | None
    row_id: int | None
    old: Any
    new: Any
    source: str


@dataclass(frozen=True)
class ChainCheck:
    """The verdict of ``verify_history``: ``first_broken`` is the id of the first bad entry."""

    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""


def _chain_head(s: Session, assessment_id: int | None) -> str:
    heads = cache.of(s).chain_heads
    if assessment_id in heads:
        return heads[assessment_id]
    where = (
        HistoryEntry.assessment_id.is_(None)
        if assessment_id is None
        else HistoryEntry.assessment_id == assessment_id
    )
    last = s.execute(
        select(HistoryEntry.hash).where(where).order_by(HistoryEntry.id.desc()).limit(1)
    ).scalar()
    return last or GENESIS


def chain_head(s: Session, assessment_id: int | None) -> tuple[int, str]:
    """(number of entries, hash of the newest) of one chain: what a signed report embeds."""
    where = (
        HistoryEntry.assessment_id.is_(None)
        if assessment_id is None
        else HistoryEntry.assessment_id == assessment_id
    )
    count = s.scalar(select(func.count()).select_from(HistoryEntry).where(where)) or 0
    return int(count), _chain_head(s, assessment_id)


def record(
    s: Session,
    assessment_id: int | None,
    action: str,
    *,
    user: str,
    checklist: str | None = None,
    item: str | None = None,
    row_id: int | None = None,
    old: Any = None,
    new: Any = None,
    source: str = "",
    new_json: str | None = None,
    at: datetime | None = None,
) -> int:
    """Append one entry (``old``/``new`` are normalised values, stored as JSON); returns its id.

    ``new_json``: ``dumps(new)``, when the caller has encoded it already (a replaced table);
    ``at``: the time of the change (default: now).
    """
    prev = _chain_head(s, assessment_id)
    at = at or utcnow()
    old_json = None if old is None else dumps(old)
    if new is None:
        new_json = None
    elif new_json is None:
        new_json = dumps(new)
    row = history_row(
        prev,
        assessment_id,
        at,
        user,
        action,
        checklist=checklist,
        item=item,
        row_id=row_id,
        old_json=old_json,
        new_json=new_json,
        source=source,
    )
    entry_id = sql(s, INSERT_HISTORY, row).lastrowid
    assert entry_id is not None  # an INSERT's row id
    digest = row[-1]
    cache.writing(s).chain_heads[assessment_id] = digest
    return entry_id


def _entries(s: Session, assessment_id: int | None) -> list[HistoryEntry]:
    where = (
        HistoryEntry.assessment_id.is_(None)
        if assessment_id is None
        else HistoryEntry.assessment_id == assessment_id
    )
    return list(s.scalars(select(HistoryEntry).where(where).order_by(HistoryEntry.id)))


def list_history(s: Session, assessment_id: int | None) -> list[HistoryItem]:
    """The history of one assessment (``None``: of the school profiles), oldest first."""
    return [
        HistoryItem(
            e.id,
            e.assessment_id,
            e.at,
            e.user,
            e.action,
            e.checklist_id,
            e.item_id,
            e.row_id,
            None if e.old_json is None else json.loads(e.old_json),
            None if e.new_json is None else json.loads(e.new_json),
            e.source,
        )
        for e in _entries(s, assessment_id)
    ]


def verify_history(s: Session, assessment_id: int | None) -> ChainCheck:
    """Recompute the chain of one assessment; report the first entry whose hash or link is wrong."""
    prev = GENESIS
    entries = _entries(s, assessment_id)
    for e in entries:
        if e.prev_hash != prev:
            return ChainCheck(False, len(entries), e.id, "link to the previous entry broken")
        expected = entry_hash(
            prev,
            e.assessment_id,
            e.at,
            e.user,
            e.action,
            e.checklist_id,
            e.item_id,
            e.row_id,
            e.old_json,
            e.new_json,
            e.source,
        )
        if e.hash != expected:
            return ChainCheck(False, len(entries), e.id, "content does not match its hash")
        prev = e.hash
    return ChainCheck(True, len(entries))


@dataclass(frozen=True)
class Anchor:
    """Where a chain stood according to something outside the database: a signed report
    (which embeds the head it was made at) or a backup. ``entries`` 0 means an empty chain."""

    source: str
    entries: int
    head: str


@dataclass(frozen=True)
class AnchorCheck:
    """The chain compared with one anchor: ``problem`` is "" (the chain still holds that head at
    that position), "entries_removed" (the chain is shorter) or "rewritten" (another hash)."""

    anchor: Anchor
    problem: str

    @property
    def ok(self) -> bool:
        """True when the chain agrees with the anchor."""
        return not self.problem


def chain_hashes(s: Session, assessment_id: int | None) -> list[str]:
    """The hashes of one chain, oldest first (as stored; ``verify_history`` recomputes them)."""
    return [e.hash for e in _entries(s, assessment_id)]


def check_anchors(hashes: list[str], anchors: list[Anchor]) -> list[AnchorCheck]:
    """Compare a chain (``chain_hashes``) with each anchor.

    A chain only ever grows, so whatever an anchor saw must still be there: its head at its
    position. Cutting the newest entries, or re-hashing the chain after editing it, shows.
    """
    out = []
    for anchor in anchors:
        if anchor.entries > len(hashes):
            out.append(AnchorCheck(anchor, "entries_removed"))
        elif anchor.entries == 0:
            out.append(AnchorCheck(anchor, "" if anchor.head == GENESIS else "rewritten"))
        elif hashes[anchor.entries - 1] != anchor.head:
            out.append(AnchorCheck(anchor, "rewritten"))
        else:
            out.append(AnchorCheck(anchor, ""))
    return out


def backup_anchors(backups: list[Path], assessment_id: int) -> list[Anchor]:
    """The chain of ``assessment_id`` as each backup file holds it (read-only; a backup that
    cannot be read, or does not know the assessment, gives no anchor)."""
    import sqlite3

    found = []
    for path in backups:
        try:
            uri = f"file:{path}?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
                rows = conn.execute(
                    "SELECT hash FROM history WHERE assessment_id = ? ORDER BY id", (assessment_id,)
                ).fetchall()
        except sqlite3.Error:
            continue
        if rows:
            found.append(Anchor(str(path), len(rows), str(rows[-1][0])))
    return found
