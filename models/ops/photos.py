"""Photos on any item and any finding: attach (file or bytes), list, remove, copy with an amendment.

The original is kept content-addressed in the evidence store (``evidence/ab/abcdef…``) and a
downscaled JPEG (``models.photo_images``) beside it, also by its hash; the report shows the copy.
A finding's photo is stored against the row's stable id, so it follows the row when rows move.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checklists.answers import PhotoNote, text_problem
from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.foundation.files import read_input_bytes
from models.errors import EvidenceError, NotFound
from models.ops.common import (
    checklist_of,
    data_dir_of,
    default_user,
    item_of,
    state,
    utcnow,
    writable,
)
from models.ops.evaluation import inputs_of
from models.ops.evidence import blob_path, safe_name, store_blob
from models.ops.history import record
from models.photo_images import MAX_PHOTO_BYTES, PreparedPhoto, prepare_photo, too_large
from models.tables import Photo

MAX_PHOTOS_PER_PLACE = limits.MAX_PHOTOS_PER_PLACE  # per item or per finding
MAX_PHOTOS_PER_ASSESSMENT = limits.MAX_PHOTOS_PER_ASSESSMENT


@dataclass(frozen=True)
class PhotoRef:
    """One photo: where it belongs (finding ``code`` and ``row`` index, or the item) and its files."""

    id: int
    checklist: str
    item: str
    code: str | None
    row: int | None
    name: str
    sha256: str
    size: int
    report_sha256: str
    width: int
    height: int
    taken_at: datetime | None
    caption: str


def _row_id(s: Session, st: object, checklist_id: str, item_id: str, row: int | None) -> int | None:
    if row is None:
        return None
    ids = inputs_of(s, st, checklist_id).row_ids.get(item_id, [])  # type: ignore[arg-type]
    if not 0 <= row < len(ids):
        raise NotFound(
            f"“{checklist_id}.{item_id}”的第 {row + 1} 行",
            f"row {row + 1} of '{checklist_id}.{item_id}'",
        )
    return ids[row]


def _place(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    code: str | None,
    row: int | None,
) -> int | None:
    st = writable(s, assessment_id)
    checklist = checklist_of(st, checklist_id)
    item = item_of(checklist, item_id)
    if code is not None and code not in {r.code for _, _, r in checklist.rules()}:
        raise NotFound(f"问题代码“{code}”", f"finding code '{code}'")
    if row is not None and not item.is_table:
        raise InputError(f"检查项 {item_id} 不是表格，没有行", f"item {item_id} is not a table")
    return _row_id(s, st, checklist_id, item_id, row)


def _count(s: Session, *where: object) -> int:
    return int(s.scalar(select(func.count(Photo.id)).where(*where)) or 0)  # type: ignore[arg-type]


def _check_limits(s: Session, assessment_id: int, where: tuple[object, ...]) -> int:
    total = _count(s, Photo.assessment_id == assessment_id)
    if total >= MAX_PHOTOS_PER_ASSESSMENT:
        raise EvidenceError(
            f"一份自查最多 {MAX_PHOTOS_PER_ASSESSMENT} 张照片，已达上限；请删去不需要的照片",
            f"at most {MAX_PHOTOS_PER_ASSESSMENT} photos per self-check; remove some first",
        )
    here = _count(s, *where)
    if here >= MAX_PHOTOS_PER_PLACE:
        raise EvidenceError(
            f"每个检查项或问题最多 {MAX_PHOTOS_PER_PLACE} 张照片，已达上限",
            f"at most {MAX_PHOTOS_PER_PLACE} photos per item or finding",
        )
    return here


def _store_bytes(data_dir: Path, data: bytes) -> str:
    with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".photo-", delete=False) as tmp:
        tmp.write(data)
        name = Path(tmp.name)
    try:
        sha, _ = store_blob(data_dir, name)
    finally:
        name.unlink(missing_ok=True)
    return sha


def check_caption(caption: str) -> None:
    """EvidenceError unless ``caption`` keeps the answers document's rules for a caption (at
    most MAX_TEXT_LENGTH characters, no control character), so an export imports again."""
    problem = text_problem(caption, limits.MAX_TEXT_LENGTH, lines=True)
    if problem is not None:
        raise EvidenceError(f"照片说明：{problem[0]}", f"photo caption: {problem[1]}")


def attach_photo(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    source: Path | bytes,
    *,
    name: str | None = None,
    code: str | None = None,
    row: int | None = None,
    caption: str = "",
    user: str | None = None,
) -> int:
    """Attach a photo (a file, or bytes pasted from the clipboard) to an item, or to the finding
    ``code`` (at table row index ``row``); returns the photo id. EvidenceError for a file that is
    not a photo or breaks a limit (size, pixels, count); nothing is stored then."""
    check_caption(caption)
    row_id = _place(s, assessment_id, checklist_id, item_id, code, row)
    where = (
        Photo.assessment_id == assessment_id,
        Photo.checklist_id == checklist_id,
        Photo.item_id == item_id,
        Photo.code.is_(None) if code is None else Photo.code == code,
        Photo.row_id.is_(None) if row_id is None else Photo.row_id == row_id,
    )
    position = _check_limits(s, assessment_id, where)
    if isinstance(source, bytes):
        data, shown = source, safe_name(name or "clipboard.png")
    else:
        shown = safe_name(name or source.name)
        try:
            size = source.stat().st_size
            if size > MAX_PHOTO_BYTES:
                raise too_large(shown, size)
            # a device (/dev/zero) or a FIFO has no size and no end: refused, never read
            data = read_input_bytes(source, MAX_PHOTO_BYTES, "照片", "photo")
        except InputError as exc:
            raise EvidenceError(exc.zh, exc.en) from None
        except FileNotFoundError:
            raise EvidenceError(f"找不到文件 {source}", f"file not found: {source}") from None
        except OSError as exc:
            raise EvidenceError(
                f"无法读取 {source}：{exc.strerror}", f"cannot read {source}: {exc.strerror}"
            ) from exc
    prepared = prepare_photo(data, shown)
    data_dir = data_dir_of(s)
    original = _store_bytes(data_dir, data)
    report = _store_bytes(data_dir, prepared.report_jpeg)
    user = default_user(user)
    photo = Photo(
        assessment_id=assessment_id,
        checklist_id=checklist_id,
        item_id=item_id,
        code=code,
        row_id=row_id,
        position=position,
        name=shown,
        sha256=original,
        size=len(data),
        report_sha256=report,
        width=prepared.width,
        height=prepared.height,
        taken_at=prepared.taken_at,
        caption=caption,
        added_by=user,
        added_at=utcnow(),
    )
    s.add(photo)
    s.flush()
    record(
        s, assessment_id, "photo_add", user=user, checklist=checklist_id, item=item_id,
        row_id=row_id, new={"code": code, "name": shown, "sha256": original},
    )  # fmt: skip
    return photo.id


def list_photos(s: Session, assessment_id: int) -> list[PhotoRef]:
    """Every photo of the assessment, by place and position, rows named by their index now."""
    st = state(s, assessment_id)
    index: dict[int, int] = {}
    for cl in st.checklists:
        for ids in inputs_of(s, st, cl).row_ids.values():
            index.update({rid: i for i, rid in enumerate(ids)})
    q = select(Photo).where(Photo.assessment_id == assessment_id)
    q = q.order_by(
        Photo.checklist_id, Photo.item_id, Photo.code, Photo.row_id, Photo.position, Photo.id
    )
    return [
        PhotoRef(
            p.id,
            p.checklist_id,
            p.item_id,
            p.code,
            None if p.row_id is None else index.get(p.row_id),
            p.name,
            p.sha256,
            p.size,
            p.report_sha256,
            p.width,
            p.height,
            p.taken_at,
            p.caption,
        )  # fmt: skip
        for p in s.scalars(q)
    ]


# The columns of a photo that a removal keeps, so that it can be put back as it was.
_KEPT = (
    "checklist_id", "item_id", "code", "row_id", "position", "name", "sha256", "size",
    "report_sha256", "width", "height", "taken_at", "caption", "added_by", "added_at",
)  # fmt: skip


@dataclass(frozen=True)
class RemovedPhoto:
    """What ``remove_photo`` took away: enough for ``restore_photo`` to put the photo back."""

    assessment_id: int
    fields: tuple[tuple[str, object], ...]

    @property
    def name(self) -> str:
        """The photo's file name (for the undo menu)."""
        return str(dict(self.fields)["name"])


