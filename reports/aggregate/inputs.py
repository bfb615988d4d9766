"""What an aggregation run starts from: the PDF files under the given paths, and the trust list."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from checklists.errors import InputError
from reports.signing import certs
from reports.signing.trust import list_trusted

REPORT_SUFFIX = ".pdf"


def find_report_files(paths: Iterable[Path]) -> list[Path]:
    """Every file named in ``paths`` and every ``*.pdf`` under the folders among them.

    Folders are searched recursively without following links; hidden files and Office lock
    files (``~$…``) are skipped. The list is absolute, without duplicates, sorted. A path that
    does not exist is an InputError.
    """
    found: set[Path] = set()
    for path in paths:
        path = Path(path).absolute()
        if path.is_dir():
            found.update(_pdfs_under(path))
        elif path.exists():
            found.add(path)
        else:
            raise InputError(f"找不到 {path}。", f"{path} does not exist.")
    return sorted(found)


def _pdfs_under(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(REPORT_SUFFIX) and not name.startswith((".", "~$")):
                yield Path(root, name)


def trusted_fingerprints(cert_files: Sequence[Path], data_dir: Path | None) -> frozenset[str]:
    """SHA-256 fingerprints of the certificates in ``cert_files`` and in ``data_dir``'s trust store
    (the same certificates ``verify --trust`` would trust)."""
    found = {certs.fingerprint_sha256(certs.load_certificate(_read(p))) for p in cert_files}
    if data_dir is not None:
        found |= {entry.fingerprint_sha256 for entry in list_trusted(data_dir)}
    return frozenset(found)


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            f"无法读取证书 {path}：{exc.strerror or exc}",
            f"Cannot read the certificate {path}: {exc.strerror or exc}",
        ) from exc
