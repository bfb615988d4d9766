"""Verify a signed report: intact, whole file covered, nothing added later, and who signed it."""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509

from checklists.errors import InputError
from reports.signing import certs
from reports.signing.attachments import embedded_files
from reports.signing.trust import trusted_certificates

# Reason codes, in the order they are reported; each is a negative finding.
REASON_TEXT: dict[str, tuple[str, str]] = {
    "not_pdf": ("文件不是 PDF（或已损坏）。", "The file is not a PDF (or is damaged)."),
    "unsigned": ("文件没有数字签名。", "The file has no digital signature."),
    "tampered": (
        "签名后文件内容被改动过（签名与内容不符）。",
        "The file was altered after signing (the signature does not match the content).",
    ),
    "modified_after_signing": (
        "签名之后文件又被追加了修改，追加部分未经签名。",
        "Changes were appended after signing; they are not covered by the signature.",
    ),
    "signature_invalid": (
        "签名本身无效或无法解读。",
        "The signature itself is invalid or unreadable.",
    ),
    "cert_expired": ("签名证书已过期。", "The signing certificate has expired."),
    "cert_not_yet_valid": (
        "签名时签名证书尚未生效。",
        "The signing certificate was not yet valid at signing time.",
    ),
    "untrusted": (
        "签名证书不在信任列表中，无法确认是哪所学校签署。",
        "The signing certificate is not in the trust list: who signed cannot be confirmed.",
    ),
}
# Markers that only a signature dictionary puts into a file: if they survive while the
# signature cannot be read any more, the file was damaged after signing.
_SIGNATURE_MARKS = (b"/ByteRange", b"/ETSI.CAdES.detached", b"/adbe.pkcs7.detached")
_QUIET_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


@dataclass(frozen=True)
class VerificationResult:
    """Everything verification found out; ``reasons`` lists the negative findings by code."""

    signed: bool
    intact: bool
    valid: bool
    covers_whole_document: bool
    modified_after_signing: bool
    trusted: bool
    signer: str | None = None
    school: str | None = None
    school_code: str | None = None
    fingerprint_sha256: str | None = None
    signed_at: datetime | None = None
    cert_not_before: datetime | None = None
    cert_not_after: datetime | None = None
    reasons: list[str] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)

    def ok(self, require_trust: bool = False) -> bool:
        """True when the signature holds; "untrusted" only counts with ``require_trust``."""
        blocking = [r for r in self.reasons if require_trust or r != "untrusted"]
        return (
            self.signed
            and self.intact
            and self.valid
            and self.covers_whole_document
            and not self.modified_after_signing
            and not blocking
        )


def reason_text(code: str, lang: str = "zh") -> str:
    """The sentence for a reason code in ``lang`` ("zh" or "en")."""
    zh, en = REASON_TEXT.get(code, (code, code))
    return en if lang == "en" else zh


def verify_pdf(
    data: bytes, *, trusted: Sequence[x509.Certificate] = (), data_dir: Path | None = None
) -> VerificationResult:
    """Check the first signature of ``data`` and everything after it.

    A certificate counts as trusted when it is in ``trusted`` or in ``data_dir``'s trust store.
    ``attachments`` holds the embedded files of the signed revision, and only when the
    signature is intact. A file that is not a PDF raises InputError.
    """
    if not _looks_like_pdf(data):
        raise _not_pdf()
    fingerprints = {certs.fingerprint_sha256(c) for c in trusted}
    if data_dir is not None:
        fingerprints |= {certs.fingerprint_sha256(c) for c in trusted_certificates(data_dir)}
    with _quiet_validation():
        return _verify(data, fingerprints)


def _verify(data: bytes, trusted: set[str]) -> VerificationResult:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception as exc:  # any parse failure: pyHanko raises many kinds
        if _has_signature_marks(data):
            return _damaged()
        raise _not_pdf() from exc
    if not signatures:
        if _has_signature_marks(data) or reader.embedded_signatures:
            return _damaged()
        return VerificationResult(False, False, False, False, False, False, reasons=["unsigned"])
    return _check_signature(reader, signatures[0], len(signatures), trusted)


