"""ReportData for a stored assessment: the one assembly the CLI, the UI and the signing step share."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checklists.foundation import appinfo
from checklists.model import Checklist
from checklists.results import Results
from reports.pdf.data import EvidenceRef, ReportData, Signatory, make_report_id
from reports.pdf.labels import label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    if principal is None:
        principal = Signatory(document.school.principal, label("principal", lang))
    return ReportData(
        document=document,
        results=results,
        checklists=checklists,
        report_id=make_report_id(document, results),
        generated_at=now,
        evidence=_evidence(session, data_dir, assessment_id, checklists, results),
        assessor=assessor or Signatory(),
        principal=principal,
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

    refs = []
    for cl_id in results.checklists:
        checklist = checklists.get(cl_id)
        for item in checklist.items() if checklist else ():
            if item.type != "evidence":
                continue
            for ref in list_evidence(session, assessment_id, cl_id, item.id):
                size = ref.size
                if size is None:
                    blob = blob_path(data_dir, ref.sha256)
                    size = blob.stat().st_size if blob.is_file() else 0
                refs.append(EvidenceRef(cl_id, item.id, ref.name, ref.sha256, size))
    return tuple(refs)


def _photos(session: Session, assessment_id: int) -> tuple[ReportPhoto, ...]:
    """The photos with their report copies (those whose copy is missing on disk are left out)."""
    from models.ops.photos import list_photos, photo_path
    from reports.pdf.photos import ReportPhoto

    out = []
    for ref in list_photos(session, assessment_id):
        path = photo_path(session, ref)
        if path.is_file():
            out.append(
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
            )
    return tuple(out)
