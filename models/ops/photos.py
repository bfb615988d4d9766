"""Photos on any item and any finding: attach (file or bytes), list, remove, copy with an amendment.

The original is kept content-addressed in the evidence store (``evidence/ab/abcdef…``) and a
downscaled JPEG (``models.photo_images``) beside it, also by its hash; the report shows the copy.
A finding's photo is stored against the row's stable id, so it follows the row when rows move.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checklists.errors import InputError
from checklists.files import read_input_bytes
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
from models.photo_images import MAX_PHOTO_BYTES, prepare_photo, too_large
from models.tables import Photo

MAX_PHOTOS_PER_PLACE = 12  # per item or per finding
MAX_PHOTOS_PER_ASSESSMENT = 300


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


def remove_photo(s: Session, assessment_id: int, photo_id: int, *, user: str | None = None) -> None:
    """Detach a photo (its stored files stay: another photo or an undo may use them)."""
    writable(s, assessment_id)
    photo = s.get(Photo, photo_id)
    if photo is None or photo.assessment_id != assessment_id:
        raise NotFound(f"照片 #{photo_id}", f"photo #{photo_id}")
    old = {"code": photo.code, "name": photo.name, "sha256": photo.sha256}
    checklist, item, row_id = photo.checklist_id, photo.item_id, photo.row_id
    s.delete(photo)
    s.flush()
    record(
        s, assessment_id, "photo_remove", user=default_user(user), checklist=checklist,
        item=item, row_id=row_id, old=old,
    )  # fmt: skip


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
