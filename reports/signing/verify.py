"""Verify a signed report: intact, whole file covered, nothing added later, and who signed it."""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509

from checklists.errors import InputError
from reports.signing import certs, structure
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
    "byte_range_invalid": (
        "签名的字节范围不合规范：应从文件开头起，覆盖签名值以外的整个签名版本。",
        "The signature's byte range is malformed: it must start at the beginning of the file"
        " and cover the whole signed revision except the signature value.",
    ),
    "signature_gap_invalid": (
        "签名值的位置上除签名外还夹带了其他内容。",
        "The space reserved for the signature value holds something besides the signature.",
    ),
    "signed_revision_invalid": (
        "签名所覆盖的内容无法单独读出，或与文件中显示的签名不符。",
        "The signed part of the file cannot be read on its own, or does not match the"
        " signature the file shows.",
    ),
    "signed_in_future": (
        "签署时间晚于验证时间，签署电脑的时钟不可信。",
        "The signing time is later than the verification time: the signer's clock cannot be"
        " trusted.",
    ),
    "school_mismatch": (
        "签名证书属于另一所学校：证书中的学校代码与报告中的学校不符。",
        "The signing certificate belongs to another school: its school code differs from the"
        " report's school.",
    ),
    "not_the_schools_certificate": (
        "本室已登记该校的签名证书，这份报告却是用另一张证书签署的。",
        "This office has registered the school's certificate, but this report was signed with"
        " a different one.",
    ),
    "results_do_not_match_answers": (
        "报告中的检查结果与按其答卷重新评估的结果不符。",
        "The results in the report differ from what its own answers give when re-evaluated.",
    ),
    "report_incomplete": (
        "报告不完整：答卷与检查结果所列的检查表不一致，或一张检查表也没有。",
        "The report is incomplete: its answers and its results do not name the same"
        " checklists, or name none at all.",
    ),
    "inconsistent": (
        "报告说明（report_meta.json）中的学校或学期与答卷中的不一致。",
        "The school or period in the report's description (report_meta.json) differs from"
        " its answers.",
    ),
    "report_format_unknown": (
        "报告内嵌数据的格式不是本程序认识的格式，无法核对。",
        "The report's embedded data is in a format this program does not know: it cannot be"
        " checked.",
    ),
    "report_data_invalid": (
        "报告内嵌的数据不是有效的 JSON，或超出了允许的范围（嵌套、数字、文本、字符）。",
        "The report's embedded data is not valid JSON or exceeds the allowed limits (nesting,"
        " numbers, text, characters).",
    ),
    "full_id_number": (
        "报告内嵌数据含有完整的身份证号码：报告只应带遮蔽后的号码。",
        "The report's embedded data holds a full ID number: a report must carry masked"
        " numbers only.",
    ),
    "cannot_reevaluate": (
        "报告使用了本程序不认识的检查表版本，无法重新评估其结果。",
        "The report uses a checklist version this program does not know: its results cannot"
        " be re-evaluated.",
    ),
}
# Reasons that leave a signature valid: shown as notes, blocking only with --require-trust.
NOTE_REASONS = frozenset({"untrusted", "cannot_reevaluate"})
# Reasons saying the file is not as it was signed (any one of them).
CHANGED_REASONS = frozenset({"tampered", *structure.STRUCTURE_REASONS})
# A signing time later than the verification time by more than this is not believed.
CLOCK_SKEW = timedelta(minutes=5)
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
    revision_length: int = 0
    reevaluation: str | None = None

    def ok(self, require_trust: bool = False) -> bool:
        """True when the signature holds; notes (NOTE_REASONS) only count with ``require_trust``."""
        blocking = [r for r in self.reasons if require_trust or r not in NOTE_REASONS]
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
    ``data_dir``'s trust store; ``data_dir``'s pins bind school codes to certificates. With
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
    from reports.signing.report_checks import check_report

    return check_report(result, data_dir=data_dir)


def _verify(data: bytes, trusted: set[str], now: datetime) -> VerificationResult:
    from pyhanko.pdf_utils.reader import PdfFileReader

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
        return replace(_damaged(), reasons=["signature_invalid"])
    try:
        span = structure.check_layout(data, signatures[0].byte_range)
        signed_reader = PdfFileReader(io.BytesIO(data[: span.end]), strict=False)
        sig = structure.signature_in_revision(signed_reader, span)
    except structure.LayoutError as exc:
        return replace(base, reasons=[exc.code, *_trust_reasons(base)])
    except Exception:  # the signed bytes alone are no readable PDF revision
        return replace(base, reasons=[structure.REVISION_INVALID, *_trust_reasons(base)])
    return _check_signature(signed_reader, sig, base, later=len(data) > span.end, now=now)


def _signed_revision(sig: Any) -> int:
    try:
        return int(sig.signed_revision)
    except Exception:  # an unreadable one sorts last; the first one decides
        return 1 << 30


def _certificate(sig: Any) -> x509.Certificate:
    return x509.load_der_x509_certificate(sig.signer_cert.dump())


def _check_signature(
    reader: Any, sig: Any, base: VerificationResult, *, later: bool, now: datetime
) -> VerificationResult:
    """Validate ``sig`` of the signed revision ``reader`` (parsed from the signed bytes only)."""
    from pyhanko.sign.validation import validate_pdf_signature
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
        status = validate_pdf_signature(sig, context, skip_diff=True)
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
