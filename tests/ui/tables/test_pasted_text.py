"""Text pasted into a roster cell from another program: its line breaks (Word's manual line break
is U+000B) and tabs become spaces before the cell is saved, so the roster never holds a character
an export, ``validate``, ``verify`` or the office refuses; any other control character is refused
with its position, and nothing is stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from checklists.answers import value_to_json
from checklists.answers_json import structure_problems
from tests.ui.tables.conftest import OFFSCREEN_NOISE, stored_rows
from tests.ui.tables.test_editor import open_editor
from ui.store import Store
from ui.tables import TableEditor

pytestmark = OFFSCREEN_NOISE


def _paste(qtbot, guards: TableEditor, row: int, text: str) -> None:
    line = open_editor(guards, row, "name")
    assert isinstance(line, QLineEdit)
    QGuiApplication.clipboard().setText(text)
    line.selectAll()
    line.paste()  # what Ctrl+V does
    qtbot.keyClick(line, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    "pasted",
    ["甲\x0b乙", "甲\u2028乙", "甲\r\n乙", "甲\x0c乙", "甲\t乙", "\x0b甲\x85乙\u2029"],
)
def test_a_pasted_line_break_is_saved_as_a_space(
    qtbot, store: Store, sample_id: int, guards: TableEditor, shown_errors, pasted: str
) -> None:
    _paste(qtbot, guards, 7, pasted)
    qtbot.waitUntil(lambda: stored_rows(store, sample_id)[7]["name"] == "甲 乙")
    assert shown_errors == []
    assert guards.rows_model.data(guards.rows_model.index(7, 0)) == "甲 乙"
    assert structure_problems(value_to_json(stored_rows(store, sample_id))) == []


def test_another_control_character_is_refused_and_nothing_is_stored(
    qtbot, store: Store, sample_id: int, guards: TableEditor, shown_errors
) -> None:
    before = stored_rows(store, sample_id)
    _paste(qtbot, guards, 7, "甲\x01乙")
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert "U+0001" in shown_errors[0].zh and "第 2 字" in shown_errors[0].zh
    assert stored_rows(store, sample_id) == before


def test_confirming_a_cell_an_older_version_stored_with_a_line_break_fixes_it(
    qtbot, store: Store, sample_id: int, guards: TableEditor, shown_errors
) -> None:
    """What the refusal to sign asks of the user: open the named cell and confirm it."""
    import json

    from models import cache

    row_id = guards.rows_model.row_id(7)

    def write(s) -> None:
        connection = s.connection()
        (cells,) = connection.exec_driver_sql(
            "SELECT cells_json FROM table_rows WHERE id = ?", (row_id,)
        ).first()
        connection.exec_driver_sql(
            "UPDATE table_rows SET cells_json = ? WHERE id = ?",
            (json.dumps({**json.loads(cells), "name": "李\x0b国平"}), row_id),
        )

    store.call(write)
    cache.forget(store.db.engine)
    guards.rows_model.assessment.reload()  # as when the self-check is opened
    guards.rows_model.refresh()
    assert guards.rows_model.raw_value(7, 0) == "李\x0b国平"
    line = open_editor(guards, 7, "name")
    assert isinstance(line, QLineEdit)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_rows(store, sample_id)[7]["name"] == "李 国平")
    assert shown_errors == []
