"""Test helpers for the signing layer: small reportlab PDFs with attachments, byte flips, pdfsig."""

from __future__ import annotations

import functools
import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from reports.signing import Identity, SignedPdf, create_identity

PASSPHRASE = "correct horse battery"
SCHOOL_CODE = "1144190001"  # the school of new_identity and of report_attachments


@dataclass(frozen=True)
class SignedReport:
    """A data folder, its identity and one report signed with it."""

    data_dir: Path
    identity: Identity
    signed: SignedPdf


def new_identity(data_dir: Path, code: str = SCHOOL_CODE, now: datetime | None = None) -> Identity:
    """An ECDSA identity for a made-up school."""
    return create_identity(
        data_dir,
        school_name="东莞市示例小学",
        school_code=code,
        signer="王校长",
        title="校长",
        passphrase=PASSPHRASE,
        now=now,
    )


def make_pdf(pages: int = 3, attachments: dict[str, bytes] | None = None) -> bytes:
    """A Latin-text reportlab PDF; ``attachments`` are embedded with pyHanko in a second revision."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for page in range(pages):
        pdf.drawString(72, 760, f"Campus self-check report, page {page + 1}")
        pdf.drawString(72, 740, "Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
        pdf.showPage()
    pdf.save()
    data = buf.getvalue()
    return embed(data, attachments) if attachments else data


def embed(data: bytes, attachments: dict[str, bytes]) -> bytes:
    """Append an incremental update embedding ``attachments`` (JSON, as the report does)."""
    from pyhanko.pdf_utils import embed as pdf_embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    for name, content in attachments.items():
        pdf_embed.embed_file(
            writer,
            pdf_embed.FileSpec(
                file_spec_string=name,
                embedded_data=pdf_embed.EmbeddedFileObject.from_file_data(
                    writer, content, mime_type="application/json"
                ),
            ),
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def report_attachments(answers_digest: str | None = None) -> dict[str, bytes]:
    """answers.json, results.json and report_meta.json of a genuine report (the sample answers,
    of the school new_identity signs for); ``answers_digest`` overrides the recorded digest."""
    files = dict(_genuine_attachments())
    if answers_digest is not None:
        meta = json.loads(files["report_meta.json"])
        meta["answers_sha256"] = answers_digest
        files["report_meta.json"] = json.dumps(meta, ensure_ascii=False).encode("utf-8")
    return files


@functools.cache
def _genuine_attachments() -> dict[str, bytes]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reports.signing.attachments import embedded_files
    from tests.reports.aggregate.report_set import answers, report_pdf

    doc = answers("X")
    doc["school"]["code"] = SCHOOL_CODE
    reader = PdfFileReader(io.BytesIO(report_pdf(doc)), strict=False)
    return embedded_files(reader)


def results_doc() -> dict[str, Any]:
    """The genuine report's results.json."""
    return dict(json.loads(report_attachments()["results.json"]))


def byte_range(data: bytes) -> tuple[int, int, int, int]:
    """The first signature's /ByteRange: (start1, length1, start2, length2)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(data)).embedded_regular_signatures[0]
    start1, len1, start2, len2 = (int(v) for v in sig.byte_range)
    return start1, len1, start2, len2


def signed_positions(data: bytes, count: int) -> list[int]:
    """``count`` offsets spread evenly over the signature's /ByteRange (the signed bytes)."""
    start1, len1, start2, len2 = byte_range(data)
    total = len1 + len2
    offsets = [round(i * (total - 1) / (count - 1)) for i in range(count)]
    return [start1 + o if o < len1 else start2 + (o - len1) for o in offsets]


def flip(data: bytes, position: int) -> bytes:
    """``data`` with one bit of the byte at ``position`` inverted."""
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def pdfsig(path: Path) -> str:
    """poppler's pdfsig report for ``path`` (stdout and stderr together)."""
    exe = shutil.which("pdfsig")
    assert exe, "poppler-utils (pdfsig) is needed for these tests"
    proc = subprocess.run([exe, str(path)], capture_output=True, text=True, timeout=60)
    return proc.stdout + proc.stderr


def same_subject_other_key(cert: x509.Certificate) -> x509.Certificate:
    """A self-signed certificate with ``cert``'s exact subject but a fresh key."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(cert.subject)
        .issuer_name(cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


def ca_issued_p12(passphrase: bytes) -> tuple[bytes, x509.Certificate]:
    """A PKCS#12 as a CA would hand it out: RSA-2048 leaf key, leaf cert and the CA cert."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Education CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, "李四"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "东莞市示例小学"),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=700))
        .sign(ca_key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        b"leaf", key, leaf, [ca_cert], BestAvailableEncryption(passphrase)
    )
    return blob, leaf


def signature_structure_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte spans poppler needs to *find* the signature: the signature dictionary, its field
    and the last cross-reference section. A flip there makes pdfsig report "not signed" or
    "unable to validate" instead of "Digest Mismatch." (it never says "valid")."""
    spans = []
    for marker in (b"/ByteRange", b"/FT /Sig"):
        at = data.rfind(marker)
        start = data.rfind(b"\n", 0, data.rfind(b" obj", 0, at)) + 1
        spans.append((start, data.find(b"endobj", at) + len(b"endobj")))
    spans.append((data.rfind(b"\nxref"), len(data)))
    return spans


def signing_revision_span(data: bytes) -> tuple[int, int]:
    """The signing revision: everything after the report's own last %%EOF (catalog, AcroForm,
    page annotations, signature, cross-references). poppler needs all of it to *find* the
    signature, so a flip anywhere there may read "not signed" rather than "Digest Mismatch."."""
    return data.rfind(b"%%EOF", 0, data.rfind(b"/ByteRange")) + len(b"%%EOF"), len(data)


def no_code_p12(passphrase: bytes, school: str, signer: str = "林思远") -> bytes:
    """A PKCS#12 of a self-signed certificate that names the school only by name (CN and O,
    no subject serialNumber, so no school code)."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    now = datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, signer),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, school),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=2))
        .not_valid_after(now + timedelta(days=700))
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"school", key, cert, None, BestAvailableEncryption(passphrase)
    )
