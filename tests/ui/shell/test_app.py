"""Start-up: remembered window and assessment, the bundled font, high-DPI, main.py in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from tests.conftest import ROOT
from ui.shell import settings
from ui.shell.main_window import MainWindow
from ui.shell.style import register_fonts
from ui.store import Store


def test_geometry_and_last_assessment_are_remembered(qtbot, store: Store, sample_id: int) -> None:
    first = MainWindow(store)
    qtbot.addWidget(first)
    first.start()
    first.show()
    first.resize(701, 503)  # within the offscreen screen
    first.open_assessment(sample_id)
    assert first.assessment_page is not None
    first.assessment_page.go_to("guards", "guards")
    first.close()
    assert settings.last_assessment(store.data_dir) == sample_id
    second = MainWindow(store)
    qtbot.addWidget(second)
    second.start()
    second.show()
    assert second.page_name == "assessment"
    assert second.assessment is not None and second.assessment.assessment_id == sample_id
    assert (second.width(), second.height()) == (701, 503)


def test_closing_on_home_forgets_the_assessment(qtbot, store: Store, sample_id: int) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.start()
    window.open_assessment(sample_id)
    window.go_home()
    window.close()
    assert settings.last_assessment(store.data_dir) is None


def test_settings_live_in_the_test_folder(isolated_settings: Path, store: Store) -> None:
    settings.set_last_assessment(store.data_dir, 5)
    files = list(isolated_settings.rglob("*.ini"))
    assert files and "last_assessment" in files[0].read_text()


def test_bundled_font_renders_chinese(qapp) -> None:
    family = register_fonts()
    assert family is not None and family in QFontDatabase.families()
    assert QApplication.font().family() == family
    metrics = QFontMetrics(QFont(family, 10))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "校园自查保安员名册")


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_main_py_opens_a_new_data_folder(tmp_path: Path) -> None:
    result = _run(data_dir=tmp_path / "fresh")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("painted ")
    assert (tmp_path / "fresh" / "campus.db").exists()
    assert "Traceback" not in result.stderr


def test_main_py_demo_leaves_the_data_folder_alone(tmp_path: Path) -> None:
    result = _run("--demo", "--lang", "en", data_dir=tmp_path / "mine")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "mine").exists()


def test_main_py_at_200_percent_scaling(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QT_SCALE_FACTOR", "2")
    result = _run("--demo", data_dir=tmp_path / "mine")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_start_up_imports_no_report_libraries(tmp_path: Path, cli) -> None:
    """reportlab, openpyxl and pyHanko stay off the start-up path (python -X importtime)."""
    data = tmp_path / "data"
    assert (
        cli(
            "import", str(ROOT / "resources" / "samples" / "sample_school.json"), data_dir=data
        ).returncode
        == 0
    )
    env = dict(
        os.environ,
        CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1",
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    cmd = [sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--data-dir", str(data)]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "ui.home.home_page" in imported  # it did start on the home page
    heavy = {
        m for m in imported if m.split(".")[0] in ("reportlab", "openpyxl", "pyhanko", "pypdf")
    }
    assert heavy == set()


def _start_imports(tmp_path: Path, *args: str) -> list[str]:
    """The modules a main.py start imports until its first paint, in the order their imports
    end (python -X importtime)."""
    env = dict(
        os.environ,
        CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1",
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        CAMPUS_SELFCHECK_CACHE=str(tmp_path / "cache"),
    )
    cmd = [sys.executable, "-X", "importtime", str(ROOT / "main.py"), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("painted ")
    return [
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    ]


# The ORM, and the code of an open self-check (its evaluation results, its model)
ORM = {"sqlalchemy.orm", "models.tables", "models.ops.common", "models.cache"}
SELF_CHECK = {"ui.open_assessment", "checklists.results", "checklists.comparison"}


def test_the_first_page_is_read_without_the_orm(tmp_path: Path, cli) -> None:
    """The home page of a data folder, and of the demo (its prepared database built by the first
    start), is painted with neither the ORM nor a self-check's code imported: the list is read
    with SQL (models.listing)."""
    data = tmp_path / "data"
    sample = str(ROOT / "resources" / "samples" / "sample_school.json")
    assert cli("import", sample, data_dir=data).returncode == 0
    imported = _start_imports(tmp_path, "--data-dir", str(data))
    assert {"ui.home.home_page", "models.listing", "sqlalchemy"} <= set(imported)
    assert set(imported) & (ORM | SELF_CHECK) == set()
    # the Qt-free modules it needs are imported before PySide6 (whose import hook slows them)
    qt = imported.index("PySide6.QtCore")
    assert imported.index("sqlalchemy.dialects.sqlite") < qt
    assert imported.index("models.listing") < qt and imported.index("reports.fonts") < qt
    _start_imports(tmp_path, "--demo", "--data-dir", str(tmp_path / "own"))  # builds the copy
    imported = _start_imports(tmp_path, "--demo", "--data-dir", str(tmp_path / "own"))
    assert "ui.home.home_page" in imported
    assert set(imported) & (ORM | SELF_CHECK) == set()


GC_PROBE = r"""
import gc, os, runpy, sys
sys.argv = ["main.py", *sys.argv[1:]]
ended = os._exit
def report(code):
    print("collecting", gc.isenabled(), gc.get_freeze_count(), code, file=sys.stderr, flush=True)
    ended(code)
os._exit = report  # the GUI's end (main.main) reports how it left the collector
runpy.run_path("main.py", run_name="__main__")
"""


def test_a_gui_process_collects_again_once_the_window_is_shown(tmp_path: Path) -> None:
    """main.py pauses the cyclic collector for the start; once the window is shown it collects
    again, with what the start built frozen out of its passes."""
    env = dict(
        os.environ,
        CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1",
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [sys.executable, "-c", GC_PROBE, "--data-dir", str(tmp_path / "data")],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    line = [x for x in done.stderr.splitlines() if x.startswith("collecting ")][-1]
    _, enabled, frozen, code = line.split()
    assert enabled == "True" and int(frozen) > 10_000 and code == "0"
