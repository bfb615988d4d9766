"""ui.row_table_model: the shared part of the read-only tables (rows, counts, headers, bounds)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from ui.row_table_model import RowTableModel


class Words(RowTableModel[tuple[str, int]]):
    def headers(self) -> list[str]:
        return ["词", "次数"]

    def cell(self, row: tuple[str, int], column: int, role: int) -> Any:
        return str(row[column]) if role == Qt.ItemDataRole.DisplayRole else None


def test_rows_headers_and_cells(qtmodeltester) -> None:
    model = Words()
    model.set_rows([("符合", 3), ("不符合", 1)])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "次数"
    assert model.headerData(2, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.index(1, 0).data() == "不符合" and model.row_at(0) == ("符合", 3)


def test_outside_the_table_gives_nothing() -> None:
    model = Words()
    model.set_rows([("符合", 3)])
    assert model.data(QModelIndex()) is None
    assert model.data(model.createIndex(5, 0)) is None
    assert model.data(model.createIndex(0, 7)) is None
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0


def test_retranslate_refreshes_headers_and_cells(qtbot) -> None:
    model = Words()
    model.set_rows([("符合", 3)])
    with qtbot.waitSignals([model.headerDataChanged, model.dataChanged], timeout=1000):
        model.retranslate()