def remove_photo(
    s: Session, assessment_id: int, photo_id: int, *, user: str | None = None
) -> RemovedPhoto:
    """Detach a photo; its stored files stay (another photo or an undo may use them).
    Returns what ``restore_photo`` needs to put it back."""
    writable(s, assessment_id)
    photo = s.get(Photo, photo_id)
    if photo is None or photo.assessment_id != assessment_id:
        raise NotFound(f"照片 #{photo_id}", f"photo #{photo_id}")
    removed = RemovedPhoto(assessment_id, tuple((k, getattr(photo, k)) for k in _KEPT))
    old = {"code": photo.code, "name": photo.name, "sha256": photo.sha256}
    checklist, item, row_id = photo.checklist_id, photo.item_id, photo.row_id
    s.delete(photo)
    s.flush()
    record(
        s, assessment_id, "photo_remove", user=default_user(user), checklist=checklist,
        item=item, row_id=row_id, old=old,
    )  # fmt: skip
    return removed


def restore_photo(
    s: Session,
    removed: RemovedPhoto,
    *,
    row_id: int | None = None,
    user: str | None = None,
) -> int:
    """Put a removed photo back at its place and position (an undo); returns its new id.

    ``row_id`` names its table row now, when the row was re-created meanwhile (an undone row
    deletion gives the row a new id). EvidenceError when a stored file is gone or a limit is
    reached; NotFound when its row no longer exists.
    """
    fields = dict(removed.fields)
    if row_id is not None:
        fields["row_id"] = row_id
    st = writable(s, removed.assessment_id)
    checklist_id, item_id = str(fields["checklist_id"]), str(fields["item_id"])
    if fields["row_id"] is not None:
        ids = inputs_of(s, st, checklist_id).row_ids.get(item_id, [])
        if fields["row_id"] not in ids:
            raise NotFound(f"照片“{removed.name}”所在的行", f"the row of photo '{removed.name}'")
    data_dir = data_dir_of(s)
    for key in ("sha256", "report_sha256"):
        if not blob_path(data_dir, str(fields[key])).is_file():
            raise EvidenceError(
                f"照片“{removed.name}”的文件已不在数据文件夹中，无法恢复",
                f"the file of photo '{removed.name}' is no longer in the data folder",
            )
    code, row = fields["code"], fields["row_id"]
    _check_limits(s, removed.assessment_id, (
        Photo.assessment_id == removed.assessment_id,
        Photo.checklist_id == checklist_id,
        Photo.item_id == item_id,
        Photo.code.is_(None) if code is None else Photo.code == code,
        Photo.row_id.is_(None) if row is None else Photo.row_id == row,
    ))  # fmt: skip
    photo = Photo(assessment_id=removed.assessment_id, **fields)
    s.add(photo)
    s.flush()
    record(
        s, removed.assessment_id, "photo_add", user=default_user(user), checklist=checklist_id,
        item=item_id, row_id=row, new={"code": code, "name": removed.name,
                                       "sha256": fields["sha256"]},
    )  # fmt: skip
    return photo.id


