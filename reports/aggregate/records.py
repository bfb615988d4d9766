"""Writing checked files into the office store, in batches, idempotently (keyed by SHA-256)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from reports.aggregate.database import OfficeStore
from reports.aggregate.facts import CHECK_VERSION, FileOutcome
from reports.aggregate.store import (
    REPORT_CHECKLISTS,
    REPORT_FINDINGS,
    REPORT_REVISIONS,
    REPORTS,
    SUBMISSIONS,
)


def stored_files(connection: Connection) -> dict[str, tuple[str, int]]:
    """``{sha256: (path, check_version)}`` of every stored file."""
    sub = SUBMISSIONS.c
    rows = connection.execute(select(sub.sha256, sub.path, sub.check_version))
    return {sha: (path, version) for sha, path, version in rows}


def preferred_path(old: str, new: str) -> str:
    """Which of two paths of the same content to keep: an existing file, then the first by name.

    The same files in any order give the same choice, so a re-run changes nothing; a file
    moved away is followed to where it is now.
    """
    if old == new:
        return old
    old_ok, new_ok = Path(old).is_file(), Path(new).is_file()
    if old_ok != new_ok:
        return old if old_ok else new
    return min(old, new)


class Recorder:
    """Collects outcomes and writes them in batches; each batch is one transaction.

    Files already stored (same SHA-256, same check version) are left as they are, except
    that their path follows ``preferred_path``. Failed files (unreadable this time) are never stored.
    """

    def __init__(
        self, store: OfficeStore, stored: dict[str, tuple[str, int]], batch: int = 64
    ) -> None:
        self.store = store
        self.paths = {sha: path for sha, (path, _) in stored.items()}
        self.stale = {sha for sha, (_, version) in stored.items() if version != CHECK_VERSION}
        self.batch = batch
        self._new: dict[str, FileOutcome] = {}
        self._moved: dict[str, str] = {}

    def add(self, outcome: FileOutcome) -> None:
        """Take one outcome; writes happen every ``batch`` outcomes and on ``flush()``."""
        sha = outcome.sha256
        if outcome.status == "failed" or sha is None:
            return
        if sha in self._new:
            first = self._new[sha]
            self._new[sha] = replace(first, path=preferred_path(first.path, outcome.path))
        elif sha in self.paths and sha not in self.stale:
            best = preferred_path(self.paths[sha], outcome.path)
            if best != self.paths[sha]:
                self.paths[sha] = self._moved[sha] = best
        else:
            self._new[sha] = outcome
        if len(self._new) + len(self._moved) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write what is pending (one transaction)."""
        if not self._new and not self._moved:
            return
        new, moved = list(self._new.values()), dict(self._moved)
        try:
            with self.store.connect() as s, s.begin():
                _write(s, new, moved, self.stale)
        except IntegrityError:
            # Another run stored some of these files meanwhile: write the rest one by one.
            for outcome in new:
                self._write_one(outcome)
        for outcome in new:
            assert outcome.sha256 is not None
            self.paths[outcome.sha256] = outcome.path
            self.stale.discard(outcome.sha256)
        self._new.clear()
        self._moved.clear()

    def _write_one(self, outcome: FileOutcome) -> None:
        try:
            with self.store.connect() as s, s.begin():
                _write(s, [outcome], {}, self.stale)
        except IntegrityError:
            with self.store.connect() as s:
                query = select(SUBMISSIONS.c.id).where(SUBMISSIONS.c.sha256 == outcome.sha256)
                if s.scalar(query) is None:
                    raise
            # Stored by the other run meanwhile: the same content, the same verdict.


def _write(s: Connection, new: list[FileOutcome], moved: dict[str, str], stale: set[str]) -> None:
    redo = [o.sha256 for o in new if o.sha256 in stale]
    received: dict[str, datetime | None] = {}
    if redo:
        # Checked again by a newer check: the office received it when it first did.
        sub = SUBMISSIONS.c
        query = select(sub.sha256, sub.received_at).where(sub.sha256.in_(redo))
        received = {sha: at for sha, at in s.execute(query)}
        s.execute(delete(SUBMISSIONS).where(SUBMISSIONS.c.sha256.in_(redo)))
    for sha, path in moved.items():
        s.execute(update(SUBMISSIONS).where(SUBMISSIONS.c.sha256 == sha).values(path=path))
    if not new:
        return
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    ids = s.scalars(
        insert(SUBMISSIONS).returning(SUBMISSIONS.c.id, sort_by_parameter_order=True),
        [_submission_row(o, received.get(o.sha256 or "") or now) for o in new],
    ).all()
    accepted = [(sid, o) for sid, o in zip(ids, new, strict=True) if o.report is not None]
    if accepted:
        # Inserts of many rows at once (executemany): thousands of rows.
        _insert_dicts(s, REPORTS, [_report_row(sid, o) for sid, o in accepted])
        checklists = [row for sid, o in accepted for row in _checklist_rows(sid, o)]
        findings = [row for sid, o in accepted for row in _finding_rows(sid, o)]
        if checklists:
            _insert_dicts(s, REPORT_CHECKLISTS, checklists)
        if findings:
            _insert_many(s, REPORT_FINDINGS, FINDING_COLUMNS, findings)
        revisions = [
            {"submission_id": sid, "revision": o.report.revision}
            for sid, o in accepted
            if o.report is not None and o.report.revision is not None
        ]
        if revisions:
            _insert_dicts(s, REPORT_REVISIONS, revisions)


