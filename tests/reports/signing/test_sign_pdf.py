"""sign_pdf: PAdES over the whole file, existing or new field, a legible Chinese stamp."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from checklists.foundation.errors import InputError
from reports.signing import Identity, StampInfo, create_identity, sign_pdf, verify_pdf
from reports.signing.stamp import abbreviate_fingerprint, format_local_time, stamp_text_params
from tests.reports.signing.signing_helpers import PASSPHRASE, make_pdf, new_identity, pdfsig

NOW = datetime(2025, 3, 14, 9, 26, 53, 589000, tzinfo=UTC)


def _sign(data_dir: Path, ident: Identity, pdf: bytes, **kwargs: Any) -> bytes:
    signed = sign_pdf(
        pdf, data_dir=data_dir, identity_id=ident.identity_id, passphrase=PASSPHRASE, **kwargs
    )
    return signed.data


def test_signed_pdf_describes_itself(data_dir: Path) -> None:
    identity = new_identity(data_dir, now=NOW - timedelta(days=1))
    pdf = make_pdf(2)
    signed = sign_pdf(
        pdf, data_dir=data_dir, identity_id=identity.identity_id, passphrase=PASSPHRASE, now=NOW
    )
    assert signed.data.startswith(pdf)  # an incremental update: the original bytes stay
    assert signed.sha256 == hashlib.sha256(signed.data).hexdigest()
    assert signed.fingerprint_sha256 == identity.fingerprint_sha256
    assert signed.signed_at == NOW.replace(microsecond=0)
    result = verify_pdf(signed.data, trusted=[identity.certificate()])
    assert result.ok(require_trust=True), result.reasons
    assert result.signed_at == signed.signed_at
    assert (result.signer, result.school, result.school_code) == (
        "王校长",
        "东莞市示例小学",
        "1144190001",
    )


def test_pades_signature_over_the_whole_file(
    data_dir: Path, identity: Identity, tmp_path: Path
) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(_sign(data_dir, identity, make_pdf(2)))
    report = pdfsig(path)
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signing Hash Algorithm: SHA-256" in report
    assert "Signature Field Name: SchoolSignature" in report
    assert "Signature is Valid." in report and "Total document signed" in report


def test_fills_the_existing_empty_field(data_dir: Path, identity: Identity) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(make_pdf(3)))
    spec = fields.SigFieldSpec("SchoolSignature", on_page=1, box=(72, 72, 300, 170))
    fields.append_signature_field(writer, spec)
    out = io.BytesIO()
    writer.write(out)
    signed = _sign(data_dir, identity, out.getvalue())
    reader = PdfFileReader(io.BytesIO(signed))
    found = list(fields.enumerate_sig_fields(reader))
    assert [name for name, _v, _r in found] == ["SchoolSignature"]
    widget = found[0][2].get_object()
    assert [float(v) for v in widget["/Rect"]] == [72, 72, 300, 170]
    page_two = reader.root["/Pages"]["/Kids"][1].get_object()
    assert any(a.get_object() == widget for a in page_two["/Annots"])
    assert verify_pdf(signed).ok()


def test_new_field_goes_where_the_stamp_info_says(data_dir: Path, identity: Identity) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields

    stamp = StampInfo(page=0, box=(50, 60, 250, 160), signer="代签人")
    signed = _sign(data_dir, identity, make_pdf(3), field_name="Office", stamp=stamp)
    reader = PdfFileReader(io.BytesIO(signed))
    [(name, _value, ref)] = list(fields.enumerate_sig_fields(reader))
    assert name == "Office"
    assert [float(v) for v in ref.get_object()["/Rect"]] == [50, 60, 250, 160]


def test_already_signed_field_is_refused(data_dir: Path, identity: Identity) -> None:
    signed = _sign(data_dir, identity, make_pdf(1))
    with pytest.raises(InputError, match="已经签过名"):
        _sign(data_dir, identity, signed)


@pytest.mark.parametrize("data", [b"", b"hello world", b"%PDF-1.7\ngarbage"])
def test_not_a_pdf_is_an_input_error(data_dir: Path, identity: Identity, data: bytes) -> None:
    with pytest.raises(InputError, match="无法签署该 PDF"):
        _sign(data_dir, identity, data)


def test_wrong_passphrase_is_an_input_error(data_dir: Path, identity: Identity) -> None:
    with pytest.raises(InputError, match="口令不正确") as info:
        sign_pdf(
            make_pdf(1), data_dir=data_dir, identity_id=identity.identity_id, passphrase="x" * 9
        )
    assert "Wrong passphrase" in info.value.text("en")


def test_expired_certificate_refuses_to_sign_now(data_dir: Path) -> None:
    old = new_identity(data_dir, now=datetime(2015, 1, 1, tzinfo=UTC))
    with pytest.raises(InputError, match="已于 2020-01-01 过期"):
        _sign(data_dir, old, make_pdf(1))
    with pytest.raises(InputError, match="起才生效"):
        _sign(data_dir, old, make_pdf(1), now=datetime(2014, 12, 31, tzinfo=UTC))


def test_rsa_identity_signs_and_verifies(data_dir: Path, tmp_path: Path) -> None:
    ident = create_identity(
        data_dir,
        school_name="学校",
        school_code="4419000009",
        signer="甲",
        title="校长",
        passphrase=PASSPHRASE,
        algorithm="rsa",
    )
    path = tmp_path / "rsa.pdf"
    path.write_bytes(_sign(data_dir, ident, make_pdf(1)))
    assert verify_pdf(path.read_bytes(), trusted=[ident.certificate()]).ok(require_trust=True)
    assert "Signature is Valid." in pdfsig(path)


def test_stamp_text(identity: Identity) -> None:
    moment = datetime(2025, 3, 14, 9, 26, tzinfo=UTC)
    params = stamp_text_params(identity, StampInfo(title="副校长"), moment)
    assert params["signer"] == "王校长" and params["title"] == "副校长"
    assert params["school"] == "东莞市示例小学"
    assert params["fingerprint"] == identity.fingerprint_sha256[:16] + "…"
    assert params["signed_local"] == moment.astimezone().strftime("%Y-%m-%d %H:%M")
    assert abbreviate_fingerprint("ab" * 32) == "abababababababab…"
    assert len(format_local_time(moment)) == len("2025-03-14 09:26")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_stamp_is_embedded_and_renders(data_dir: Path, identity: Identity, tmp_path: Path) -> None:
    from PIL import Image

    box = (300, 40, 560, 144)
    path = tmp_path / "stamp.pdf"
    path.write_bytes(_sign(data_dir, identity, make_pdf(1), stamp=StampInfo(box=box)))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CampusCJK" in line or "WenQuanYi" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(path), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    scale = 80 / 72
    height = image.height
    inside = image.crop(
        (
            int((box[0] + 8) * scale),
            int(height - (box[3] - 8) * scale),
            int((box[2] - 8) * scale),
            int(height - (box[1] + 8) * scale),
        )
    )
    dark = sum(inside.histogram()[:128])
    assert dark > 400  # five lines of text, not an empty box


def test_signing_time_defaults_to_now(data_dir: Path, identity: Identity) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    signed = sign_pdf(
        make_pdf(1), data_dir=data_dir, identity_id=identity.identity_id, passphrase=PASSPHRASE
    )
    assert before <= signed.signed_at <= datetime.now(UTC) + timedelta(seconds=1)


def test_importing_the_package_does_not_load_pyhanko() -> None:
    code = (
        "import sys, reports.signing, cli.cmd_identity, cli.cmd_verify\n"
        "print(sorted(m for m in sys.modules if m.startswith('pyhanko')))\n"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
