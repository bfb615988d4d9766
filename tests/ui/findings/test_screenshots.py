"""Screenshots of the findings panel (an explainable finding selected), in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.findings.conftest import OFFSCREEN_NOISE
from ui.findings import FindingsPanel
from ui.open_assessment import OpenAssessment
from ui.shell.i18n import install_language
from ui.shell.style import register_fonts

pytestmark = OFFSCREEN_NOISE

SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


@pytest.fixture
def language(request) -> Iterator[str]:
    """The UI language of one test (Chinese again afterwards)."""
    install_language(request.param)
    yield request.param
    install_language("zh")


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_findings_panel_screenshot(qtbot, language: str, sample_model: OpenAssessment) -> None:
    assert register_fonts() is not None
    panel = FindingsPanel(sample_model)
    qtbot.addWidget(panel)
    panel.retranslate_ui()
    panel.resize(1100, 760)
    panel.show()
    qtbot.waitExposed(panel)
    finding = next(f for f in sample_model.findings() if f.code == "new_hire_over_45")
    assert panel.select_finding(finding)
    assert panel.editor.finding == finding
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"findings_panel_{language}.png"
    assert panel.grab().save(str(path))
    assert path.stat().st_size > 10_000
