"""Where the data folder keeps stored files (evidence, photos and their report copies): by SHA-256."""

from __future__ import annotations

from pathlib import Path

from checklists.answers import SHA256_RE
from checklists.foundation.errors import InputError

EVIDENCE_DIR = "evidence"


def blob_path(data_dir: Path, sha256: str) -> Path:
    """Where the file with ``sha256`` is kept (``evidence/ab/abcdef…``)."""
    if not SHA256_RE.match(sha256):
        raise InputError(f"无效的 SHA-256：{sha256!r}", f"invalid SHA-256: {sha256!r}")
    return data_dir / EVIDENCE_DIR / sha256[:2] / sha256
