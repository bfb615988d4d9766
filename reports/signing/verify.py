"""Verify a signed report: intact, whole file covered, nothing added later, and who signed it."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import io
import logging
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509

from checklists.foundation.errors import InputError
from reports.signing import certs, structure
from reports.signing.attachments import embedded_files
from reports.signing.report_checks import check_report
from reports.signing.trust import pins_with, trusted_certificates
from reports.signing.verdict import REASON_TEXT, VerificationResult

# A signing time later than the verification time by more than this is not believed.
CLOCK_SKEW = timedelta(minutes=5)
# Markers that only a signature dictionary puts into a file: if they survive while the
# signature cannot be read any more, the file was damaged after signing.
_SIGNATURE_MARKS = (b"/ByteRange", b"/ETSI.CAdES.detached", b"/adbe.pkcs7.detached")
_QUIET_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


def verify_pdf(
    data: bytes,
    *,
    trusted: Sequence[x509.Certificate] = (),
    data_dir: Path | None = None,
    now: datetime | None = None,
    report_checks: bool = True,
) -> VerificationResult:
    """Check the first signature of ``data``, its place in the file and everything after it.

    The signature's layout is checked first (reports.signing.structure); the signed revision
    is then parsed from exactly the signed bytes, and ``attachments`` (only when the signature
    is intact) come from it. A certificate counts as trusted when it is in ``trusted`` or in
    ``data_dir``'s trust store; ``data_dir``'s pins, and those of ``trusted`` (as the office's
    run pins with its --trust certificates), bind school codes to certificates. With
    ``report_checks`` the report itself is checked too (reports.signing.report_checks: the
    certificate's school, pins, re-evaluation). ``now`` is the verification time (default: the
    clock). A file that is not a PDF raises InputError.
    """
    if not _looks_like_pdf(data):
        raise _not_pdf()
    moment = now if now is not None else datetime.now(UTC)
    fingerprints = {certs.fingerprint_sha256(c) for c in trusted}
    if data_dir is not None:
        fingerprints |= {certs.fingerprint_sha256(c) for c in trusted_certificates(data_dir)}
    with _quiet_validation():
        result = _verify(data, fingerprints, moment)
    if not report_checks or not (result.intact and result.covers_whole_document):
        return result
    return check_report(result, pins=pins_with(trusted, data_dir))


def _verify(data: bytes, trusted: set[str], now: datetime) -> VerificationResult:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reports.signing import _pyhanko_reading

    _pyhanko_reading.install()  # the same parse, quicker (see there)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        # The earliest signed revision is the report's own signature, whatever the order of
        # the form's fields (a later revision could list another signature first).
        signatures = sorted(reader.embedded_regular_signatures, key=_signed_revision)
    except Exception as exc:  # any parse failure: pyHanko raises many kinds
        if _has_signature_marks(data):
            return _damaged()
        raise _not_pdf() from exc
    if not signatures:
        if _has_signature_marks(data) or reader.embedded_signatures:
            return _damaged()
        return VerificationResult(False, False, False, False, False, False, reasons=["unsigned"])
    try:
        base = _identity_fields(_certificate(signatures[0]), trusted)
    except Exception:
        return _signer_not_found(signatures[0], trusted)
    try:
        span = structure.check_layout(data, signatures[0].byte_range)
        # Nothing after the signed revision: the file is exactly the signed bytes, already parsed.
        if span.end == len(data):
            signed_reader, found = reader, signatures
        else:
            signed_reader = PdfFileReader(io.BytesIO(data[: span.end]), strict=False)
            found = None
        sig = structure.signature_in_revision(signed_reader, span, found)
    except structure.LayoutError as exc:
        return replace(base, reasons=[exc.code, *_trust_reasons(base)])
    except Exception:  # the signed bytes alone are no readable PDF revision
        return replace(base, reasons=[structure.REVISION_INVALID, *_trust_reasons(base)])
    return _check_signature(signed_reader, sig, base, later=len(data) > span.end, now=now)


def _signer_not_found(sig: Any, trusted: set[str]) -> VerificationResult:
    """The verdict when pyHanko cannot pick the signer's certificate: ``cert_name_unusable``
    when a name it would compare cannot be prepared (RFC 4518: e.g. right-to-left mixed with
    left-to-right text, a noncharacter), with who signed as the certificate says; else
    ``signature_invalid``."""
    try:
        sid = sig.signer_info["sid"]
        names = [sid.chosen["issuer"]] if sid.name == "issuer_and_serial_number" else []
        found = [c.chosen for c in sig.signed_data["certificates"] if c.name == "certificate"]
        unusable = any(certs.refused_name_values(n.dump()) for n in names) or any(
            certs.refused_name_values(c.subject.dump())
            or certs.refused_name_values(c.issuer.dump())
            for c in found
        )
    except Exception:
        unusable = False
    if not unusable:
        return replace(_damaged(), reasons=["signature_invalid"])
    serial = sid.chosen["serial_number"].native if names else None
    signer = [c for c in found if c.serial_number == serial] or found[:1]
    try:
        base = _identity_fields(x509.load_der_x509_certificate(signer[0].dump()), trusted)
    except Exception:  # nothing of it is readable: the reason alone
        base = _damaged()
    tampered = ["tampered"] if not _digest_matches(sig) else []
    return replace(base, reasons=["cert_name_unusable", *tampered, *_trust_reasons(base)])


def _signed_revision(sig: Any) -> int:
    try:
        return int(sig.signed_revision)
    except Exception:  # an unreadable one sorts last; the first one decides
        return 1 << 30


def _certificate(sig: Any) -> x509.Certificate:
    # Asked for several times per signature: loaded once (kept on the signature object).
    cert: x509.Certificate | None = getattr(sig, "_campus_certificate", None)
    if cert is None:
        cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
        sig._campus_certificate = cert
    return cert


def _check_signature(
    reader: Any, sig: Any, base: VerificationResult, *, later: bool, now: datetime
) -> VerificationResult:
    """Validate ``sig`` of the signed revision ``reader`` (parsed from the signed bytes only)."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel as Coverage
    from pyhanko_certvalidator import ValidationContext

    if certs.fingerprint_sha256(_certificate(sig)) != base.fingerprint_sha256:
        return replace(base, reasons=[structure.REVISION_INVALID, *_trust_reasons(base)])
    try:
        sig.compute_integrity_info(skip_diff=True)
    except Exception:
        return replace(base, reasons=_reasons(base, now, tampered=True))
    try:
        # Trust is decided by fingerprint; pyHanko only checks the cryptography here, so no
        # trust root with a clashing subject can ever reach certvalidator.
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        status = _validate_signature(sig, context)
    except Exception:
        # pyHanko refuses e.g. an altered /SubFilter; the digest still tells tampering apart.
        tampered = not _digest_matches(sig)
        return replace(base, reasons=_reasons(base, now, tampered=tampered, invalid=not tampered))
    # Parsed from exactly the signed bytes, the revision is the whole file pyHanko sees.
    whole = status.coverage == Coverage.ENTIRE_FILE
    result = replace(
        base,
        intact=bool(status.intact),
        valid=bool(status.valid) and certs.allows_signing(_certificate(sig)),
        covers_whole_document=whole,
        modified_after_signing=whole and later,
        signed_at=status.signer_reported_dt,
        revision_length=len(reader.stream.getvalue()) if whole else 0,
    )
    if not whole:
        return replace(result, reasons=[structure.REVISION_INVALID, *_trust_reasons(base)])
    files = _signed_files(reader) if result.intact else {}
    return replace(
        result, attachments=files, reasons=_reasons(result, now, tampered=not result.intact)
    )


