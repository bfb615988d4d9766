"""The assessment window: navigator, item list, answers through real widgets, autosave, undo, keyboard."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QRadioButton

from models.ops.answers import get_answers, get_item_notes
from models.ops.assessments import mark_signed
from tests.ui.conftest import click_button, type_text
from ui.assessment.answer_widgets import ChoiceAnswer, DateAnswer, NumberAnswer
from ui.assessment.item_list_model import SearchRole
from ui.assessment.item_list_model import StateRole as ItemStateRole
from ui.assessment.item_states import AMBER, GREEN, RED
from ui.assessment.navigator_model import StateRole
from ui.dialogs.clause_dialog import ClauseDialog
from ui.home.home_model import COL_PROGRESS
from ui.store import Store


@pytest.fixture
def page(qtbot, sample_window, sample_id: int):
    """The sample assessment opened in the window."""
    sample_window.open_assessment(sample_id)
    return sample_window.assessment_page


def stored(store: Store, aid: int, cl: str) -> dict:
    return store.call(lambda s: get_answers(s, aid, cl))


def radio(page, text: str) -> QRadioButton:
    return next(b for b in page.page.answer.findChildren(QRadioButton) if b.text() == text)


def test_opens_on_the_first_item_with_navigator_states(page) -> None:
    assert page.current_key() == ("safety", "safety_meeting_held")
    nav = page.navigator_model
    states = {
        nav.index(r, 0).data(): nav.index(r, 0).data(StateRole) for r in range(nav.rowCount())
    }
    assert states["学校保安队伍"] == RED  # the sample has guard findings
    assert set(states.values()) <= {RED, AMBER, GREEN}
    assert page.tabs.tabText(1).startswith("问题清单")


def test_clicking_a_section_shows_its_items(qtbot, page) -> None:
    nav = page.navigator_model
    index = nav.index_of("psychology", "services")
    page.navigator.scrollTo(index)  # row heights follow the font: the row may be below the fold
    rect = page.navigator.visualRect(index)
    qtbot.mouseClick(page.navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.proxy.rowCount() == len(page.model.checklists["psychology"].sections[1].items)
    assert page.current_key() == ("psychology", "counselling_room")
    assert page.list_hint.text() == f"本部分 {page.proxy.rowCount()} 项"


def test_yes_no_click_saves_and_turns_red(qtbot, page, store: Store, sample_id: int) -> None:
    page.go_to("safety", "cctv")
    with qtbot.waitSignal(store.saved):
        click_button(qtbot, radio(page, "否"))
    assert stored(store, sample_id, "safety")["cctv"] is False
    assert page.page.result.text().startswith('<span style="color:#C62828')
    row = page.items.row_of("safety", "cctv")
    assert page.items.index(row).data(ItemStateRole) == RED
    assert page.window().saved_label.text().startswith("已保存 ")


def test_number_typed_and_enter_saves_and_moves_on(
    qtbot, page, store: Store, sample_id: int
) -> None:
    page.go_to("safety", "drills_term")
    answer = page.page.answer
    assert isinstance(answer, NumberAnswer)
    answer.box.setFocus()
    answer.box.selectAll()
    qtbot.keyClicks(answer.box, "6")
    qtbot.keyClick(answer.box, Qt.Key.Key_Return)
    assert stored(store, sample_id, "safety")["drills_term"] == 6
    assert page.current_key() == ("safety", "evacuation_seconds")


def test_number_below_minimum_is_corrected_not_saved(
    qtbot, page, store: Store, sample_id: int
) -> None:
    page.go_to("safety", "drills_term")
    box = page.page.answer.box
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "-3")
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert stored(store, sample_id, "safety")["drills_term"] >= 0


def test_clear_button_unanswers(qtbot, page, store: Store, sample_id: int) -> None:
    page.go_to("safety", "drills_term")
    clear = next(
        b
        for b in page.page.answer.findChildren(type(page.page.answer._clear_button()))
        if b.text() == "清除"
    )
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert "drills_term" not in stored(store, sample_id, "safety")
    assert "必填" in page.page.message.text()
    assert page.page.message.isVisible()


def test_date_from_the_calendar(qtbot, page, store: Store, sample_id: int) -> None:
    page.go_to("safety", "last_fire_drill")
    answer = page.page.answer
    assert isinstance(answer, DateAnswer)
    assert answer.edit.calendarPopup()
    answer.edit.calendarWidget().clicked.emit(QDate(2021, 11, 9))  # what a click on a day emits
    assert stored(store, sample_id, "safety")["last_fire_drill"] == date(2021, 11, 9)


def test_single_choice(qtbot, page, store: Store, sample_id: int) -> None:
    page.go_to("guards", "guard_provider")
    answer = page.page.answer
    assert isinstance(answer, ChoiceAnswer)
    click_button(
        qtbot,
        radio(page, page.model.checklists["guards"].item("guard_provider").choices[1].label.zh),
    )
    assert stored(store, sample_id, "guards")["guard_provider"] == "self_recruited"


def test_explanation_saved_when_leaving_it(qtbot, page, store: Store, sample_id: int) -> None:
    page.go_to("safety", "cctv")
    type_text(qtbot, page.page.note, "监控系统十二月安装完毕")
    page.search.setFocus()  # focus leaves the explanation
    qtbot.waitUntil(lambda: "cctv" in store.call(lambda s: get_item_notes(s, sample_id, "safety")))
    assert (
        store.call(lambda s: get_item_notes(s, sample_id, "safety"))["cctv"]
        == "监控系统十二月安装完毕"
    )


def test_tab_out_of_the_explanation_goes_to_the_next_item(qtbot, page) -> None:
    page.go_to("safety", "cctv")
    page.page.note.setFocus()
    qtbot.keyClick(page.page.note, Qt.Key.Key_Tab)
    assert page.current_key() == ("safety", "natsec_activity")  # the next section's first item


def test_undo_and_redo_through_the_menu_shortcuts(
    qtbot, page, store: Store, sample_id: int
) -> None:
    page.go_to("safety", "cctv")
    click_button(qtbot, radio(page, "否"))
    page.go_to("safety", "drills_term")
    window = page.window()
    assert window.menus.undo_action.isEnabled()
    window.menus.undo_action.trigger()
    assert stored(store, sample_id, "safety")["cctv"] is True
    assert page.current_key() == ("safety", "cctv")  # undo shows what it changed
    assert radio(page, "是").isChecked()
    window.menus.redo_action.trigger()
    assert stored(store, sample_id, "safety")["cctv"] is False
    assert window.menus.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Y" in [s.toString() for s in window.menus.redo_action.shortcuts()]


def test_ctrl_f_filters_items_by_text(qtbot, page) -> None:
    window = page.window()
    window.menus.find_action.trigger()
    assert page.search.hasFocus()
    type_text(qtbot, page.search, "保安")
    assert page.proxy.searching
    texts = [page.proxy.index(r, 0).data(SearchRole) for r in range(page.proxy.rowCount())]
    assert len(texts) > 3
    assert all("保安" in t for t in texts)
    assert len(texts) == sum(
        "保安" in page.items.index(r).data(SearchRole) for r in range(page.items.rowCount())
    )
    assert page.list_hint.text() == f"找到 {len(texts)} 项"
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.current_key() is not None
    page.search.clear()
    assert not page.proxy.searching


def test_search_in_english_words_too(qtbot, page) -> None:
    qtbot.keyClicks(page.search, "fire drill")
    keys = {
        page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 3)
        for r in range(page.proxy.rowCount())
    }
    assert "last_fire_drill" in keys


def test_alt_down_jumps_to_failed_or_unanswered(qtbot, page) -> None:
    window = page.window()
    seen = []
    for _ in range(5):
        window.menus.next_action.trigger()
        seen.append(page.current_key())
    items = [page.model.result(cl).item(item) for cl, item in seen]
    assert all(r.status in ("fail", "unanswered", "invalid") for r in items)
    assert len(set(seen)) == 5
    window.menus.prev_action.trigger()
    assert page.current_key() == seen[3]
    assert window.menus.next_action.shortcut().toString() == "Alt+Down"


def test_clause_link_shows_the_plan_text(qtbot, monkeypatch, page) -> None:
    shown: list[ClauseDialog] = []

    def record(dialog: ClauseDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ClauseDialog, "exec", record)
    page.go_to("guards", "guards")
    assert "第75条" in page.page.clauses.text()
    assert "保安" in page.page.clauses.toolTip()
    page.page.clauses.linkActivated.emit("clause:75")
    assert shown[0].number == 75
    assert "45周岁" in shown[0].text.toPlainText()


def test_irrelevant_item_is_disabled(qtbot, page, store: Store, sample_id: int) -> None:
    page.go_to("safety", "runs_school_bus")
    click_button(qtbot, radio(page, "否"))
    page.go_to("safety", "bus_permit")
    assert page.page.skipped.isVisible()
    assert not page.page.answer.isEnabled()


def test_signed_assessment_is_read_only(qtbot, store: Store, sample_window, sample_id: int) -> None:
    store.call(lambda s: mark_signed(s, sample_id, user="t"))
    sample_window.open_assessment(sample_id)
    page = sample_window.assessment_page
    assert page.banner.isVisible()
    from PySide6.QtWidgets import QLabel

    assert any("已签名" in label.text() for label in page.banner.findChildren(QLabel))
    assert page.amend_button.isVisible() and page.amend_button.isEnabled()
    page.go_to("safety", "cctv")
    assert not page.page.answer.isEnabled()
    assert not page.page.note.isEnabled()


def test_going_home_refreshes_the_progress(qtbot, page, store: Store) -> None:
    page.go_to("safety", "drills_term")
    clear = next(
        b
        for b in page.page.answer.findChildren(type(page.page.answer._clear_button()))
        if b.text() == "清除"
    )
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    window = page.window()
    window.menus.home_action.trigger()
    assert window.page_name == "home"
    assert window.home.model.index(0, COL_PROGRESS).data() == "99.1%"


def test_previous_and_next_buttons(qtbot, page) -> None:
    page.go_to("safety", "cctv")
    qtbot.mouseClick(page.page.next_button, Qt.MouseButton.LeftButton)
    assert page.current_key() == ("safety", "natsec_activity")
    qtbot.mouseClick(page.page.previous_button, Qt.MouseButton.LeftButton)
    assert page.current_key() == ("safety", "cctv")


def test_leaving_an_unchanged_field_writes_nothing(qtbot, page, store: Store) -> None:
    page.go_to("safety", "drills_term")
    with qtbot.assertNotEmitted(store.saved):
        page.page.answer.box.setFocus()
        page.go_to("safety", "evacuation_seconds")
