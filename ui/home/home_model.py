"""AssessmentListModel: the data folder's assessments for the home page's table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.listing import AssessmentSummary
from ui.row_table_model import RowTableModel
from ui.shell.i18n import translate
from ui.words import assessment_status_text, format_date, format_percent

# The headline order of checklists.results.Figures: findings by severity first, then 符合率 with
# the open items beside it, then progress.
(
    COL_SCHOOL,
    COL_PERIOD,
    COL_REFERENCE,
    COL_STATUS,
    COL_CRITICAL,
    COL_MAJOR,
    COL_MINOR,
    COL_COMPLIANCE,
    COL_OPEN,
    COL_PROGRESS,
) = range(10)
_NUMBERS = (COL_CRITICAL, COL_MAJOR, COL_MINOR, COL_COMPLIANCE, COL_OPEN, COL_PROGRESS)
IdRole = Qt.ItemDataRole.UserRole + 1  # the assessment id
SortRole = Qt.ItemDataRole.UserRole + 2
SummaryRole = Qt.ItemDataRole.UserRole + 3
_SEVERITY_COLUMNS = {COL_CRITICAL: "critical", COL_MAJOR: "major", COL_MINOR: "minor"}
_SEVERITY_COLORS = {"critical": "#A1221B", "major": "#9C4A00", "minor": "#6E5A00"}
_OPEN_COLOR = "#9C4A00"


class AssessmentListModel(RowTableModel[AssessmentSummary]):
    """One row per assessment: school, period, reference date, status, findings by severity,
    符合率, open items and progress (the figures of checklists.results.Figures, stored with it)."""

    def summary(self, row: int) -> AssessmentSummary:
        """The assessment shown in ``row``."""
        return self.row_at(row)

    def row_of(self, assessment_id: int) -> int:
        """The row of an assessment (-1 when absent)."""
        return next((r for r, s in enumerate(self._rows) if s.id == assessment_id), -1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The headers, and a tooltip saying what 符合率, 未完成 and 进度 count."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                COL_COMPLIANCE: translate("AssessmentList", "符合率：符合的项占已判定的项的比例"),
                COL_OPEN: translate(
                    "AssessmentList", "未完成：必填未答、信息不全无法判定或填写有误的项"
                ),
                COL_PROGRESS: translate(
                    "AssessmentList", "进度：已作答（含答“不适用”）的项占适用的项的比例"
                ),
            }.get(section)
        return super().headerData(section, orientation, role)

    def headers(self) -> list[str]:
        """The columns in the headline order of checklists.results.Figures."""
        return [
            translate("AssessmentList", "学校"),
            translate("AssessmentList", "检查周期"),
            translate("AssessmentList", "基准日"),
            translate("AssessmentList", "状态"),
            translate("AssessmentList", "严重"),
            translate("AssessmentList", "较重"),
            translate("AssessmentList", "一般"),
            translate("AssessmentList", "符合率"),
            translate("AssessmentList", "未完成"),
            translate("AssessmentList", "进度"),
        ]

    def cell(self, summary: AssessmentSummary, column: int, role: int) -> Any:
        """Text, id, sort key, alignment, tooltips and the colour of a non-zero count."""
        if role == IdRole:
            return summary.id
        if role == SummaryRole:
            return summary
        if role == SortRole:
            return self._sort_key(summary, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_COMPLIANCE:
            if summary.compliance is None:
                return translate("AssessmentList", "尚无已判定的项")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_OPEN and summary.open_items:
            return QColor(_OPEN_COLOR)
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
        if column == COL_COMPLIANCE:
            return "—" if summary.compliance is None else f"{summary.compliance:.1f}%"
        if column == COL_OPEN:
            return str(summary.open_items)
        return str(summary.findings.get(_SEVERITY_COLUMNS[column], 0))

    def _sort_key(self, summary: AssessmentSummary, column: int) -> Any:
        if column == COL_REFERENCE:
            return summary.reference_date.isoformat()
        if column == COL_PROGRESS:
            return summary.progress
        if column == COL_COMPLIANCE:
            return -1.0 if summary.compliance is None else summary.compliance
        if column == COL_OPEN:
            return summary.open_items
        if column in _SEVERITY_COLUMNS:
            return summary.findings.get(_SEVERITY_COLUMNS[column], 0)
        return self._text(summary, column)
