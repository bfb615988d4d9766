"""Item models of the office window: schools (with a filter proxy) and rejected files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from reports.aggregate import RejectedRow, SchoolRow
from ui.row_table_model import Index, RowTableModel
from ui.shell.i18n import current_language
from ui.words import severity_word

(
    COL_SCHOOL,
    COL_CODE,
    COL_DISTRICT,
    COL_PERIOD,
    COL_SIGNED,
    COL_TRUSTED,
    COL_CRITICAL,
    COL_MAJOR,
    COL_MINOR,
    COL_STATUS,
    COL_NOTES,
) = range(11)
SchoolRole = Qt.ItemDataRole.UserRole + 1  # the SchoolRow
SortRole = Qt.ItemDataRole.UserRole + 2
COL_FILE, COL_REASON = range(2)
RejectedRole = Qt.ItemDataRole.UserRole + 3  # the RejectedRow
UNTRUSTED = "untrusted"  # a status filter beside the school statuses
_SEVERITY_COLUMNS = {COL_CRITICAL: "critical", COL_MAJOR: "major", COL_MINOR: "minor"}
_SEVERITY_COLORS = {"critical": "#A1221B", "major": "#9C4A00", "minor": "#6E5A00"}
_NUMERIC = (COL_CRITICAL, COL_MAJOR, COL_MINOR)


def local_text(moment: datetime | None) -> str:
    """A stored (naive UTC) moment as local ``YYYY-MM-DD HH:MM``."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class OfficeSchoolModel(RowTableModel[SchoolRow]):
    """One row per school and period: the report that counts, its signature and findings."""

    def school(self, row: int) -> SchoolRow:
        """The school shown in ``row``."""
        return self.row_at(row)

    def headers(self) -> list[str]:
        """学校, 学校代码, 镇街, 检查周期, 签署时间, 证书, the severities, 状态 and 备注."""
        return [
            self.tr("学校"),
            self.tr("学校代码"),
            self.tr("镇街"),
            self.tr("检查周期"),
            self.tr("签署时间"),
            self.tr("证书"),
            severity_word("critical"),
            severity_word("major"),
            severity_word("minor"),
            self.tr("状态"),
            self.tr("备注"),
        ]

    def cell(self, school: SchoolRow, column: int, role: int) -> Any:
        """The school, a sort key, the text, a tooltip, the alignment or the colour."""
        if role == SchoolRole:
            return school
        if role == SortRole:
            return self._sort_key(school, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(school, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_SCHOOL, COL_TRUSTED, COL_NOTES):
            return self._tooltip(school, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self._color(school, column) if role == Qt.ItemDataRole.ForegroundRole else None

    def _text(self, school: SchoolRow, column: int) -> str:
        if column in _SEVERITY_COLUMNS:
            return str(school.by_severity.get(_SEVERITY_COLUMNS[column], 0))
        texts = {
            COL_SCHOOL: school.school_name,
            COL_CODE: school.school_code,
            COL_DISTRICT: school.district,
            COL_PERIOD: school.period,
            COL_SIGNED: local_text(school.signed_at),
            COL_TRUSTED: self.tr("受信任") if school.trusted else self.tr("未受信任"),
            COL_STATUS: self.status_text(school.status),
            COL_NOTES: school.notes(current_language()),
        }
        return texts.get(column, "")

    def status_text(self, status: str) -> str:
        """符合 / 有问题 / 未完成 / 无法核对 in the UI language."""
        words = {
            "compliant": self.tr("符合"),
            "non_compliant": self.tr("有问题"),
            "incomplete": self.tr("未完成"),
            "unverified": self.tr("无法核对"),
        }
        return words.get(status, status)

    def _tooltip(self, school: SchoolRow, column: int) -> str:
        if column == COL_TRUSTED:
            return school.signer_school or ""
        return school.notes(current_language()) or school.path

    def _color(self, school: SchoolRow, column: int) -> QColor | None:
        severity = _SEVERITY_COLUMNS.get(column)
        if severity and school.by_severity.get(severity, 0):
            return QColor(_SEVERITY_COLORS[severity])
        if column == COL_TRUSTED and not school.trusted:
            return QColor("#9C4A00")
        return None

    def _sort_key(self, school: SchoolRow, column: int) -> Any:
        if column in _SEVERITY_COLUMNS:
            return school.by_severity.get(_SEVERITY_COLUMNS[column], 0)
        if column == COL_SIGNED:
            return school.signed_at.isoformat() if school.signed_at else ""
        return self._text(school, column)


class OfficeFilterProxy(QSortFilterProxyModel):
    """Schools filtered by district, status (or untrusted certificate), finding code and text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.district: str | None = None
        self.status: str | None = None
        self.code: str | None = None
        self.text = ""
        self.setSortRole(SortRole)

    def set_filters(
        self,
        *,
        district: str | None = None,
        status: str | None = None,
        code: str | None = None,
        text: str = "",
    ) -> None:
        """Show only the schools matching every given filter (None: any)."""
        self.beginFilterChange()
        self.district, self.status, self.code, self.text = (
            district,
            status,
            code,
            text.strip().lower(),
        )
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        school: SchoolRow = model.data(model.index(source_row, 0, source_parent), SchoolRole)
        if self.district is not None and school.district != self.district:
            return False
        if self.status == UNTRUSTED:
            if school.trusted:
                return False
        elif self.status is not None and school.status != self.status:
            return False
        if self.code is not None and self.code not in school.codes:
            return False
        return not self.text or self.text in f"{school.school_name} {school.school_code}".lower()


class RejectedFilesModel(RowTableModel[RejectedRow]):
    """The files that do not count, with their reasons in the UI language."""

    def headers(self) -> list[str]:
        """文件, 原因."""
        return [self.tr("文件"), self.tr("原因")]

    def cell(self, row: RejectedRow, column: int, role: int) -> Any:
        """The row, the file's name (its path as tooltip) or the reason."""
        if role == RejectedRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, SortRole):
            return Path(row.path).name if column == COL_FILE else row.reason(current_language())
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.path if column == COL_FILE else row.reason(current_language())
        return None
