"""The data inside the PDF: answers/results/meta attachments and the empty signature field."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from checklists.idnumber import mask_ids_in
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
from reports.pdf.layout import FLATE_LEVEL

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
        "period": mask_ids_in(data.document.period),  # as in the embedded answers
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
    """Append (incrementally) the attachments and the empty ``SchoolSignature`` field to ``pdf``.

    One revision is appended to reportlab's file: the three JSON files (Flate-compressed, with
    size, MD5 checksum and dates) under the catalog's /Names /EmbeddedFiles, an /AcroForm
    holding the signature field (a widget on the stamp page, /SigFlags 1), the catalog and that
    page rewritten to point at them, a cross-reference section and a trailer chained by /Prev.
    Written directly (no PDF library): pyHanko is imported only when a report is signed.
    """
    base = _BasePdf(pdf)
    moment = _pdf_date(local_moment(ctx.data.generated_at))
    update = _Revision(base)
    names = []
    # A flat name tree must be sorted by name; the three names are embedded in that order.
    for name, payload in sorted(attachment_payloads(ctx).items()):
        stream = update.add_stream(
            b"/Type /EmbeddedFile /Subtype /application#2Fjson /Filter /FlateDecode"
            b" /Params << /Size %d /CheckSum <%s> /CreationDate %s /ModDate %s >>"
            % (len(payload), hashlib.md5(payload).hexdigest().encode(), moment, moment),
            zlib.compress(payload, FLATE_LEVEL),
        )
        label = _pdf_string(name)
        spec = update.add(
            b"<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R /UF %d 0 R >> /Desc %s >>"
            % (label, label, stream, stream, _pdf_string(DESCRIPTIONS[name]))
        )
        names.append(b"%s %d 0 R" % (label, spec))
    tree = update.add(b"<< /EmbeddedFiles << /Names [ %s ] >> >>" % b" ".join(names))
    page = base.page(ctx.stamp.page)
    llx, lly, urx, ury = ctx.stamp.box
    appearance = update.add_stream(
        b"/Type /XObject /Subtype /Form /BBox [ 0 0 %d %d ] /Resources << >>"
        % (abs(urx - llx), abs(ury - lly)),
        b"",
    )
    field = update.add(
        b"<< /FT /Sig /T %s /Type /Annot /Subtype /Widget /F 132 /Rect [ %d %d %d %d ]"
        b" /P %d 0 R /AP << /N %d 0 R >> >>"
        % (_pdf_string(SIGNATURE_FIELD_NAME), llx, lly, urx, ury, page, appearance)
    )
    form = update.add(b"<< /Fields [ %d 0 R ] /SigFlags 1 >>" % field)
    update.replace(page, _with_annotation(base.dictionary(page), field))
    catalog = base.dictionary(base.root)
    for key in (b"/Names", b"/AcroForm"):
        if re.search(re.escape(key) + rb"\b", catalog):
            raise ValueError(f"the report's pages already carry {key.decode()}")
    catalog = re.sub(rb"/PageMode\s*/\w+|/Version\s*/[\d.]+", b"", catalog)
    update.replace(
        base.root,
        catalog[:-2].rstrip()
        + b"\n/PageMode /UseOutlines /Version /1.7 /Names %d 0 R /AcroForm %d 0 R\n>>"
        % (tree, form),
    )
    # The file ID's second half (the one a new revision changes) is a digest of the pages, so
    # different reports never share it and the same report always has it.
    return update.write(hashlib.sha256(pdf).digest()[:16])


def _pdf_date(moment: datetime) -> bytes:
    """A PDF date string, e.g. ``(D:20220105093000+08'00')``."""
    offset = moment.utcoffset()
    minutes = 0 if offset is None else int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"(D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}')".encode("ascii")


def _pdf_string(text: str) -> bytes:
    """An ASCII literal string with backslashes and parentheses escaped."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("ascii") + b")"


def _with_annotation(page: bytes, field: int) -> bytes:
    """A page dictionary with ``field`` added to its /Annots array (made when it has none)."""
    reference = b"%d 0 R" % field
    annots = re.search(rb"/Annots\s*\[", page)
    if annots is not None:
        return page[: annots.end()] + b" " + reference + b" " + page[annots.end() :]
    if re.search(rb"/Annots\b", page):
        raise ValueError("the stamp page's /Annots is not a direct array")
    return page[:-2].rstrip() + b"\n/Annots [ " + reference + b" ]\n>>"


