"""A WindowedTable draws the same pages as one reportlab Table of all its rows, and measures each
row a bounded number of times (one Table is measured again in full at every page break)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from reports.pdf.long_table import WindowedTable

STYLE: list[tuple[Any, ...]] = [
    ("FONT", (0, 0), (-1, -1), "Helvetica", 8, 10.5),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 1), (-1, -1), 0.35, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.darkblue),
    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
]
WIDTHS = [40.0, 60.0, 300.0]
ROWS = 700


def _cells(body: Any, count: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(count):
        words = " ".join(["illuminance below the standard"] * (1 + i % 5))  # 1 to 3 lines
        rows.append([f"F{i + 1}", "major" if i % 3 else "minor", Paragraph(words, body)])
    return rows


def _row_marks(i: int) -> list[tuple[Any, ...]]:
    return [("BACKGROUND", 1, 1, colors.pink), ("TEXTCOLOR", 1, 1, colors.red)] if i % 3 else []


def _header(head: Any) -> list[Any]:
    return [Paragraph(h, head) for h in ("No.", "Severity", "Finding")]


def _build(path: Path, windowed: bool, count: int = ROWS) -> None:
    styles = getSampleStyleSheet()
    body, head = styles["BodyText"], styles["Heading6"]
    rows = _cells(body, count)
    flowables: list[Any] = [Paragraph("Findings", styles["Heading1"])]
    if windowed:
        marks = [_row_marks(i) for i in range(count)]
        flowables.append(WindowedTable(lambda: _header(head), rows, WIDTHS, STYLE, marks))
    else:
        style = list(STYLE)
        for i in range(count):
            style += [(name, (a, i + 1), (b, i + 1), *v) for name, a, b, *v in _row_marks(i)]
        flowables.append(
            Table(
                [_header(head), *rows], colWidths=WIDTHS, repeatRows=1, style=style, hAlign="LEFT"
            )
        )
    flowables.append(Paragraph("After the table", body))
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(flowables)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("windowed")
    one, windowed = folder / "one.pdf", folder / "windowed.pdf"
    _build(one, windowed=False)
    _build(windowed, windowed=True)
    return one, windowed


def test_the_text_of_every_page_is_the_same(pdfs: tuple[Path, Path]) -> None:
    texts = [
        subprocess.run(
            ["pdftotext", "-layout", str(p), "-"], capture_output=True, text=True, check=True
        ).stdout  # fmt: skip
        for p in pdfs
    ]
    assert texts[0].count("\f") > 10  # many pages: many splits
    assert texts[0] == texts[1]


def test_every_page_looks_the_same(pdfs: tuple[Path, Path], tmp_path: Path) -> None:
    images = []
    for index, pdf in enumerate(pdfs):
        prefix = tmp_path / f"p{index}"
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(prefix)], check=True)
        images.append(sorted(tmp_path.glob(f"p{index}-*.pgm")))
    assert len(images[0]) == len(images[1]) > 10
    for one, windowed in zip(*images, strict=True):
        assert one.read_bytes() == windowed.read_bytes(), one.name


def test_the_work_grows_linearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Counted for n and 4n rows: the style commands reportlab files (one Table files those of
    all the rows left again at every page break) and the Paragraph wraps."""
    counts: dict[tuple[bool, int], tuple[int, int]] = {}
    for windowed in (False, True):
        for count in (ROWS // 2, 2 * ROWS):
            calls = {"command": 0, "wrap": 0}
            with monkeypatch.context() as patch:
                for cls, name, key in (
                    (Table, "_addCommand", "command"),
                    (Paragraph, "wrap", "wrap"),
                ):
                    original = getattr(cls, name)

                    def counting(
                        self: Any,
                        *a: Any,
                        original: Any = original,
                        key: str = key,
                        calls: dict[str, int] = calls,
                    ) -> Any:
                        calls[key] += 1
                        return original(self, *a)

                    patch.setattr(cls, name, counting)
                _build(tmp_path / f"{windowed}{count}.pdf", windowed, count)
            counts[windowed, count] = (calls["command"], calls["wrap"])

    def growth(windowed: bool, what: int) -> float:
        return counts[windowed, 2 * ROWS][what] / counts[windowed, ROWS // 2][what]

    assert growth(True, 0) < 4.5 and growth(True, 1) < 4.5, counts
    assert growth(False, 0) > 6, counts  # the count sees the quadratic work it replaces
