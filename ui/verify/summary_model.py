"""VerifySummaryModel: the findings summary read from a verified report's embedded results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.words import format_percent

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
COL_CHECKLIST, COL_COMPLIANCE, COL_CRITICAL, COL_MAJOR, COL_MINOR, COL_FINDINGS = range(6)
SortRole = Qt.ItemDataRole.UserRole + 1
_SEVERITY_COLUMNS = {COL_CRITICAL: "critical", COL_MAJOR: "major", COL_MINOR: "minor"}
_SEVERITY_COLORS = {"critical": "#A1221B", "major": "#9C4A00", "minor": "#6E5A00"}


@dataclass(frozen=True)
class SummaryRow:
    """One checklist's figures as the file states them (None where the file says nothing)."""

    checklist: str
    title: str
    compliance: float | None
    by_severity: dict[str, int]
    findings: int | None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def summary_rows(
    results_summary: Mapping[str, Any] | None, titles: Mapping[str, str]
) -> list[SummaryRow]:
    """Rows from report_facts' ``results_summary`` (data from a file: every field checked),
    in the order of ``titles`` (the registry's order); checklists it does not know come last."""
    rows = []
    for checklist, summary in (results_summary or {}).items():
        summary = summary if isinstance(summary, dict) else {}
        severity = summary.get("by_severity")
        severity = severity if isinstance(severity, dict) else {}
        counts = {
            k: int(v) for k, v in severity.items() if isinstance(v, int) and not isinstance(v, bool)
        }
        findings = _number(summary.get("findings"))
        rows.append(
            SummaryRow(
                str(checklist),
                titles.get(str(checklist), str(checklist)),
                _number(summary.get("compliance")),
                counts,
                int(findings) if findings is not None else None,
            )
        )
    order = {checklist: n for n, checklist in enumerate(titles)}
    return sorted(rows, key=lambda r: (order.get(r.checklist, len(order)), r.checklist))


class VerifySummaryModel(QAbstractTableModel):
    """One row per checklist: compliance and findings by severity, as embedded in the report."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SummaryRow] = []

    def set_rows(self, rows: list[SummaryRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_CHECKLIST: self.tr("检查清单"),
            COL_COMPLIANCE: self.tr("符合率"),
            COL_CRITICAL: self.tr("严重"),
            COL_MAJOR: self.tr("较重"),
            COL_MINOR: self.tr("一般"),
            COL_FINDINGS: self.tr("问题合计"),
        }.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SortRole:
            return self._value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_CHECKLIST:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        severity = _SEVERITY_COLUMNS.get(column)
        if role == Qt.ItemDataRole.ForegroundRole and severity and row.by_severity.get(severity, 0):
            return QColor(_SEVERITY_COLORS[severity])
        return None

    def _value(self, row: SummaryRow, column: int) -> Any:
        if column == COL_CHECKLIST:
            return row.title
        if column == COL_COMPLIANCE:
            return row.compliance if row.compliance is not None else -1.0
        if column == COL_FINDINGS:
            return row.findings if row.findings is not None else -1
        return row.by_severity.get(_SEVERITY_COLUMNS[column], 0)

    def _text(self, row: SummaryRow, column: int) -> str:
        if column == COL_CHECKLIST:
            return row.title
        if column == COL_COMPLIANCE:
            return format_percent(row.compliance) if row.compliance is not None else "—"
        if column == COL_FINDINGS:
            return str(row.findings) if row.findings is not None else "—"
        return str(row.by_severity.get(_SEVERITY_COLUMNS[column], 0))
