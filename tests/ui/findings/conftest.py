"""Fixtures of the findings panel tests: the sample assessment's findings in a shown FindingsPanel."""

from __future__ import annotations

import pytest

from ui.findings import FindingsPanel
from ui.open_assessment import OpenAssessment

# The offscreen platform of Qt 6.12 warns whenever a shown window's size limits change.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch) -> list[BaseException]:
    """Errors the panel would show in a dialog (patched: a modal box would block the test)."""
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.findings.panel.show_error", lambda _parent, exc: shown.append(exc))
    return shown


@pytest.fixture
def panel(qtbot, sample_model: OpenAssessment) -> FindingsPanel:
    """The sample's 17 findings in a shown FindingsPanel."""
    found = FindingsPanel(sample_model)
    qtbot.addWidget(found)
    found.resize(1000, 700)
    found.show()
    qtbot.waitExposed(found)
    return found
