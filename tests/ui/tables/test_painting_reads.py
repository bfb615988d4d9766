"""What a painted cell, the row numbers and the filter read equals what the model says, role by role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from checklists.idnumber import check_character
from tests.ui.tables.conftest import OFFSCREEN_NOISE
from ui.open_assessment import OpenAssessment
from ui.tables import TableEditor, TableRowsModel

pytestmark = OFFSCREEN_NOISE

ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.DecorationRole,
    TableRowsModel.RawValueRole,
    TableRowsModel.SortKeyRole,
    TableRowsModel.RowIdRole,
    TableRowsModel.ColumnIdRole,
    TableRowsModel.FilterTextRole,
]


@pytest.mark.parametrize("view", ["as stored", "sorted", "filtered"])
def test_multi_data_gives_what_data_gives_for_every_role(guards: TableEditor, view: str) -> None:
    proxy = guards.proxy
    if view == "sorted":
        guards.view.sortByColumn(
            guards.rows_model.column_index("age"), Qt.SortOrder.DescendingOrder
        )
    elif view == "filtered":
        guards.filter_box.setText("杨春生")
        assert proxy.rowCount() == 1 and proxy.source_row(0) > 0  # a row shown out of place
    assert (proxy.sortColumn() >= 0) == (view == "sorted")
    for row in range(proxy.rowCount()):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            for role in ROLES:
                slot = QModelRoleData(role)
                proxy.multiData(index, QModelRoleDataSpan(slot))
                assert slot.data() == index.data(role), (row, column, role)


def test_the_delegate_sees_the_models_texts_colours_and_fonts(guards: TableEditor) -> None:
    proxy, delegate = guards.proxy, QStyledItemDelegate()
    bold_cells = 0
    for row in range(proxy.rowCount()):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)  # asks for its roles in one multiData call
            assert option.text == (index.data() or "")
            background = index.data(Qt.ItemDataRole.BackgroundRole)
            if background is not None:
                assert option.backgroundBrush.color() == background
            bold = index.data(Qt.ItemDataRole.FontRole) is not None
            assert option.font.bold() == bold
            bold_cells += bold
            right = index.data(Qt.ItemDataRole.TextAlignmentRole)
            assert bool(option.displayAlignment & Qt.AlignmentFlag.AlignRight) == (
                right is not None
            )
    assert bold_cells > 0  # the sample's roster has failing cells


@pytest.mark.parametrize("text", [".", "(", "*", "[", "\\", "粤莞保字 2021", "李国平", "1964"])
def test_filter_words_are_matched_literally(guards: TableEditor, text: str) -> None:
    rows = guards.rows_model
    guards.filter_box.setText(text)
    words = text.casefold().split()
    expected = [r for r in range(rows.rowCount()) if all(w in rows.row_text(r) for w in words)]
    assert guards.proxy.rowCount() == len(expected)
    assert [guards.proxy.source_row(r) for r in range(guards.proxy.rowCount())] == expected


def test_findings_only_keeps_exactly_the_flagged_rows(guards: TableEditor) -> None:
    rows = guards.rows_model
    guards.findings_only.setChecked(True)
    flagged = [
        r for r in range(rows.rowCount()) if rows.notes(r).findings or rows.notes(r).bad_columns()
    ]
    assert 0 < len(flagged) < rows.rowCount()
    assert [guards.proxy.source_row(r) for r in range(guards.proxy.rowCount())] == flagged
    guards.findings_only.setChecked(False)
    assert guards.proxy.rowCount() == rows.rowCount()


def _roster(n: int) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        first = f"441900{date(1970, 1, 1) + timedelta(days=i * 37):%Y%m%d}{i % 1000:03d}"
        rows.append(
            {"name": f"保安{(i * 7) % 97:03d}", "id_number": first + check_character(first)}
        )
    rows[-1]["name"] = "保安048"  # the highest row number sorts to the middle
    return rows


def test_row_numbers_are_never_cut_off(qtbot, sample_model: OpenAssessment) -> None:
    # More rows than the header measures, sorted so that the highest number sits mid-table.
    sample_model.replace_rows("guards", "guards", _roster(1234), "roster.xlsx")
    editor = TableEditor(sample_model, "guards", "guards")
    qtbot.addWidget(editor)
    editor.resize(900, 500)
    editor.show()
    qtbot.waitExposed(editor)
    editor.view.sortByColumn(editor.rows_model.column_index("name"), Qt.SortOrder.DescendingOrder)
    header = editor.view.verticalHeader()
    last = editor.proxy.mapFromSource(editor.rows_model.index(1233, 0)).row()
    assert 40 < last < 1194  # neither among the first nor the last rows
    widest = max(header.sectionSizeFromContents(s).width() for s in range(header.count()))
    assert header.sizeHint().width() == widest
    assert header.width() >= widest
    assert header.sizeHint().width() >= header.fontMetrics().horizontalAdvance("1234")
