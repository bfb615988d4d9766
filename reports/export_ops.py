"""The report export operations the CLI and the UI share: build, optionally sign, write, lock."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from checklists.foundation.errors import InputError
from checklists.terms import ITEM_STATUS, term

if TYPE_CHECKING:
    from checklists.results import OpenItem
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


class IncompleteForSigning(InputError):
    """Signing refused: required items are unanswered (or cannot be judged) without a written
    reason. ``items`` lists them all, so the user sees everything at once."""

    def __init__(self, items: list[OpenItem]) -> None:
        self.items = items
        lines_zh = [
            f"  - {i.checklist_title.zh} › {i.label.zh}（{term(ITEM_STATUS, i.status)}）"
            for i in items
        ]
        lines_en = [
            f"  - {i.checklist_title.en} › {i.label.en} ({term(ITEM_STATUS, i.status, 'en')})"
            for i in items
        ]
        super().__init__(
            f"还有 {len(items)} 项未完成且未说明原因，不能签名。请填写这些项，或为每一项写明原因：\n"
            + "\n".join(lines_zh),
            f"{len(items)} items are not completed and have no written reason, so the report cannot "
            "be signed. Fill them in, or give a reason for each:\n" + "\n".join(lines_en),
        )


def unexplained_open_items(data: ReportData) -> list[OpenItem]:
    """The open items of a report that have no written reason (these block signing)."""
    from checklists.results import open_items

    found = open_items(data.results, data.checklists, data.document.item_notes)
    return [i for i in found if not i.reason]


def record_open_reasons(
    db: Database,
    assessment_id: int,
    reasons: dict[str, dict[str, str]],
    *,
    user: str | None = None,
) -> int:
    """Record written reasons for open items (as their item notes, printed in the report), in
    one transaction. Every entry must name an open item and hold text; otherwise nothing is
    written. Returns how many reasons were recorded."""
    from checklists.results import open_items
    from models.ops.answers import set_item_note
    from models.ops.assessments import assessment_checklists
    from models.ops.evaluation import evaluate_assessment

    with db.session() as s, s.begin():
        found = open_items(
            evaluate_assessment(s, assessment_id), assessment_checklists(s, assessment_id)
        )
        known = {(i.checklist, i.item) for i in found}
        problems = []
        for cl, items in reasons.items():
            for item, text in items.items():
                if (cl, item) not in known:
                    problems.append(
                        (f"{cl}.{item}: 不是未完成的检查项", f"{cl}.{item}: not an open item")
                    )
                elif not isinstance(text, str) or not text.strip():
                    problems.append(
                        (f"{cl}.{item}: 原因不能为空", f"{cl}.{item}: the reason is empty")
                    )
        if problems:
            raise InputError("\n".join(p[0] for p in problems), "\n".join(p[1] for p in problems))
        count = 0
        for cl, items in reasons.items():
            for item, text in items.items():
                set_item_note(s, assessment_id, cl, item, text.strip(), user=user)
                count += 1
    return count


def signing_blockers(db: Database, assessment_id: int) -> list[OpenItem]:
    """What keeps ``assessment_id`` from being signed: open items without a written reason."""
    return [i for i in open_items_of(db, assessment_id) if not i.reason]


def check_stored_texts_of(db: Database, assessment_id: int) -> None:
    """StoredTextInvalid naming every stored text of ``assessment_id`` no answers document may
    hold (models.ops.exchange.check_stored_texts): asked before signing writes anything."""
    from models.ops.common import state
    from models.ops.exchange import check_stored_texts, export_document

    with db.session() as s:
        check_stored_texts(export_document(s, assessment_id), state(s, assessment_id).checklists)


def open_items_of(db: Database, assessment_id: int) -> list[OpenItem]:
    """Every open item of ``assessment_id``, with its written reason when it has one."""
    from checklists.results import open_items
    from models.ops.assessments import assessment_checklists
    from models.ops.evaluation import evaluate_assessment
    from models.ops.exchange import export_document

    with db.session() as s:
        document = export_document(s, assessment_id)
        return open_items(
            evaluate_assessment(s, assessment_id),
            assessment_checklists(s, assessment_id),
            document.item_notes,
        )


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

    Signing is refused (StoredTextInvalid, nothing written) while a stored text holds a character
    no answers document may hold, naming each; and (IncompleteForSigning) while a required item is
    unanswered or cannot be judged without a written reason (its item note); the reasons are
    printed in the report. An unsigned or incomplete report is marked as a draft on every page.

    A signed export is all or nothing: the assessment is locked (and the signature — file
    SHA-256, certificate fingerprint, time — recorded in its history) in the same transaction
    that is committed only after the file is in place; if anything fails, no file is left and
    the assessment stays editable.
    """
    from reports.pdf.from_storage import report_data_for

    progress("collect")
    with db.session() as s:
        data = report_data_for(
            s,
            db.data_dir,
            assessment_id,
            now=now,
            lang=lang,
            assessor=assessor,
            principal=principal,
            signature_image=signature_image,
            seal_image=seal_image,
            final=signing is not None,
        )
    if signing is not None:
        from models.ops.exchange import check_stored_texts

        # A signed report the office would refuse is not made (texts stored by an older version).
        check_stored_texts(data.document, data.checklists)
        blockers = unexplained_open_items(data)
        if blockers:
            raise IncompleteForSigning(blockers)
    progress("render")
    pdf, missing = _render(data)
    if signing is None:
        result = _write(pdf, out, data, progress)
    else:
        result = _sign_and_lock(db, assessment_id, pdf, out, data, signing, user, progress)
    return dataclasses.replace(result, undrawable=missing)


def export_unsigned_report(
    data_dir: Path,
    assessment_id: int,
    out: Path,
    *,
    now: datetime,
    lang: str = "zh",
    progress: Progress = _noop,
) -> ExportedReport:
    """Write the unsigned (draft) report of ``assessment_id`` in the data folder ``data_dir``.

    The same file as :func:`export_report` without signing, read from the folder opened for
    reading alone (models.reading: the folder lock and every check on opening, no ORM); the
    folder is released before the pages are laid out.
    """
    from models.reading import open_for_reading
    from reports.pdf.from_storage import report_data_from_store

    progress("collect")
    with open_for_reading(data_dir) as store, store.reading():
        data = report_data_from_store(store, assessment_id, now=now, lang=lang)
    progress("render")
    pdf, missing = _render(data)
    return dataclasses.replace(_write(pdf, out, data, progress), undrawable=missing)


def _render(data: ReportData) -> tuple[bytes, tuple[Undrawable, ...]]:
    """The report's bytes, and the characters in it the font cannot draw."""
    from reports.fonts import register_reportlab_font
    from reports.pdf.writer import build_report
    from reports.undrawable import undrawable_in_report

    register_reportlab_font()  # the report needs it; its character map answers the check
    missing = tuple(undrawable_in_report(data))
    return build_report(data), missing


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
        pdf,
        data_dir=db.data_dir,
        identity_id=signing.identity_id,
        passphrase=signing.passphrase,
        now=data.generated_at,
        school_code=data.document.school.code,
        school_name=data.document.school.name,
    )
    progress("write")
    # One transaction, committed only once the signed file is in place (see export_report).
    with db.session() as s:
        mark_signed(s, assessment_id, user=user)
        facts = {
            "file": out.name,
            # Where it was written: ``history --verify`` reads the chain head it embeds.
            "path": str(out.resolve()),
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
        out,
        data.report_id,
        signed.sha256,
        len(signed.data),
        True,
        signed.fingerprint_sha256,
        signed.signed_at,
    )
