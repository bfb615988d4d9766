"""Item models of the office's follow-up: overdue rectification, reporting standing, and one
school's findings (with rectification) or its periods compared."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from checklists.terms import term as word
from reports.aggregate import FindingRow
from reports.aggregate.rows import ReportingRow
from reports.aggregate.school import PeriodChange
from reports.aggregate.titles import finding_title
from reports.aggregate.words import RECT_WORDS
from ui.office.models import local_text
from ui.row_table_model import RowTableModel
from ui.shell.i18n import current_language
from ui.words import severity_word

RowRole = Qt.ItemDataRole.UserRole + 11  # the row object
SortRole = Qt.ItemDataRole.UserRole + 2  # as in ui.office.models
_LATE = QColor("#A1221B")


class _RowsModel(RowTableModel[Any]):
    """A read-only table of row objects; subclasses name the columns and their texts."""

    def texts(self, row: Any) -> list[Any]:
        """The cells of ``row`` (str, int or date)."""
        raise NotImplementedError(f"{type(self).__name__} gives no texts")

    def cell(self, row: Any, column: int, role: int) -> Any:
        """The row object, a sort key, the text, a long text's tooltip or the colour."""
        if role == RowRole:
            return row
        value = self.texts(row)[column]
        if role == SortRole:
            return value if isinstance(value, int) else str(value)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return str(value) if value is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 30:
            return value
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row, column)
        return None

    def color(self, row: Any, column: int) -> QColor | None:
        """A cell's text colour (None: the default)."""
        return None


def rect_word(status: str) -> str:
    """未开始 / 整改中 / 已完成 / 无整改计划 in the UI language."""
    return word(RECT_WORDS, status or "none", current_language())


class OverdueModel(_RowsModel):
    """Overdue rectification: district, school, finding, measure, owner, due date, days over."""

    COL_DUE, COL_DAYS = 7, 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()

    def set_overdue(self, rows: Sequence[FindingRow], today: date) -> None:
        """Show ``rows``, overdue on ``today``."""
        self.today = today
        self.set_rows(rows)

    def headers(self) -> list[str]:
        return [
            self.tr("镇街"),
            self.tr("学校"),
            self.tr("问题"),
            self.tr("行号"),
            self.tr("程度"),
            self.tr("整改措施"),
            self.tr("责任人"),
            self.tr("整改期限"),
            self.tr("逾期天数"),
            self.tr("整改状态"),
        ]

    def texts(self, f: FindingRow) -> list[Any]:
        lang = current_language()
        return [
            f.district,
            f.school_name,
            finding_title(f.checklist, f.code, lang),
            f.row_number() or "",
            severity_word(f.severity),
            "；".join(f.measures),
            "；".join(f.owners),
            f.due_date.isoformat() if f.due_date else "",
            (self.today - f.due_date).days if f.due_date else 0,
            rect_word(f.rect_status),
        ]

    def color(self, row: Any, column: int) -> QColor | None:
        return _LATE if column == self.COL_DAYS else None


class ReportingModel(_RowsModel):
    """Schools by their standing with the list: not reported, late, not on the list."""

    def headers(self) -> list[str]:
        return [
            self.tr("报送情况"),
            self.tr("镇街"),
            self.tr("学校"),
            self.tr("学校代码"),
            self.tr("联系人及电话"),
            self.tr("收到时间"),
        ]

    def texts(self, r: ReportingRow) -> list[Any]:
        return [
            self.status_text(r.status),
            r.district,
            r.school_name,
            r.school_code,
            r.contact,
            local_text(r.received_at),
        ]

    def status_text(self, status: str) -> str:
        """未报送 / 逾期报送 / 不在名单内 / 按时报送."""
        return {
            "missing": self.tr("未报送"),
            "late": self.tr("逾期报送"),
            "unexpected": self.tr("不在名单内"),
            "on_time": self.tr("按时报送"),
        }.get(status, status)

    def color(self, row: Any, column: int) -> QColor | None:
        return _LATE if column == 0 and row.status in ("missing", "late") else None


class SchoolFindingsModel(_RowsModel):
    """One school's findings with the school's explanation and rectification."""

    def __init__(self, today: Callable[[], date] = date.today, parent: QObject | None = None):
        super().__init__(parent)
        self._today = today

    def headers(self) -> list[str]:
        return [
            self.tr("问题"),
            self.tr("行号"),
            self.tr("程度"),
            self.tr("学校解释"),
            self.tr("整改措施"),
            self.tr("责任人"),
            self.tr("整改期限"),
            self.tr("整改状态"),
        ]

    def texts(self, f: FindingRow) -> list[Any]:
        return [
            finding_title(f.checklist, f.code, current_language()),
            f.row_number() or "",
            severity_word(f.severity),
            "；".join(f.explanations),
            "；".join(f.measures),
            "；".join(f.owners),
            f.due_date.isoformat() if f.due_date else "",
            rect_word(f.rect_status),
        ]

    def color(self, row: Any, column: int) -> QColor | None:
        return _LATE if column in (6, 7) and row.overdue(self._today()) else None


class PeriodsModel(_RowsModel):
    """A school's findings in two periods side by side: new, recurring or resolved."""

    def headers(self) -> list[str]:
        return [self.tr("问题"), self.tr("上一周期"), self.tr("本周期"), self.tr("变化")]

    def texts(self, row: PeriodChange) -> list[Any]:
        change = {
            "new": self.tr("新出现"),
            "resolved": self.tr("已消除"),
            "recurring": self.tr("仍存在"),
        }[row.change]
        return [
            finding_title(row.checklist, row.code, current_language()),
            str(row.before) if row.before else "—",
            str(row.now) if row.now else "—",
            change,
        ]

    def color(self, row: Any, column: int) -> QColor | None:
        if column != 3 or row.change == "recurring":
            return None
        return _LATE if row.change == "new" else QColor("#1E7B34")