def _insert_dicts(s: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``_insert_many`` of rows given as dicts with the same keys."""
    keys = list(rows[0])
    _insert_many(s, table, keys, [tuple(row[key] for key in keys) for row in rows])


def _insert_many(
    s: Connection, table: Table, keys: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """``s.execute(insert(table), [dict(zip(keys, row)) for row in rows])``: ``keys`` are
    columns of ``table``. On SQLite the rows go to the driver's executemany as they are, each
    value through its column type's bind processing for the dialect (what SQLAlchemy does to
    every row, without its bookkeeping per row: a third of the time of storing a report); on
    other databases through SQLAlchemy."""
    dialect = s.dialect
    defaulted = any(c.default is not None and c.key not in keys for c in table.c)
    if dialect.name != "sqlite" or dialect.paramstyle != "qmark" or defaulted:
        s.execute(insert(table), [dict(zip(keys, row, strict=True)) for row in rows])
        return
    columns = [table.c[key] for key in keys]
    processors = [
        (i, p)
        for i, c in enumerate(columns)
        if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    quote = dialect.identifier_preparer
    sql = (
        f"INSERT INTO {quote.format_table(table)} "
        f"({', '.join(quote.format_column(c) for c in columns)}) "
        f"VALUES ({', '.join('?' * len(keys))})"
    )
    for i, process in processors:
        if process(None) is None:  # a NULL stays NULL: only the rows with a value change
            rows = [
                row if row[i] is None else (*row[:i], process(row[i]), *row[i + 1 :])
                for row in rows
            ]
        else:
            rows = [(*row[:i], process(row[i]), *row[i + 1 :]) for row in rows]
    s.exec_driver_sql(sql, rows)


def _submission_row(o: FileOutcome, received_at: datetime) -> dict[str, Any]:
    sig = o.signature
    return {
        "sha256": o.sha256,
        "path": o.path,
        "size": o.size,
        "check_version": CHECK_VERSION,
        "accepted": o.status == "accepted",
        "reasons": " ".join(o.reasons),
        "detail_zh": o.detail_zh,
        "detail_en": o.detail_en,
        "fingerprint": sig.fingerprint if sig else None,
        "signer": sig.signer if sig else None,
        "signer_school": sig.school if sig else None,
        "signer_school_code": sig.school_code if sig else None,
        "signed_at": sig.signed_at if sig else None,
        "signed_sha256": sig.signed_sha256 if sig else None,
        "received_at": received_at,
    }


def _report_row(sid: int, o: FileOutcome) -> dict[str, Any]:
    r = o.report
    assert r is not None
    return {
        "submission_id": sid,
        "report_id": r.report_id,
        "school_name": r.school_name,
        "school_code": r.school_code,
        "district": r.district,
        "stage": r.stage,
        "enrollment": r.enrollment,
        "period": r.period,
        "reference_date": r.reference_date,
        "generated_at": r.generated_at,
        "app_version": r.app_version,
    }


def _checklist_rows(sid: int, o: FileOutcome) -> list[dict[str, Any]]:
    assert o.report is not None
    # vars(), not dataclasses.asdict: no deep copies of thousands of flat records.
    return [
        {"submission_id": sid, "position": i, **vars(c)} for i, c in enumerate(o.report.checklists)
    ]


# The columns of a finding row as _finding_rows gives them.
FINDING_COLUMNS = (
    "submission_id", "position", "checklist", "code", "row_index", "severity", "count",
    "clauses", "item", "message_zh", "message_en", "explanations", "measures", "owners",
    "due_date", "rect_status",
)  # fmt: skip


def _finding_rows(sid: int, o: FileOutcome) -> list[tuple[Any, ...]]:
    """The rows of ``o``'s findings, in FINDING_COLUMNS' order (tuples: tens of thousands)."""
    assert o.report is not None
    return [
        (
            sid,
            i,
            g.checklist,
            g.code,
            g.row,
            g.severity,
            g.count,
            ",".join(map(str, g.clauses)),
            g.item,
            g.message_zh,
            g.message_en,
            "\n".join(g.explanations),
            "\n".join(g.measures),
            "\n".join(g.owners),
            g.due_date,
            g.rect_status,
        )  # fmt: skip
        for i, g in enumerate(o.report.findings)
    ]
