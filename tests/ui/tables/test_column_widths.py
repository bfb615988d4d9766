"""Column widths follow the rows: an empty roster filled by an import shows whole ID numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.ops.rows import replace_table_rows
from tests.ui.tables.conftest import OFFSCREEN_NOISE
from ui.open_assessment import OpenAssessment
from ui.store import Store
from ui.tables import TableEditor
from ui.tables import editor as editor_module

pytestmark = OFFSCREEN_NOISE

ROWS = [
    {
        "name": "欧阳建国",
        "id_number": "441900197001010010",
        "hire_date": "2019-03-01",
        "on_guard_post": True,
        "licence_no": "粤莞保字2019A00001234",
    },
]


def test_widths_grow_when_rows_arrive(qtbot, store: Store, sample_id: int) -> None:
    store.call(lambda s: replace_table_rows(s, sample_id, "guards", "guards", []))
    editor_module._WIDTHS.clear()
    model = OpenAssessment(store, sample_id)
    editor = TableEditor(model, "guards", "guards")
    qtbot.addWidget(editor)
    editor.resize(1280, 600)
    editor.show()
    qtbot.waitExposed(editor)
    column = editor.rows_model.column_index("id_number")
    header = editor.view.horizontalHeader()
    empty_width = header.sectionSize(column)
    model.replace_rows("guards", "guards", ROWS, "roster.xlsx")
    index = editor.rows_model.index(0, column)
    text = str(index.data(Qt.ItemDataRole.DisplayRole))
    assert "441900" in text
    needed = editor.view.fontMetrics().horizontalAdvance(text)
    assert header.sectionSize(column) > empty_width
    assert header.sectionSize(column) >= needed  # the whole number shows, nothing cut off
    # The next editor of this table starts with the grown widths.
    again = TableEditor(model, "guards", "guards")
    qtbot.addWidget(again)
    assert again.view.horizontalHeader().sectionSize(column) == header.sectionSize(column)
