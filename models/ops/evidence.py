"""Evidence files: copied into ``<data_dir>/evidence/ab/abcdef…`` by SHA-256, referenced by items.

The stored file name is the hash only, so an original name (kept as text) can never point outside
the data folder; nothing outside the data folder is written or served.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from checklists.foundation.errors import InputError
from models.backup import os_error
from models.blobs import EVIDENCE_DIR as EVIDENCE_DIR
from models.blobs import blob_path as blob_path
from models.errors import EvidenceError, NotFound
from models.ops.answers import SaveResult, saved, upsert_answer
from models.ops.common import (
    checklist_of,
    data_dir_of,
    default_user,
    item_of,
    state,
    utcnow,
    writable,
)
from models.ops.evaluation import inputs_of, result_of
from models.ops.history import record
from models.tables import Evidence

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024
_UNSAFE = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff/\\\\]")


@dataclass(frozen=True)
class EvidenceRef:
    """One attached file: ``present`` is False for a reference imported without its file."""

    id: int
    checklist: str
    item: str
    name: str
    sha256: str
    size: int | None
    present: bool


def safe_name(name: str) -> str:
    """A display name: the last path part, without control characters or separators, ≤ 200 chars."""
    base = re.split(r"[/\\]", name)[-1]
    cleaned = _UNSAFE.sub("_", base).strip() or "file"
    return cleaned[:200]


def store_blob(data_dir: Path, source: Path) -> tuple[str, int]:
    """Copy ``source`` into the evidence store (temp file, fsync, rename); returns (sha256, size)."""
    folder = data_dir / EVIDENCE_DIR
    try:
        folder.mkdir(exist_ok=True)
        src = source.open("rb")
    except FileNotFoundError:
        raise EvidenceError(f"找不到文件 {source}", f"file not found: {source}") from None
    except OSError as exc:
        if not folder.exists():
            raise os_error(folder, exc) from exc
        raise EvidenceError(
            f"无法读取 {source}：{exc.strerror}", f"cannot read {source}: {exc.strerror}"
        ) from exc
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=folder)
    tmp = Path(tmp_name)
    try:
        digest, size = _copy(src, fd, source)
        target = blob_path(data_dir, digest)
        target.parent.mkdir(exist_ok=True)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(folder, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return digest, size


def _copy(src: object, fd: int, source: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := src.read(1 << 20):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > MAX_EVIDENCE_BYTES:
                raise EvidenceError(
                    f"{source} 超过 {MAX_EVIDENCE_BYTES // 1048576} MB，不能作为附件",
                    f"{source} is larger than {MAX_EVIDENCE_BYTES // 1048576} MB",
                )
            h.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return h.hexdigest(), size


def _evidence_item(s: Session, assessment_id: int, checklist_id: str, item_id: str) -> None:
    st = state(s, assessment_id)
    if item_of(checklist_of(st, checklist_id), item_id).type != "evidence":
        raise InputError(
            f"“{checklist_id}.{item_id}”不是附件项",
            f"'{checklist_id}.{item_id}' is not an evidence item",
        )


def add_evidence_ref(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    name: str,
    sha256: str,
    size: int | None,
    user: str,
) -> int:
    """Add a reference row (no history entry; for attach, import and copying); returns its id."""
    st = state(s, assessment_id)
    position = len(inputs_of(s, st, checklist_id).values.get(item_id) or ())
    if item_id not in inputs_of(s, st, checklist_id).values:
        upsert_answer(s, assessment_id, checklist_id, item_id, user, value_json="[]")
    stmt = insert(Evidence).values(
        assessment_id=assessment_id,
        checklist_id=checklist_id,
        item_id=item_id,
        position=position,
        name=name,
        sha256=sha256,
        size=size,
        added_by=user,
        added_at=utcnow(),
    )
    evidence_id = int(s.execute(stmt.returning(Evidence.id)).scalar_one())
    st.inputs.pop(checklist_id, None)
    return evidence_id


def attach_evidence(
    s: Session,
    assessment_id: int,
    checklist_id: str,
    item_id: str,
    source: Path,
    *,
    name: str | None = None,
    user: str | None = None,
) -> SaveResult:
    """Copy ``source`` into the data folder and attach it; ``SaveResult.row_id`` is the evidence id."""
    writable(s, assessment_id)
    _evidence_item(s, assessment_id, checklist_id, item_id)
    user = default_user(user)
    st = state(s, assessment_id)
    before = result_of(s, st, checklist_id)
    digest, size = store_blob(data_dir_of(s), Path(source))
    label = safe_name(name or Path(source).name)
    evidence_id = add_evidence_ref(
        s, assessment_id, checklist_id, item_id, label, digest, size, user
    )
    hid = record(
        s,
        assessment_id,
        "evidence_attach",
        user=user,
        checklist=checklist_id,
        item=item_id,
        new={"id": evidence_id, "name": label, "sha256": digest, "size": size},
    )
    return saved(s, assessment_id, checklist_id, item_id, before, hid, evidence_id)


def remove_evidence(
    s: Session, assessment_id: int, evidence_id: int, *, user: str | None = None
) -> SaveResult:
    """Detach a file (the stored copy stays: the history and other assessments may refer to it)."""
    st = writable(s, assessment_id)
    ref = s.get(Evidence, evidence_id)
    if ref is None or ref.assessment_id != assessment_id:
        raise NotFound(f"附件 #{evidence_id}", f"evidence #{evidence_id}")
    cl, item_id, position = ref.checklist_id, ref.item_id, ref.position
    before = result_of(s, st, cl)
    old = {"id": evidence_id, "name": ref.name, "sha256": ref.sha256, "size": ref.size}
    s.execute(delete(Evidence).where(Evidence.id == evidence_id))
    s.execute(
        update(Evidence)
        .where(
            Evidence.assessment_id == assessment_id,
            Evidence.checklist_id == cl,
            Evidence.item_id == item_id,
            Evidence.position > position,
        )
        .values(position=Evidence.position - 1)
    )
    s.expire_all()
    hid = record(
        s,
        assessment_id,
        "evidence_remove",
        user=default_user(user),
        checklist=cl,
        item=item_id,
        old=old,
    )
    st.inputs.pop(cl, None)
    return saved(s, assessment_id, cl, item_id, before, hid, evidence_id)


def list_evidence(
    s: Session, assessment_id: int, checklist_id: str, item_id: str
) -> list[EvidenceRef]:
    """The files attached to an evidence item, in order."""
    data_dir = data_dir_of(s)
    q = (
        select(Evidence)
        .where(
            Evidence.assessment_id == assessment_id,
            Evidence.checklist_id == checklist_id,
            Evidence.item_id == item_id,
        )
        .order_by(Evidence.position, Evidence.id)
    )
    return [
        EvidenceRef(
            e.id,
            e.checklist_id,
            e.item_id,
            e.name,
            e.sha256,
            e.size,
            blob_path(data_dir, e.sha256).is_file(),
        )
        for e in s.scalars(q)
    ]


def evidence_path(s: Session, evidence_id: int) -> Path:
    """The stored copy of an attached file (inside the data folder); EvidenceError when it is absent."""
    ref = s.get(Evidence, evidence_id)
    if ref is None:
        raise NotFound(f"附件 #{evidence_id}", f"evidence #{evidence_id}")
    data_dir = data_dir_of(s)
    path = blob_path(data_dir, ref.sha256)
    if not path.resolve().is_relative_to((data_dir / EVIDENCE_DIR).resolve()) or not path.is_file():
        raise EvidenceError(
            f"附件“{ref.name}”的文件不在数据文件夹中",
            f"the file of '{ref.name}' is not in the data folder",
        )
    return path