def photo_path(s: Session, ref: PhotoRef, *, report: bool = True) -> Path:
    """The stored file of a photo: its report copy (default) or the original."""
    return blob_path(data_dir_of(s), ref.report_sha256 if report else ref.sha256)


def copy_photos(s: Session, old_id: int, new_id: int, row_map: dict[int, int]) -> None:
    """Give the amendment ``new_id`` the photos of ``old_id`` (rows mapped old id → new id)."""
    for p in s.scalars(select(Photo).where(Photo.assessment_id == old_id).order_by(Photo.id)):
        if p.row_id is not None and p.row_id not in row_map:
            continue
        s.add(
            Photo(
                assessment_id=new_id, checklist_id=p.checklist_id, item_id=p.item_id, code=p.code,
                row_id=None if p.row_id is None else row_map[p.row_id], position=p.position,
                name=p.name, sha256=p.sha256, size=p.size, report_sha256=p.report_sha256,
                width=p.width, height=p.height, taken_at=p.taken_at, caption=p.caption,
                added_by=p.added_by, added_at=p.added_at,
            )
        )  # fmt: skip
    s.flush()


def carry_photos(s: Session, old_id: int, new_id: int) -> int:
    """Give the next period ``new_id`` (carried forward from ``old_id``) the photos that still
    apply: those of items today's checklists still have, and those of findings that recur there
    (same code, same item, the same row — rows are copied in order, so row identity is kept).
    A finding that no longer arises leaves its photos behind. Returns the number copied."""
    from models.ops.evaluation import evaluate_assessment

    rows = row_map(s, old_id, new_id)
    new_st = state(s, new_id)
    row_ids = {cl: inputs_of(s, new_st, cl).row_ids for cl in new_st.checklists}
    recurring = {
        (
            f.checklist,
            f.code,
            f.item,
            None if f.row is None else row_ids[f.checklist][f.item][f.row],
        )
        for f in evaluate_assessment(s, new_id).findings
    }
    copied = 0
    q = select(Photo).where(Photo.assessment_id == old_id).order_by(Photo.id)
    for p in s.scalars(q):
        checklist = new_st.checklists.get(p.checklist_id)
        if checklist is None or p.item_id not in {i.id for i in checklist.items()}:
            continue
        row_id = None if p.row_id is None else rows.get(p.row_id)
        if p.row_id is not None and row_id is None:
            continue
        if p.code is not None and (p.checklist_id, p.code, p.item_id, row_id) not in recurring:
            continue
        s.add(
            Photo(
                assessment_id=new_id, checklist_id=p.checklist_id, item_id=p.item_id, code=p.code,
                row_id=row_id, position=p.position, name=p.name, sha256=p.sha256, size=p.size,
                report_sha256=p.report_sha256, width=p.width, height=p.height,
                taken_at=p.taken_at, caption=p.caption, added_by=p.added_by, added_at=p.added_at,
            )
        )  # fmt: skip
        copied += 1
    s.flush()
    return copied


