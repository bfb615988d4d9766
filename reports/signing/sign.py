"""Sign a PDF with a school's identity: PAdES B-B over the whole file, as an incremental update."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from checklists.foundation.errors import InputError
from reports.signing import certs
from reports.signing.identities import Identity, UnlockedIdentity, unlock_identity
from reports.signing.stamp import StampInfo, default_box, stamp_style, stamp_text_params

DEFAULT_FIELD_NAME = "SchoolSignature"


@dataclass(frozen=True)
class SignedPdf:
    """The signed file and what identifies it."""

    data: bytes
    sha256: str
    fingerprint_sha256: str
    signed_at: datetime


def sign_pdf(
    pdf: bytes,
    *,
    data_dir: Path,
    identity_id: str,
    passphrase: str,
    field_name: str = DEFAULT_FIELD_NAME,
    stamp: StampInfo | None = None,
    now: datetime | None = None,
    school_code: str | None = None,
    school_name: str | None = None,
) -> SignedPdf:
    """Sign ``pdf`` with identity ``identity_id`` and a visible Chinese stamp.

    An empty signature field called ``field_name`` is filled; without one a field is created
    (by default in the bottom right corner of the last page). ``now`` is the signing time
    (default: the current time). Wrong passphrase, unknown identity, a certificate not valid at
    ``now``, a file that is not a PDF and an already signed field are InputErrors.
    """
    unlocked = unlock_identity(data_dir, identity_id, passphrase)
    # Made before names were checked (or elsewhere): its reports could never be verified.
    certs.check_subject(unlocked.certificate.subject)
    if school_code is not None:
        check_identity_school(unlocked.identity, school_code, school_name)
    signed_at = _signing_time(now)
    _check_validity(unlocked, signed_at)
    data = _sign(pdf, unlocked, field_name, stamp or StampInfo(), signed_at)
    return SignedPdf(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        fingerprint_sha256=unlocked.identity.fingerprint_sha256,
        signed_at=signed_at,
    )


def _sign(
    pdf: bytes, unlocked: UnlockedIdentity, field_name: str, stamp: StampInfo, signed_at: datetime
) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.general import SigningError

    from reports.signing import _pyhanko_signer as glue

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        filled = glue.existing_field_filled(writer, field_name)
        if filled:
            raise InputError(
                f"签名域 {field_name} 已经签过名。",
                f"Signature field {field_name} is already signed.",
            )
        new_field = None
        if filled is None:
            box = stamp.box or default_box(writer, stamp.page)
            new_field = glue.fields.SigFieldSpec(field_name, on_page=stamp.page, box=box)
        signer = glue.ClockedPdfSigner(
            glue.pades_metadata(field_name),
            glue.simple_signer(unlocked),
            stamp_style=stamp_style(),
            new_field_spec=new_field,
            system_time=signed_at,
        )
        params = stamp_text_params(unlocked.identity, stamp, signed_at)
        out = signer.sign_pdf(writer, appearance_text_params=params)
    except (PdfError, SigningError, IndexError) as exc:
        raise InputError(f"无法签署该 PDF：{exc}", f"Cannot sign this PDF: {exc}") from exc
    return bytes(out.getbuffer())


def _signing_time(now: datetime | None) -> datetime:
    # CMS signingTime keeps whole seconds; drop the rest so SignedPdf and verify agree.
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.replace(microsecond=0)


def _check_validity(unlocked: UnlockedIdentity, signed_at: datetime) -> None:
    problem = certs.validity_problem(unlocked.certificate, signed_at)
    if problem == "cert_expired":
        until = unlocked.certificate.not_valid_after_utc.date().isoformat()
        raise InputError(
            f"签名证书已于 {until} 过期，请新建签名身份。",
            f"The signing certificate expired on {until}; create a new signing identity.",
        )
    if problem == "cert_not_yet_valid":
        since = unlocked.certificate.not_valid_before_utc.date().isoformat()
        raise InputError(
            f"签名证书自 {since} 起才生效。", f"The signing certificate is only valid from {since}."
        )


def identity_school_problem(
    identity: Identity, school_code: str, school_name: str | None
) -> str | None:
    """Why ``identity`` may not sign for the school ``school_code`` (None when it may).

    An identity names its school by the code in its certificate's subject; one without a code
    (a certificate from an outside CA) names no school, and the office refuses its reports
    (no_school_code), so it may sign for none (``school_name`` is not enough).
    """
    if identity.school_code is not None and identity.school_code == school_code:
        return None
    return identity.school_code or identity.school or "?"


def check_identity_school(identity: Identity, school_code: str, school_name: str | None) -> None:
    """InputError when ``identity`` belongs to another school than ``school_code``, or names
    no school code at all."""
    if identity.school_code is None:
        raise InputError(
            f"签名身份的证书没有写明学校代码（{identity.school or ''}），督导室无法确认它属于哪所"
            "学校，会拒收用它签署的报告。请用本程序为本校新建签名身份。",
            f"The signing identity's certificate names no school code ({identity.school or ''}):"
            " the supervision office cannot tell which school it belongs to and refuses reports"
            " signed with it. Create a signing identity for your school in this program.",
        )
    other = identity_school_problem(identity, school_code, school_name)
    if other is not None:
        raise InputError(
            f"签名身份属于另一所学校（{identity.school}，{other}），不能用来签署学校代码为"
            f" {school_code} 的报告。请选择本校的签名身份。",
            f"This signing identity belongs to another school ({identity.school}, {other}); it"
            f" cannot sign a report of school {school_code}. Choose your school's identity.",
        )
