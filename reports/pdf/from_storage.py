"""ReportData for a stored assessment: the one assembly the CLI, the UI and the signing step share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checklists.answers import AnswersDocument
from checklists.foundation import appinfo
from checklists.model import Checklist
from checklists.results import Results
from reports.pdf.data import EvidenceRef, ReportData, Signatory, make_report_id
from reports.pdf.labels import label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from models.reading import StoreReader
    from reports.pdf.photos import ReportPhoto


def app_version() -> str:
    """The application's version as every report records it (see checklists.foundation.appinfo)."""
    return appinfo.app_version()


def report_data_for(
    session: Session,
    data_dir: Path,
    assessment_id: int,
    *,
    now: datetime,
    lang: str = "zh",
    assessor: Signatory | None = None,
    principal: Signatory | None = None,
    signature_image: bytes | None = None,
    seal_image: bytes | None = None,
    final: bool = False,
) -> ReportData:
    """Everything the report of ``assessment_id`` shows, read through ``session``.

    The answers come from ``export_document``, the verdicts from ``evaluate_assessment`` (with
    the school's explanations and rectification plans), the checklists from the assessment's
    own snapshots. The principal defaults to the school profile's principal; ``now`` is the
    report's clock. ``data_dir`` is the data folder of ``session``: evidence sizes missing in
    the database are read from its stored copies. NotFound (an InputError) for an unknown id.
    """
    from models.ops.assessments import assessment_checklists
    from models.ops.evaluation import evaluate_assessment
    from models.ops.exchange import export_document
    from models.ops.history import chain_head
    from models.ops.periods import compare_with_previous
    from models.tables import Assessment

    document = export_document(session, assessment_id)
    results = evaluate_assessment(session, assessment_id)
    checklists = assessment_checklists(session, assessment_id)
    return ReportData(
        document=document,
        results=results,
        checklists=checklists,
        report_id=make_report_id(document, results),
        generated_at=now,
        evidence=_evidence(session, data_dir, assessment_id, checklists, results),
        assessor=assessor or Signatory(),
        principal=principal if principal is not None else _school_principal(document, lang),
        signature_image=signature_image,
        seal_image=seal_image,
        app_version=app_version(),
        lang=lang,
        final=final,
        revision=_revision(session, assessment_id, Assessment),
        history_head=chain_head(session, assessment_id),
        comparison=compare_with_previous(session, assessment_id),
        photos=_photos(session, assessment_id),
    )


def report_data_from_store(
    store: StoreReader,
    assessment_id: int,
    *,
    now: datetime,
    lang: str = "zh",
    assessor: Signatory | None = None,
    principal: Signatory | None = None,
    final: bool = False,
) -> ReportData:
    """The same ReportData as :func:`report_data_for`, read from a store opened for reading
    (models.reading: sqlite3, no ORM); call inside ``store.reading()``."""
    stored = store.assessment(assessment_id)
    results = store.evaluate(assessment_id)
    return ReportData(
        document=stored.document,
        results=results,
        checklists=dict(stored.checklists),
        report_id=make_report_id(stored.document, results),
        generated_at=now,
        evidence=_stored_evidence(store, assessment_id, stored.checklists, results),
        assessor=assessor or Signatory(),
        principal=(
            principal if principal is not None else _school_principal(stored.document, lang)
        ),
        app_version=app_version(),
        lang=lang,
        final=final,
        revision=stored.revision,
        history_head=store.chain_head(assessment_id),
        comparison=store.compare_with_previous(assessment_id),
        photos=_stored_photos(store, assessment_id),
    )


def _school_principal(document: AnswersDocument, lang: str) -> Signatory:
    """The report's principal when none is given: the school profile's."""
    return Signatory(document.school.principal, label("principal", lang))


def _revision(session: Session, assessment_id: int, model: type[Any]) -> int:
    row = session.get(model, assessment_id)
    return int(row.revision) if row is not None else 1


def _evidence(
    session: Session,
    data_dir: Path,
    assessment_id: int,
    checklists: Mapping[str, Checklist],
    results: Results,
) -> tuple[EvidenceRef, ...]:
    """Every file attached to an evidence item, checklist by checklist in report order."""
    from models.ops.evidence import blob_path, list_evidence

    def files(cl_id: str, item_id: str) -> list[Any]:
        return list_evidence(session, assessment_id, cl_id, item_id)

    return _evidence_refs(checklists, results, files, lambda sha: blob_path(data_dir, sha))


def _stored_evidence(
    store: StoreReader,
    assessment_id: int,
    checklists: Mapping[str, Checklist],
    results: Results,
) -> tuple[EvidenceRef, ...]:
    """As :func:`_evidence`, from a store opened for reading."""

    def files(cl_id: str, item_id: str) -> list[Any]:
        return store.evidence(assessment_id, cl_id, item_id)  # type: ignore[return-value]

    return _evidence_refs(checklists, results, files, store.blob_path)


def _evidence_refs(
    checklists: Mapping[str, Checklist],
    results: Results,
    files: Callable[[str, str], list[Any]],
    blob: Callable[[str], Path],
) -> tuple[EvidenceRef, ...]:
    """The evidence files (``files(checklist, item)``: name, sha256, size) in report order; a
    size the store lacks is its stored copy's (0 when there is none)."""
    refs = []
    for cl_id in results.checklists:
        checklist = checklists.get(cl_id)
        for item in checklist.items() if checklist else ():
            if item.type != "evidence":
                continue
            for ref in files(cl_id, item.id):
                size = ref.size
                if size is None:
                    path = blob(ref.sha256)
                    size = path.stat().st_size if path.is_file() else 0
                refs.append(EvidenceRef(cl_id, item.id, ref.name, ref.sha256, size))
    return tuple(refs)


def _photos(session: Session, assessment_id: int) -> tuple[ReportPhoto, ...]:
    """The photos with their report copies (those whose copy is missing on disk are left out)."""
    from models.ops.photos import list_photos, photo_path

    return _report_photos(
        [(ref, photo_path(session, ref)) for ref in list_photos(session, assessment_id)]
    )


def _stored_photos(store: StoreReader, assessment_id: int) -> tuple[ReportPhoto, ...]:
    """As :func:`_photos`, from a store opened for reading."""
    return _report_photos(
        [(ref, store.blob_path(ref.report_sha256)) for ref in store.photos(assessment_id)]
    )


def _report_photos(found: list[tuple[Any, Path]]) -> tuple[ReportPhoto, ...]:
    """The photos (each with its report copy's path) whose report copy is on disk."""
    if not found:
        return ()  # most reports: the photo module is not needed
    from reports.pdf.photos import ReportPhoto

    return tuple(
        ReportPhoto(
            ref.checklist,
            ref.item,
            ref.code,
            ref.row,
            ref.name,
            path,
            ref.width,
            ref.height,
            ref.taken_at,
            ref.caption,
        )  # fmt: skip
        for ref, path in found
        if path.is_file()
    )
