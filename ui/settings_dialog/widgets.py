"""Small pieces the settings tabs share: a read-only table, a confirmation, a note."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)


def make_table(model: QAbstractItemModel, name: str, stretch: int = 0) -> QTableView:
    """A read-only, row-selecting table over ``model`` (column ``stretch`` takes the spare width)."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def selected_row(view: QTableView) -> int:
    """The selected row (-1 when none)."""
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question; True for yes."""
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


def note(text: str) -> QLabel:
    """A grey explanatory line."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label
