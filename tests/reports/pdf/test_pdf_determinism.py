"""The same data and the same clock give the same bytes, in one process and across processes."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader

from reports.pdf import ReportData, build_report
from tests.reports.pdf.pdf_helpers import ROOT

BUILD = (
    "import hashlib, sys\n"
    "from tests.reports.pdf.pdf_helpers import report_data\n"
    "from reports.pdf import build_report\n"
    "print(hashlib.sha256(build_report(report_data(lang=sys.argv[1]))).hexdigest())\n"
)


def _digest_in_subprocess(lang: str, hash_seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, TZ="America/New_York")
    proc = subprocess.run(
        [sys.executable, "-c", BUILD, lang],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_two_builds_are_byte_identical(sample_data: ReportData) -> None:
    assert build_report(sample_data) == build_report(sample_data)


def test_builds_in_other_processes_are_byte_identical(sample_data: ReportData) -> None:
    here = hashlib.sha256(build_report(sample_data)).hexdigest()
    # Other hash seeds and another local time zone must not change a byte.
    assert _digest_in_subprocess("zh", "1") == here
    assert _digest_in_subprocess("zh", "4242") == here


def test_another_clock_gives_another_file(sample_data: ReportData) -> None:
    later = dataclasses.replace(
        sample_data, generated_at=sample_data.generated_at + timedelta(minutes=1)
    )
    assert build_report(later) != build_report(sample_data)


def test_the_file_id_differs_between_reports(sample_data: ReportData) -> None:
    english = dataclasses.replace(sample_data, lang="en")
    ids = {
        bytes(PdfReader(io.BytesIO(build_report(d))).trailer["/ID"][1].original_bytes)
        for d in (sample_data, english)
    }
    assert len(ids) == 2


def _png(size: tuple[int, int], color: tuple[int, int, int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(image).ellipse((4, 4, size[0] - 4, size[1] - 4), outline=color, width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_signature_and_seal_images_are_drawn_and_stay_deterministic(
    sample_data: ReportData, tmp_path: Path
) -> None:
    data = dataclasses.replace(
        sample_data,
        signature_image=_png((600, 200), (20, 20, 60, 255)),
        seal_image=_png((400, 400), (200, 20, 20, 255)),
    )
    first = build_report(data)
    assert first == build_report(data)
    out = tmp_path / "signed-on-paper.pdf"
    out.write_bytes(first)
    listing = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    ).stdout
    images = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    last_page = str(len(PdfReader(out).pages))
    assert len([row for row in images if row[0] == last_page and row[2] == "image"]) == 2