# ---- photos in an exported answers document ------------------------------------------------
#
# The document names each photo by the SHA-256 of its original; the files are written beside it
# in ``<name>.photos/`` (``answers.json`` → ``answers.photos/<sha256>.jpg``). Embedding them in the
# JSON would put 50 phone photos (~250 MB as base64) through the 20 MB document limit; as files,
# each is held to the photo limits and checked against its hash before anything is stored.

_SUFFIX_RE = re.compile(r"\.[a-z0-9]{1,5}")


def photo_folder(document: Path) -> Path:
    """The folder of an answers document's photo files: ``answers.json`` → ``answers.photos``."""
    return document.with_name(f"{document.stem}.photos")


def photo_file_name(note: PhotoNote) -> str:
    """The file of a photo in that folder: its SHA-256 and the original's suffix."""
    suffix = Path(note.name).suffix.lower()
    return note.sha256 + (suffix if _SUFFIX_RE.fullmatch(suffix) else "")


def photo_notes(s: Session, assessment_id: int) -> tuple[PhotoNote, ...]:
    """The assessment's photos as the references an answers document carries."""
    return tuple(
        PhotoNote(
            p.checklist, p.item, p.name, p.sha256, p.size, p.code, p.row, p.taken_at, p.caption
        )  # fmt: skip
        for p in list_photos(s, assessment_id)
    )


def write_photo_files(s: Session, notes: tuple[PhotoNote, ...], folder: Path) -> int:
    """Copy each photo's original into ``folder`` (made when needed); returns the count written.
    A file already there with the right name is the same content (named by its hash)."""
    if not notes:
        return 0
    data_dir = data_dir_of(s)
    try:
        folder.mkdir(exist_ok=True)
        written = 0
        for note in notes:
            target = folder / photo_file_name(note)
            if target.is_file():
                continue
            tmp = target.with_name(f".{target.name}.partial")
            shutil.copyfile(blob_path(data_dir, note.sha256), tmp)
            os.replace(tmp, target)
            written += 1
    except FileNotFoundError as exc:
        raise EvidenceError(
            f"照片文件不在数据文件夹中：{exc.filename}",
            f"a photo file is missing from the data folder: {exc.filename}",
        ) from None
    except OSError as exc:
        raise EvidenceError(
            f"无法写入照片文件夹 {folder}：{exc.strerror}",
            f"cannot write the photo folder {folder}: {exc.strerror}",
        ) from exc
    return written


@dataclass(frozen=True)
class IncomingPhoto:
    """A photo of a document being imported, checked: its original file and its report copy."""

    note: PhotoNote
    source: Path
    prepared: PreparedPhoto


def check_photo_files(
    s: Session, notes: tuple[PhotoNote, ...], folder: Path | None
) -> list[IncomingPhoto]:
    """Find and check every photo a document references, before anything is stored: in
    ``folder`` (beside the document) or already in this data folder's store; the file's
    size and SHA-256 must match, and it must be a photo within the limits. AnswersError names
    every photo that fails (import is all or nothing)."""
    return check_photo_files_in(data_dir_of(s), notes, folder)


