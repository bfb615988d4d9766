"""The cover's QR encoder is reportlab's, loaded without the rest of its barcode package."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import sys
from reports.pdf.cover import QrCode
modules = QrCode("CSC1|4419012345-2021秋-b916ed14|" + "ab" * 32).modules
print(len(modules), sum(map(sum, modules)))
print(sorted(m for m in sys.modules if m.startswith("reportlab.graphics.barcode")))
import reportlab.graphics.barcode.qrencoder as by_name
qr = by_name.QRCode(None, by_name.QRErrorCorrectLevel.M)
qr.addData(by_name.QR8bitByte("CSC1|4419012345-2021秋-b916ed14|" + "ab" * 32))
qr.make()
print([[bool(d) for d in row] for row in qr.modules] == modules)
"""


def test_the_qr_code_is_reportlabs_without_every_other_barcode() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    size, barcodes, same = done.stdout.strip().splitlines()
    assert int(size.split()[0]) >= 21 and int(size.split()[1]) > 0
    assert barcodes == "[]"  # nothing of reportlab.graphics.barcode was imported for it
    assert same == "True"  # the same modules as reportlab's encoder imported by name
