"""Fixtures of the table editor tests: the sample's guard roster in a TableEditor, and what the database holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from models.ops import rows as row_ops
from ui.open_assessment import OpenAssessment
from ui.store import Store
from ui.tables import TableEditor

# The offscreen platform of Qt 6.12 warns whenever a shown window's size limits change.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def stored_rows(
    store: Store, aid: int, cl: str = "guards", item: str = "guards"
) -> list[dict[str, Any]]:
    """The rows of a table as the database holds them (read through the core operations)."""
    return [r.cells for r in store.call(lambda s: row_ops.list_rows(s, aid, cl, item))]


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch) -> list[BaseException]:
    """Errors the editor would show in a dialog (patched: a modal box would block the test)."""
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.tables.editor.show_error", lambda _parent, exc: shown.append(exc))
    return shown


@pytest.fixture
def guards(qtbot, sample_model: OpenAssessment) -> Iterator[TableEditor]:
    """The sample's guard roster (12 guards, 6 with findings) in a shown TableEditor."""
    editor = TableEditor(sample_model, "guards", "guards")
    qtbot.addWidget(editor)
    editor.resize(1400, 600)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor
