"""ImportProblemsModel: the problems (or warnings) of a spreadsheet import, one per line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from reports.excel.problems import ImportProblem
from ui.tables.texts import current_lang

Index = QModelIndex | QPersistentModelIndex

COL_SHEET, COL_ROW, COL_COLUMN, COL_VALUE, COL_REASON = range(5)


class ImportProblemsModel(QAbstractTableModel):
    """Every problem of a rejected import (or every warning of an accepted one): where, value, reason."""

    ProblemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: list[ImportProblem] = []

    def set_rows(self, problems: Sequence[ImportProblem]) -> None:
        """Show ``problems`` (a model reset)."""
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problems(self) -> list[ImportProblem]:
        """The problems shown."""
        return list(self._problems)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        names = (self.tr("工作表"), self.tr("行"), self.tr("列"), self.tr("值"), self.tr("原因"))
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(problem, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ProblemRole:
            return problem
        return None

    def _text(self, problem: ImportProblem, column: int) -> str:
        if column == COL_SHEET:
            return problem.sheet
        if column == COL_ROW:
            return "" if problem.row is None else str(problem.row)
        if column == COL_COLUMN:
            return problem.column or ""
        if column == COL_VALUE:
            return problem.value
        return problem.en if current_lang() == "en" else problem.zh

    def retranslate(self) -> None:
        """Headers and reasons in the current language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        if self._problems:
            self.dataChanged.emit(
                self.index(0, COL_REASON), self.index(len(self._problems) - 1, COL_REASON)
            )
