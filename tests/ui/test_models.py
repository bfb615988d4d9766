"""The Qt item models pass qtmodeltester and say what they should."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from models.ops.assessments import AssessmentSummary
from ui.assessment.item_list_model import (
    AttentionRole,
    ChecklistRole,
    ItemFilterProxy,
    ItemListModel,
)
from ui.assessment.item_states import AMBER, GREEN, RED
from ui.assessment.navigator_model import COL_PROGRESS, KeyRole, NavigatorModel, StateRole
from ui.home.home_model import (
    COL_COMPLIANCE,
    COL_CRITICAL,
    COL_OPEN,
    COL_PERIOD,
    COL_REFERENCE,
    AssessmentListModel,
    IdRole,
    SortRole,
)
from ui.open_assessment import OpenAssessment


def _summary(
    aid: int, period: str, critical: int = 0, compliance: float | None = 93.9
) -> AssessmentSummary:
    now = datetime(2021, 12, 1)
    return AssessmentSummary(
        aid,
        1,
        "School",
        "4419000001",
        period,
        date(2021, 12, 31),
        "draft",
        1,
        None,
        87.5,
        {"critical": critical, "major": 2, "minor": 0},
        ("safety",),
        now,
        now,
        compliance,
        3,
    )


def test_assessment_list_model(qtmodeltester) -> None:
    model = AssessmentListModel()
    model.set_rows(
        [_summary(1, "2021年秋季学期", 1), _summary(2, "2022年春季学期", compliance=None)]
    )
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, COL_COMPLIANCE).data() == "93.9%"
    assert model.index(0, COL_OPEN).data() == "3"
    # Nothing judged yet: no 符合率 (never 0 % nor 100 %), sorted below every figure.
    assert model.index(1, COL_COMPLIANCE).data() == "—"
    assert model.index(1, COL_COMPLIANCE).data(SortRole) < 0
    assert model.headerData(COL_COMPLIANCE, Qt.Orientation.Horizontal) == "符合率"
    assert model.index(1, COL_PERIOD).data() == "2022年春季学期"
    assert model.index(0, COL_REFERENCE).data() == "2021年12月31日"
    assert model.index(0, COL_REFERENCE).data(SortRole) == "2021-12-31"
    assert model.index(0, COL_CRITICAL).data() == "1"
    assert model.index(1, 0).data(IdRole) == 2
    assert model.row_of(2) == 1
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)


def test_navigator_model(qtmodeltester, sample_model: OpenAssessment) -> None:
    model = NavigatorModel(sample_model)
    qtmodeltester.check(model, force_py=True)
    top = model.index_of("guards", None)
    assert top.data() == "学校保安队伍"
    assert top.data(KeyRole) == ("guards", None)
    roster = model.index_of("guards", "roster")
    assert roster.parent() == top
    assert roster.data(StateRole) == RED
    assert model.index(roster.row(), COL_PROGRESS, top).data() == "1/1"
    assert model.index_of("lighting", "desks_chairs").data(StateRole) in (GREEN, AMBER)


def test_navigator_follows_the_answers(qtbot, sample_model: OpenAssessment) -> None:
    model = NavigatorModel(sample_model)
    section = model.index_of("safety", "emergency")
    before = section.data(StateRole)
    with qtbot.waitSignal(model.dataChanged):
        sample_model.set_answer("safety", "drills_term", None)
    assert before == GREEN
    assert section.data(StateRole) == AMBER  # a required item is now unanswered
    # One definition of progress (checklists.results.Figures): the dormitory drill is outside a
    # school without boarders and counts neither way (it counted as done before).
    assert model.index(section.row(), COL_PROGRESS, section.parent()).data() == "7/8"


def test_item_list_and_filter(qtmodeltester, sample_model: OpenAssessment) -> None:
    items = ItemListModel(sample_model)
    qtmodeltester.check(items, force_py=True)
    total = sum(len(list(c.items())) for c in sample_model.checklists.values())
    assert items.rowCount() == total
    proxy = ItemFilterProxy()
    proxy.setSourceModel(items)
    proxy.set_scope("guards", "management")
    qtmodeltester.check(proxy, force_py=True)
    assert {proxy.index(r, 0).data(ChecklistRole) for r in range(proxy.rowCount())} == {"guards"}
    assert proxy.rowCount() == len(sample_model.checklists["guards"].sections[1].items)
    proxy.set_text("LICENCE")  # case-insensitive, English texts too
    assert proxy.searching and proxy.rowCount() >= 2
    proxy.set_text("")
    assert proxy.rowCount() == len(sample_model.checklists["guards"].sections[1].items)
    attention = [items.index(r).data(AttentionRole) for r in range(items.rowCount())]
    assert any(attention) and not all(attention)
