"""OpenAssessment: one open self-check for the UI — checklists, results, rows, undoable writes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from checklists.comparison import Comparison, PreviousPeriod, classify
from checklists.results import Results
from ui.shell.i18n import current_language
from ui.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from checklists.answers import Rectification
    from checklists.model import Checklist
    from checklists.results import ChecklistResult, Finding
    from models.ops.answers import SaveResult
    from models.ops.evidence import EvidenceRef
    from models.ops.rows import RowData

T = TypeVar("T")

# The operations (models.ops) are imported by the methods that use them, on first use: the
# start-up path needs none of them (they cost about 0.2 s).


class OpenAssessment(QObject):
    """One open assessment for the UI: checklists, results, rows, writes with undo.

    Every write is one core call (one transaction); the answer, row and finding writes are pushed
    onto ``undo_stack``. A row keeps its identity across undo/redo although the database gives a
    re-created row a new id: commands name rows by the id they first had (``_row_alias``).

    Signals:
        resultsChanged(str checklist_id): the evaluation of a checklist changed.
        rowsChanged(str checklist_id, str item_id): the rows of a table item changed.
        answerChanged(str checklist_id, str item_id): an item's value or note changed.
        saved(datetime): a write was committed.
        readOnlyChanged(bool): the assessment became read-only (signed) or editable.
        errorOccurred(object): an undo/redo step failed (a UserFacingError or another exception).
        stepped(str checklist_id, str item_id): an undo/redo step changed this item (to show it).
        photosChanged(str checklist_id, str item_id): a photo of the item or of one of its
            findings was removed or put back (undo/redo).
    """

    resultsChanged = Signal(str)
    rowsChanged = Signal(str, str)
    answerChanged = Signal(str, str)
    saved = Signal(object)
    readOnlyChanged = Signal(bool)
    errorOccurred = Signal(object)
    stepped = Signal(str, str)
    photosChanged = Signal(str, str)

    def __init__(self, store: Store, assessment_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.assessment_id = assessment_id
        self.undo_stack = QUndoStack(self)
        self._results: dict[str, ChecklistResult] = {}
        self._values: dict[str, dict[str, Any]] = {}
        self._notes: dict[str, dict[str, str]] = {}
        self._rows: dict[tuple[str, str], list[RowData]] = {}
        self._row_alias: dict[int, int] = {}  # first id of a row → its id now
        self._file_alias: dict[int, int] = {}  # the same for attached files (evidence ids)
        self.checklists: dict[str, Checklist] = {}
        self._previous: tuple[PreviousPeriod | None] | None = None  # (read once) or not read yet
        self.read_only = False
        self.reference_date: date = date.today()
        self.period = ""
        self.status = "draft"
        self.reload()

    # ---- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the assessment again (status, checklists, results); drops every cache."""
        from models.ops.assessments import assessment_checklists, get_assessment

        summary, checklists = self.store.call(
            lambda s: (
                get_assessment(s, self.assessment_id),
                assessment_checklists(s, self.assessment_id),
            )
        )
        self.checklists = checklists
        self.reference_date, self.period = summary.reference_date, summary.period
        self.status = summary.status
        self._results.clear()
        self._values.clear()
        self._notes.clear()
        self._rows.clear()
        self._previous = None
        read_only = summary.status == "signed"
        if read_only != self.read_only:
            self.read_only = read_only
            self.readOnlyChanged.emit(read_only)

    def result(self, checklist_id: str) -> ChecklistResult:
        """The evaluation of one checklist (cached, refreshed after writes)."""
        from models.ops.evaluation import evaluate_assessment_checklist

        found = self._results.get(checklist_id)
        if found is None:
            found = self.store.call(
                lambda s: evaluate_assessment_checklist(s, self.assessment_id, checklist_id)
            )
            self._results[checklist_id] = found
        return found

    def results(self) -> Results:
        """The evaluation of every checklist, in the assessment's order."""
        return Results({cl: self.result(cl) for cl in self.checklists})

    def findings(self) -> list[Finding]:
        """Every finding of every checklist, in order."""
        return list(self.results().findings)

    def comparison(self) -> Comparison | None:
        """These findings against the previous period's (None for a school's first period).

        The previous period is read once per opened assessment; classifying is cheap."""
        from models.ops.periods import load_previous_period

        if self._previous is None:
            self._previous = (
                self.store.call(lambda s: load_previous_period(s, self.assessment_id)),
            )
        previous = self._previous[0]
        if previous is None:
            return None

        def cells(checklist_id: str, item_id: str, row: int) -> dict[str, Any] | None:
            rows = self.rows(checklist_id, item_id)
            return rows[row].cells if 0 <= row < len(rows) else None

        return classify(previous, self.findings(), cells, self.checklists)

    def photos(
        self, checklist_id: str, item_id: str, code: str | None = None, row: int | None = None
    ) -> list[Any]:
        """The photos of an item (``code`` None) or of one finding, in order."""
        from models.ops.photos import list_photos

        found = self.store.call(lambda s: list_photos(s, self.assessment_id))
        return [
            p
            for p in found
            if (p.checklist, p.item, p.code, p.row) == (checklist_id, item_id, code, row)
        ]

    def photo_file(self, photo: Any) -> Path:
        """The report copy of a photo (what the thumbnails and the PDF show)."""
        from models.ops.evidence import blob_path

        return blob_path(self.store.data_dir, photo.report_sha256)

    def attach_photo(
        self,
        checklist_id: str,
        item_id: str,
        code: str | None,
        row: int | None,
        source: Path | bytes,
        *,
        name: str | None = None,
    ) -> int:
        """Attach a photo to an item or a finding; returns its id (EvidenceError on a limit)."""
        from models.ops.photos import attach_photo

        return self.store.write(
            self.assessment_id,
            lambda s: attach_photo(
                s,
                self.assessment_id,
                checklist_id,
                item_id,
                source,
                name=name,
                code=code,
                row=row,
                user=self.store.user,
            ),
        )

    def remove_photo(self, photo_id: int) -> None:
        """Detach a photo; undoable (Ctrl+Z puts it back: its stored files stay)."""
        from models.ops.photos import remove_photo, restore_photo

        removed = self.store.write(
            self.assessment_id,
            lambda s: remove_photo(s, self.assessment_id, photo_id, user=self.store.user),
        )
        fields = dict(removed.fields)
        key = (str(fields["checklist_id"]), str(fields["item_id"]))
        row_id = fields["row_id"]
        first_row = None if row_id is None else self._first_id(int(str(row_id)))
        current = {"id": photo_id}

        def restore() -> None:
            row = None if first_row is None else self._current(first_row)
            current["id"] = self.store.write(
                self.assessment_id,
                lambda s: restore_photo(s, removed, row_id=row, user=self.store.user),
            )
            self.photosChanged.emit(*key)

        def remove_again() -> None:
            self.store.write(
                self.assessment_id,
                lambda s: remove_photo(s, self.assessment_id, current["id"], user=self.store.user),
            )
            self.photosChanged.emit(*key)

        self.photosChanged.emit(*key)
        command = _Command(key, redo=remove_again, undo=restore)
        self._push(command)
        command.setText(self.tr("删除照片“%1”").replace("%1", removed.name))

    def value(self, checklist_id: str, item_id: str) -> Any:
        """The stored (normalised) value of an item; None when unanswered."""
        return self._answers(checklist_id).get(item_id)

    def _answers(self, checklist_id: str) -> dict[str, Any]:
        from models.ops.answers import get_answers

        found = self._values.get(checklist_id)
        if found is None:
            found = self._values[checklist_id] = self.store.call(
                lambda s: get_answers(s, self.assessment_id, checklist_id)
            )
        return found

    def item_note(self, checklist_id: str, item_id: str) -> str:
        """The explanation written for an item ("" when none)."""
        from models.ops.answers import get_item_notes

        found = self._notes.get(checklist_id)
        if found is None:
            found = self._notes[checklist_id] = self.store.call(
                lambda s: get_item_notes(s, self.assessment_id, checklist_id)
            )
        return found.get(item_id, "")

    def rows(self, checklist_id: str, item_id: str) -> list[RowData]:
        """The rows of a table item, in order (cached until the table changes)."""
        from models.ops.rows import list_rows

        key = (checklist_id, item_id)
        found = self._rows.get(key)
        if found is None:
            found = self._rows[key] = self.store.call(
                lambda s: list_rows(s, self.assessment_id, checklist_id, item_id)
            )
        return list(found)

    def evidence(self, checklist_id: str, item_id: str) -> list[EvidenceRef]:
        """The files attached to an evidence item, in order."""
        from models.ops.evidence import list_evidence

        return self.store.call(
            lambda s: list_evidence(s, self.assessment_id, checklist_id, item_id)
        )

    def evidence_file(self, evidence_id: int) -> Path:
        """The stored copy of an attached file (EvidenceError when it is missing)."""
        from models.ops.evidence import evidence_path

        return self.store.call(lambda s: evidence_path(s, evidence_id))

    # ---- writing (undoable) --------------------------------------------------------------------

    def set_answer(self, checklist_id: str, item_id: str, value: Any) -> None:
        """Answer an item (None clears it); undoable. UserFacingError for a wrong value."""
        old = self.value(checklist_id, item_id)
        self._set_answer(checklist_id, item_id, value)
        new = self.value(checklist_id, item_id)
        if _same(old, new):
            return
        self._push(
            _Command(
                (checklist_id, item_id),
                redo=lambda: self._set_answer(checklist_id, item_id, new),
                undo=lambda: self._set_answer(checklist_id, item_id, old),
            )
        )

    def set_item_note(self, checklist_id: str, item_id: str, text: str) -> None:
        """Write an item's explanation ("" removes it); undoable."""
        old = self.item_note(checklist_id, item_id)
        if old == text:
            return
        self._set_note(checklist_id, item_id, text)
        self._push(
            _Command(
                (checklist_id, item_id),
                redo=lambda: self._set_note(checklist_id, item_id, text),
                undo=lambda: self._set_note(checklist_id, item_id, old),
            )
        )

    def add_row(
        self,
        checklist_id: str,
        item_id: str,
        cells: Mapping[str, Any] | None = None,
        index: int | None = None,
    ) -> int:
        """Add a row (at ``index``, default the end); undoable; returns the new row id."""
        clean = dict(cells or {})
        first = self._add_row(checklist_id, item_id, clean, index)
        position = self._index_of(checklist_id, item_id, first)

        def redo() -> None:
            self._row_alias[first] = self._add_row(checklist_id, item_id, clean, position)

        self._push(
            _Command(
                (checklist_id, item_id),
                redo=redo,
                undo=lambda: self._delete_row(checklist_id, item_id, self._current(first)),
            )
        )
        return first

    def update_cell(
        self, checklist_id: str, item_id: str, row_id: int, column_id: str, value: Any
    ) -> None:
        """Set one cell (None clears it); undoable."""
        first = self._first_id(row_id)
        old = self._cells(checklist_id, item_id, row_id).get(column_id)
        self._update_cell(checklist_id, item_id, row_id, column_id, value)
        new = self._cells(checklist_id, item_id, row_id).get(column_id)
        if _same(old, new):
            return
        self._push(
            _Command(
                (checklist_id, item_id),
                redo=lambda: self._update_cell(
                    checklist_id, item_id, self._current(first), column_id, new
                ),
                undo=lambda: self._update_cell(
                    checklist_id, item_id, self._current(first), column_id, old
                ),
            )
        )

    def delete_rows(self, checklist_id: str, item_id: str, row_ids: Sequence[int]) -> None:
        """Delete rows; undoable (undo puts them back where they were, with their cells)."""
        rows = {r.id: r for r in self.rows(checklist_id, item_id)}
        gone = sorted((rows[r] for r in dict.fromkeys(row_ids) if r in rows), key=lambda r: r.index)
        if not gone:
            return
        saved_rows = [(self._first_id(r.id), r.index, dict(r.cells)) for r in gone]

        def redo() -> None:
            for first, _index, _cells in reversed(saved_rows):
                self._delete_row(checklist_id, item_id, self._current(first))

        def undo() -> None:
            for first, index, cells in saved_rows:
                self._row_alias[first] = self._add_row(checklist_id, item_id, cells, index)

        redo()
        self._push(_Command((checklist_id, item_id), redo=redo, undo=undo, done=True))

    def move_row(self, checklist_id: str, item_id: str, row_id: int, new_index: int) -> None:
        """Move a row to ``new_index``; undoable."""
        before = [self._first_id(r.id) for r in self.rows(checklist_id, item_id)]
        first = self._first_id(row_id)
        if first not in before:
            return
        after = [r for r in before if r != first]
        after.insert(max(0, min(new_index, len(after))), first)
        if after == before:
            return
        self._reorder(checklist_id, item_id, after)
        self._push(
            _Command(
                (checklist_id, item_id),
                redo=lambda: self._reorder(checklist_id, item_id, after),
                undo=lambda: self._reorder(checklist_id, item_id, before),
            )
        )

    def replace_rows(
        self, checklist_id: str, item_id: str, rows: Sequence[Mapping[str, Any]], source: str
    ) -> None:
        """Replace every row (an Excel import) in one transaction; undoable."""
        old = self.rows(checklist_id, item_id)
        old_firsts = [self._first_id(r.id) for r in old]
        old_cells = [dict(r.cells) for r in old]
        new_cells = [dict(r) for r in rows]
        self._replace(checklist_id, item_id, new_cells, source, None)
        new_firsts = [r.id for r in self.rows(checklist_id, item_id)]
        self._push(
            _Command(
                (checklist_id, item_id),
                redo=lambda: self._replace(checklist_id, item_id, new_cells, source, new_firsts),
                undo=lambda: self._replace(checklist_id, item_id, old_cells, source, old_firsts),
            )
        )

    def attach_evidence(self, checklist_id: str, item_id: str, source: Path) -> int:
        """Copy a file into the data folder and attach it; undoable; returns the evidence id."""
        from models.ops.evidence import blob_path

        first = self._attach(checklist_id, item_id, Path(source), None)
        ref = next(r for r in self.evidence(checklist_id, item_id) if r.id == first)
        blob = blob_path(self.store.data_dir, ref.sha256)

        def redo() -> None:  # the stored copy outlives a detach, so redo attaches it again
            self._file_alias[first] = self._attach(checklist_id, item_id, blob, ref.name)

        def undo() -> None:
            self._detach(checklist_id, item_id, self._file_alias.get(first, first))

        self._push(_Command((checklist_id, item_id), redo=redo, undo=undo))
        return first

    def remove_evidence(self, checklist_id: str, item_id: str, evidence_id: int) -> None:
        """Detach a file (its stored copy stays); undoable."""
        from models.ops.evidence import blob_path

        ref = next((r for r in self.evidence(checklist_id, item_id) if r.id == evidence_id), None)
        if ref is None:
            return
        first = next((f for f, now in self._file_alias.items() if now == evidence_id), evidence_id)
        blob = blob_path(self.store.data_dir, ref.sha256)
        self._detach(checklist_id, item_id, evidence_id)

        def undo() -> None:
            self._file_alias[first] = self._attach(checklist_id, item_id, blob, ref.name)

        def redo() -> None:
            self._detach(checklist_id, item_id, self._file_alias.get(first, first))

        self._push(_Command((checklist_id, item_id), redo=redo, undo=undo))

    def explain_finding(self, finding: Finding, text: str) -> None:
        """Write the school's explanation of a finding; undoable."""
        old = finding.explanation
        if old == text:
            return
        self._explain(finding, text)
        self._push(
            _Command(
                (finding.checklist, finding.item),
                redo=lambda: self._explain(finding, text),
                undo=lambda: self._explain(finding, old),
            )
        )

    def set_rectification(self, finding: Finding, rect: Rectification | None) -> None:
        """Set (None: remove) a finding's rectification plan; undoable."""
        old = finding.rectification
        if old == rect:
            return
        self._rectify(finding, rect)
        self._push(
            _Command(
                (finding.checklist, finding.item),
                redo=lambda: self._rectify(finding, rect),
                undo=lambda: self._rectify(finding, old),
            )
        )

    # ---- the single core calls behind the commands ---------------------------------------------

    def _write(self, op: Callable[[Session], T]) -> T:
        result = self.store.write(self.assessment_id, op)
        self.saved.emit(datetime.now())
        return result

    def _after(
        self,
        checklist_id: str,
        item_id: str,
        saved: SaveResult | None,
        *,
        rows: bool = False,
        patched: bool = False,
    ) -> None:
        """Refresh the caches after a write and tell the views (``patched``: the cached rows
        of the table are current already)."""
        self._values.pop(checklist_id, None)
        if saved is not None:
            self._results[checklist_id] = saved.result
        else:
            self._results.pop(checklist_id, None)
        if rows:
            if not patched:
                self._rows.pop((checklist_id, item_id), None)
            self.rowsChanged.emit(checklist_id, item_id)
        self.answerChanged.emit(checklist_id, item_id)
        self.resultsChanged.emit(checklist_id)
        # Checklists that read this one's values (the safety checklist's guard count reads the
        # guard roster) are judged again too.
        from checklists.evaluator import dependent_checklists

        for other in sorted(dependent_checklists(self.checklists, checklist_id)):
            self._results.pop(other, None)
            self.resultsChanged.emit(other)

    def _set_answer(self, checklist_id: str, item_id: str, value: Any) -> None:
        from models.ops.answers import set_answer

        user = self.store.user
        saved = self._write(
            lambda s: set_answer(s, self.assessment_id, checklist_id, item_id, value, user=user)
        )
        self._after(checklist_id, item_id, saved)

    def _set_note(self, checklist_id: str, item_id: str, text: str) -> None:
        from models.ops.answers import set_item_note

        user = self.store.user
        self._write(
            lambda s: set_item_note(
                s, self.assessment_id, checklist_id, item_id, text or None, user=user
            )
        )
        self._notes.pop(checklist_id, None)
        self.answerChanged.emit(checklist_id, item_id)

    def _add_row(
        self, checklist_id: str, item_id: str, cells: Mapping[str, Any], index: int | None
    ) -> int:
        from models.ops.rows import add_row

        user = self.store.user
        saved = self._write(
            lambda s: add_row(
                s, self.assessment_id, checklist_id, item_id, cells, index=index, user=user
            )
        )
        self._after(checklist_id, item_id, saved, rows=True)
        assert saved.row_id is not None
        return saved.row_id

    def _update_cell(
        self, checklist_id: str, item_id: str, row_id: int, column_id: str, value: Any
    ) -> None:
        from models.ops.rows import update_cell

        user = self.store.user
        saved = self._write(
            lambda s: update_cell(s, self.assessment_id, row_id, column_id, value, user=user)
        )
        self._patch_row(checklist_id, item_id, row_id)
        self._after(checklist_id, item_id, saved, rows=True, patched=True)

    def _patch_row(self, checklist_id: str, item_id: str, row_id: int) -> None:
        """One row's cells written: read that row again into the cached rows, rather than every
        row of the table (a 2,000-row roster on each edit); the cache is dropped when the row is
        not where it was."""
        from models.errors import NotFound
        from models.ops.rows import get_row

        key = (checklist_id, item_id)
        found = self._rows.get(key)
        if found is None:
            return
        try:
            row = self.store.call(
                lambda s: get_row(s, self.assessment_id, checklist_id, item_id, row_id)
            )
        except NotFound:
            row = None
        if row is None or row.index >= len(found) or found[row.index].id != row_id:
            self._rows.pop(key, None)
            return
        patched = list(found)
        patched[row.index] = row
        self._rows[key] = patched

    def _delete_row(self, checklist_id: str, item_id: str, row_id: int) -> None:
        from models.ops.rows import delete_row

        user = self.store.user
        saved = self._write(lambda s: delete_row(s, self.assessment_id, row_id, user=user))
        self._after(checklist_id, item_id, saved, rows=True)

    def _reorder(self, checklist_id: str, item_id: str, firsts: list[int]) -> None:
        from models.ops.rows import reorder_rows

        ids = [self._current(f) for f in firsts]
        user = self.store.user
        saved = self._write(
            lambda s: reorder_rows(s, self.assessment_id, checklist_id, item_id, ids, user=user)
        )
        self._after(checklist_id, item_id, saved, rows=True)

    def _replace(
        self,
        checklist_id: str,
        item_id: str,
        cells: list[dict[str, Any]],
        source: str,
        firsts: list[int] | None,
    ) -> None:
        from models.ops.rows import replace_table_rows

        user = self.store.user
        saved = self._write(
            lambda s: replace_table_rows(
                s, self.assessment_id, checklist_id, item_id, cells, user=user, source=source
            )
        )
        self._after(checklist_id, item_id, saved, rows=True)
        if firsts is not None:  # the re-created rows stand for the rows the commands knew
            for first, row in zip(firsts, self.rows(checklist_id, item_id), strict=False):
                self._row_alias[first] = row.id

    def _attach(self, checklist_id: str, item_id: str, source: Path, name: str | None) -> int:
        from models.ops.evidence import attach_evidence

        user = self.store.user
        saved = self._write(
            lambda s: attach_evidence(
                s, self.assessment_id, checklist_id, item_id, source, name=name, user=user
            )
        )
        self._after(checklist_id, item_id, saved)
        assert saved.row_id is not None
        return saved.row_id

    def _detach(self, checklist_id: str, item_id: str, evidence_id: int) -> None:
        from models.ops.evidence import remove_evidence

        user = self.store.user
        saved = self._write(
            lambda s: remove_evidence(s, self.assessment_id, evidence_id, user=user)
        )
        self._after(checklist_id, item_id, saved)

    def _explain(self, finding: Finding, text: str) -> None:
        from models.ops.findings import explain_finding

        user = self.store.user
        self._write(
            lambda s: explain_finding(
                s,
                self.assessment_id,
                finding.checklist,
                finding.code,
                finding.item,
                finding.row,
                text,
                user=user,
            )
        )
        self._after(finding.checklist, finding.item, None)

    def _rectify(self, finding: Finding, rect: Rectification | None) -> None:
        from models.ops.findings import set_rectification

        user = self.store.user
        self._write(
            lambda s: set_rectification(
                s,
                self.assessment_id,
                finding.checklist,
                finding.code,
                finding.item,
                finding.row,
                rect,
                user=user,
            )
        )
        self._after(finding.checklist, finding.item, None)

    # ---- row identity and the stack ------------------------------------------------------------

    def _current(self, first: int) -> int:
        return self._row_alias.get(first, first)

    def _first_id(self, row_id: int) -> int:
        for first, now in self._row_alias.items():
            if now == row_id:
                return first
        return row_id

    def _cells(self, checklist_id: str, item_id: str, row_id: int) -> dict[str, Any]:
        for row in self.rows(checklist_id, item_id):
            if row.id == row_id:
                return row.cells
        return {}

    def _index_of(self, checklist_id: str, item_id: str, row_id: int) -> int:
        for row in self.rows(checklist_id, item_id):
            if row.id == row_id:
                return row.index
        return len(self.rows(checklist_id, item_id))

    def _push(self, command: _Command) -> None:
        checklist_id, item_id = command.key
        checklist = self.checklists.get(checklist_id)
        try:
            label = checklist.item(item_id).label.get(current_language()) if checklist else item_id
        except KeyError:
            label = item_id
        command.setText(label)  # shown in the Undo/Redo menu entries
        command.model = self
        self.undo_stack.push(command)

    def _failed(self, exc: BaseException) -> None:
        """An undo/redo step failed: the stack no longer matches the data, so it is emptied."""
        self.reload()
        QTimer.singleShot(0, self.undo_stack.clear)
        for cl in self.checklists:
            self.resultsChanged.emit(cl)
        self.errorOccurred.emit(exc)


def _same(a: Any, b: Any) -> bool:
    from models.ops.common import dumps

    return dumps(a) == dumps(b)


class _Command(QUndoCommand):
    """An undoable write: ``redo``/``undo`` each make one core call; the first redo is already done."""

    def __init__(
        self,
        key: tuple[str, str],
        *,
        redo: Callable[[], None],
        undo: Callable[[], None],
        done: bool = True,
    ) -> None:
        super().__init__()
        self.key = key  # (checklist, item) the step changes
        self._redo, self._undo = redo, undo
        self._skip = done
        self.model: OpenAssessment | None = None

    def redo(self) -> None:
        if self._skip:  # push() calls redo(); the write has just been made
            self._skip = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as exc:  # a Qt virtual must not raise; the model reports it
            if self.model is not None:
                self.model._failed(exc)
            return
        if self.model is not None:
            self.model.stepped.emit(*self.key)
