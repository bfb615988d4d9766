"""The revision appended to reportlab's pages: three embedded JSON files and the empty signature field.

Read back with pypdf (an independent PDF reader) and poppler; the export itself must not load
pyHanko or cryptography (they cost half a second and are needed only to sign).
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.pdf import ReportData, build_report
from reports.pdf.attachments import _BasePdf, _with_annotation, attachment_payloads
from reports.pdf.context import build_context
from reports.pdf.data import ANSWERS_NAME, META_NAME, RESULTS_NAME, SIGNATURE_FIELD_NAME
from reports.pdf.writer import render_pages

ROOT = Path(__file__).resolve().parents[3]


def _raw(string: object) -> bytes:
    """The bytes of a PDF string as pypdf read it (a text or a byte string)."""
    original = getattr(string, "original_bytes", string)
    assert isinstance(original, bytes)
    return original


@pytest.fixture(scope="module")
def built(sample_data: ReportData) -> bytes:
    return build_report(sample_data)


def test_the_three_files_come_back_byte_for_byte(sample_data: ReportData, built: bytes) -> None:
    ctx = build_context(sample_data)
    render_pages(ctx)  # fills the stamp box, as building does
    expected = attachment_payloads(ctx)
    reader = PdfReader(io.BytesIO(built))
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    assert names[0::2] == sorted([ANSWERS_NAME, META_NAME, RESULTS_NAME])  # a sorted name tree
    for name, spec in zip(names[0::2], names[1::2], strict=True):
        stream = spec.get_object()["/EF"]["/F"].get_object()
        data = stream.get_data()
        assert data == expected[name]
        params = stream["/Params"]
        assert params["/Size"] == len(data)
        assert _raw(params["/CheckSum"]) == hashlib.md5(data).digest()
        assert stream["/Subtype"] == "/application/json"
    meta = json.loads(expected[META_NAME])
    assert meta["signature_field"]["box"] == list(ctx.stamp.box)


def test_the_signature_field_is_an_empty_widget_on_the_stamp_page(
    sample_data: ReportData, built: bytes
) -> None:
    ctx = build_context(sample_data)
    render_pages(ctx)
    reader = PdfReader(io.BytesIO(built))
    form = reader.trailer["/Root"]["/AcroForm"]
    assert form["/SigFlags"] == 1
    (field,) = [f.get_object() for f in form["/Fields"]]
    assert field["/FT"] == "/Sig" and field["/T"] == SIGNATURE_FIELD_NAME
    assert "/V" not in field  # not signed
    assert [float(x) for x in field["/Rect"]] == list(ctx.stamp.box)
    page = reader.pages[ctx.stamp.page]
    assert field["/P"].get_object() == page.get_object()
    assert [a.get_object() for a in page["/Annots"]] == [field]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_an_incremental_update_of_the_pages(sample_data: ReportData, built: bytes) -> None:
    pages = render_pages(build_context(sample_data))
    assert built.startswith(pages)  # the pages' bytes are kept as they were
    base = _BasePdf(pages)
    tail = built[len(pages) :]
    assert b"/Prev %d" % base.xref_offset in tail
    reader = PdfReader(io.BytesIO(built), strict=True)
    first, second = reader.trailer["/ID"]
    assert _raw(first) == base.first_id
    assert _raw(second) == hashlib.sha256(pages).digest()[:16]
    assert len(reader.pages) == len(PdfReader(io.BytesIO(pages)).pages)


def test_poppler_sees_the_files_and_the_unsigned_field(tmp_path: Path, built: bytes) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(built)
    listed = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True)
    assert listed.returncode == 0
    assert "3 embedded files" in listed.stdout
    sig = subprocess.run(["pdfsig", "-nocert", str(pdf)], capture_output=True, text=True)
    assert SIGNATURE_FIELD_NAME in sig.stdout
    assert "not signed" in sig.stdout


def test_an_existing_annotation_array_keeps_its_entries() -> None:
    page = b"<< /Type /Page /Annots [ 7 0 R ] /Parent 3 0 R >>"
    changed = _with_annotation(page, 12)
    assert b"12 0 R" in changed and b"7 0 R" in changed
    assert changed.count(b"/Annots") == 1
    assert _with_annotation(b"<< /Type /Page >>", 9).endswith(b"/Annots [ 9 0 R ]\n>>")


def test_an_indirect_annotation_array_is_refused() -> None:
    with pytest.raises(ValueError, match="Annots"):
        _with_annotation(b"<< /Type /Page /Annots 8 0 R >>", 9)


def test_pages_without_a_cross_reference_are_refused() -> None:
    with pytest.raises(ValueError, match="startxref"):
        _BasePdf(b"%PDF-1.4\n1 0 obj << >> endobj\n")


def test_compressed_streams_are_flate(built: bytes) -> None:
    reader = PdfReader(io.BytesIO(built))
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    raw = names[1].get_object()["/EF"]["/F"].get_object()._data
    assert zlib.decompress(raw)


def test_exporting_loads_neither_pyhanko_nor_cryptography(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from main import main\n"
        f"data = {str(tmp_path / 'data')!r}\n"
        "assert main(['--data-dir', data, 'import',"
        f" {str(ROOT / 'resources' / 'samples' / 'sample_school.json')!r}]) == 0\n"
        "assert main(['--data-dir', data, 'export-pdf', '1', '--out',"
        f" {str(tmp_path / 'r.pdf')!r}]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyhanko', 'cryptography'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "r.pdf").stat().st_size > 0