_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*(<<.*?>>)\s*endobj", re.S)
_REFERENCE = rb"\s+(\d+)\s+0\s+R"


class _BasePdf:
    """What the appended revision needs from reportlab's file: trailer, xref, dictionaries."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        tail = pdf[-1024:]
        found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
        if found is None:
            raise ValueError("the report's pages end without startxref")
        self.xref_offset = int(found.group(1))
        xref = pdf[self.xref_offset :]
        trailer_at = xref.index(b"trailer")
        self.offsets = self._offsets(xref[:trailer_at])
        trailer = xref[trailer_at:]
        self.size = int(self._key(trailer, rb"/Size\s+(\d+)"))
        self.root = int(self._key(trailer, rb"/Root" + _REFERENCE))
        self.info = int(self._key(trailer, rb"/Info" + _REFERENCE))
        self.first_id = bytes.fromhex(self._key(trailer, rb"/ID\s*\[\s*<([0-9a-fA-F]+)>").decode())

    @staticmethod
    def _key(text: bytes, pattern: bytes) -> bytes:
        found = re.search(pattern, text)
        if found is None:
            raise ValueError(f"the report's trailer lacks {pattern[:6]!r}")
        return found.group(1)

    @staticmethod
    def _offsets(table: bytes) -> dict[int, int]:
        """Object number → byte offset, from a classic cross-reference table."""
        offsets: dict[int, int] = {}
        lines = table.split(b"\n")[1:]
        number = 0
        for line in lines:
            parts = line.split()
            if len(parts) == 2:
                number = int(parts[0])
            elif len(parts) == 3:
                if parts[2] == b"n":
                    offsets[number] = int(parts[0])
                number += 1
        return offsets

    def dictionary(self, number: int) -> bytes:
        """The dictionary of object ``number`` (``<< ... >>``)."""
        found = _OBJECT.match(self.pdf, self.offsets[number])
        if found is None or int(found.group(1)) != number:
            raise ValueError(f"object {number} of the report's pages is not a dictionary")
        return found.group(3)

    def page(self, index: int) -> int:
        """The object number of page ``index`` (0-based, negative from the end)."""
        pages = int(self._key(self.dictionary(self.root), rb"/Pages" + _REFERENCE))
        leaves = list(self._leaves(pages))
        return leaves[index]

    def _leaves(self, node: int) -> Iterator[int]:
        """The pages under the page tree node ``node``, in order."""
        text = self.dictionary(node)
        if re.search(rb"/Type\s*/Page\b", text):
            yield node
            return
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", text)
        if kids is None:
            raise ValueError(f"the report's page tree node {node} has no /Kids")
        for kid in re.findall(rb"(\d+)\s+0\s+R", kids.group(1)):
            yield from self._leaves(int(kid))


class _Revision:
    """New and replaced objects appended after ``base``, with their xref section and trailer."""

    def __init__(self, base: _BasePdf) -> None:
        self.base = base
        self.objects: dict[int, bytes] = {}
        self.next = base.size

    def add(self, body: bytes) -> int:
        """A new object; returns its number."""
        number = self.next
        self.next += 1
        self.objects[number] = body
        return number

    def add_stream(self, entries: bytes, data: bytes) -> int:
        """A new stream object with ``entries`` (without /Length) and ``data``."""
        return self.add(b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data))

    def replace(self, number: int, body: bytes) -> None:
        """A new version of an existing object."""
        self.objects[number] = body

    def write(self, second_id: bytes) -> bytes:
        """The base file followed by this revision."""
        out = bytearray(self.base.pdf)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets: dict[int, int] = {}
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, self.objects[number])
        xref_at = len(out)
        out += b"xref\n0 1\n0000000000 65535 f \n"
        numbers = sorted(offsets)
        run_start = 0
        for i in range(1, len(numbers) + 1):
            if i == len(numbers) or numbers[i] != numbers[i - 1] + 1:
                run = numbers[run_start:i]
                out += b"%d %d\n" % (run[0], len(run))
                out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in run)
                run_start = i
        out += (
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ] /Prev %d >>\n"
            b"startxref\n%d\n%%%%EOF\n"
            % (
                self.next,
                self.base.root,
                self.base.info,
                self.base.first_id.hex().encode(),
                second_id.hex().encode(),
                self.base.xref_offset,
                xref_at,
            )
        )
        return bytes(out)
