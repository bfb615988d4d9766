"""Benchmark: sign + verify a report-sized PDF through reports.signing vs pyHanko alone.

Builds a 10-page reportlab PDF in the bundled CJK font with a real report's three JSON
attachments (so verification re-evaluates them), then times
``sign_pdf`` + ``verify_pdf`` (trust from the data folder's trust store) against a floor measured
in the same run: pyHanko alone loading the same PKCS#12 key file, signing the same unsigned bytes
with the same stamp style, box and text, and validating with the certificate as trust root.
Rounds are interleaved (order alternating). Target: ratio ≤ 1.3×.

    .venv/bin/python bench/sign.py [--rounds 15] [--algorithm ecdsa|rsa]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports.fonts import register_reportlab_font  # noqa: E402
from reports.signing import (  # noqa: E402
    StampInfo,
    create_identity,
    import_trusted_certificate,
    sign_pdf,
    verify_pdf,
)
from reports.signing.stamp import default_box, stamp_style, stamp_text_params  # noqa: E402

PASSPHRASE = "bench passphrase"
SCHOOL_CODE = "1144190001"
FIELD = "SchoolSignature"


def report_pdf(pages: int = 10) -> bytes:
    """A report-like PDF: Chinese paragraphs and a table per page, plus two JSON attachments."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    font = register_reportlab_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16)
    story: list[Any] = []
    for page in range(pages):
        story.append(
            Paragraph(f"第{page + 1}部分　校园安全自查情况（保安员、心理健康、照明）", body)
        )
        for _ in range(6):
            story.append(Paragraph("学校按照东莞市教育局工作方案逐项开展自查，" * 6, body))
        rows = [["序号", "检查项目", "结果", "依据"]] + [
            [str(i), f"保安员持证上岗情况{i}", "符合" if i % 3 else "不符合", "第12条"]
            for i in range(12)
        ]
        table = Table(rows)
        table.setStyle(
            TableStyle(
                [("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]
            )
        )
        story += [table, PageBreak()]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return attach(buf.getvalue())


def attach(data: bytes) -> bytes:
    """Embed the three attachments of a real report (the sample answers, of the bench's school)
    in an incremental update, so verification re-evaluates them as it does for any report."""
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    for name, payload in report_attachments().items():
        spec = embed.FileSpec(
            file_spec_string=name,
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer, payload, mime_type="application/json"
            ),
        )
        embed.embed_file(writer, spec)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def report_attachments() -> dict[str, bytes]:
    """answers.json, results.json and report_meta.json of the sample's real report."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from checklists.answers_doc import DocumentParser
    from checklists.evaluator import evaluate_document
    from checklists.registry import builtin_checklists
    from reports.pdf import ReportData, build_report, make_report_id
    from reports.signing.attachments import embedded_files

    doc_json = json.loads((ROOT / "resources" / "samples" / "sample_school.json").read_bytes())
    doc_json["school"]["code"] = SCHOOL_CODE
    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(doc_json)
    results = evaluate_document(doc, checklists)
    report = build_report(
        ReportData(
            document=doc,
            results=results,
            checklists=checklists,
            report_id=make_report_id(doc, results),
            generated_at=datetime(2022, 1, 5, 10, 0),
        )
    )
    return embedded_files(PdfFileReader(io.BytesIO(report), strict=False))


def ours(pdf: bytes, data_dir: Path, identity_id: str) -> bytes:
    """reports.signing: sign_pdf then verify_pdf against the data folder's trust store."""
    signed = sign_pdf(pdf, data_dir=data_dir, identity_id=identity_id, passphrase=PASSPHRASE)
    result = verify_pdf(signed.data, data_dir=data_dir)
    assert result.ok(require_trust=True), result.reasons
    return signed.data


def floor(pdf: bytes, p12: Path, params: dict[str, str]) -> bytes:
    """pyHanko alone: load the same key file, sign with the same stamp, validate with trust root."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=PASSPHRASE.encode())
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    spec = fields.SigFieldSpec(FIELD, on_page=-1, box=default_box(writer, -1))
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=stamp_style(), new_field_spec=spec)
    data = pdf_signer.sign_pdf(writer, appearance_text_params=params).getvalue()
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[signer.signing_cert]))
    assert status.bottom_line, status.summary()
    return bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--algorithm", choices=("ecdsa", "rsa"), default="ecdsa")
    args = parser.parse_args()
    pdf = report_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        ident = create_identity(
            data_dir,
            school_name="东莞市示例小学",
            school_code=SCHOOL_CODE,
            signer="王校长",
            title="校长",
            passphrase=PASSPHRASE,
            algorithm=args.algorithm,
        )
        import_trusted_certificate(data_dir, ident.certificate_pem.encode("ascii"))
        p12 = data_dir / "identities" / f"{ident.identity_id}.p12"
        params = stamp_text_params(ident, StampInfo(), datetime.now(UTC))
        runs = {
            "ours": lambda: ours(pdf, data_dir, ident.identity_id),
            "floor": lambda: floor(pdf, p12, params),
        }
        sizes = {name: len(fn()) for name, fn in runs.items()}  # warm-up: imports, caches
        times: dict[str, list[float]] = {"ours": [], "floor": []}
        for round_no in range(args.rounds):
            order = ("ours", "floor") if round_no % 2 == 0 else ("floor", "ours")
            for name in order:
                gc.collect()  # each run allocates the 1.2 MB font; keep GC pauses out of the other
                start = time.perf_counter()
                runs[name]()
                times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(
        f"report PDF: {len(pdf) // 1024} KB unsigned, signed {sizes['ours'] // 1024} KB "
        f"(ours) / {sizes['floor'] // 1024} KB (floor); {args.algorithm}; {args.rounds} rounds"
    )
    print(f"ours  (sign_pdf + verify_pdf):              median {med['ours']:.1f} ms")
    print(f"floor (pyHanko alone: load + sign + validate): median {med['floor']:.1f} ms")
    print(f"ratio ours/floor: {med['ours'] / med['floor']:.2f}x (target <= 1.3x)")
    p99 = {name: _p99(values) * 1000 for name, values in times.items()}
    print(f"timings sign + verify: p50 {med['ours']:.1f} ms, p99 {p99['ours']:.1f} ms;"
          f" floor p50 {med['floor']:.1f} ms, p99 {p99['floor']:.1f} ms")  # fmt: skip


def _p99(values: list[float]) -> float:
    """The 99th percentile (the largest of fewer than 100 samples)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


if __name__ == "__main__":
    main()
