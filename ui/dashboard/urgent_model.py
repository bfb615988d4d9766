"""UrgentRectificationsModel: the most urgent open findings for the dashboard's table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from checklists.results import SEVERITY_ORDER
from ui.dashboard.figures import UrgentEntry
from ui.shell.i18n import current_language
from ui.tables.texts import SEVERITY_FILL, SEVERITY_TEXT, severity_text, status_text
from ui.words import format_date

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
(
    COL_DUE,
    COL_LEFT,
    COL_SEVERITY,
    COL_FINDING,
    COL_MEASURE,
    COL_RESPONSIBLE,
    COL_STATUS,
    COL_NEED,
) = range(8)
EntryRole = Qt.ItemDataRole.UserRole + 1  # the UrgentEntry
SortRole = Qt.ItemDataRole.UserRole + 2
OVERDUE = QColor("#B3261E")
SOON = QColor("#9C4A00")


class UrgentRectificationsModel(QAbstractTableModel):
    """Rows in urgency order: due date, days left, severity, finding, measure, who, status, what is needed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UrgentEntry] = []
        self._titles: Mapping[str, str] = {}

    def set_rows(self, rows: list[UrgentEntry], titles: Mapping[str, str]) -> None:
        """Replace every row; ``titles`` names the checklists (id → title)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._titles = dict(titles)
        self.endResetModel()

    def entry(self, row: int) -> UrgentEntry:
        """The entry shown in ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 8

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_DUE: self.tr("整改期限"),
            COL_LEFT: self.tr("剩余"),
            COL_SEVERITY: self.tr("严重程度"),
            COL_FINDING: self.tr("问题"),
            COL_MEASURE: self.tr("整改措施"),
            COL_RESPONSIBLE: self.tr("责任人"),
            COL_STATUS: self.tr("状态"),
            COL_NEED: self.tr("处理方式"),
        }.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_FINDING, COL_MEASURE):
            return self._text(entry, column)
        if role == EntryRole:
            return entry
        if role == SortRole:
            return self._sort_key(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(entry, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_SEVERITY:
            return SEVERITY_FILL.get(entry.finding.severity)
        return None

    def _text(self, entry: UrgentEntry, column: int) -> str:
        finding, plan = entry.finding, entry.finding.rectification
        if column == COL_DUE:
            return format_date(entry.due) if entry.due else self.tr("未制定计划")
        if column == COL_LEFT:
            return self._left_text(entry)
        if column == COL_SEVERITY:
            return severity_text(finding.severity)
        if column == COL_FINDING:
            title = self._titles.get(finding.checklist, finding.checklist)
            where = (
                title
                if finding.row is None
                else self.tr("%1 第 %2 行").replace("%1", title).replace("%2", str(finding.row + 1))
            )
            return f"{finding.message.get(current_language())} — {where}"
        if column == COL_MEASURE:
            return plan.measure if plan else ""
        if column == COL_RESPONSIBLE:
            return plan.responsible if plan else ""
        if column == COL_STATUS:
            return status_text(entry.status)
        if entry.need == "explain":
            return self.tr("可说明或整改")
        return self.tr("须整改")

    def _left_text(self, entry: UrgentEntry) -> str:
        if entry.days_left is None:
            return "—"
        if entry.days_left < 0:
            return self.tr("逾期 %1 天").replace("%1", str(-entry.days_left))
        if entry.days_left == 0:
            return self.tr("今天到期")
        return self.tr("还有 %1 天").replace("%1", str(entry.days_left))

    def _foreground(self, entry: UrgentEntry, column: int) -> QColor | None:
        if column == COL_SEVERITY:
            return SEVERITY_TEXT.get(entry.finding.severity)
        if column in (COL_DUE, COL_LEFT) and entry.days_left is not None:
            if entry.days_left < 0:
                return OVERDUE
            if entry.days_left <= 14:
                return SOON
        if column == COL_DUE and entry.due is None:
            return OVERDUE
        return None

    def _sort_key(self, entry: UrgentEntry, column: int) -> Any:
        if column in (COL_DUE, COL_LEFT):
            return entry.due.toordinal() if entry.due else 10**7
        if column == COL_SEVERITY:
            return SEVERITY_ORDER.get(entry.finding.severity, 9)
        return self._text(entry, column)
