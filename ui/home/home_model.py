"""AssessmentListModel: the data folder's assessments for the home page's table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.ops.assessments import AssessmentSummary
from ui.row_table_model import RowTableModel
from ui.shell.i18n import translate
from ui.words import assessment_status_text, format_date, format_percent

(
    COL_SCHOOL,
    COL_PERIOD,
    COL_REFERENCE,
    COL_STATUS,
    COL_PROGRESS,
    COL_CRITICAL,
    COL_MAJOR,
    COL_MINOR,
) = range(8)
IdRole = Qt.ItemDataRole.UserRole + 1  # the assessment id
SortRole = Qt.ItemDataRole.UserRole + 2
SummaryRole = Qt.ItemDataRole.UserRole + 3
_SEVERITY_COLUMNS = {COL_CRITICAL: "critical", COL_MAJOR: "major", COL_MINOR: "minor"}
_SEVERITY_COLORS = {"critical": "#A1221B", "major": "#9C4A00", "minor": "#6E5A00"}


class AssessmentListModel(RowTableModel[AssessmentSummary]):
    """One row per assessment: school, period, reference date, status, progress, findings by severity."""

    def summary(self, row: int) -> AssessmentSummary:
        """The assessment shown in ``row``."""
        return self.row_at(row)

    def row_of(self, assessment_id: int) -> int:
        """The row of an assessment (-1 when absent)."""
        return next((r for r, s in enumerate(self._rows) if s.id == assessment_id), -1)

    def headers(self) -> list[str]:
        """学校, 检查周期, 基准日, 状态, 进度 and the findings by severity."""
        return [
            translate("AssessmentList", "学校"),
            translate("AssessmentList", "检查周期"),
            translate("AssessmentList", "基准日"),
            translate("AssessmentList", "状态"),
            translate("AssessmentList", "进度"),
            translate("AssessmentList", "严重"),
            translate("AssessmentList", "较重"),
            translate("AssessmentList", "一般"),
        ]

    def cell(self, summary: AssessmentSummary, column: int, role: int) -> Any:
        """Text, id, sort key, alignment and the colour of a non-zero finding count."""
        if role == IdRole:
            return summary.id
        if role == SummaryRole:
            return summary
        if role == SortRole:
            return self._sort_key(summary, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= COL_PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        severity = _SEVERITY_COLUMNS.get(column)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and severity
            and summary.findings.get(severity, 0)
        ):
            return QColor(_SEVERITY_COLORS[severity])
        return None

    def _text(self, summary: AssessmentSummary, column: int) -> str:
        if column == COL_SCHOOL:
            return summary.school_name
        if column == COL_PERIOD:
            suffix = translate("AssessmentList", "（修订 %1）").replace("%1", str(summary.revision))
            return summary.period + (suffix if summary.revision > 1 else "")
        if column == COL_REFERENCE:
            return format_date(summary.reference_date)
        if column == COL_STATUS:
            return assessment_status_text(summary.status)
        if column == COL_PROGRESS:
            return format_percent(summary.progress)
        return str(summary.findings.get(_SEVERITY_COLUMNS[column], 0))

    def _sort_key(self, summary: AssessmentSummary, column: int) -> Any:
        if column == COL_REFERENCE:
            return summary.reference_date.isoformat()
        if column == COL_PROGRESS:
            return summary.progress
        if column in _SEVERITY_COLUMNS:
            return summary.findings.get(_SEVERITY_COLUMNS[column], 0)
        return self._text(summary, column)
