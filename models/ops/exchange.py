"""Answers documents in and out of the database: export and import (``revisions`` copies through them)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checklists.answers import AnswersDocument, FindingNote
from checklists.answers_doc import document_to_json
from checklists.foundation.errors import AnswersError, InputError
from checklists.model import Checklist
from checklists.registry import load_checklists
from models.cache import AssessmentState
from models.ops.answers import upsert_answer
from models.ops.assessments import start_assessment
from models.ops.common import data_dir_of, default_user, dumps, state, utcnow, writable
from models.ops.evaluation import inputs_of, refresh
from models.ops.evidence import add_evidence_ref
from models.ops.history import record
from models.ops.photos import check_photo_files, store_incoming_photos
from models.ops.rows import insert_rows
from models.ops.school import save_school
from models.tables import Assessment, FindingState


def export_document(
    s: Session, assessment_id: int, *, with_photos: bool = False
) -> AnswersDocument:
    """The assessment as an answers document (values, item notes, finding notes with row
    indexes); ``with_photos`` adds the photo references (the exported file's; a report's
    embedded answers and a carried-forward copy have none)."""
    st = state(s, assessment_id)
    row = s.get(Assessment, assessment_id)
    assert row is not None
    answers = {cl: dict(inputs_of(s, st, cl).values) for cl in st.checklists}
    notes = {cl: dict(inputs_of(s, st, cl).item_notes) for cl in st.checklists}
    return AnswersDocument(
        st.school,
        row.period,
        row.reference_date,
        answers,
        {cl: n for cl, n in notes.items() if n},
        _finding_notes(s, st),
        _photo_notes(s, assessment_id) if with_photos else (),
    )


def _photo_notes(s: Session, assessment_id: int) -> tuple[Any, ...]:
    from models.ops.photos import photo_notes

    return photo_notes(s, assessment_id)


def _finding_notes(s: Session, st: AssessmentState) -> tuple[FindingNote, ...]:
    """Finding states in the order they were first stored (an imported document keeps its order)."""
    out = []
    q = select(FindingState).where(FindingState.assessment_id == st.id).order_by(FindingState.id)
    for f in s.scalars(q):
        if f.checklist_id not in st.checklists:
            continue
        for note in inputs_of(s, st, f.checklist_id).notes(f.checklist_id):
            if (note.code, note.item) == (f.code, f.item_id) and _same_row(s, st, f, note.row):
                out.append(note)
                break
    return tuple(out)


def _same_row(s: Session, st: AssessmentState, f: FindingState, row: int | None) -> bool:
    if f.row_id is None or row is None:
        return f.row_id is None and row is None
    ids = inputs_of(s, st, f.checklist_id).row_ids.get(f.item_id, [])
    return row < len(ids) and ids[row] == f.row_id


def fill_assessment(s: Session, st: AssessmentState, doc: AnswersDocument, user: str) -> None:
    """Write a document's answers, rows, evidence, item notes and finding notes into an empty assessment."""
    row_ids: dict[tuple[str, str], list[int]] = {}
    for cl, values in doc.checklists.items():
        checklist = st.checklists[cl]
        for item_id, value in values.items():
            item = checklist.item(item_id)
            if item.is_table:
                upsert_answer(s, st.id, cl, item_id, user, value_json="[]")
                row_ids[(cl, item_id)] = insert_rows(s, st.id, cl, item_id, list(value), user)
            elif item.type == "evidence":
                for ref in value:
                    add_evidence_ref(
                        s, st.id, cl, item_id, ref["name"], ref["sha256"], ref.get("size"), user
                    )
            else:
                upsert_answer(s, st.id, cl, item_id, user, value_json=dumps(value))
    for cl, notes in doc.item_notes.items():
        for item_id, text in notes.items():
            upsert_answer(s, st.id, cl, item_id, user, explanation=text)
    _store_notes(s, st, doc.finding_notes, row_ids, user)
    st.inputs.clear()
    refresh(s, st, None)


