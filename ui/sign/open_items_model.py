"""OpenItemsModel: the items still open before signing, each with an editable written reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from checklists.results import OpenItem
from ui.i18n import current_language, translate
from ui.words import item_status_text

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
COL_CHECKLIST, COL_ITEM, COL_STATE, COL_REASON = range(4)


class OpenItemsModel(QAbstractTableModel):
    """One row per open item (checklists.results.open_items); only the reason is editable.

    Signals:
        reasonsChanged: a reason was edited (the dialog re-checks whether it may sign).
    """

    reasonsChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[OpenItem] = []
        self._reasons: list[str] = []

    def set_rows(self, items: list[OpenItem]) -> None:
        """Replace every row; reasons start from those already recorded."""
        self.beginResetModel()
        self._items = list(items)
        self._reasons = [i.reason for i in items]
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_CHECKLIST: translate("OpenItems", "检查清单"),
            COL_ITEM: translate("OpenItems", "检查项"),
            COL_STATE: translate("OpenItems", "情况"),
            COL_REASON: translate("OpenItems", "原因说明（必填）"),
        }.get(section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == COL_REASON else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, lang = self._items[index.row()], current_language()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {
                COL_CHECKLIST: item.checklist_title.get(lang),
                COL_ITEM: item.label.get(lang),
                COL_STATE: item_status_text(item.status),
                COL_REASON: self._reasons[index.row()],
            }.get(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_REASON:
            return translate("OpenItems", "写明此项未完成的原因；原因记录为检查项说明，并印在报告中。")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_REASON or not index.isValid():
            return False
        self._reasons[index.row()] = str(value or "")
        self.dataChanged.emit(index, index)
        self.reasonsChanged.emit()
        return True

    def missing(self) -> int:
        """How many open items still have no written reason."""
        return sum(1 for r in self._reasons if not r.strip())

    def reasons(self) -> dict[str, dict[str, str]]:
        """The written reasons, ``{checklist: {item: reason}}`` (non-empty ones only)."""
        out: dict[str, dict[str, str]] = {}
        for item, reason in zip(self._items, self._reasons, strict=True):
            if reason.strip():
                out.setdefault(item.checklist, {})[item.item] = reason.strip()
        return out
