"""FindingsPanel: activation tells where a finding is; explanation and rectification are saved to the database."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from checklists.answers import Rectification
from models.ops import assessments as assessment_ops
from models.ops import findings as finding_ops
from tests.ui.findings.conftest import OFFSCREEN_NOISE
from ui.findings import FindingsPanel
from ui.open_assessment import OpenAssessment
from ui.store import Store
from ui.tables import TableEditor

pytestmark = OFFSCREEN_NOISE


def proxy_row(panel: FindingsPanel, code: str, row: int | None = None) -> int:
    proxy = panel.proxy
    for r in range(proxy.rowCount()):
        f = panel.findings_model.finding(proxy.mapToSource(proxy.index(r, 0)).row())
        if f.code == code and f.row == row:
            return r
    raise AssertionError(f"{code} not shown")


def click(qtbot, panel: FindingsPanel, row: int, column: int = 3) -> None:
    index = panel.proxy.index(row, column)
    qtbot.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center()
    )


def notes(store: Store, aid: int) -> dict:
    return {
        (n.checklist, n.code, n.item, n.row): n
        for n in store.call(lambda s: finding_ops.finding_notes(s, aid))
    }


def test_clicking_a_table_finding_names_its_checklist_item_and_row(
    qtbot, panel: FindingsPanel
) -> None:
    with qtbot.waitSignal(panel.findingActivated) as activated:
        click(qtbot, panel, proxy_row(panel, "assessment_failed_still_on_post", 2))
    assert activated.args == ["guards", "guards", 2]


def test_enter_on_an_item_finding_names_no_row(qtbot, panel: FindingsPanel) -> None:
    panel.view.setFocus()
    panel.view.setCurrentIndex(
        panel.proxy.index(proxy_row(panel, "fulltime_psych_teacher_missing"), 0)
    )
    with qtbot.waitSignal(panel.findingActivated) as activated:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert activated.args == ["psychology", "fulltime_psych_teachers", None]


def test_activation_selects_the_row_in_the_table_editor(
    qtbot, panel: FindingsPanel, sample_model: OpenAssessment
) -> None:
    table = TableEditor(sample_model, "guards", "guards")
    qtbot.addWidget(table)
    table.filter_box.setText("nobody")
    panel.findingActivated.connect(lambda _cl, _item, row: table.select_row(row))
    click(qtbot, panel, proxy_row(panel, "birth_date_unknown", 5))
    assert table.selected_rows() == [5]


def test_selecting_shows_the_finding_in_the_editor(qtbot, panel: FindingsPanel) -> None:
    click(qtbot, panel, proxy_row(panel, "over_55_on_post", 0))
    editor = panel.editor
    assert editor.finding is not None and editor.finding.code == "over_55_on_post"
    assert editor.explanation.toPlainText().startswith("该保安员身体健康")
    assert editor.responsible.text() == "总务主任 何建华"
    assert editor.due.value() == date(2022, 1, 31)
    assert editor.status.currentData() == "in_progress"
    assert "李国平" in editor.heading.text()


def test_explainable_finding_asks_for_its_explanation(qtbot, panel: FindingsPanel) -> None:
    click(qtbot, panel, proxy_row(panel, "new_hire_over_45", 3))
    editor = panel.editor
    assert editor.labels[0].text() == "说明 *"
    assert "原则上" in editor.hint.text()
    assert editor.explanation.styleSheet() == ""  # explained already
    editor.explanation.clear()
    assert "border" in editor.explanation.styleSheet()  # now it looks required
    click(qtbot, panel, proxy_row(panel, "ugr_high", 9))
    assert editor.labels[0].text() == "说明" and editor.explanation.styleSheet() == ""


def test_explanation_and_rectification_are_saved_in_one_undo_step(
    qtbot, store: Store, sample_id: int, panel: FindingsPanel, sample_model: OpenAssessment
) -> None:
    click(qtbot, panel, proxy_row(panel, "ugr_high", 9))
    editor = panel.editor
    editor.explanation.setPlainText("三(2)班灯具为旧型号")
    editor.measure.setPlainText("更换为低眩光灯具")
    editor.responsible.clear()
    qtbot.keyClicks(editor.responsible, "Zhang")
    editor.due.edit.setDate(QDate(2022, 3, 1))
    editor.status.setCurrentIndex(editor.status.findData("in_progress"))
    assert editor.is_dirty()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    note = notes(store, sample_id)[("lighting", "ugr_high", "classrooms", 9)]
    assert note.explanation == "三(2)班灯具为旧型号"
    assert note.rectification == Rectification(
        "更换为低眩光灯具", "Zhang", date(2022, 3, 1), "in_progress"
    )
    assert editor.saved_label.text() == "已保存" and not editor.is_dirty()
    row = proxy_row(panel, "ugr_high", 9)
    assert panel.proxy.index(row, 5).data() == "整改中"
    sample_model.undo_stack.undo()
    note = notes(store, sample_id)[("lighting", "ugr_high", "classrooms", 9)]
    assert (note.explanation, note.rectification) == ("", None)
    assert panel.editor.explanation.toPlainText() == ""  # the editor follows the undo


def test_moving_to_another_finding_keeps_what_was_typed(
    qtbot, store: Store, sample_id: int, panel: FindingsPanel
) -> None:
    click(qtbot, panel, proxy_row(panel, "cct_out_of_range", 16))
    panel.editor.measure.setPlainText("调换灯管")
    click(qtbot, panel, proxy_row(panel, "ugr_high", 9))
    note = notes(store, sample_id)[("lighting", "cct_out_of_range", "classrooms", 16)]
    assert note.rectification is not None and note.rectification.measure == "调换灯管"
    assert note.rectification.status == "open"


def test_clearing_every_field_removes_the_plan(
    qtbot, store: Store, sample_id: int, panel: FindingsPanel
) -> None:
    click(qtbot, panel, proxy_row(panel, "assessment_failed_still_on_post", 2))
    editor = panel.editor
    editor.measure.clear()
    editor.responsible.clear()
    editor.due.clear()
    editor.status.setCurrentIndex(editor.status.findData("open"))
    assert editor.save()
    assert (
        notes(store, sample_id)[
            ("guards", "assessment_failed_still_on_post", "guards", 2)
        ].rectification
        is None
    )


def test_list_follows_the_answers(
    qtbot, panel: FindingsPanel, sample_model: OpenAssessment
) -> None:
    assert panel.count_label.text() == "17 个问题"
    sample_model.set_answer("safety", "bright_kitchen", True)
    assert panel.count_label.text() == "16 个问题"
    panel.severity_box.setCurrentIndex(panel.severity_box.findData("minor"))
    assert panel.count_label.text() == "显示 6 / 16 个问题"


def test_signed_assessment_shows_but_does_not_edit(
    qtbot, store: Store, sample_id: int, panel: FindingsPanel
) -> None:
    store.call(lambda s: assessment_ops.mark_signed(s, sample_id, user="t"))
    panel.model.reload()
    click(qtbot, panel, proxy_row(panel, "ugr_high", 9))
    assert panel.editor.finding is not None
    assert not panel.editor.explanation.isEnabled() and not panel.editor.save_button.isEnabled()
    assert not panel.editor.save()
