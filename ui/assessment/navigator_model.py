"""NavigatorModel: checklist → section tree with progress and a red / amber / green state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot

from checklists.model import Checklist, Section
from ui.assessment.item_states import AMBER, GREEN, RED, Progress, combined
from ui.open_assessment import OpenAssessment
from ui.shell.i18n import current_language, translate
from ui.shell.icons import state_icon

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the default parent (an invalid index)
COL_NAME, COL_PROGRESS = 0, 1
KeyRole = Qt.ItemDataRole.UserRole + 1  # (checklist_id, section_id or None)
StateRole = Qt.ItemDataRole.UserRole + 2  # "red" / "amber" / "green"
_TOP = 0  # internalId of a checklist; a section has its checklist's row + 1


class NavigatorModel(QAbstractItemModel):
    """Checklists (top level) and their sections (children); columns name and progress.

    A checklist's index has internalId 0; a section's has its checklist's row + 1.
    """

    def __init__(self, model: OpenAssessment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._checklists: list[Checklist] = list(model.checklists.values())
        model.resultsChanged.connect(self.on_results_changed)

    # ---- structure ----

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _TOP)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        if not parent.isValid():
            return len(self._checklists)
        if parent.internalId() == _TOP:
            return len(self._checklists[parent.row()].sections)
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {
                COL_NAME: translate("Navigator", "清单与部分"),
                COL_PROGRESS: translate("Navigator", "进度"),
            }.get(section)
        return None

    # ---- content ----

    def _node(self, index: Index) -> tuple[Checklist, Section | None]:
        if index.internalId() == _TOP:
            return self._checklists[index.row()], None
        checklist = self._checklists[int(index.internalId()) - 1]
        return checklist, checklist.sections[index.row()]

    def _progress(self, checklist: Checklist, section: Section | None) -> Progress:
        items = section.items if section is not None else tuple(checklist.items())
        return combined(items, self.model.result(checklist.id))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        checklist, section = self._node(index)
        lang = current_language()
        if role == KeyRole:
            return (checklist.id, section.id if section else None)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == COL_NAME:
                return (section.title if section else checklist.title).get(lang)
            progress = self._progress(checklist, section)
            return f"{progress.answered}/{progress.total}"
        if role in (StateRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole):
            progress = self._progress(checklist, section)
            if role == StateRole:
                return progress.state
            if role == Qt.ItemDataRole.ToolTipRole:
                return state_tooltip(progress.state)
            return state_icon(progress.state) if index.column() == COL_NAME else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def index_of(self, checklist_id: str, section_id: str | None) -> QModelIndex:
        """The index of a checklist (section_id None) or of one of its sections."""
        for row, checklist in enumerate(self._checklists):
            if checklist.id != checklist_id:
                continue
            top = self.index(row, 0)
            if section_id is None:
                return top
            for srow, section in enumerate(checklist.sections):
                if section.id == section_id:
                    return self.index(srow, 0, top)
        return QModelIndex()

    @Slot(str)
    def on_results_changed(self, checklist_id: str) -> None:
        """Repaint a checklist's row and its sections after its evaluation changed."""
        top = self.index_of(checklist_id, None)
        if not top.isValid():
            return
        self.dataChanged.emit(top, top.siblingAtColumn(COL_PROGRESS))
        count = self.rowCount(top)
        if count:
            self.dataChanged.emit(self.index(0, 0, top), self.index(count - 1, COL_PROGRESS, top))


def state_tooltip(state: str) -> str:
    """What a colour means, in words."""
    return {
        RED: translate("Navigator", "有不符合项"),
        AMBER: translate("Navigator", "有必填项未填写或填写有误"),
        GREEN: translate("Navigator", "已完成"),
    }.get(state, "")
