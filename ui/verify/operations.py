"""Verification jobs (Qt-free): read a PDF, verify it as the CLI does, trust its signer's certificate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklists.foundation.errors import InputError
from reports.signing import report_facts, verify_pdf
from reports.signing.verdict import VerificationResult


@dataclass(frozen=True)
class Verification:
    """A verified file: what verify_pdf found and what the embedded data says (report_facts)."""

    path: Path
    result: VerificationResult
    facts: dict[str, Any]


def read_file(path: Path) -> bytes:
    """The file's bytes; InputError when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            f"无法读取 {path}：{exc.strerror or exc}", f"Cannot read {path}: {exc.strerror or exc}"
        ) from exc


def verify_file(path: Path, data_dir: Path | None) -> Verification:
    """verify_pdf on the file, trusting the data folder's trust store, plus report_facts."""
    result = verify_pdf(read_file(path), data_dir=data_dir)
    return Verification(Path(path), result, report_facts(result.attachments))


def trust_signer(path: Path, data_dir: Path, fingerprint: str) -> Any:
    """Add the certificate that signed ``path`` to the trust store (it must have ``fingerprint``)."""
    from reports.signing.trust import trust_signer as trust

    return trust(data_dir, read_file(path), fingerprint)
