"""Verification jobs (Qt-free): read a PDF, verify it as the CLI does, trust its signer's certificate."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklists.errors import InputError
from reports.signing import report_facts, verify_pdf
from reports.signing.verify import VerificationResult


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
        raise InputError(f"无法读取 {path}：{exc.strerror or exc}",
                         f"Cannot read {path}: {exc.strerror or exc}") from exc  # fmt: skip


def verify_file(path: Path, data_dir: Path | None) -> Verification:
    """verify_pdf on the file, trusting the data folder's trust store, plus report_facts."""
    result = verify_pdf(read_file(path), data_dir=data_dir)
    return Verification(Path(path), result, report_facts(result.attachments))


def signer_certificate(data: bytes) -> bytes:
    """The DER certificate of the first signature of ``data`` (InputError when there is none).

    This is the certificate verify_pdf describes (it reads the same signature the same way).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signature = next(iter(reader.embedded_regular_signatures))
        return bytes(signature.signer_cert.dump())
    except Exception as exc:  # pyHanko raises many kinds for a file it cannot read
        raise InputError("无法从文件中读出签名证书。",
                         "The signing certificate cannot be read from the file.") from exc  # fmt: skip


def trust_signer(path: Path, data_dir: Path, fingerprint: str) -> Any:
    """Add the certificate that signed ``path`` to the trust store (it must have ``fingerprint``)."""
    from reports.signing import certs, import_trusted_certificate

    der = signer_certificate(read_file(path))
    if certs.fingerprint_sha256(certs.load_certificate(der)) != fingerprint:
        raise InputError("文件在验证后被替换，未加入信任列表。",
                         "The file changed after it was verified; nothing was trusted.")  # fmt: skip
    return import_trusted_certificate(data_dir, der)