def _check_signature(reader: Any, sig: Any, count: int, trusted: set[str]) -> VerificationResult:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel as Coverage
    from pyhanko_certvalidator import ValidationContext

    try:
        cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
        base = _identity_fields(cert, trusted)
    except Exception:
        return replace(_damaged(), reasons=["signature_invalid"])
    try:
        sig.compute_integrity_info(skip_diff=True)
    except Exception:
        return replace(base, reasons=_reasons(base, tampered=True))
    try:
        # Trust is decided by fingerprint above; pyHanko only checks the cryptography here, so
        # no trust root with a clashing subject can ever reach certvalidator.
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        status = validate_pdf_signature(sig, context, skip_diff=True)
    except Exception:
        # pyHanko refuses e.g. an altered /SubFilter; the digest still tells tampering apart.
        tampered = not _digest_matches(sig)
        return replace(base, reasons=_reasons(base, tampered=tampered, invalid=not tampered))
    coverage = status.coverage or Coverage.UNCLEAR
    whole_revision = coverage >= Coverage.ENTIRE_REVISION
    later = count > 1 or coverage != Coverage.ENTIRE_FILE
    result = replace(
        base,
        intact=bool(status.intact),
        valid=bool(status.valid) and certs.allows_signing(cert),
        covers_whole_document=whole_revision,
        modified_after_signing=whole_revision and later,
        signed_at=status.signer_reported_dt,
    )
    files = _signed_files(reader, sig) if result.intact and whole_revision else {}
    return replace(
        result,
        attachments=files,
        reasons=_reasons(result, tampered=not (result.intact and whole_revision)),
    )


def _digest_matches(sig: Any) -> bool:
    """Whether the signed messageDigest attribute equals the digest of the /ByteRange."""
    try:
        for attr in sig.signer_info["signed_attrs"]:
            if attr["type"].native == "message_digest":
                return bool(attr["values"][0].native == sig.compute_digest())
    except Exception:
        return False
    return False


def _identity_fields(cert: x509.Certificate, trusted: set[str]) -> VerificationResult:
    info = certs.describe_subject(cert)
    fingerprint = certs.fingerprint_sha256(cert)
    return VerificationResult(
        signed=True,
        intact=False,
        valid=False,
        covers_whole_document=False,
        modified_after_signing=False,
        trusted=fingerprint in trusted,
        signer=info.signer,
        school=info.school,
        school_code=info.school_code,
        fingerprint_sha256=fingerprint,
        cert_not_before=cert.not_valid_before_utc,
        cert_not_after=cert.not_valid_after_utc,
    )


def _reasons(
    result: VerificationResult, *, tampered: bool = False, invalid: bool = False
) -> list[str]:
    reasons = []
    if tampered:
        reasons.append("tampered")
    if result.modified_after_signing:
        reasons.append("modified_after_signing")
    if invalid or (not tampered and not result.valid):
        reasons.append("signature_invalid")
    reasons.extend(_validity_reasons(result))
    if not result.trusted:
        reasons.append("untrusted")
    return reasons


def _validity_reasons(result: VerificationResult) -> list[str]:
    """Expired now or at signing (as pyHanko judges at the current time), or not yet valid."""
    if result.cert_not_before is None or result.cert_not_after is None:
        return []
    now = datetime.now(UTC)
    moments = [now] if result.signed_at is None else [now, result.signed_at]
    found = []
    if any(m > result.cert_not_after for m in moments):
        found.append("cert_expired")
    if any(m < result.cert_not_before for m in moments):
        found.append("cert_not_yet_valid")
    return found


def _signed_files(reader: Any, sig: Any) -> dict[str, bytes]:
    """Attachments as they were in the signed revision: later additions are ignored."""
    try:
        return embedded_files(reader.get_historical_resolver(sig.signed_revision))
    except Exception:  # a damaged name tree must not hide the verdict on the signature
        return {}


def _damaged() -> VerificationResult:
    return VerificationResult(True, False, False, False, False, False, reasons=["tampered"])


def _looks_like_pdf(data: bytes) -> bool:
    # Either end may carry a flipped byte; a PDF keeps its header or its trailer intact.
    return b"%PDF-" in data[:1024] or (b"startxref" in data[-2048:] and b"%%EOF" in data[-2048:])


def _has_signature_marks(data: bytes) -> bool:
    return any(mark in data for mark in _SIGNATURE_MARKS)


def _not_pdf() -> InputError:
    zh, en = REASON_TEXT["not_pdf"]
    return InputError(f"{zh}无法验证。", f"{en} It cannot be verified.")


@contextlib.contextmanager
def _quiet_validation() -> Iterator[None]:
    """Keep pyHanko's and certvalidator's tracebacks (normal for self-signed chains) off the console."""
    loggers = [logging.getLogger(name) for name in _QUIET_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
