"""The findings list's narrow columns are at least as wide as their headings, in each language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from tests.ui.findings.conftest import OFFSCREEN_NOISE
from ui.findings import FindingsPanel
from ui.findings.panel import _MIN_WIDTHS
from ui.open_assessment import OpenAssessment
from ui.shell.i18n import install_language

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def language(request) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    install_language("zh")


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_no_heading_is_cut(qtbot, language: str, sample_model: OpenAssessment) -> None:
    panel = FindingsPanel(sample_model)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    header = panel.view.horizontalHeader()
    metrics = header.fontMetrics()
    for column, _least in _MIN_WIDTHS:
        if header.isSectionHidden(column):  # "vs. last term" without a previous period
            continue
        title = str(panel.proxy.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 16, title


def test_switching_language_refits_the_headings(qtbot, sample_model: OpenAssessment) -> None:
    panel = FindingsPanel(sample_model)
    qtbot.addWidget(panel)
    header = panel.view.horizontalHeader()
    from ui.findings.findings_model import COL_STATUS

    chinese = header.sectionSize(COL_STATUS)
    install_language("en")
    try:
        title = str(panel.proxy.headerData(COL_STATUS, Qt.Orientation.Horizontal))
        assert title == "Rectification"
        qtbot.waitUntil(lambda: header.sectionSize(COL_STATUS) != chinese)  # LanguageChange
        assert header.sectionSize(COL_STATUS) >= header.fontMetrics().horizontalAdvance(title) + 16
        assert header.sectionSize(COL_STATUS) > chinese
    finally:
        install_language("zh")
