"""A data folder opened for reading alone, through sqlite3: stored self-checks as reports read them.

An unsigned report reads answers, table rows, evidence, finding states, photos and the head of
the change history, and writes nothing. None of that needs SQLAlchemy, whose import alone takes
longer than reading a 300-guard self-check. The folder is opened with every check
``models.database.open_database`` makes (the folder lock, the integrity and schema-version
checks, the daily backup, migrations), and all reads of one report run in one transaction.
Values are normalised as the operations normalise them (``models.stored``), so what is read
here equals what a Session reads (the tests compare the two, report by report).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

from checklists.answers import AnswersDocument, FindingNote, Rectification
from checklists.foundation.errors import InputError
from checklists.model import Checklist
from models.backup import DB_NAME
from models.blobs import blob_path
from models.database import (
    PRAGMAS,
    prepare_store,
    require_reachable,
    store_missing_figures_after_upgrade,
    translate_error,
)
from models.errors import NotFound, StoredDataDamaged
from models.lock import FolderLock
from models.snapshots import load_snapshot
from models.stored import GENESIS, school_from_json, stored_value

if TYPE_CHECKING:
    from checklists.comparison import Comparison
    from checklists.results import Results

T = TypeVar("T")


@dataclass(frozen=True)
class StoredAssessment:
    """One stored self-check: its answers document (no photos) and the checklists it was started with."""

    id: int
    school_id: int
    status: str
    revision: int
    checklists: dict[str, Checklist]  # its snapshots, in its order
    document: AnswersDocument
    row_ids: dict[tuple[str, str], list[int]]  # (checklist, table item) → row ids, in order


@dataclass(frozen=True)
class StoredFile:
    """A file attached to an evidence item (``size`` None: a reference imported without one)."""

    name: str
    sha256: str
    size: int | None


@dataclass(frozen=True)
class StoredPhoto:
    """A photo of an item (``code`` None) or of one finding, ``row`` its row's index now."""

    checklist: str
    item: str
    code: str | None
    row: int | None
    name: str
    sha256: str
    report_sha256: str
    width: int
    height: int
    taken_at: datetime | None
    caption: str


