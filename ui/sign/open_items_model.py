"""OpenItemsModel: the items still open before signing, each with an editable written reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from checklists.results import OpenItem
from ui.row_table_model import Index, RowTableModel
from ui.shell.i18n import current_language, translate
from ui.words import item_status_text

COL_CHECKLIST, COL_ITEM, COL_STATE, COL_REASON = range(4)


class OpenItemsModel(RowTableModel[OpenItem]):
    """One row per open item (checklists.results.open_items); only the reason is editable.

    Signals:
        reasonsChanged: a reason was edited (the dialog re-checks whether it may sign).
    """

    reasonsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reasons: dict[tuple[str, str], str] = {}

    def set_rows(self, items: Iterable[OpenItem]) -> None:
        """Replace every row; reasons start from those already recorded."""
        items = list(items)
        self._reasons = {(i.checklist, i.item): i.reason for i in items}
        super().set_rows(items)

    def headers(self) -> list[str]:
        """检查清单, 检查项, 情况, 原因说明（必填）."""
        return [
            translate("OpenItems", "检查清单"),
            translate("OpenItems", "检查项"),
            translate("OpenItems", "情况"),
            translate("OpenItems", "原因说明（必填）"),
        ]

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Only the reason is editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == COL_REASON else base

    def cell(self, item: OpenItem, column: int, role: int) -> Any:
        """The item's checklist, label, state and the reason written so far."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            lang = current_language()
            return {
                COL_CHECKLIST: item.checklist_title.get(lang),
                COL_ITEM: item.label.get(lang),
                COL_STATE: item_status_text(item.status),
                COL_REASON: self._reasons[(item.checklist, item.item)],
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_REASON:
            return translate(
                "OpenItems", "写明此项未完成的原因；原因记录为检查项说明，并印在报告中。"
            )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Write the reason of an item."""
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_REASON or not index.isValid():
            return False
        item = self.row_at(index.row())
        self._reasons[(item.checklist, item.item)] = str(value or "")
        self.dataChanged.emit(index, index)
        self.reasonsChanged.emit()
        return True

    def missing(self) -> int:
        """How many open items still have no written reason."""
        return sum(1 for r in self._reasons.values() if not r.strip())

    def reasons(self) -> dict[str, dict[str, str]]:
        """The written reasons, ``{checklist: {item: reason}}`` (non-empty ones only)."""
        out: dict[str, dict[str, str]] = {}
        for (checklist, item), reason in self._reasons.items():
            if reason.strip():
                out.setdefault(checklist, {})[item] = reason.strip()
        return out
