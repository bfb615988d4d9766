"""The report export operations the CLI and the UI share: build, optionally sign, write, lock."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.database import Database
    from reports.fonts import Undrawable
    from reports.pdf.data import ReportData, Signatory

Progress = Callable[[str], None]  # a step name, for a progress display; may raise to cancel


@dataclass(frozen=True)
class SigningRequest:
    """Who signs, with which identity; the passphrase is used once and never stored."""

    identity_id: str
    passphrase: str


@dataclass(frozen=True)
class ExportedReport:
    """What was written: the file, its digest and, when signed, the signature's facts."""

    path: Path
    report_id: str
    sha256: str
    size: int
    signed: bool = False
    fingerprint_sha256: str = ""
    signed_at: datetime | None = None
    # Characters the bundled font lacks (printed as a marked box; kept in the text layer).
    undrawable: tuple[Undrawable, ...] = ()


def _noop(_step: str) -> None:
    return None


def export_report(
    db: Database,
    assessment_id: int,
    out: Path,
    *,
    now: datetime,
    lang: str = "zh",
    signing: SigningRequest | None = None,
    assessor: Signatory | None = None,
    principal: Signatory | None = None,
    signature_image: bytes | None = None,
    seal_image: bytes | None = None,
    user: str | None = None,
    progress: Progress = _noop,
) -> ExportedReport:
    """Write the PDF report of ``assessment_id`` to ``out``; with ``signing``, sign and lock it.

    A signed export is all or nothing: the assessment is locked (and the signature — file
    SHA-256, certificate fingerprint, time — recorded in its history) in the same transaction
    that is committed only after the file is in place; if anything fails, no file is left and
    the assessment stays editable.
    """
    from reports.pdf.from_storage import report_data_for

    progress("collect")
    with db.session() as s:
        data = report_data_for(
            s, db.data_dir, assessment_id, now=now, lang=lang, assessor=assessor,
            principal=principal, signature_image=signature_image, seal_image=seal_image,
        )  # fmt: skip
    progress("render")
    from reports.pdf.writer import build_report
    from reports.undrawable import undrawable_in_report

    missing = tuple(undrawable_in_report(data))
    pdf = build_report(data)
    if signing is None:
        result = _write(pdf, out, data, progress)
    else:
        result = _sign_and_lock(db, assessment_id, pdf, out, data, signing, user, progress)
    return dataclasses.replace(result, undrawable=missing)


def _write(pdf: bytes, out: Path, data: ReportData, progress: Progress) -> ExportedReport:
    from reports.pdf.writer import save_bytes

    progress("write")
    save_bytes(pdf, out)
    return ExportedReport(out, data.report_id, hashlib.sha256(pdf).hexdigest(), len(pdf))


def _sign_and_lock(
    db: Database,
    assessment_id: int,
    pdf: bytes,
    out: Path,
    data: ReportData,
    signing: SigningRequest,
    user: str | None,
    progress: Progress,
) -> ExportedReport:
    from models.ops.assessments import mark_signed
    from models.ops.common import default_user
    from models.ops.history import record
    from reports.pdf.writer import save_bytes
    from reports.signing import sign_pdf

    progress("sign")
    signed = sign_pdf(
        pdf, data_dir=db.data_dir, identity_id=signing.identity_id,
        passphrase=signing.passphrase, now=data.generated_at,
    )  # fmt: skip
    progress("write")
    # One transaction, committed only once the signed file is in place (see export_report).
    with db.session() as s:
        mark_signed(s, assessment_id, user=user)
        facts = {
            "file": out.name,
            "report_id": data.report_id,
            "sha256": signed.sha256,
            "certificate_sha256": signed.fingerprint_sha256,
            "identity": signing.identity_id,
            "signed_at": signed.signed_at.isoformat(),
        }
        record(s, assessment_id, "signature", user=default_user(user), new=facts)
        s.flush()
        save_bytes(signed.data, out)
        try:
            s.commit()
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    return ExportedReport(
        out, data.report_id, signed.sha256, len(signed.data), True,
        signed.fingerprint_sha256, signed.signed_at,
    )  # fmt: skip