def _store_notes(
    s: Session,
    st: AssessmentState,
    notes: tuple[FindingNote, ...],
    row_ids: Mapping[tuple[str, str], list[int]],
    user: str,
) -> None:
    problems = []
    seen = set()
    for index, note in enumerate(notes):
        ids = row_ids.get((note.checklist, note.item), [])
        if note.row is not None and note.row >= len(ids):
            problems.append(
                (f"finding_notes[{index}].row", "表格中没有这一行", "the table has no such row")
            )
            continue
        key = (note.checklist, note.code, note.item, note.row)
        if key in seen:
            problems.append(
                (f"finding_notes[{index}]", "同一问题重复说明", "the same finding is noted twice")
            )
            continue
        seen.add(key)
        r = note.rectification
        s.add(
            FindingState(
                assessment_id=st.id,
                checklist_id=note.checklist,
                code=note.code,
                item_id=note.item,
                row_id=None if note.row is None else ids[note.row],
                explanation=note.explanation,
                rect_status=None if r is None else r.status,
                rect_measure="" if r is None else r.measure,
                rect_responsible="" if r is None else r.responsible,
                rect_due_date=None if r is None else r.due_date,
                updated_by=user,
                updated_at=utcnow(),
            )
        )
    if problems:
        raise AnswersError(problems)
    s.flush()


def _checklist_ids(doc: AnswersDocument, available: Mapping[str, Checklist]) -> list[str]:
    wanted = set(doc.checklists) | set(doc.item_notes) | {n.checklist for n in doc.finding_notes}
    return [cl for cl in available if cl in wanted] or list(available)


def import_document(
    s: Session,
    doc: AnswersDocument,
    *,
    user: str | None = None,
    checklists: Mapping[str, Checklist] | None = None,
    photo_dir: Path | None = None,
) -> int:
    """Store a (parsed) answers document as a new draft; the school is created or updated by code.

    ``checklists`` must be those the document was parsed with (default: built-in + data folder's).
    The document's photos are read from ``photo_dir`` (the folder the export wrote beside it)
    or this data folder's store, and all checked before anything is written: a missing or
    changed photo refuses the whole import (AnswersError). Returns the new assessment id.
    """
    user = default_user(user)
    available = checklists if checklists is not None else load_checklists(data_dir_of(s))
    incoming = check_photo_files(s, doc.photos, photo_dir) if doc.photos else []
    school_id = save_school(s, doc.school, user=user)
    new_id = start_assessment(
        s,
        school_id,
        period=doc.period,
        reference_date=doc.reference_date,
        checklist_ids=_checklist_ids(doc, available),
        checklists=available,
        user=user,
    )
    st = writable(s, new_id)
    fill_assessment(s, st, doc, user)
    store_incoming_photos(s, new_id, incoming, user)
    record(s, new_id, "import", user=user, new=document_to_json(doc))
    return new_id


def export_answers(s: Session, assessment_id: int, out: Path) -> int:
    """Write the answers file ``out`` and, when it has photos, their originals into the folder
    beside it (``models.ops.photos.photo_folder``); the JSON is written last, atomically.
    Returns the number of photos."""
    from checklists.foundation.files import write_atomic
    from models.ops.photos import photo_folder, write_photo_files

    doc = export_document(s, assessment_id, with_photos=True)
    check_stored_texts(doc, state(s, assessment_id).checklists)
    write_photo_files(s, doc.photos, photo_folder(out))
    text = json.dumps(document_to_json(doc), ensure_ascii=False, indent=2) + "\n"
    write_atomic(out, text.encode("utf-8"))
    return len(doc.photos)


