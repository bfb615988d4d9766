"""A date item: an unanswered one shows 未填写 (never today's date), and Enter saves a typed date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from models.ops.answers import get_answers, set_answer
from ui.assessment.answer_widgets import DateAnswer
from ui.store import Store

ITEM = "safety_meeting_date"


def _page(window, store: Store, sample_id: int):  # type: ignore[no-untyped-def]
    store.call(lambda s: set_answer(s, sample_id, "safety", ITEM, None))
    window.open_assessment(sample_id)
    page = window.assessment_page
    page.go_to("safety", ITEM)
    assert isinstance(page.page.answer, DateAnswer)
    return page


def test_an_unanswered_date_shows_unanswered_not_today(
    window, store: Store, sample_id: int
) -> None:
    answer = _page(window, store, sample_id).page.answer
    assert answer.edit.text() == "未填写"
    assert answer.edit.date() != QDate.currentDate()
    assert answer.current() is None
    answer.commit()  # leaving the field changes nothing
    assert store.call(lambda s: get_answers(s, sample_id, "safety")).get(ITEM) is None


def test_enter_saves_a_typed_date(qtbot, window, store: Store, sample_id: int) -> None:
    page = _page(window, store, sample_id)
    answer = page.page.answer
    answer.edit.setFocus()
    answer.edit.lineEdit().selectAll()
    qtbot.keyClicks(answer.edit, "2021-10-08")
    qtbot.keyClick(answer.edit, Qt.Key.Key_Return)
    assert store.call(lambda s: get_answers(s, sample_id, "safety"))[ITEM] == date(2021, 10, 8)


def test_item_help_names_sources_as_people_do(window, sample_id: int) -> None:
    window.open_assessment(sample_id)
    page = window.assessment_page
    item = next(
        i.id for i in page.model.checklists["safety"].items() if i.help and "S2" in i.help.zh
    )
    page.go_to("safety", item)
    text = page.page.help.text()
    assert "工作要点第72条" in text and "S2" not in text and "解释 I" not in text
