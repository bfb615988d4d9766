"""Screenshots of the guard roster with its findings (and an ID number being checked), in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from tests.ui.tables.conftest import OFFSCREEN_NOISE
from ui.open_assessment import OpenAssessment
from ui.shell.i18n import install_language
from ui.shell.style import register_fonts
from ui.tables import TableEditor
from ui.tables.editors import IdNumberEditor

pytestmark = OFFSCREEN_NOISE

SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


@pytest.fixture
def language(request) -> Iterator[str]:
    """The UI language of one test (Chinese again afterwards)."""
    install_language(request.param)
    yield request.param
    install_language("zh")


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_guard_roster_screenshot(qtbot, language: str, sample_model: OpenAssessment) -> None:
    assert register_fonts() is not None
    editor = TableEditor(sample_model, "guards", "guards")
    qtbot.addWidget(editor)
    editor.retranslate_ui()
    editor.resize(1500, 520)
    editor.show()
    qtbot.waitExposed(editor)
    editor.view.selectionModel().select(
        editor.proxy.index(2, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    index = editor.proxy.index(
        4, editor.rows_model.column_index("id_number")
    )  # 陈俊杰: a wrong check character
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    id_editor = editor.view.indexWidget(index)
    assert isinstance(id_editor, IdNumberEditor)
    assert id_editor.status_text().startswith("✗")
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"guards_table_{language}.png"
    assert editor.grab().save(str(path))
    assert path.stat().st_size > 10_000
