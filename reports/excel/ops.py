"""Excel exchange on stored assessments: the one-call operations the CLI and the UI share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checklists.foundation.errors import InputError
from checklists.foundation.files import require_regular_file
from checklists.model import Checklist
from reports.excel.reader import read_table
from reports.excel.table_import import TableImport

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from models.ops.changes import SaveResult


@dataclass(frozen=True)
class ImportOutcome:
    """A stored import: what was read from the file and what saving it changed."""

    parsed: TableImport
    saved: SaveResult


def assessment_checklist(s: Session, assessment_id: int, checklist_id: str) -> Checklist:
    """The assessment's own (snapshot) definition of ``checklist_id``; InputError when it has none."""
    from models.ops.assessments import assessment_checklists

    return _checklist_in(assessment_checklists(s, assessment_id), assessment_id, checklist_id)


def _checklist_in(
    checklists: dict[str, Checklist], assessment_id: int, checklist_id: str
) -> Checklist:
    if checklist_id not in checklists:
        names = "、".join(checklists) or "—"
        raise InputError(
            f"自查 {assessment_id} 不包含检查清单 {checklist_id}（包含：{names}）",
            f"Assessment {assessment_id} has no checklist {checklist_id} "
            f"(it has: {names.replace('、', ', ')})",
        )
    return checklists[checklist_id]


def import_table(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    table_id: str,
    path: Path,
    *,
    user: str | None = None,
) -> ImportOutcome:
    """Replace a table's rows with those of an .xlsx file: every row valid, or nothing changes.

    The file is read against the assessment's snapshot definition; ImportRejected lists every
    problem. Saving is one ``replace_table_rows`` call (one history entry, source = file name)
    inside the caller's transaction.
    """
    from models.ops.rows import replace_table_rows

    require_regular_file(Path(path), "工作簿", "workbook")
    checklist = assessment_checklist(s, assessment_id, checklist_id)
    parsed = read_table(Path(path), checklist, table_id)
    # Every cell was checked by check_value as it was read: the rows are stored as they are.
    saved = replace_table_rows(
        s,
        assessment_id,
        checklist_id,
        table_id,
        parsed.rows,
        user=user,
        source=f"excel:{Path(path).name}",
        checked=True,
    )
    return ImportOutcome(parsed, saved)


def import_table_into(
    data_dir: Path,
    assessment_id: int,
    checklist_id: str,
    table_id: str,
    path: Path,
    *,
    user: str | None = None,
) -> ImportOutcome:
    """``import_table`` on a data folder, through sqlite3 (models.writing): the same checks in
    the same order and the same stored result, without loading SQLAlchemy (a command-line
    import is one process for one change). Opens the folder, commits, closes."""
    from models.writing import open_for_writing, replace_table_rows

    with open_for_writing(data_dir) as store, store.writing():
        require_regular_file(Path(path), "工作簿", "workbook")
        checklists = store.assessment(assessment_id).checklists
        checklist = _checklist_in(dict(checklists), assessment_id, checklist_id)
        parsed = read_table(Path(path), checklist, table_id)
        saved = replace_table_rows(
            store,
            assessment_id,
            checklist_id,
            table_id,
            parsed.rows,
            user=user,
            source=f"excel:{Path(path).name}",
        )
    return ImportOutcome(parsed, saved)


def export_assessment(
    s: Session, assessment_id: int, path: Path, *, lang: str = "zh", full_ids: bool = False
) -> None:
    """Write the Excel export of a stored assessment (its snapshot checklists and current results)."""
    from models.ops.assessments import assessment_checklists
    from models.ops.evaluation import evaluate_assessment
    from models.ops.exchange import export_document
    from reports.excel.export import write_export

    doc = export_document(s, assessment_id)
    results = evaluate_assessment(s, assessment_id)
    write_export(
        doc,
        results,
        assessment_checklists(s, assessment_id),
        Path(path),
        lang=lang,
        full_ids=full_ids,
    )
