"""The findings panel against the previous period: 新增 / 重复出现 per finding, counts and resolved ones."""

from __future__ import annotations

from models.ops.revisions import carry_forward
from models.ops.rows import list_rows
from tests.ui.findings.conftest import OFFSCREEN_NOISE
from ui.findings import FindingsPanel
from ui.findings.findings_model import COL_CHANGE
from ui.open_assessment import OpenAssessment
from ui.store import Store

pytestmark = OFFSCREEN_NOISE


def _texts(panel: FindingsPanel) -> list[str]:
    model = panel.findings_model
    return [model.index(r, COL_CHANGE).data() for r in range(model.rowCount())]


def test_first_period_has_no_comparison(qtbot, panel: FindingsPanel) -> None:
    assert panel.comparison_label.isHidden()
    assert panel.view.isColumnHidden(COL_CHANGE)
    assert set(_texts(panel)) == {""}


def test_next_period_marks_recurring_and_new(qtbot, store: Store, sample_id: int) -> None:
    new_id = store.call(lambda s: carry_forward(s, sample_id, "2022年春季学期", user="t"))
    model = OpenAssessment(store, new_id)
    panel = FindingsPanel(model)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    texts = _texts(panel)
    # Six months on, a fire drill and two guards' yearly assessments are overdue: new findings.
    assert texts.count("新增") == 3 and texts.count("重复出现") == len(texts) - 3
    assert f"新增 3，重复出现 {len(texts) - 3}，已解决 0" in panel.comparison_label.text()
    assert "2021年秋季学期" in panel.comparison_label.text()
    assert not panel.view.isColumnHidden(COL_CHANGE)
    # A guard over 55 is replaced by another person (a new ID number): one finding is resolved
    # and one is new, live, without reopening the assessment.
    rows = store.call(lambda s: list_rows(s, new_id, "guards", "guards"))
    over_55 = next(f for f in model.findings() if f.code == "over_55_on_post")
    assert over_55.row is not None
    row = rows[over_55.row]
    with qtbot.waitSignal(model.resultsChanged):
        model.update_cell("guards", "guards", row.id, "id_number", "441900196001010024")
    assert _texts(panel).count("新增") == 4
    assert "已解决 " in panel.comparison_label.text()
    assert "已解决 0" not in panel.comparison_label.text()
    assert "441900196405121310" not in panel.comparison_label.toolTip()
