"""Checklist snapshots: the definition file's bytes, stored once per SHA-256 and loaded back."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from checklists.model import Checklist
from models.errors import StorageError

_loaded: dict[str, Checklist] = {}  # content-addressed, so valid for any database


@dataclass(frozen=True)
class SnapshotData:
    """A definition file as stored: its bytes, format ('yaml' or 'xlsx') and SHA-256."""

    checklist_id: str
    version: int
    format: str
    content: bytes
    sha256: str


def snapshot_of(checklist: Checklist) -> SnapshotData:
    """The snapshot of a loaded checklist, read from the file it was loaded from (``origin``)."""
    path = Path(checklist.origin)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise StorageError(
            f"无法读取清单定义文件 {path}：{exc.strerror}",
            f"Cannot read the checklist definition file {path}: {exc.strerror}",
        ) from exc
    fmt = "xlsx" if path.suffix.lower() in (".xlsx", ".xls") else "yaml"  # the reader sniffs .xls
    sha = hashlib.sha256(content).hexdigest()
    data = SnapshotData(checklist.id, checklist.version, fmt, content, sha)
    if load_snapshot(sha, fmt, content, checklist.id) != checklist:
        raise StorageError(
            f"清单定义文件 {path} 在程序运行期间被修改，请重新启动程序。",
            f"The checklist definition file {path} changed while the app was running; restart the app.",
        )
    return data


def load_snapshot(
    sha256: str, fmt: str, content: bytes, checklist_id: str | None = None
) -> Checklist:
    """The checklist a snapshot holds (parsed once per content and id, ever: checklists.compiled).

    An XLSForm workbook without a form_id took its id from its file name; the stored copy has
    no file name, so ``checklist_id`` (stored beside it) stands in.
    """
    key = f"{sha256}:{checklist_id or ''}"
    cached = _loaded.get(key)
    if cached is not None:
        return cached
    from checklists.compiled import compiled
    from checklists.registry import parse_definition

    origin = f"snapshot-{sha256[:12]}.{fmt}"
    default_id = checklist_id if fmt == "xlsx" else None
    # the id a workbook stands in for is part of what it compiles to, so part of its cache key
    kind = f"{fmt}#{default_id}" if default_id else fmt
    checklist = compiled(
        content, kind, origin, lambda: parse_definition(content, fmt, origin, default_id)
    )
    _loaded[key] = checklist
    return checklist
