"""The office's trust store: certificates of schools whose signatures it accepts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509

from checklists.errors import EnvironmentProblem, InputError
from reports.signing import _storage, certs


@dataclass(frozen=True)
class TrustedCertificate:
    """One certificate in the trust store."""

    fingerprint_sha256: str
    signer: str | None
    school: str | None
    school_code: str | None
    not_before: datetime
    not_after: datetime
    certificate: x509.Certificate


def import_trusted_certificate(data_dir: Path, data: bytes) -> TrustedCertificate:
    """Add a PEM or DER certificate to the trust store (importing it twice is harmless)."""
    cert = certs.load_certificate(data)
    entry = _describe(cert)
    path = _storage.trust_dir(data_dir) / f"{entry.fingerprint_sha256}.pem"
    if not path.exists():
        _storage.write_private_file(path, certs.certificate_pem(cert).encode("ascii"))
    return entry


def signer_certificate(pdf: bytes) -> bytes:
    """The DER certificate of the first signature of ``pdf`` — the one verify_pdf describes
    (InputError when there is none)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signature = next(iter(reader.embedded_regular_signatures))
        return bytes(signature.signer_cert.dump())
    except Exception as exc:  # pyHanko raises many kinds for a file it cannot read
        raise InputError(
            "无法从文件中读出签名证书。", "The signing certificate cannot be read from the file."
        ) from exc


def trust_signer(data_dir: Path, pdf: bytes, fingerprint: str) -> TrustedCertificate:
    """Trust the certificate that signed ``pdf``; it must be the one with ``fingerprint`` that
    was shown to the person (the file may have been swapped since it was verified)."""
    der = signer_certificate(pdf)
    if certs.fingerprint_sha256(certs.load_certificate(der)) != fingerprint:
        raise InputError(
            "文件在验证后被替换，未加入信任列表。",
            "The file changed after it was verified; nothing was trusted.",
        )
    return import_trusted_certificate(data_dir, der)


def list_trusted(data_dir: Path) -> list[TrustedCertificate]:
    """Every certificate in the trust store, sorted by school then signer."""
    folder = _storage.trust_dir(data_dir)
    if not folder.is_dir():
        return []
    entries = [_describe(_read(path)) for path in sorted(folder.glob("*.pem"))]
    return sorted(entries, key=lambda e: (e.school or "", e.signer or "", e.fingerprint_sha256))


def trusted_certificates(data_dir: Path) -> list[x509.Certificate]:
    """The certificates of the trust store, for verification."""
    return [entry.certificate for entry in list_trusted(data_dir)]


def remove_trusted(data_dir: Path, fingerprint: str) -> TrustedCertificate:
    """Remove the certificate whose SHA-256 fingerprint is (or starts with, ≥ 8 hex) ``fingerprint``."""
    wanted = certs.normalise_fingerprint(fingerprint)
    matches = [e for e in list_trusted(data_dir) if e.fingerprint_sha256.startswith(wanted)]
    if len(wanted) < 8 or not matches:
        raise InputError(
            f"信任列表中没有指纹为 {fingerprint} 的证书。",
            f"No certificate with fingerprint {fingerprint} in the trust store.",
        )
    if len(matches) > 1:
        raise InputError(
            f"指纹前缀 {fingerprint} 对应多个证书，请写出完整指纹。",
            f"Fingerprint prefix {fingerprint} matches several certificates; give it in full.",
        )
    entry = matches[0]
    _storage.remove_file(_storage.trust_dir(data_dir) / f"{entry.fingerprint_sha256}.pem")
    return entry


def _read(path: Path) -> x509.Certificate:
    data = _storage.read_bytes(path, "受信任证书", "trusted certificate")
    try:
        return certs.load_certificate(data)
    except InputError as exc:
        raise EnvironmentProblem(
            f"信任列表中的证书文件已损坏：{path}", f"Corrupt certificate in the trust store: {path}"
        ) from exc


def _describe(cert: x509.Certificate) -> TrustedCertificate:
    info = certs.describe_subject(cert)
    return TrustedCertificate(
        fingerprint_sha256=certs.fingerprint_sha256(cert),
        signer=info.signer,
        school=info.school,
        school_code=info.school_code,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        certificate=cert,
    )
