"""The summary's compliance chart, drawn with the canvas alone, looks exactly as reportlab's
HorizontalBarChart drew it (the pages rendered by poppler, compared pixel by pixel)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from reports.pdf.styles import ACCENT, CELL_SIZE, INK, RULE, font_name
from reports.pdf.summary import BAR_HEIGHT, ComplianceChart


def reportlab_chart(
    width: float, height: float, left: float, bars: list[tuple[str, float | None]]
) -> Drawing:
    """The chart as the summary built it with reportlab's charting package."""
    font = font_name()
    chart = HorizontalBarChart()
    chart.x, chart.y = left, 20
    chart.width, chart.height = width - left - 40, height - 30
    chart.data = [[v for _, v in bars]]
    chart.categoryAxis.categoryNames = [n for n, _ in bars]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels):
        labels.fontName = font
        labels.fontSize = 8
        labels.fillColor = INK
    chart.categoryAxis.labels.dx = -6
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barWidth = BAR_HEIGHT
    chart.barLabelFormat = lambda v: "" if v is None else f"{v:.1f}%"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    drawing = Drawing(width, height)
    drawing.__dict__["initialFontName"] = font
    drawing.__dict__["initialFontSize"] = CELL_SIZE
    drawing.add(chart)
    for index, (_name, value) in enumerate(bars):
        if value is None:
            y = chart.y + chart.height * (index + 0.5) / len(bars) - 3
            drawing.add(
                String(chart.x + 4, y, "—", fontName=font, fontSize=8, fillColor=colors.grey)
            )
    return drawing


def _page(path: Path, flowable: Any) -> Image.Image:
    canvas = Canvas(str(path), pagesize=(flowable.width + 40, flowable.height + 40))
    flowable.wrapOn(canvas, flowable.width, flowable.height)
    flowable.drawOn(canvas, 20, 20)
    canvas.save()
    subprocess.run(["pdftoppm", "-png", "-r", "200", str(path), str(path.with_suffix(""))],
                   check=True)  # fmt: skip
    (png,) = path.parent.glob(f"{path.stem}-*.png")
    return Image.open(png).convert("RGB")


CASES: dict[str, list[tuple[str, float | None]]] = {
    "four": [("学校保安队伍", 88.9), ("教室照明与近视防控", 93.8), ("心理健康教育…", 94.1),
             ("学校安全工作", 93.1)],
    "nothing judged": [("学校保安队伍", None), ("Lighting", 100.0), ("安全", 0.0)],
    "one": [("学校安全工作", 50.0)],
    "seven": [(f"清单 {n}", 100.0 * n / 7) for n in range(7)],
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_chart_looks_as_reportlabs(case: str, tmp_path: Path) -> None:
    bars = CASES[case]
    width, left = 493.2, 118.0
    height = 30 + BAR_HEIGHT * 1.6 * len(bars)
    ours = _page(tmp_path / "ours.pdf", ComplianceChart(width, height, left, bars))
    theirs = _page(tmp_path / "theirs.pdf", reportlab_chart(width, height, left, bars))
    assert ours.size == theirs.size
    assert ImageChops.difference(ours, theirs).getbbox() is None
    # and something was drawn: the bars in the accent colour
    accent = tuple(int(c * 255 + 0.5) for c in ACCENT.rgb())
    assert any(ours.getpixel((x, y)) == accent for x in range(0, ours.size[0], 3)
               for y in range(0, ours.size[1], 3)) == any(v for _, v in bars)  # fmt: skip


def test_a_report_loads_no_charting_package(tmp_path: Path) -> None:
    """The summary page no longer needs reportlab.graphics (a tenth of the report's imports)."""
    code = (
        "import sys\n"
        "from tests.reports.pdf.pdf_helpers import grown, report_data\n"
        "from reports.pdf import build_report\n"
        "build_report(report_data(grown(10, 5)))\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab.graphics')))\n"
    )
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert not [m for m in loaded if m.startswith(("reportlab.graphics.charts",
                                                   "reportlab.graphics.shapes"))]  # fmt: skip