class StoreReader:
    """A data folder open for reading: holds the folder lock and one connection until ``close()``.

    Use as ``with open_for_reading(folder) as store, store.reading(): …``.
    """

    def __init__(self, data_dir: Path, lock: FolderLock, conn: sqlite3.Connection) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self._lock = lock
        self._conn = conn
        self._assessments: dict[int, StoredAssessment] = {}
        self._results: dict[int, Results] = {}

    @contextmanager
    def reading(self) -> Iterator[StoreReader]:
        """One read transaction: everything read inside it is of one moment of the store."""
        try:
            self._conn.execute("BEGIN")
            try:
                yield self
            finally:
                self._conn.execute("ROLLBACK")  # nothing was written: nothing to keep
        except sqlite3.Error as exc:
            storage = translate_error(exc, self.path)
            if storage is not None:
                raise storage from exc
            raise

    def _rows(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()

    def assessment(self, assessment_id: int) -> StoredAssessment:
        """The stored self-check ``assessment_id`` (NotFound when there is none)."""
        found = self._assessments.get(assessment_id)
        if found is None:
            found = self._assessments[assessment_id] = self._load(assessment_id)
        return found

    def _decoded(self, where: str, decode: Callable[[Any], T], stored: Any) -> T:
        """``decode(stored)``; a value changed outside the app into one that cannot be read
        (``where``: table.column) is StoredDataDamaged, not a bug."""
        try:
            return decode(stored)
        except (ValueError, TypeError, OverflowError) as exc:
            raise StoredDataDamaged(self.path, where, str(exc)[:200]) from exc

    def _load(self, assessment_id: int) -> StoredAssessment:
        head = self._rows(
            "SELECT school_id, period, reference_date, status, profile_json, revision"
            " FROM assessments WHERE id = ?",
            (assessment_id,),
        )
        if not head:
            raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
        school_id, period, reference, status, profile, revision = head[0]
        snapshots = self._rows(
            "SELECT ac.checklist_id, s.sha256, s.format, s.content FROM assessment_checklists ac"
            " JOIN checklist_snapshots s ON ac.snapshot_sha256 = s.sha256"
            " WHERE ac.assessment_id = ? ORDER BY ac.position",
            (assessment_id,),
        )
        checklists = {
            cl: load_snapshot(sha, fmt, content, cl) for cl, sha, fmt, content in snapshots
        }
        answers: dict[str, dict[str, Any]] = {}
        notes: dict[str, dict[str, str]] = {}
        row_ids: dict[tuple[str, str], list[int]] = {}
        for cl, checklist in checklists.items():
            answers[cl], notes[cl], ids = self._inputs(assessment_id, checklist)
            row_ids.update({(cl, item): found for item, found in ids.items()})
        document = AnswersDocument(
            self._decoded("assessments.profile_json", school_from_json, profile),
            period,
            self._decoded("assessments.reference_date", date.fromisoformat, reference),
            answers,
            {cl: n for cl, n in notes.items() if n},
            self._finding_notes(assessment_id, checklists, row_ids),
        )
        return StoredAssessment(
            assessment_id,
            school_id,
            status,
            self._decoded("assessments.revision", int, revision),
            checklists,
            document,
            row_ids,
        )

    def _inputs(
        self, assessment_id: int, checklist: Checklist
    ) -> tuple[dict[str, Any], dict[str, str], dict[str, list[int]]]:
        """One checklist's values, item notes and table row ids, as models.ops.evaluation.load_inputs."""
        key = (assessment_id, checklist.id)
        values: dict[str, Any] = {}
        notes: dict[str, str] = {}
        for item_id, value_json, explanation in self._rows(
            "SELECT item_id, value_json, explanation FROM answers"
            " WHERE assessment_id = ? AND checklist_id = ?",
            key,
        ):
            value = (
                None
                if value_json is None
                else stored_value(
                    checklist, item_id, self._decoded("answers.value_json", json.loads, value_json)
                )
            )
            if value is not None:
                values[item_id] = value
            if explanation is not None:
                notes[item_id] = explanation
        row_ids: dict[str, list[int]] = {}
        rows: dict[str, list[Any]] = {}
        for row_id, item_id, cells in self._rows(
            "SELECT id, item_id, cells_json FROM table_rows"
            " WHERE assessment_id = ? AND checklist_id = ? ORDER BY item_id, position, id",
            key,
        ):
            row_ids.setdefault(item_id, []).append(row_id)
            rows.setdefault(item_id, []).append(
                self._decoded("table_rows.cells_json", json.loads, cells)
            )
        for item_id, raw_rows in rows.items():
            values[item_id] = stored_value(checklist, item_id, raw_rows)
        files: dict[str, list[dict[str, Any]]] = {}
        for item_id, name, sha256, size in self._rows(
            "SELECT item_id, name, sha256, size FROM evidence"
            " WHERE assessment_id = ? AND checklist_id = ? ORDER BY item_id, position, id",
            key,
        ):
            entry: dict[str, Any] = {"name": name, "sha256": sha256}
            if size is not None:
                entry["size"] = size
            files.setdefault(item_id, []).append(entry)
        for item_id, refs in files.items():
            values[item_id] = tuple(refs)
        return values, notes, row_ids

    def _finding_notes(
        self,
        assessment_id: int,
        checklists: dict[str, Checklist],
        row_ids: dict[tuple[str, str], list[int]],
    ) -> tuple[FindingNote, ...]:
        """The finding states in the order they were first stored, rows as indexes (states of
        deleted rows and of checklists not in the self-check left out)."""
        index = {
            place: {row_id: i for i, row_id in enumerate(ids)} for place, ids in row_ids.items()
        }
        out = []
        for cl, code, item, row_id, explanation, status, measure, responsible, due in self._rows(
            "SELECT checklist_id, code, item_id, row_id, explanation, rect_status, rect_measure,"
            " rect_responsible, rect_due_date FROM finding_states WHERE assessment_id = ?"
            " ORDER BY id",
            (assessment_id,),
        ):
            if cl not in checklists:
                continue
            row = None
            if row_id is not None:
                row = index.get((cl, item), {}).get(row_id)
                if row is None:
                    continue
            rect = None
            if status is not None:
                due_date = (
                    None
                    if due is None
                    else self._decoded("finding_states.rect_due_date", date.fromisoformat, due)
                )
                rect = Rectification(measure, responsible, due_date, status)
            out.append(FindingNote(cl, code, item, row, explanation, rect))
        return tuple(out)

    def evaluate(self, assessment_id: int) -> Results:
        """The evaluation of every checklist of ``assessment_id``, finding notes attached."""
        found = self._results.get(assessment_id)
        if found is None:
            from checklists.evaluator import evaluate_document

            stored = self.assessment(assessment_id)
            found = evaluate_document(stored.document, stored.checklists)
            self._results[assessment_id] = found
        return found

    def chain_head(self, assessment_id: int) -> tuple[int, str]:
        """(number of entries, hash of the newest) of the assessment's change history."""
        ((count,),) = self._rows(
            "SELECT count(*) FROM history WHERE assessment_id = ?", (assessment_id,)
        )
        last = self._rows(
            "SELECT hash FROM history WHERE assessment_id = ? ORDER BY id DESC LIMIT 1",
            (assessment_id,),
        )
        return int(count), (last[0][0] if last and last[0][0] else GENESIS)

    def previous_assessment(self, assessment_id: int) -> int | None:
        """The same school's self-check of the period before this one (as
        models.ops.periods.previous_assessment): None for a first period."""
        head = self._rows(
            "SELECT school_id, reference_date, period FROM assessments WHERE id = ?",
            (assessment_id,),
        )
        if not head:
            raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
        found = self._rows(
            "SELECT id FROM assessments WHERE school_id = ? AND reference_date < ? AND period != ?"
            " ORDER BY reference_date DESC, revision DESC, id DESC LIMIT 1",
            head[0],
        )
        return int(found[0][0]) if found else None

    def compare_with_previous(self, assessment_id: int) -> Comparison | None:
        """This period's findings against the same school's previous period (None: a first
        period), as models.ops.periods.compare_with_previous."""
        previous_id = self.previous_assessment(assessment_id)
        if previous_id is None:
            return None
        from checklists.comparison import classify, document_rows, previous_period_of

        before = self.assessment(previous_id)
        previous = previous_period_of(
            before.document, self.evaluate(previous_id), before.checklists, previous_id
        )
        now = self.assessment(assessment_id)
        return classify(
            previous,
            self.evaluate(assessment_id).findings,
            document_rows(now.document),
            now.checklists,
        )

    def evidence(self, assessment_id: int, checklist_id: str, item_id: str) -> list[StoredFile]:
        """The files attached to an evidence item, in order."""
        return [
            StoredFile(name, sha256, size)
            for name, sha256, size in self._rows(
                "SELECT name, sha256, size FROM evidence"
                " WHERE assessment_id = ? AND checklist_id = ? AND item_id = ?"
                " ORDER BY position, id",
                (assessment_id, checklist_id, item_id),
            )
        ]

    def photos(self, assessment_id: int) -> list[StoredPhoto]:
        """Every photo of the assessment, by place and position (as models.ops.photos.list_photos)."""
        index: dict[int, int] = {}
        for ids in self.assessment(assessment_id).row_ids.values():
            index.update({row_id: i for i, row_id in enumerate(ids)})
        rows = self._rows(
            "SELECT checklist_id, item_id, code, row_id, name, sha256, report_sha256, width,"
            " height, taken_at, caption FROM photos WHERE assessment_id = ?"
            " ORDER BY checklist_id, item_id, code, row_id, position, id",
            (assessment_id,),
        )
        out = []
        for (
            cl,
            item,
            code,
            row_id,
            name,
            sha256,
            report_sha256,
            width,
            height,
            taken,
            caption,
        ) in rows:
            row = None if row_id is None else index.get(row_id)
            at = None if taken is None else datetime.fromisoformat(taken)
            out.append(
                StoredPhoto(
                    cl, item, code, row, name, sha256, report_sha256, width, height, at, caption
                )
            )
        return out

    def blob_path(self, sha256: str) -> Path:
        """Where the folder keeps the file with ``sha256``."""
        return blob_path(self.data_dir, sha256)

    def close(self) -> None:
        """Close the connection and release the folder lock."""
        try:
            self._conn.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    """A connection with the store's pragmas (a read-only folder fails here, as it does when
    open_database connects)."""
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise translate_error(exc, path) or exc from exc
    try:
        for pragma in PRAGMAS:
            conn.execute(pragma)
    except sqlite3.Error as exc:
        conn.close()
        raise translate_error(exc, path) or exc from exc
    return conn


class NoDatabase(InputError):
    """The data folder holds no database: there is nothing to read."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(f"{data_dir} 中还没有数据库", f"there is no database in {data_dir} yet")


def open_for_reading(
    data_dir: Path, *, backup_on_open: bool = True, now: datetime | None = None
) -> StoreReader:
    """Open an existing data folder's database for reading; the caller must ``close()`` it.

    The same checks as ``open_database`` (DatabaseLocked, DatabaseCorrupt, DatabaseTooNew,
    ForeignDatabase, DataFolderUnwritable, DiskFull; a daily backup; an older schema is
    upgraded), but no database is ever created: NoDatabase when there is none.
    """
    data_dir = Path(data_dir)
    return StoreReader(data_dir, *open_store(data_dir, backup_on_open, now))


def open_store(
    data_dir: Path, backup_on_open: bool, now: datetime | None
) -> tuple[FolderLock, sqlite3.Connection]:
    """The folder lock held and a connection to an existing data folder's database, after the
    checks of ``open_database`` (see ``open_for_reading``)."""
    data_dir = Path(data_dir)
    path = data_dir / DB_NAME
    require_reachable(path)
    if not path.is_file():
        raise NoDatabase(data_dir)
    lock = FolderLock(data_dir)
    lock.acquire()
    try:
        if prepare_store(data_dir, backup_on_open, now):
            store_missing_figures_after_upgrade(path)
        conn = _connect(path)
    except BaseException:
        lock.release()
        raise
    return lock, conn
