"""The item page and the findings list on a small screen: 1280×720, and 200% scaling.

Rows are counted in the widgets' own viewports (fully visible rows only), on real widgets.
200% on a 1920×1080 screen leaves 960×540 logical pixels: the in-process tests use that size;
one subprocess runs the window with QT_SCALE_FACTOR=2 (device pixel ratio 2) on the same size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def visible_rows(view) -> int:
    """Rows the view's viewport shows whole (a cut-off last row does not count)."""
    height = view.verticalHeader().defaultSectionSize()
    return min(view.viewport().height() // height, view.model().rowCount())


def _open(qtbot, window, sample_id: int, size: tuple[int, int]):
    window.resize(*size)
    window.open_assessment(sample_id)
    page = window.assessment_page
    page.go_to("guards", "guards")
    qtbot.waitUntil(lambda: page.page.table is not None and page.page.table.isVisible())
    qtbot.wait(20)
    return page


@pytest.mark.parametrize("size", [(1280, 720), (960, 540)])
def test_the_roster_shows_at_least_eight_rows(qtbot, sample_window, sample_id, size) -> None:
    page = _open(qtbot, sample_window, sample_id, size)
    view = page.page.table.view
    assert view.model().rowCount() >= 12
    assert visible_rows(view) >= 8, (view.viewport().height(), size)


def test_the_page_scrolls_to_what_lies_below_the_roster(qtbot, sample_window, sample_id) -> None:
    """The table keeps its rows; the note and the step buttons are reached by scrolling the page."""
    page = _open(qtbot, sample_window, sample_id, (960, 540))
    item_page = page.page
    bar = item_page.verticalScrollBar()
    assert bar.maximum() > 0  # the page scrolls rather than squeezing the table
    item_page.ensureWidgetVisible(item_page.next_button)
    qtbot.wait(10)
    corner = item_page.next_button.mapTo(
        item_page.viewport(), item_page.next_button.rect().bottomRight()
    )
    assert item_page.viewport().rect().contains(corner)
    assert visible_rows(item_page.table.view) >= 8


def test_a_tall_window_gives_the_roster_the_room(qtbot, sample_window, sample_id) -> None:
    """On a 1200-high window the table grows with the page instead of staying at its minimum."""
    page = _open(qtbot, sample_window, sample_id, (1280, 720))
    small = page.page.table.view.height()
    sample_window.resize(1600, 1200)
    qtbot.waitUntil(lambda: page.page.table.view.height() > small + 150)
    assert visible_rows(page.page.table.view) >= 12


@pytest.mark.parametrize("size", [(1280, 720), (960, 540)])
def test_the_findings_list_shows_several_findings(qtbot, sample_window, sample_id, size) -> None:
    page = _open(qtbot, sample_window, sample_id, size)
    page.tabs.setCurrentWidget(page.findings_tab)
    qtbot.waitUntil(lambda: page.findings is not None and page.findings.view.isVisible())
    qtbot.wait(20)
    assert visible_rows(page.findings.view) >= (5 if size[0] == 1280 else 3)


_SCRIPT = r"""
import json, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from models.database import open_database
from ui.shell.demo import import_sample
from ui.store import Store
from ui.shell.main_window import MainWindow
db = open_database(Path(tempfile.mkdtemp()))
store = Store(db, "tester")
sample = store.call(lambda s: import_sample(s, user="tester"))
window = MainWindow(store)
window.start()
window.resize(960, 540)
window.show()
window.open_assessment(sample)
page = window.assessment_page
page.go_to("guards", "guards")
for _ in range(5):
    app.processEvents()
def rows(view):
    return min(view.viewport().height() // view.verticalHeader().defaultSectionSize(), view.model().rowCount())
roster = rows(page.page.table.view)
page.tabs.setCurrentWidget(page.findings_tab)
for _ in range(5):
    app.processEvents()
print(json.dumps({"ratio": window.devicePixelRatio(), "roster": roster, "findings": rows(page.findings.view)}))
db.close()
"""


def test_at_200_percent_scaling(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2",
               XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(ROOT))  # fmt: skip
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == 2.0
    assert seen["roster"] >= 8
    assert seen["findings"] >= 3
