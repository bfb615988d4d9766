"""A note pasted from Word into an item's explanation box: its line breaks (U+000B, U+2028, form
feed) are saved as line feeds, which every other way in accepts."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from checklists.answers_json import structure_problems
from models.ops.answers import get_item_notes
from ui.store import Store


@pytest.fixture
def page(qtbot, sample_window, sample_id: int):
    """The sample assessment opened in the window."""
    sample_window.open_assessment(sample_id)
    return sample_window.assessment_page


def _notes(store: Store, sample_id: int) -> dict[str, str]:
    return store.call(lambda s: get_item_notes(s, sample_id, "safety"))


def test_a_note_pasted_from_word_is_saved_with_plain_line_breaks(
    qtbot, page, store: Store, sample_id: int
) -> None:
    page.go_to("safety", "cctv")
    note = page.page.note
    note.setFocus()
    QGuiApplication.clipboard().setText("甲\x0b乙\u2028丙\x0c丁")
    note.paste()  # what Ctrl+V does
    page.search.setFocus()  # focus leaves the explanation: it is saved
    qtbot.waitUntil(lambda: "cctv" in _notes(store, sample_id))
    assert _notes(store, sample_id)["cctv"] == "甲\n乙\n丙\n丁"
    assert structure_problems(_notes(store, sample_id)) == []


def test_visiting_a_note_an_older_version_stored_with_a_form_feed_fixes_it(
    qtbot, sample_window, page, store: Store, sample_id: int
) -> None:
    """What the refusal to sign asks of the user: open the named note (and leave it)."""
    from models import cache

    store.call(
        lambda s: s.connection().exec_driver_sql(
            "INSERT INTO answers (assessment_id, checklist_id, item_id, explanation, updated_by,"
            " updated_at) VALUES (?, 'safety', 'cctv', '备注\x0c结束', 't', '2022-01-01 00:00:00')"
            " ON CONFLICT (assessment_id, checklist_id, item_id)"
            " DO UPDATE SET explanation = excluded.explanation",
            (sample_id,),
        )
    )
    cache.forget(store.db.engine)
    sample_window.open_assessment(sample_id)  # opened again: reads the store
    page = sample_window.assessment_page
    page.go_to("safety", "cctv")
    page.page.note.setFocus()
    page.search.setFocus()
    page.go_to("safety", "safety_meeting_held")
    qtbot.waitUntil(lambda: _notes(store, sample_id)["cctv"] == "备注\n结束")
