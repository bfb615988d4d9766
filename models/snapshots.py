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
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "yaml"
    sha = hashlib.sha256(content).hexdigest()
    data = SnapshotData(checklist.id, checklist.version, fmt, content, sha)
    if load_snapshot(sha, fmt, content) != checklist:
        raise StorageError(
            f"清单定义文件 {path} 在程序运行期间被修改，请重新启动程序。",
            f"The checklist definition file {path} changed while the app was running; restart the app.",
        )
    return data


def load_snapshot(sha256: str, fmt: str, content: bytes) -> Checklist:
    """The checklist a snapshot holds (parsed once per content, ever: checklists.compiled)."""
    cached = _loaded.get(sha256)
    if cached is not None:
        return cached
    from checklists.compiled import compiled
    from checklists.registry import parse_definition

    origin = f"snapshot-{sha256[:12]}.{fmt}"
    checklist = compiled(content, fmt, origin, lambda: parse_definition(content, fmt, origin))
    _loaded[sha256] = checklist
    return checklist
