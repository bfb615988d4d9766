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


def _symbols() -> list[str]:
    """Payloads of many lengths (so many versions), with the report id's kinds of characters."""
    import random

    rnd = random.Random(22)
    alphabet = "abcdef0123456789|-CSX 秋春"
    return ["".join(rnd.choice(alphabet) for _ in range(n)) for n in range(1, 260, 7)]


def test_masks_are_scored_as_reportlab_scores_them() -> None:
    from reports.pdf.cover import lost_points, qr_encoder

    encoder = qr_encoder()
    scored = 0
    for text in _symbols():
        qr = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
        qr.addData(encoder.QR8bitByte(text))
        qr.version = qr.calculate_version()
        for mask in range(8):
            qr.makeImpl(True, mask)
            assert lost_points(qr.modules) == encoder.QRUtil.getLostPoint(qr), (text, mask)
            scored += 1
    assert scored == 8 * len(_symbols())


def test_penalty_rules_each_count() -> None:
    """Each rule on a symbol made for it: a wrong rule would miss or overcount it."""
    from reports.pdf.cover import lost_points, qr_encoder

    qr_util = qr_encoder().QRUtil

    class Symbol:
        def __init__(self, modules: list[list[bool]]) -> None:
            self.modules = modules

    size = 21
    checker = [[(r + c) % 2 == 0 for c in range(size)] for r in range(size)]
    finder = [list(map(bool, (1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0))) + checker[0][11:]]
    shapes = {
        "checker": checker,  # no runs, no blocks, half dark
        "all dark": [[True] * size for _ in range(size)],  # runs, blocks, far from half
        "one run": [[c < 9 for c in range(size)] if r == 3 else checker[r] for r in range(size)],
        "finder": finder + checker[1:],
        "finder at the end": [checker[0][:10] + finder[0][:11]] + checker[1:],
    }
    for name, modules in shapes.items():
        assert lost_points(modules) == qr_util.getLostPoint(Symbol(modules)), name
    assert lost_points(checker) == 0


def test_the_cover_picks_reportlabs_mask() -> None:
    from reports.pdf.cover import QrCode, qr_encoder

    encoder = qr_encoder()
    for text in _symbols():
        qr = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
        qr.addData(encoder.QR8bitByte(text))
        qr.make()
        assert QrCode(text).modules == [[bool(d) for d in row] for row in qr.modules], text
