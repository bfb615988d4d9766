"""Screenshots of the main screens in Chinese and English under test-artifacts/screenshots/ (to look at)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from checklists.answers import School
from tests.conftest import ROOT
from ui.shell import i18n
from ui.shell.main_window import MainWindow
from ui.store import Store

SHOTS = ROOT / "test-artifacts" / "screenshots"
SIZE = (1366, 860)


def _save(qtbot, widget: QWidget, name: str) -> Path:
    qtbot.wait(250)  # let layouts settle (a table editor lays out in several passes) and repaint
    image = widget.grab().toImage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert image.save(str(path))
    assert image.width() >= 600 and image.height() >= 300
    # Not blank: a rendered screen has many colours.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)
    }
    assert len(colours) > 5
    return path


@pytest.fixture(params=["zh", "en"])
def lang(request, qapp):
    """The app as run_gui sets it up (style, bundled font) in one language; restored afterwards."""
    from ui.shell.style import apply_style, register_fonts

    font, sheet, style = qapp.font(), qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    register_fonts()
    i18n.install_language(request.param)
    yield request.param
    i18n.install_language("zh")
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setFont(font)


def _window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.start()
    window.show()
    qtbot.waitExposed(window)
    window.resize(*SIZE)
    return window


def test_screens(qtbot, lang: str, store: Store) -> None:
    window = _window(qtbot, store)
    _save(qtbot, window, f"{lang}-1-welcome")
    window.show_school_page()
    window.school_page.set_school(
        School(
            "东莞市南城示例实验小学" if lang == "zh" else "Riverside Primary School",
            "4419012345",
            "primary",
            1350,
            "南城街道" if lang == "zh" else "Nancheng",
            0,
            "林思远" if lang == "zh" else "Lin Siyuan",
            "0769-22000000",
        )
    )
    _save(qtbot, window, f"{lang}-2-school-profile")


def test_sample_screens(qtbot, lang: str, store: Store, sample_id: int) -> None:
    window = _window(qtbot, store)
    _save(qtbot, window, f"{lang}-3-home")
    window.open_assessment(sample_id)
    page = window.assessment_page
    assert page is not None
    page.go_to("psychology", "fulltime_psych_teachers")
    _save(qtbot, window, f"{lang}-4-item-page")
    page.go_to("guards", "guards")
    _save(qtbot, window, f"{lang}-5-guard-table")
    page.show_findings()
    _save(qtbot, window, f"{lang}-6-findings")
    page.tabs.setCurrentIndex(0)
    page.go_to("safety", "runs_school_bus")
    page.model.set_answer("safety", "runs_school_bus", False)
    page.go_to("safety", "bus_permit")
    _save(qtbot, window, f"{lang}-7-item-not-applicable")
