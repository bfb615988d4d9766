"""The data inside the PDF: answers/results/meta attachments and the empty signature field (pyHanko)."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from typing import Any

from reports.pdf.context import ReportContext
from reports.pdf.data import (
    ANSWERS_NAME,
    META_NAME,
    REPORT_FORMAT,
    RESULTS_NAME,
    SIGNATURE_FIELD_NAME,
    canonical_json,
    results_json_bytes,
)

DESCRIPTIONS = {
    ANSWERS_NAME: "Answers document (campus-selfcheck/answers@1)",
    RESULTS_NAME: "Evaluation results with item statuses",
    META_NAME: "Report facts: id, digests, signature field",
}


def local_moment(moment: datetime) -> datetime:
    """``moment`` with a time zone (a naive clock reading is taken as this computer's local time)."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def report_meta(ctx: ReportContext, results_bytes: bytes) -> dict[str, Any]:
    """The content of report_meta.json (the verifier's contract)."""
    data = ctx.data
    return {
        "format": REPORT_FORMAT,
        "report_id": data.report_id,
        "answers_sha256": ctx.answers_sha256,
        "results_sha256": hashlib.sha256(results_bytes).hexdigest(),
        "generated_at": local_moment(data.generated_at).isoformat(),
        "app_version": data.app_version,
        "school_code": data.document.school.code,
        "period": data.document.period,
        "lang": data.lang,
        "revision": data.revision,
        "history": None
        if data.history_head is None
        else {"entries": data.history_head[0], "head_sha256": data.history_head[1]},
        "signature_field": {
            "name": SIGNATURE_FIELD_NAME,
            "page": ctx.stamp.page,
            "box": list(ctx.stamp.box),
        },
    }


def attachment_payloads(ctx: ReportContext) -> dict[str, bytes]:
    """The three files embedded in every report, by attachment name."""
    results_bytes = results_json_bytes(ctx.data.results)
    return {
        ANSWERS_NAME: ctx.answers_bytes,
        RESULTS_NAME: results_bytes,
        META_NAME: canonical_json(report_meta(ctx, results_bytes)),
    }


def add_data_and_field(pdf: bytes, ctx: ReportContext) -> bytes:
    """Append (incrementally) the attachments and the empty ``SchoolSignature`` field to ``pdf``."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    moment = local_moment(ctx.data.generated_at)
    writer = _pinned_writer(pdf, moment)
    params = embed.EmbeddedFileParams(creation_date=moment, modification_date=moment)
    # A flat name tree must be sorted by name; the three names are embedded in that order.
    for name, payload in sorted(attachment_payloads(ctx).items()):
        stream = embed.EmbeddedFileObject.from_file_data(
            writer, payload, params=params, mime_type="application/json"
        )
        spec = embed.FileSpec(
            file_spec_string=name,
            file_name=name,
            embedded_data=stream,
            description=DESCRIPTIONS[name],
            af_relationship=None,
        )
        embed.embed_file(writer, spec)
    append_signature_field(
        writer, SigFieldSpec(SIGNATURE_FIELD_NAME, on_page=ctx.stamp.page, box=ctx.stamp.box)
    )
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pinned_writer(pdf: bytes, moment: datetime) -> Any:
    """pyHanko's incremental writer with its clock and random file ID replaced by fixed values.

    The second half of the file ID (the one a new revision changes) is taken from a digest of
    the pages, so different reports never share it and the same report always has it.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class PinnedWriter(IncrementalPdfFileWriter):  # type: ignore[misc]
        def _update_meta(self) -> None:
            # pyHanko stamps /ModDate with the wall clock; the report's clock must win.
            super()._update_meta()
            if self._info is not None:
                self._info.get_object()["/ModDate"] = generic.pdf_date(moment)
                self.mark_update(self._info)

    writer = PinnedWriter(io.BytesIO(pdf))
    first_id = writer.document_id[0]
    second_id = hashlib.sha256(pdf).digest()[:16]
    writer._document_id = generic.ArrayObject(
        [generic.ByteStringObject(first_id), generic.ByteStringObject(second_id)]
    )
    return writer
