"""ItemListModel: every item of the open assessment in order, with its state; ItemFilterProxy filters it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)

from checklists.model import Item
from ui.assessment.item_states import OUT_OF_SCOPE, SKIPPED, item_state, needs_attention
from ui.open_assessment import OpenAssessment
from ui.shell.i18n import current_language
from ui.shell.icons import state_icon
from ui.words import item_status_text, skipped_text

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the default parent (an invalid index)
ChecklistRole = Qt.ItemDataRole.UserRole + 1
SectionRole = Qt.ItemDataRole.UserRole + 2
ItemIdRole = Qt.ItemDataRole.UserRole + 3
StateRole = Qt.ItemDataRole.UserRole + 4
SearchRole = Qt.ItemDataRole.UserRole + 5  # lower-case text the filter searches
AttentionRole = Qt.ItemDataRole.UserRole + 6  # bool: unanswered, invalid or failed


@dataclass(frozen=True)
class Entry:
    """One row: an item and where it sits."""

    checklist_id: str
    section_id: str
    item: Item
    number: str  # "3.2": section and item number within the checklist


class ItemListModel(QAbstractListModel):
    """All items, checklist by checklist and section by section; one column."""

    def __init__(self, model: OpenAssessment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.entries: list[Entry] = []
        for checklist in model.checklists.values():
            for s_no, section in enumerate(checklist.sections, 1):
                for i_no, item in enumerate(section.items, 1):
                    self.entries.append(Entry(checklist.id, section.id, item, f"{s_no}.{i_no}"))
        model.resultsChanged.connect(self.on_results_changed)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        lang = current_language()
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.number}  {entry.item.label.get(lang)}"
        if role == ChecklistRole:
            return entry.checklist_id
        if role == SectionRole:
            return entry.section_id
        if role == ItemIdRole:
            return entry.item.id
        if role == SearchRole:
            help_text = entry.item.help
            parts = [
                entry.item.id,
                entry.item.label.zh,
                entry.item.label.en,
                help_text.zh if help_text else "",
                help_text.en if help_text else "",
            ]
            return " ".join(parts).lower()
        if role in (
            StateRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
            AttentionRole,
        ):
            result = self.model.result(entry.checklist_id).item(entry.item.id)
            if role == AttentionRole:
                return needs_attention(entry.item, result)
            state = item_state(entry.item, result)
            if role == StateRole:
                return state
            if role == Qt.ItemDataRole.ToolTipRole:
                if state == OUT_OF_SCOPE and result.reason is not None:
                    return result.reason.get(current_language())
                return skipped_text() if state == SKIPPED else item_status_text(result.status)
            return state_icon(state)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            result = self.model.result(entry.checklist_id).item(entry.item.id)
            return f"{entry.item.label.get(lang)}: {item_status_text(result.status)}"
        return None

    def row_of(self, checklist_id: str, item_id: str) -> int:
        """The row of an item (-1 when absent)."""
        for row, entry in enumerate(self.entries):
            if entry.checklist_id == checklist_id and entry.item.id == item_id:
                return row
        return -1

    @Slot(str)
    def on_results_changed(self, checklist_id: str) -> None:
        """Repaint the rows of a re-evaluated checklist."""
        rows = [r for r, e in enumerate(self.entries) if e.checklist_id == checklist_id]
        if rows:
            self.dataChanged.emit(self.index(rows[0]), self.index(rows[-1]))


class ItemFilterProxy(QSortFilterProxyModel):
    """Shows one section (or checklist) of the list, or — while a search text is set — every item
    whose text contains it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scope: tuple[str, str | None] | None = None
        self._text = ""

    def set_scope(self, checklist_id: str | None, section_id: str | None) -> None:
        """Limit the list to a checklist or one of its sections (None: everything)."""
        self.beginFilterChange()
        self._scope = None if checklist_id is None else (checklist_id, section_id)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Filter by text (case-insensitive, Chinese or English); "" shows the scope again."""
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def searching(self) -> bool:
        """True while a search text is set."""
        return bool(self._text)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        index = source.index(source_row, 0, source_parent)
        if self._text:
            return all(word in source.data(index, SearchRole) for word in self._text.split())
        if self._scope is None:
            return True
        checklist_id, section_id = self._scope
        if source.data(index, ChecklistRole) != checklist_id:
            return False
        return section_id is None or source.data(index, SectionRole) == section_id