class StoredTextInvalid(InputError):
    """The self-check holds text no answers document may hold (a control character or a lone
    surrogate, stored by an older version of the app): a report or answers file made of it would
    be refused by ``validate``, ``verify`` and the office, so it is not made. ``places`` are
    (path, where in words (zh, en), problem (zh, en)), every one, so the user fixes all at once."""

    def __init__(self, places: list[tuple[str, tuple[str, str], tuple[str, str]]]) -> None:
        self.places = places
        zh = "\n".join(f"  - {where[0]}（{path}）：{why[0]}" for path, where, why in places)
        en = "\n".join(f"  - {where[1]} ({path}): {why[1]}" for path, where, why in places)
        super().__init__(
            "以下文字含有控制字符或无效字符（例如从 Word 粘贴的换行），用它们做成的报告或答案文件"
            f"会被校验和督导室拒收。请在程序中重新填写这些文字后再导出：\n{zh}",
            "These texts hold a control or invalid character (e.g. a line break pasted from Word);"
            " a report or answers file made of them would be refused by validation and the"
            f" supervision office. Enter them again in the app, then export:\n{en}",
        )


_TABLE_PATH = re.compile(r"^checklists\.([^.\[]+)\.([^.\[]+)(?:\[(\d+)\](?:\.(.+))?)?$")
_NOTE_PATH = re.compile(r"^item_notes\.([^.\[]+)\.([^.\[]+)$")
_FINDING_PATH = re.compile(r"^finding_notes\[(\d+)\]\.(.+)$")


def _where(doc: AnswersDocument, checklists: Mapping[str, Checklist], path: str) -> tuple[str, str]:
    """Where ``path`` of ``doc``'s JSON form is, in words: checklist › item › row › column."""

    def item_words(cl: str, item_id: str) -> tuple[list[str], list[str], Any]:
        checklist = checklists.get(cl)
        try:
            item = checklist.item(item_id) if checklist is not None else None
        except KeyError:
            item = None
        if checklist is None or item is None:
            return [cl, item_id], [cl, item_id], None
        return [checklist.title.zh, item.label.zh], [checklist.title.en, item.label.en], item

    zh: list[str]
    en: list[str]
    if (m := _TABLE_PATH.match(path)) is not None:
        zh, en, item = item_words(m[1], m[2])
        if m[3] is not None:
            zh.append(f"第 {int(m[3]) + 1} 行")
            en.append(f"row {int(m[3]) + 1}")
        if m[4] is not None and item is not None and item.is_table:
            column = next((c for c in item.columns if c.id == m[4]), None)
            zh.append(column.label.zh if column else m[4])
            en.append(column.label.en if column else m[4])
    elif (m := _NOTE_PATH.match(path)) is not None:
        zh, en, _item = item_words(m[1], m[2])
        zh.append("说明")
        en.append("note")
    elif (m := _FINDING_PATH.match(path)) is not None and int(m[1]) < len(doc.finding_notes):
        note = doc.finding_notes[int(m[1])]
        zh, en, _item = item_words(note.checklist, note.item)
        if note.row is not None:
            zh.append(f"第 {note.row + 1} 行")
            en.append(f"row {note.row + 1}")
        what = "说明" if m[2] == "explanation" else "整改"
        zh.append(f"问题 {note.code} 的{what}")
        en.append(f"{m[2].replace('.', ' ')} of finding {note.code}")
    elif path.startswith("school"):
        zh, en = ["学校信息"], ["school profile"]
    elif path == "period":
        zh, en = ["检查周期"], ["period"]
    else:
        zh, en = [path], [path]
    return " › ".join(zh), " › ".join(en)


def check_stored_texts(
    doc: AnswersDocument, checklists: Mapping[str, Checklist] | None = None
) -> None:
    """StoredTextInvalid naming every text of ``doc`` (a self-check as stored) that an answers
    document may not hold; nothing when it keeps the document's rule (the common case, told by
    one quick walk). Export and signing call it before anything is written."""
    from checklists.answers_json import structure_problems

    problems = structure_problems(document_to_json(doc))
    if problems:
        known = checklists or {}
        raise StoredTextInvalid(
            [(path, _where(doc, known, path), (zh, en)) for path, zh, en in problems]
        )
