"""What a PDF report is built from (ReportData) and the JSON it embeds, derived deterministically."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from checklists.answers import AnswersDocument
from checklists.answers_doc import document_to_json
from checklists.foundation.errors import InputError
from checklists.model import Checklist
from checklists.results import Results, results_to_json

if TYPE_CHECKING:
    from checklists.comparison import Comparison

__all__ = [
    "ANSWERS_NAME",
    "META_NAME",
    "REPORT_FORMAT",
    "RESULTS_NAME",
    "SIGNATURE_FIELD_NAME",
    "EvidenceRef",
    "ReportData",
    "Signatory",
    "answers_json_bytes",
    "canonical_json",
    "make_report_id",
    "qr_payload",
    "results_json_bytes",
]

# Attachment names: a contract with the office's verifier (reports.signing.attachments).
ANSWERS_NAME = "answers.json"
RESULTS_NAME = "results.json"
META_NAME = "report_meta.json"
REPORT_FORMAT = "campus-selfcheck/report@1"
SIGNATURE_FIELD_NAME = "SchoolSignature"
QR_PREFIX = "CSC1"
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Signatory:
    """A person who signs the report on paper: name and job title."""

    name: str = ""
    title: str = ""


@dataclass(frozen=True)
class EvidenceRef:
    """One evidence file attached to an item: its name, SHA-256 and size in bytes."""

    checklist: str
    item: str
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows; built by the caller (e.g. ``from_storage.report_data_for``)."""

    document: AnswersDocument
    results: Results
    checklists: Mapping[str, Checklist]
    report_id: str
    generated_at: datetime
    evidence: tuple[EvidenceRef, ...] = ()
    assessor: Signatory = Signatory()
    principal: Signatory = Signatory()
    signature_image: bytes | None = None
    seal_image: bytes | None = None
    app_version: str = ""
    lang: str = "zh"
    # True when the report is built to be signed; an unsigned or incomplete report is a draft and
    # carries "草稿 / 未完成" on every page.
    final: bool = False
    # The store's revision number of the assessment (amendments count up): the office orders
    # a school's reports by it, never by the signer's clock.
    revision: int = 1
    # (entries, hash of the newest) of the assessment's change history when the report was made.
    history_head: tuple[int, str] | None = None
    comparison: Comparison | None = None  # against the previous period (None: a first period)
    photos: tuple[Any, ...] = ()  # reports.pdf.photos.ReportPhoto: thumbnails and the appendix

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise InputError(
                f"报告语言应为 zh 或 en，而不是 {self.lang!r}",
                f"The report language must be zh or en, not {self.lang!r}",
            )


def canonical_json(obj: Any) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: the same object always gives the same bytes."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def answers_json_bytes(document: AnswersDocument) -> bytes:
    """The document's interchange form, canonical (full ID numbers: never embedded as is)."""
    return canonical_json(document_to_json(document))


def embedded_answers_bytes(document: AnswersDocument, checklists: Mapping[str, Checklist]) -> bytes:
    """The bytes of the embedded ``answers.json``: the interchange form with every ID number
    masked and replaced by the facts the rules need (reports.signing.idfacts), canonical."""
    from reports.signing.idfacts import protect_answers

    doc = protect_answers(document_to_json(document), checklists, document.reference_date)
    return canonical_json(doc)


def results_json_bytes(results: Results) -> bytes:
    """The bytes of ``results.json``: the evaluation with item statuses, canonical. Any ID
    number a message or a school's explanation quotes is masked (no full number in a PDF).

    A report asks twice for the same results (its id, its attachment): the bytes of the last
    results asked for are kept (results are frozen).
    """
    if _LAST_RESULTS_JSON and _LAST_RESULTS_JSON[0][0] is results:
        return _LAST_RESULTS_JSON[0][1]
    from checklists.idnumber import mask_ids_in

    data = canonical_json(mask_ids_in(results_to_json(results, with_items=True)))
    _LAST_RESULTS_JSON[:] = [(results, data)]
    return data


_LAST_RESULTS_JSON: list[tuple[Results, bytes]] = []  # the last results asked for, their bytes


_TERM_RE = re.compile(r"(\d{4})\s*年?\s*(春|秋|夏|冬)")
_UNSAFE_RE = re.compile(r"[\s/\\:*?\"<>|]+")


def _short_period(period: str) -> str:
    """ "2021年秋季学期" → "2021秋"; other periods lose only whitespace and path characters."""
    match = _TERM_RE.search(period)
    if match:
        return match.group(1) + match.group(2)
    return _UNSAFE_RE.sub("", period) or "period"


def make_report_id(document: AnswersDocument, results: Results) -> str:
    """``<school code>-<short period>-<8 hex>``, e.g. ``1144190001-2021秋-3fa2c19b``.

    The hex part is a SHA-256 over the answers and the results, so the same content always
    gets the same id and any change to an answer (or to a rule's verdict) gets a new one.
    """
    digest = hashlib.sha256()
    digest.update(answers_json_bytes(document))
    digest.update(b"\n")
    digest.update(results_json_bytes(results))
    return f"{document.school.code}-{_short_period(document.period)}-{digest.hexdigest()[:8]}"


def qr_payload(report_id: str, answers_sha256: str) -> str:
    """The text of the cover's QR code: ``CSC1|<report id>|<SHA-256 of answers.json>``."""
    return f"{QR_PREFIX}|{report_id}|{answers_sha256}"