def check_photo_files_in(
    data_dir: Path, notes: tuple[PhotoNote, ...], folder: Path | None
) -> list[IncomingPhoto]:
    """:func:`check_photo_files` for the data folder ``data_dir`` without opening its store:
    ``validate`` checks a document's photos with it exactly as ``import`` does."""
    from checklists.foundation.errors import AnswersError

    problems: list[tuple[str, str, str]] = []
    out: list[IncomingPhoto] = []
    for index, note in enumerate(notes):
        path = f"photos[{index}]"
        candidates = [folder / photo_file_name(note)] if folder is not None else []
        candidates.append(blob_path(data_dir, note.sha256))
        source = next((c for c in candidates if c.is_file()), None)
        if source is None:
            where = str(folder) if folder is not None else str(data_dir)
            problems.append((
                path,
                f"找不到照片“{note.name}”（{photo_file_name(note)}）：应在 {where} 中；"
                "请把导出时生成的照片文件夹与答案文件放在一起",
                f"photo '{note.name}' ({photo_file_name(note)}) not found: expected in {where}; "
                "keep the photo folder made by the export beside the answers file",
            ))  # fmt: skip
            continue
        try:
            size = source.stat().st_size
            if size > MAX_PHOTO_BYTES:
                raise too_large(note.name, size)
            data = source.read_bytes()
            if hashlib.sha256(data).hexdigest() != note.sha256:
                problems.append((
                    path,
                    f"照片“{note.name}”的文件与答案文件中的 SHA-256 不符（文件被改动或换掉了）",
                    f"the file of photo '{note.name}' does not match its SHA-256 (changed or replaced)",
                ))  # fmt: skip
                continue
            if len(data) != note.size:
                problems.append((
                    f"{path}.size",
                    f"照片“{note.name}”的文件有 {len(data)} 字节，答案文件中写的是 {note.size} 字节",
                    f"the file of photo '{note.name}' has {len(data)} bytes; the answers file "
                    f"says {note.size}",
                ))  # fmt: skip
                continue
            out.append(IncomingPhoto(note, source, prepare_photo(data, note.name)))
        except EvidenceError as exc:
            problems.append((path, exc.zh, exc.en))
        except OSError as exc:
            problems.append((path, f"无法读取 {source}：{exc.strerror}",
                             f"cannot read {source}: {exc.strerror}"))  # fmt: skip
    if problems:
        raise AnswersError(problems)
    return out


def store_incoming_photos(
    s: Session, assessment_id: int, incoming: list[IncomingPhoto], user: str
) -> None:
    """Store the checked photos of an imported document on the new assessment's places."""
    data_dir = data_dir_of(s)
    st = state(s, assessment_id)
    positions: dict[tuple[str, str, str | None, int | None], int] = {}
    for photo in incoming:
        note = photo.note
        row_id = None
        if note.row is not None:
            row_id = inputs_of(s, st, note.checklist).row_ids[note.item][note.row]
        place = (note.checklist, note.item, note.code, row_id)
        positions[place] = positions.get(place, -1) + 1
        sha, size = store_blob(data_dir, photo.source)
        if sha != note.sha256:  # changed between the check and now
            raise EvidenceError(
                f"照片“{note.name}”在导入过程中被改动",
                f"photo '{note.name}' changed during the import",
            )
        s.add(
            Photo(
                assessment_id=assessment_id, checklist_id=note.checklist, item_id=note.item,
                code=note.code, row_id=row_id, position=positions[place], name=note.name,
                sha256=sha, size=size,
                report_sha256=_store_bytes(data_dir, photo.prepared.report_jpeg),
                width=photo.prepared.width, height=photo.prepared.height,
                taken_at=note.taken_at or photo.prepared.taken_at, caption=note.caption,
                added_by=user, added_at=utcnow(),
            )
        )  # fmt: skip
    s.flush()


def row_map(s: Session, old_id: int, new_id: int) -> dict[int, int]:
    """Old row id → new row id of a copied assessment (same tables, same order)."""
    old_st, new_st = state(s, old_id), state(s, new_id)
    out: dict[int, int] = {}
    for cl in old_st.checklists:
        new_ids = inputs_of(s, new_st, cl).row_ids
        for item, ids in inputs_of(s, old_st, cl).row_ids.items():
            out.update(zip(ids, new_ids.get(item, []), strict=False))
    return out
