"""FindingsModel and its filter: every finding with severity, clause, checklist, message, row; live updates."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.findings.conftest import OFFSCREEN_NOISE
from ui.findings import FindingsFilterProxy, FindingsModel, FindingsPanel
from ui.findings.findings_model import (
    COL_CHECKLIST,
    COL_CLAUSE,
    COL_MESSAGE,
    COL_ROW,
    COL_SEVERITY,
    COL_STATUS,
)
from ui.open_assessment import OpenAssessment
from ui.tables.texts import SEVERITY_FILL, SEVERITY_TEXT

pytestmark = OFFSCREEN_NOISE


def texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def row_of(model: FindingsModel, code: str, row: int | None = None) -> int:
    return next(
        r
        for r in range(model.rowCount())
        if model.finding(r).code == code and model.finding(r).row == row
    )


def test_models_pass_the_model_tester(qtmodeltester, panel: FindingsPanel) -> None:
    qtmodeltester.check(panel.findings_model)
    qtmodeltester.check(panel.proxy)


def test_every_finding_most_severe_first_then_in_evaluation_order(
    sample_model: OpenAssessment,
) -> None:
    model = FindingsModel(sample_model)
    rank = {"critical": 0, "major": 1, "minor": 2}
    expected = sorted(sample_model.findings(), key=lambda f: rank[f.severity])
    assert [model.finding(r) for r in range(model.rowCount())] == expected
    assert model.rowCount() == 17
    assert [model.finding(r).severity for r in (0, 16)] == ["major", "minor"]


def test_columns_show_severity_clause_checklist_message_row(sample_model: OpenAssessment) -> None:
    model = FindingsModel(sample_model)
    r = row_of(model, "over_55_on_post", 0)
    assert [
        model.index(r, c).data() for c in (COL_SEVERITY, COL_CLAUSE, COL_CHECKLIST, COL_ROW)
    ] == ["较重", "第75条", "学校保安队伍", "1"]
    assert model.index(r, COL_MESSAGE).data().startswith("李国平：现年 57 周岁")
    item = row_of(model, "bright_kitchen_missing")
    assert model.index(item, COL_ROW).data() == ""
    assert (
        model.index(r, COL_SEVERITY).data(Qt.ItemDataRole.BackgroundRole) == SEVERITY_FILL["major"]
    )
    assert (
        model.index(r, COL_SEVERITY).data(Qt.ItemDataRole.ForegroundRole) == SEVERITY_TEXT["major"]
    )
    assert model.index(r, COL_SEVERITY).data(Qt.ItemDataRole.FontRole).bold()
    minor = row_of(model, "invalid_id_number", 4)
    assert model.index(minor, COL_SEVERITY).data() == "一般"
    assert (
        model.index(minor, COL_SEVERITY).data(Qt.ItemDataRole.BackgroundRole)
        == SEVERITY_FILL["minor"]
    )
    assert "原则上" in model.index(r, COL_MESSAGE).data(Qt.ItemDataRole.ToolTipRole)


def test_status_column_tells_plan_and_explanation(sample_model: OpenAssessment) -> None:
    model = FindingsModel(sample_model)
    assert model.index(row_of(model, "over_55_on_post", 0), COL_STATUS).data() == "整改中"
    assert (
        model.index(row_of(model, "assessment_failed_still_on_post", 2), COL_STATUS).data()
        == "未开始"
    )
    assert model.index(row_of(model, "new_hire_over_45", 3), COL_STATUS).data() == "已说明"
    assert model.index(row_of(model, "ugr_high", 9), COL_STATUS).data() == "未制定"


def test_filters_by_severity_checklist_and_text(sample_model: OpenAssessment) -> None:
    proxy = FindingsFilterProxy()
    proxy.setSourceModel(FindingsModel(sample_model))
    proxy.set_severity("minor")
    assert set(texts(proxy, COL_SEVERITY)) == {"一般"} and proxy.rowCount() == 6
    proxy.set_severity(None)
    proxy.set_checklist("guards")
    assert proxy.rowCount() == 6
    proxy.set_filter_text("考核")
    assert proxy.rowCount() == 2
    proxy.set_filter_text("张伟明 考核")  # every word
    assert proxy.rowCount() == 1
    proxy.set_checklist("lighting")
    assert proxy.rowCount() == 0


def test_answers_update_the_list_without_a_reset(qtbot, sample_model: OpenAssessment) -> None:
    model = FindingsModel(sample_model)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsRemoved):
        sample_model.set_answer("safety", "bright_kitchen", True)
    assert model.rowCount() == 16
    assert "bright_kitchen_missing" not in [model.finding(r).code for r in range(16)]
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted):
        sample_model.undo_stack.undo()
    assert model.rowCount() == 17


def test_an_explanation_changes_only_its_row(qtbot, sample_model: OpenAssessment) -> None:
    model = FindingsModel(sample_model)
    r = row_of(model, "ugr_high", 9)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged) as changed:
        sample_model.explain_finding(model.finding(r), "灯具已订购")
    assert changed.args[0].row() == r
    assert model.finding(r).explanation == "灯具已订购"
    assert model.index(r, COL_STATUS).data() == "已说明"