# The event loop pyHanko's validation runs in, kept from one signature to the next in a process
# that checks many (keep_event_loop); None: a new one each time, as validate_pdf_signature does.
_RUNNER: asyncio.Runner | None = None
_RUNNER_THREAD: int | None = None  # the thread that may use it


def keep_event_loop() -> None:
    """In a single-threaded process that verifies many files (the office's worker processes):
    run every validation in one event loop instead of making and closing one per signature
    (asyncio.run: a tenth of a millisecond each). Only the thread that called this uses it."""
    global _RUNNER, _RUNNER_THREAD
    if _RUNNER is None:
        _RUNNER, _RUNNER_THREAD = asyncio.Runner(), threading.get_ident()
        atexit.register(_RUNNER.close)  # the loop closed, not left to the interpreter's end


def _validate_signature(sig: Any, context: Any) -> Any:
    """pyhanko.sign.validation.validate_pdf_signature(sig, context, skip_diff=True): the same
    coroutine and the same release of the context, in the kept event loop when there is one."""
    from pyhanko.sign.validation import validate_pdf_signature

    if _RUNNER is None or threading.get_ident() != _RUNNER_THREAD:
        return validate_pdf_signature(sig, context, skip_diff=True)
    # what validate_pdf_signature runs in asyncio.run (pyHanko's own module: a pyHanko without
    # it fails here, loudly, rather than quietly taking another path)
    from pyhanko.sign._session_scope import run_and_release
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature

    coro = async_validate_pdf_signature(sig, context, skip_diff=True)
    return _RUNNER.run(run_and_release(coro, context, None))


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
    result: VerificationResult, now: datetime, *, tampered: bool = False, invalid: bool = False
) -> list[str]:
    reasons = []
    if tampered:
        reasons.append("tampered")
    if result.modified_after_signing:
        reasons.append("modified_after_signing")
    if invalid or (not tampered and not result.valid):
        reasons.append("signature_invalid")
    if result.signed_at is not None and result.signed_at > now + CLOCK_SKEW:
        reasons.append("signed_in_future")
    reasons.extend(_validity_reasons(result, now))
    return reasons + _trust_reasons(result)


def _trust_reasons(result: VerificationResult) -> list[str]:
    return [] if result.trusted else ["untrusted"]


def _validity_reasons(result: VerificationResult, now: datetime) -> list[str]:
    """Expired now or at signing (as pyHanko judges at the current time), or not yet valid."""
    if result.cert_not_before is None or result.cert_not_after is None:
        return []
    moments = [now] if result.signed_at is None else [now, result.signed_at]
    found = []
    if any(m > result.cert_not_after for m in moments):
        found.append("cert_expired")
    if any(m < result.cert_not_before for m in moments):
        found.append("cert_not_yet_valid")
    return found


def _signed_files(reader: Any) -> dict[str, bytes]:
    """Attachments of the signed revision (``reader`` holds nothing else)."""
    try:
        return embedded_files(reader)
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
