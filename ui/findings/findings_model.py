"""FindingsModel: every finding of the open assessment, live; FindingsFilterProxy: by severity, checklist, text."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtGui import QFont

from checklists.comparison import Comparison
from checklists.results import SEVERITY_ORDER, Finding
from ui.open_assessment import OpenAssessment
from ui.tables.proxy import refilter
from ui.tables.sync import apply_structure
from ui.tables.texts import (
    SEVERITY_FILL,
    SEVERITY_TEXT,
    clauses_text,
    current_lang,
    severity_text,
    status_text,
)

Index = QModelIndex | QPersistentModelIndex

COL_SEVERITY, COL_CLAUSE, COL_CHECKLIST, COL_MESSAGE, COL_ROW, COL_STATUS, COL_CHANGE = range(7)
_STATUS_RANK = {None: 0, "open": 1, "in_progress": 2, "done": 3}


class _Entry:
    """One finding held by the model, keyed as the evaluator keys it."""

    __slots__ = ("id", "finding")

    def __init__(self, finding: Finding) -> None:
        self.id = finding.key()
        self.finding = finding


def _ordered(results: list[Any]) -> list[_Entry]:
    """Most severe first, then in evaluation order (the model sorts, so the view need not re-sort)."""
    entries = [_Entry(f) for r in results for f in r.findings]
    return sorted(entries, key=lambda e: SEVERITY_ORDER.get(e.finding.severity, 9))  # stable


class FindingsModel(QAbstractTableModel):
    """The findings of every checklist, most severe first, refreshed on resultsChanged.

    Only findings that appear, disappear or change are announced, so the selection survives
    an edit elsewhere.
    """

    FindingRole = Qt.ItemDataRole.UserRole + 1
    SortKeyRole = Qt.ItemDataRole.UserRole + 2
    SeverityRole = Qt.ItemDataRole.UserRole + 3
    ChecklistRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, model: OpenAssessment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.assessment = model
        self._entries: list[_Entry] = []
        self._seen: list[Any] = []  # the ChecklistResults last read
        self._order = {cl: i for i, cl in enumerate(model.checklists)}
        self._lang = current_lang()
        self._bold = QFont()
        self._bold.setBold(True)
        self.comparison: Comparison | None = None  # against the previous period, if any
        model.resultsChanged.connect(self._on_results_changed)
        self._seen = [model.result(cl) for cl in model.checklists]
        self.comparison = self._compare()
        self.set_rows(_ordered(self._seen))

    def _compare(self) -> Comparison | None:
        return self.assessment.comparison()

    def set_rows(self, entries: list[_Entry]) -> None:
        """Replace every row (a model reset)."""
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    @Slot()
    def refresh(self) -> None:
        """Read the findings again; announce only what changed."""
        results = [self.assessment.result(cl) for cl in self.assessment.checklists]
        if len(results) == len(self._seen) and all(
            a is b for a, b in zip(results, self._seen, strict=True)
        ):
            return  # the store hands out the same result objects until something changed
        self._seen = results
        before, self.comparison = self.comparison, self._compare()
        target = _ordered(results)
        old = {e.id: e.finding for e in self._entries}
        changed = [
            i
            for i, e in enumerate(target)
            if e.id in old
            and (
                old[e.id] != e.finding or self._change(before, e.finding) != self.change(e.finding)
            )
        ]
        apply_structure(self, self._entries, target)
        last = self.columnCount() - 1
        for row in changed:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    @staticmethod
    def _change(comparison: Comparison | None, f: Finding) -> str | None:
        return comparison.change_of(f) if comparison is not None else None

    def change(self, f: Finding) -> str | None:
        """'new' or 'recurring' against the previous period; None without a previous period."""
        return self._change(self.comparison, f)

    def finding(self, row: int) -> Finding:
        """The finding at ``row``."""
        return self._entries[row].finding

    def row_of(self, key: tuple[str, str, str, int | None]) -> int | None:
        """The row of the finding with ``key`` (Finding.key()), None when it is gone."""
        for i, entry in enumerate(self._entries):
            if entry.id == key:
                return i
        return None

    def checklist_title(self, checklist_id: str) -> str:
        """A checklist's title in the UI language."""
        checklist = self.assessment.checklists.get(checklist_id)
        return checklist.title.get(self._lang) if checklist is not None else checklist_id

    def retranslate(self) -> None:
        """Headers and texts in the current language."""
        self._lang = current_lang()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COL_CHANGE)
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, COL_CHANGE))

    # ---- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COL_CHANGE + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            self.tr("严重程度"),
            self.tr("条款"),
            self.tr("检查清单"),
            self.tr("问题"),
            self.tr("行"),
            self.tr("整改"),
            self.tr("与上期"),
        )
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        f = self._entries[index.row()].finding
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(f, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(f)
        if column == COL_SEVERITY and role == Qt.ItemDataRole.BackgroundRole:
            return SEVERITY_FILL.get(f.severity)
        if column == COL_SEVERITY and role == Qt.ItemDataRole.ForegroundRole:
            return SEVERITY_TEXT.get(f.severity)
        if column == COL_SEVERITY and role == Qt.ItemDataRole.FontRole:
            return self._bold
        if column in (COL_ROW, COL_CLAUSE) and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return self._custom(f, column, role)

    def _custom(self, f: Finding, column: int, role: int) -> Any:
        if role == self.FindingRole:
            return f
        if role == self.SeverityRole:
            return f.severity
        if role == self.ChecklistRole:
            return f.checklist
        if role == self.SortKeyRole:
            return self._sort_key(f, column)
        return None

    def _text(self, f: Finding, column: int) -> str:
        if column == COL_SEVERITY:
            return severity_text(f.severity)
        if column == COL_CLAUSE:
            return clauses_text(f.clauses)
        if column == COL_CHECKLIST:
            return self.checklist_title(f.checklist)
        if column == COL_MESSAGE:
            return f.message.get(self._lang)
        if column == COL_ROW:
            return "" if f.row is None else str(f.row + 1)
        if column == COL_CHANGE:
            return self._change_text(self.change(f))
        return self._status(f)

    def _change_text(self, change: str | None) -> str:
        if change == "new":
            return self.tr("新增")
        if change == "recurring":
            return self.tr("重复出现")
        return ""

    def _status(self, f: Finding) -> str:
        if f.rectification is not None:
            return status_text(f.rectification.status)
        if f.explanation:
            return self.tr("已说明")
        return status_text(None)

    def _sort_key(self, f: Finding, column: int) -> Any:
        if column == COL_SEVERITY:
            return SEVERITY_ORDER.get(f.severity, 9)
        if column == COL_CLAUSE:
            return f.clauses[0] if f.clauses else 999
        if column == COL_CHECKLIST:
            return self._order.get(f.checklist, 99)
        if column == COL_ROW:
            return -1 if f.row is None else f.row
        if column == COL_STATUS:
            return _STATUS_RANK.get(f.rectification.status if f.rectification else None, 0)
        if column == COL_CHANGE:
            return {"new": 0, "recurring": 1}.get(self.change(f) or "", 2)
        return f.message.get(self._lang)

    def _tooltip(self, f: Finding) -> str:
        checklist = self.assessment.checklists.get(f.checklist)
        item = f.item
        if checklist is not None:
            with contextlib.suppress(KeyError):
                item = checklist.item(f.item).label.get(self._lang)
        lines = [f.message.get(self._lang), self.tr("检查项：%1").replace("%1", item)]
        if f.explainable:
            lines.append(self.tr("“原则上”要求：有特殊情况时可说明理由"))
        if f.explanation:
            lines.append(self.tr("说明：%1").replace("%1", f.explanation))
        return "\n".join(lines)

    @Slot(str)
    def _on_results_changed(self, _checklist_id: str) -> None:
        self.refresh()


class FindingsFilterProxy(QSortFilterProxyModel):
    """Keeps the findings of one severity and/or checklist whose texts contain every filter word."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.severity: str | None = None
        self.checklist: str | None = None
        self._words: list[str] = []
        self.setSortRole(FindingsModel.SortKeyRole)
        self.setDynamicSortFilter(True)

    def set_severity(self, severity: str | None) -> None:
        """Only findings of ``severity`` (None: all)."""
        refilter(self, lambda: setattr(self, "severity", severity))

    def set_checklist(self, checklist: str | None) -> None:
        """Only findings of ``checklist`` (None: all)."""
        refilter(self, lambda: setattr(self, "checklist", checklist))

    def set_filter_text(self, text: str) -> None:
        """Only findings whose texts contain every (space-separated) word of ``text``."""
        words = text.casefold().split()
        refilter(self, lambda: setattr(self, "_words", words))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        if not isinstance(source, FindingsModel):
            return True
        f = source.finding(source_row)
        if self.severity is not None and f.severity != self.severity:
            return False
        if self.checklist is not None and f.checklist != self.checklist:
            return False
        if not self._words:
            return True
        text = " ".join(
            str(source.data(source.index(source_row, c)) or "") for c in range(source.columnCount())
        ).casefold()
        return all(word in text for word in self._words)
