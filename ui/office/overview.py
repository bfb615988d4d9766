"""OfficeOverview: the office window's first tab — districts with bars, and who has not reported."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checklists.model import SEVERITIES
from reports.aggregate import Summary
from reports.aggregate.rows import DistrictRow
from ui.office.follow_up_models import ReportingModel
from ui.words import severity_word

SEVERITY_COLORS = {
    "critical": QColor("#A1221B"),
    "major": QColor("#E08A00"),
    "minor": QColor("#C9B200"),
}
_ROW_HEIGHT = 26
_LABEL_WIDTH = 96
_COUNT_WIDTH = 230


class DistrictBars(QWidget):
    """One bar per district (pinyin order): its findings stacked by severity, with the schools
    reported (of those expected) and overdue rectification written beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("districtBars")
        self.rows: list[DistrictRow] = []

    def set_rows(self, rows: list[DistrictRow]) -> None:
        """Show ``rows`` (one period's districts)."""
        self.rows = list(rows)
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 28 + _ROW_HEIGHT * max(1, len(self.rows)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = 4
        legend_x = _LABEL_WIDTH
        for severity in SEVERITIES:
            painter.fillRect(QRectF(legend_x, top + 4, 10, 10), SEVERITY_COLORS[severity])
            painter.setPen(self.palette().text().color())
            text = severity_word(severity)
            painter.drawText(
                QRectF(legend_x + 14, top, 80, 18), Qt.AlignmentFlag.AlignVCenter, text
            )
            legend_x += 24 + painter.fontMetrics().horizontalAdvance(text)
        if not self.rows:
            return
        peak = max(max(r.findings for r in self.rows), 1)
        width = max(40, self.width() - _LABEL_WIDTH - _COUNT_WIDTH - 12)
        y = top + 24
        for row in self.rows:
            self._paint_row(painter, row, y, width / peak)
            y += _ROW_HEIGHT

    def _paint_row(self, painter: QPainter, row: DistrictRow, y: int, scale: float) -> None:
        text_color = self.palette().text().color()
        painter.setPen(text_color)
        name = row.district or self.tr("（未填镇街）")
        painter.drawText(
            QRectF(0, y, _LABEL_WIDTH - 8, _ROW_HEIGHT - 6),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        x = float(_LABEL_WIDTH)
        for severity in SEVERITIES:
            length = row.by_severity.get(severity, 0) * scale
            if length > 0:
                painter.fillRect(
                    QRectF(x, y + 3, length, _ROW_HEIGHT - 12), SEVERITY_COLORS[severity]
                )
                x += length
        reported = f"{row.reported}/{row.expected}" if row.expected else str(row.reported)
        note = (
            self.tr("%1 个问题 · 学校 %2").replace("%1", str(row.findings)).replace("%2", reported)
        )
        painter.setPen(QColor("#A1221B") if row.missing else text_color)
        box = QRectF(x + 6, y, _COUNT_WIDTH, _ROW_HEIGHT - 6)
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, note)
        if row.overdue:  # the overdue count in red after the note
            box.setLeft(box.left() + painter.fontMetrics().horizontalAdvance(note))
            painter.setPen(QColor("#A1221B"))
            overdue = self.tr(" · 逾期 %1").replace("%1", str(row.overdue))
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, overdue)


class OfficeOverview(QWidget):
    """Districts with bars (the latest period) beside the schools that have not reported,
    reported late, or are not on the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeOverview")
        self.bars = DistrictBars()
        self.reporting_model = ReportingModel(self)
        self.reporting = QTableView()
        self.reporting.setObjectName("officeReportingTable")
        self.reporting.setModel(self.reporting_model)
        self.reporting.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reporting.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reporting.verticalHeader().setVisible(False)
        self.reporting.setAlternatingRowColors(True)
        self.reporting.horizontalHeader().setStretchLastSection(True)
        self.reporting.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.bars_title, self.reporting_title = QLabel(), QLabel()
        for label in (self.bars_title, self.reporting_title):
            label.setObjectName("sectionTitle")
        self.reporting_hint = QLabel()
        self.reporting_hint.setObjectName("pageLead")
        self.reporting_hint.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.bars)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.bars_title)
        left.addWidget(scroll, 1)
        right.addWidget(self.reporting_title)
        right.addWidget(self.reporting_hint)
        right.addWidget(self.reporting, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(left, 5)
        layout.addLayout(right, 6)
        self.period = ""
        self.retranslate_ui()

    def show_summary(self, summary: Summary) -> None:
        """Show the districts of the summary's latest period and its reporting problems."""
        periods = [r.period for r in summary.by_district]
        self.period = max(periods, key=periods.index) if periods else ""
        self.bars.set_rows([r for r in summary.by_district if r.period == self.period])
        self.reporting_model.set_rows([r for r in summary.reporting if r.status != "on_time"])
        self.has_list = bool(summary.reporting)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text in the current language."""
        self.bars_title.setText(self.tr("各镇街问题数 %1").replace("%1", self.period).strip())
        self.reporting_title.setText(
            self.tr("未报送、逾期和名单外（%1）").replace(
                "%1", str(self.reporting_model.rowCount())
            )
        )
        self.reporting_hint.setText(
            self.tr("所有学校均已按时报送。")
            if getattr(self, "has_list", False)
            else self.tr("尚未导入应报学校名单：文件 → 导入应报学校名单…")
        )
        self.reporting_hint.setVisible(self.reporting_model.rowCount() == 0)
        self.reporting_model.retranslate()
        self.bars.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
