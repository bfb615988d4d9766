"""Private files of the signing layer: where they live and how they are written (atomically, 0600)."""

from __future__ import annotations

import re
from pathlib import Path

from checklists.foundation.errors import EnvironmentProblem, InputError
from checklists.foundation.files import write_atomic

IDENTITIES_DIR = "identities"
TRUST_DIR = "trust"

# Ids become file names: a strict alphabet keeps "../" and odd characters out of paths.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def check_identity_id(identity_id: str) -> str:
    """Return ``identity_id`` if it is a safe file-name stem, else raise InputError."""
    if not _ID_RE.match(identity_id) or ".." in identity_id:
        raise InputError(
            f"签名身份编号无效：{identity_id!r}", f"Invalid signing identity id: {identity_id!r}"
        )
    return identity_id


def identities_dir(data_dir: Path) -> Path:
    """The folder holding ``<id>.p12`` and ``<id>.json`` of every signing identity."""
    return Path(data_dir) / IDENTITIES_DIR


def trust_dir(data_dir: Path) -> Path:
    """The office's trust store: one ``<fingerprint>.pem`` per trusted certificate."""
    return Path(data_dir) / TRUST_DIR


def trust_files(data_dir: Path) -> list[Path]:
    """The certificate files of the trust store, by name (none without the folder)."""
    folder = trust_dir(data_dir)
    return sorted(folder.glob("*.pem")) if folder.is_dir() else []


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with 0600 permissions (never half a key)."""
    write_atomic(path, data, private=True)


def read_bytes(path: Path, what_zh: str, what_en: str) -> bytes:
    """Read a file of the data folder; a missing or unreadable file is an EnvironmentProblem."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EnvironmentProblem(
            f"无法读取{what_zh} {path}：{exc.strerror or exc}",
            f"Cannot read the {what_en} {path}: {exc.strerror or exc}",
        ) from exc


def remove_file(path: Path) -> None:
    """Delete ``path`` if it exists; other failures are EnvironmentProblems."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(
            f"无法删除文件 {path}：{exc.strerror or exc}",
            f"Cannot delete {path}: {exc.strerror or exc}",
        ) from exc
