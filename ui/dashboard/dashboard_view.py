"""DashboardView: one page to show in a meeting — compliance bars, findings, the most urgent rectifications."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checklists.results import Finding
from ui.dashboard.bar_chart import Bar, BarChart
from ui.dashboard.figures import (
    ChecklistFigure,
    UrgentEntry,
    checklist_figures,
    clause_counts,
    overall_compliance,
    severity_counts,
    urgent_rectifications,
)
from ui.dashboard.urgent_model import (
    COL_DUE,
    COL_FINDING,
    COL_LEFT,
    COL_MEASURE,
    COL_NEED,
    COL_RESPONSIBLE,
    COL_SEVERITY,
    COL_STATUS,
    UrgentRectificationsModel,
)
from ui.open_assessment import OpenAssessment
from ui.shell.i18n import current_language
from ui.tables.texts import clauses_text, severity_text
from ui.words import assessment_status_text, format_date, format_percent

URGENT_SHOWN = 10
SEVERITY_BAR = {"critical": "#C62828", "major": "#E07B00", "minor": "#D4A72C"}
CLEAN_BAR = "#2E7D32"
CLAUSE_BAR = "#1F5FA8"
STYLE = """
#dashboard { background: #F6F7F9; }
#dashTitle { font-size: 20pt; font-weight: 600; color: #1B2430; }
#dashFacts { color: #55606E; font-size: 11pt; }
#dashCard { background: white; border: 1px solid #DDE2E8; border-radius: 8px; }
#cardTitle { font-size: 13pt; font-weight: 600; color: #1B2430; }
#tileValue { font-size: 26pt; font-weight: 700; color: #1B2430; }
#tileValue[tone="bad"] { color: #B3261E; }
#tileValue[tone="good"] { color: #2E7D32; }
#tileLabel { color: #55606E; font-size: 10.5pt; }
#tileNote { color: #6B7480; }
#dashLegend, #dashMore { color: #6B7480; }
"""


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("dashCard")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 16)
    layout.setSpacing(10)
    heading = QLabel(title)
    heading.setObjectName("cardTitle")
    layout.addWidget(heading)
    return frame, layout


class DashboardView(QScrollArea):
    """The dashboard of an open assessment; it follows the model's results as they change.

    ``today`` fixes the day overdue plans are counted from (default: the real today).
    """

    def __init__(
        self, model: OpenAssessment, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.model = model
        self.today = today
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("dashboard")
        body.setStyleSheet(STYLE)
        self.setWidget(body)
        self._build(body)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refresh)
        model.resultsChanged.connect(self._schedule)
        model.readOnlyChanged.connect(self._schedule)
        self.refresh()

    # ---- building ----

    def _build(self, body: QWidget) -> None:
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 22, 28, 28)
        layout.setSpacing(16)
        self.title = QLabel(self.tr("自查概览"))
        self.title.setObjectName("dashTitle")
        self.facts = QLabel()
        self.facts.setObjectName("dashFacts")
        self.facts.setWordWrap(True)
        self.comparison = QLabel()
        self.comparison.setObjectName("dashComparison")
        self.comparison.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.comparison)
        layout.addLayout(self._tiles())
        card, inner = _card(self.tr("各检查清单符合率"))
        self.compliance = BarChart(large=True, maximum=100.0)
        self.compliance.setObjectName("complianceBars")
        self.legend = QLabel(
            self.tr(
                "符合率 = 符合的项 ÷ 已判定（符合 + 不符合）的项；未填写、缺少数据和填写有误的项不计入，另列为“未完成”。条的颜色表示该清单最严重的问题：绿色无问题，黄色一般，橙色较重，红色严重。"
            )
        )
        self.legend.setObjectName("dashLegend")
        self.legend.setWordWrap(True)
        inner.addWidget(self.compliance)
        inner.addWidget(self.legend)
        layout.addWidget(card)
        row = QHBoxLayout()
        row.setSpacing(16)
        card, inner = _card(self.tr("问题按严重程度"))
        self.severity = BarChart()
        self.severity.setObjectName("severityBars")
        inner.addWidget(self.severity)
        inner.addStretch(1)
        row.addWidget(card, 2)
        card, inner = _card(self.tr("问题按工作要点条款"))
        self.clauses = BarChart()
        self.clauses.setObjectName("clauseBars")
        self.no_clauses = QLabel(self.tr("没有问题。"))
        self.no_clauses.setObjectName("dashMore")
        inner.addWidget(self.clauses)
        inner.addWidget(self.no_clauses)
        inner.addStretch(1)
        row.addWidget(card, 3)
        layout.addLayout(row)
        layout.addWidget(self._urgent_card())
        layout.addStretch(1)

    def _tiles(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.tiles: dict[str, tuple[QLabel, QLabel]] = {}
        # The headline: findings by severity first, then 符合率 with the items still open.
        names = (
            ("findings", self.tr("问题")),
            ("compliance", self.tr("总体符合率")),
            ("planned", self.tr("已制定整改计划")),
            ("overdue", self.tr("整改逾期")),
        )
        for column, (key, label) in enumerate(names):
            frame = QFrame()
            frame.setObjectName("dashCard")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(18, 12, 18, 12)
            inner.setSpacing(2)
            caption = QLabel(label)
            caption.setObjectName("tileLabel")
            value = QLabel()
            value.setObjectName("tileValue")
            note = QLabel()
            note.setObjectName("tileNote")
            for widget in (caption, value, note):
                inner.addWidget(widget)
            grid.addWidget(frame, 0, column)
            self.tiles[key] = (value, note)
        return grid

    def _urgent_card(self) -> QFrame:
        card, inner = _card(self.tr("最紧迫的整改事项"))
        self.urgent = UrgentRectificationsModel(self)
        self.urgent_view = QTableView()
        self.urgent_view.setObjectName("urgentTable")
        self.urgent_view.setModel(self.urgent)
        self.urgent_view.verticalHeader().hide()
        self.urgent_view.setWordWrap(False)
        self.urgent_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.urgent_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a display, not a form
        self.urgent_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.urgent_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.urgent_view.setAlternatingRowColors(True)
        header = self.urgent_view.horizontalHeader()
        for column in (COL_DUE, COL_LEFT, COL_SEVERITY, COL_RESPONSIBLE, COL_STATUS, COL_NEED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FINDING, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_MEASURE, QHeaderView.ResizeMode.Stretch)
        self.urgent_more = QLabel()
        self.urgent_more.setObjectName("dashMore")
        self.urgent_more.setWordWrap(True)
        inner.addWidget(self.urgent_view)
        inner.addWidget(self.urgent_more)
        return card

    # ---- filling ----

    @Slot()
    def _schedule(self) -> None:
        self._pending.start()  # several checklists change at once: draw once

    @Slot()
    def refresh(self) -> None:
        """Read the results again and redraw everything."""
        from models.ops.assessments import get_assessment

        lang = current_language()
        results = self.model.results()
        findings = list(results.findings)
        summary = self.model.store.call(lambda s: get_assessment(s, self.model.assessment_id))
        self.facts.setText(
            " · ".join(
                [
                    summary.school_name,
                    summary.period,
                    self.tr("基准日 %1").replace("%1", format_date(summary.reference_date)),
                    assessment_status_text(summary.status),
                ]
            )
        )
        self._fill_comparison()
        figures = checklist_figures(results, self.model.checklists, lang)
        self.compliance.set_bars([self._compliance_bar(f) for f in figures])
        self._fill_severity(severity_counts(findings))
        titles = {f.checklist: f.title for f in figures}
        self._fill_clauses(clause_counts(findings), titles)
        urgent = urgent_rectifications(findings, self.today or date.today())
        self._fill_urgent(urgent, titles)
        self._fill_tiles(figures, findings, urgent)

    def _fill_comparison(self) -> None:
        """与上期（…）比较：新增 N · 重复出现 M · 已解决 K — hidden for a school's first period."""
        comparison = self.model.comparison()
        self.comparison.setVisible(comparison is not None)
        if comparison is None:
            return
        c = comparison.counts()
        self.comparison.setText(
            self.tr("与上期（%1）比较：新增 %2 · 重复出现 %3 · 已解决 %4")
            .replace("%1", comparison.previous_period)
            .replace("%2", str(c["new"]))
            .replace("%3", str(c["recurring"]))
            .replace("%4", str(c["resolved"]))
        )

    def _compliance_bar(self, figure: ChecklistFigure) -> Bar:
        caption = self.tr("符合 %1 项 / 已判定 %2 项 · 问题 %3 条").replace(
            "%1", str(figure.passed)
        )
        caption = caption.replace("%2", str(figure.answered)).replace("%3", str(figure.findings))
        if figure.unanswered:
            caption += " · " + self.tr("未完成 %1 项").replace("%1", str(figure.unanswered))
        value_text = format_percent(figure.compliance) if figure.compliance is not None else ""
        color = SEVERITY_BAR.get(figure.worst or "", CLEAN_BAR)
        return Bar(figure.title, figure.compliance, color, value_text, caption, self.tr("尚未判定"))

    def _fill_severity(self, counts: dict[str, int]) -> None:
        self.severity.set_bars(
            [
                Bar(severity_text(severity), float(count), SEVERITY_BAR[severity], str(count))
                for severity, count in counts.items()
            ]
        )
        if not any(counts.values()):
            self.severity.maximum = 1.0

    def _fill_clauses(
        self, counts: list[tuple[int, int, tuple[str, ...]]], titles: dict[str, str]
    ) -> None:
        bars = []
        for clause, count, checklists in counts:
            label = (
                clauses_text((clause,))
                + " · "
                + self.tr("、").join(titles.get(c, c) for c in checklists)
            )
            bars.append(Bar(label, float(count), CLAUSE_BAR, str(count)))
        self.clauses.set_bars(bars)
        self.clauses.setVisible(bool(bars))
        self.no_clauses.setVisible(not bars)

    def _fill_urgent(self, urgent: list[UrgentEntry], titles: dict[str, str]) -> None:
        shown = urgent[:URGENT_SHOWN]
        self.urgent.set_rows(shown, titles)
        self.urgent_view.resizeRowsToContents()
        rows_height = sum(self.urgent_view.rowHeight(r) for r in range(len(shown)))
        self.urgent_view.setFixedHeight(
            self.urgent_view.horizontalHeader().height() + rows_height + 4
        )
        self.urgent_view.setVisible(bool(shown))
        if not urgent:
            self.urgent_more.setText(self.tr("没有待处理的问题。"))
        elif len(urgent) > len(shown):
            self.urgent_more.setText(
                self.tr("另有 %1 项，见“问题清单”。").replace("%1", str(len(urgent) - len(shown)))
            )
        else:
            self.urgent_more.setText(
                self.tr("排序：已到期或最先到期的在前；尚未制定计划的随后，须整改的先于可说明的。")
            )

    def _fill_tiles(
        self, figures: list[ChecklistFigure], findings: list[Finding], urgent: list[UrgentEntry]
    ) -> None:
        overall = overall_compliance(figures)
        still_open = sum(f.unanswered for f in figures)
        self._tile(
            "compliance",
            format_percent(overall) if overall is not None else "—",
            self.tr("未完成 %1 项").replace("%1", str(still_open)),
            "bad" if still_open else None,
        )
        counts = severity_counts(findings)
        note = " · ".join(f"{severity_text(s)} {n}" for s, n in counts.items())
        self._tile("findings", str(len(findings)), note, "bad" if counts["critical"] else None)
        planned = sum(1 for f in findings if f.rectification is not None)
        done = sum(
            1 for f in findings if f.rectification is not None and f.rectification.status == "done"
        )
        self._tile(
            "planned",
            f"{planned} / {len(findings)}",
            self.tr("已完成 %1").replace("%1", str(done)),
            None,
        )
        overdue = sum(1 for e in urgent if e.days_left is not None and e.days_left < 0)
        self._tile("overdue", str(overdue), self.tr("项整改已过期限"), "bad" if overdue else "good")

    def _tile(self, key: str, value: str, note: str, tone: str | None) -> None:
        value_label, note_label = self.tiles[key]
        value_label.setText(value)
        value_label.setProperty("tone", tone or "")
        value_label.style().unpolish(value_label)
        value_label.style().polish(value_label)
        note_label.setText(note)
