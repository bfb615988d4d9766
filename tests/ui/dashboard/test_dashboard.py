"""The dashboard: figures from the evaluation (compliance, severities, clauses, urgent order) and the view
following the assessment as it changes."""

from __future__ import annotations

from datetime import date

import pytest

from checklists.answers import Rectification
from checklists.model import Text
from checklists.results import Finding
from ui.dashboard.dashboard_view import DashboardView
from ui.dashboard.figures import (
    checklist_figures,
    clause_counts,
    overall_compliance,
    severity_counts,
    urgent_rectifications,
)
from ui.dashboard.urgent_model import COL_DUE, COL_LEFT, COL_NEED, COL_SEVERITY

TODAY = date(2022, 2, 1)


def finding(
    code: str,
    severity: str,
    *,
    due: date | None = None,
    status: str = "open",
    explainable: bool = False,
    explanation: str = "",
    clauses: tuple[int, ...] = (75,),
) -> Finding:
    plan = Rectification("measure", "who", due, status) if due or status == "done" else None
    return Finding(
        code,
        "guards",
        "guards",
        None,
        severity,
        clauses,
        Text(code, code),
        explainable,
        explanation=explanation,
        rectification=plan,
    )


def test_urgent_order_overdue_first_then_unplanned_then_explainable() -> None:
    found = [
        finding("later", "minor", due=date(2022, 3, 1)),
        finding("unplanned_minor", "minor"),
        finding("explainable", "critical", explainable=True),
        finding("explained", "major", explainable=True, explanation="reason given"),
        finding("overdue", "minor", due=date(2022, 1, 10)),
        finding("done", "critical", due=date(2021, 1, 1), status="done"),
        finding("unplanned_major", "major"),
    ]
    entries = urgent_rectifications(found, TODAY)
    assert [e.finding.code for e in entries] == [
        "overdue",
        "later",
        "unplanned_major",
        "unplanned_minor",
        "explainable",
    ]
    assert entries[0].days_left == -22 and entries[1].days_left == 28
    assert [e.need for e in entries] == ["rectify"] * 4 + ["explain"]


def test_counts_by_severity_and_clause() -> None:
    found = [
        finding("a", "major", clauses=(75, 21)),
        finding("b", "minor", clauses=(21,)),
        finding("c", "major"),
    ]
    assert severity_counts(found) == {"critical": 0, "major": 2, "minor": 1}
    assert clause_counts(found) == [(21, 2, ("guards",)), (75, 2, ("guards",))]


def test_sample_figures(sample_model) -> None:
    figures = checklist_figures(sample_model.results(), sample_model.checklists, "zh")
    assert [f.checklist for f in figures] == ["safety", "psychology", "lighting", "guards"]
    assert [f.compliance for f in figures] == [94.4, 94.1, 93.8, 88.9]
    assert [f.worst for f in figures] == ["major"] * 4
    assert overall_compliance(figures) == round(100 * 107 / 114, 1)


def test_dashboard_shows_the_sample(qtbot, sample_model) -> None:
    view = DashboardView(sample_model, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    assert [b.label for b in view.compliance.bars] == [
        "学校安全工作",
        "心理健康教育与心理教师配备",
        "教室照明与近视防控",
        "学校保安队伍",
    ]
    assert [b.value_text for b in view.compliance.bars] == ["94.4%", "94.1%", "93.8%", "88.9%"]
    assert [b.value for b in view.severity.bars] == [0.0, 11.0, 6.0]
    assert view.clauses.bars[0].label.startswith("第21条") and view.clauses.bars[0].value == 6.0
    assert view.tiles["findings"][0].text() == "17"
    assert view.tiles["planned"][0].text() == "3 / 17"
    assert view.tiles["overdue"][0].text() == "1"  # 2022-01-31 is past on 2022-02-01
    assert view.urgent.rowCount() == 10
    assert view.urgent.index(0, COL_DUE).data() == "2022年1月31日"
    assert view.urgent.index(0, COL_LEFT).data() == "逾期 1 天"
    assert view.urgent.index(3, COL_DUE).data() == "未制定计划"
    assert view.urgent.index(3, COL_SEVERITY).data() == "较重"
    assert view.urgent.index(0, COL_NEED).data() == "可说明或整改"
    assert "另有" in view.urgent_more.text()


def test_dashboard_follows_changes(qtbot, sample_model) -> None:
    view = DashboardView(sample_model)
    qtbot.addWidget(view)
    before = view.severity.bars[2].value
    finding_ = next(f for f in sample_model.findings() if f.code == "invalid_id_number")
    sample_model.set_rectification(
        finding_, Rectification("fix", "office", date(2030, 1, 1), "done")
    )
    qtbot.waitUntil(lambda: view.tiles["planned"][0].text() == "4 / 17", timeout=5000)
    assert view.severity.bars[2].value == before
    sample_model.undo_stack.undo()
    qtbot.waitUntil(lambda: view.tiles["planned"][0].text() == "3 / 17", timeout=5000)


@pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)"
)  # the offscreen platform, on a tooltip
def test_bar_tooltip_gives_the_whole_label(qtbot, sample_model) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    view = DashboardView(sample_model, today=TODAY)
    qtbot.addWidget(view)
    view.show()
    chart = view.clauses
    assert chart.bar_at(4 + chart.row_height // 2) is chart.bars[0] and chart.bar_at(10_000) is None
    y = 4 + chart.row_height + chart.row_height // 2
    event = QHelpEvent(QEvent.Type.ToolTip, QPoint(20, y), chart.mapToGlobal(QPoint(20, y)))
    assert chart.event(event)
    assert QToolTip.text() == f"{chart.bars[1].label}: {chart.bars[1].value_text}"
    QToolTip.hideText()


def test_dashboard_compares_with_the_previous_period(qtbot, store, sample_model, sample_id) -> None:
    from models.ops.revisions import carry_forward
    from ui.open_assessment import OpenAssessment

    first = DashboardView(sample_model, today=TODAY)
    qtbot.addWidget(first)
    assert first.comparison.isHidden()  # the first period has nothing to compare with
    new_id = store.call(lambda s: carry_forward(s, sample_id, "2022年春季学期", user="t"))
    view = DashboardView(OpenAssessment(store, new_id), today=TODAY)
    qtbot.addWidget(view)
    view.show()
    assert not view.comparison.isHidden()
    assert view.comparison.text() == "与上期（2021年秋季学期）比较：新增 3 · 重复出现 17 · 已解决 0"
