"""Setting answers: validation, the re-evaluated item and finding changes, history, cache coherence."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from checklists.foundation.errors import InputError
from models.errors import NotFound
from models.ops.answers import get_answers, get_item_notes, set_answer, set_item_note
from models.ops.evaluation import evaluate_assessment
from models.ops.history import list_history, verify_history
from models.tables import Answer, HistoryEntry


def _count(db, table) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_set_answer_returns_the_item_verdict_and_the_findings_it_adds_or_removes(
    db, draft: int
) -> None:
    with db.session() as s, s.begin():
        first = set_answer(s, draft, "psychology", "fulltime_psych_teachers", 0, user="u")
    assert first.item.status == "fail" and first.item.value == 0
    assert [f.code for f in first.added] == [
        "fulltime_psych_teacher_missing"
    ] and first.removed == ()
    with db.session() as s, s.begin():
        second = set_answer(s, draft, "psychology", "fulltime_psych_teachers", 2, user="u")
    assert second.item.status == "pass"
    assert second.added == () and [f.code for f in second.removed] == [
        "fulltime_psych_teacher_missing"
    ]
    assert second.result.checklist == "psychology"


@pytest.mark.parametrize("value", ["two", -1, 1.5, True, [1]])
def test_a_wrong_value_raises_and_changes_nothing(db, draft: int, value: object) -> None:
    with db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 3, user="u")
    answers, history = _count(db, Answer), _count(db, HistoryEntry)
    with (
        pytest.raises(InputError, match="psychology.fulltime_psych_teachers"),
        db.session() as s,
        s.begin(),
    ):
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", value, user="u")
    assert (_count(db, Answer), _count(db, HistoryEntry)) == (answers, history)
    with db.session() as s:
        assert get_answers(s, draft, "psychology")["fulltime_psych_teachers"] == 3


def test_unknown_checklist_or_item_is_not_found(db, draft: int) -> None:
    with pytest.raises(NotFound), db.session() as s, s.begin():
        set_answer(s, draft, "nope", "x", 1)
    with pytest.raises(NotFound, match="psychology.nope"), db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "nope", 1)
    with pytest.raises(NotFound, match="#999"), db.session() as s, s.begin():
        set_answer(s, 999, "psychology", "fulltime_psych_teachers", 1)


def test_tables_are_not_set_as_a_whole_value(db, draft: int) -> None:
    with pytest.raises(InputError, match="guards.guards"), db.session() as s, s.begin():
        set_answer(s, draft, "guards", "guards", [{"name": "x"}])


def test_dates_are_stored_and_read_back_as_dates(db, draft: int) -> None:
    from datetime import date

    with db.session() as s, s.begin():
        set_answer(s, draft, "safety", "safety_meeting_held", True)
        saved = set_answer(s, draft, "safety", "safety_meeting_date", "2021-09-01")
    assert saved.item.value == date(2021, 9, 1)
    with db.session() as s:
        assert get_answers(s, draft, "safety")["safety_meeting_date"] == date(2021, 9, 1)


def test_clearing_an_answer_and_an_unchanged_value_write_no_new_history(db, draft: int) -> None:
    with db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 1, user="u")
        again = set_answer(s, draft, "psychology", "fulltime_psych_teachers", 1, user="u")
        cleared = set_answer(s, draft, "psychology", "fulltime_psych_teachers", None, user="u")
    assert again.history_id is None
    assert cleared.history_id is not None and cleared.item.status == "unanswered"
    with db.session() as s:
        entries = [e for e in list_history(s, draft) if e.action == "answer"]
        assert [(e.old, e.new, e.user) for e in entries] == [(None, 1, "u"), (1, None, "u")]
        assert "fulltime_psych_teachers" not in get_answers(s, draft, "psychology")


def test_item_notes(db, draft: int) -> None:
    with db.session() as s, s.begin():
        assert (
            set_item_note(s, draft, "psychology", "staffing_plan", "已报送", user="u") is not None
        )
        assert set_item_note(s, draft, "psychology", "staffing_plan", "已报送", user="u") is None
    with db.session() as s:
        assert get_item_notes(s, draft, "psychology") == {"staffing_plan": "已报送"}
    with db.session() as s, s.begin():
        set_item_note(s, draft, "psychology", "staffing_plan", None, user="u")
    with db.session() as s:
        assert get_item_notes(s, draft, "psychology") == {}


def test_a_rolled_back_edit_does_not_linger_in_the_cache(db, draft: int) -> None:
    with db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 5)
    with pytest.raises(RuntimeError), db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 0)
        raise RuntimeError("the caller failed after the operation")
    with db.session() as s:
        assert get_answers(s, draft, "psychology")["fulltime_psych_teachers"] == 5
        assert "fulltime_psych_teacher_missing" not in {
            f.code for f in evaluate_assessment(s, draft).findings
        }
        assert verify_history(s, draft).ok


def test_the_cache_agrees_with_a_fresh_load(db, data_dir, imported: int) -> None:
    from models import cache

    with db.session() as s, s.begin():
        set_answer(s, imported, "psychology", "fulltime_psych_teachers", 1)
        set_answer(s, imported, "psychology", "parttime_psych_teachers", 2)
    with db.session() as s:
        warm = evaluate_assessment(s, imported)
        cache.forget_session(s)
        cold = evaluate_assessment(s, imported)
    assert warm == cold


def test_each_edit_is_one_history_entry_in_the_same_transaction(db, draft: int) -> None:
    before = _count(db, HistoryEntry)
    with db.session() as s, s.begin():
        saved = set_answer(s, draft, "psychology", "fulltime_psych_teachers", 2, user="张老师")
    assert _count(db, HistoryEntry) == before + 1
    with db.session() as s:
        entry = s.get(HistoryEntry, saved.history_id)
        assert entry is not None and entry.user == "张老师" and entry.new_json == "2"


def test_the_default_user_is_the_os_user(db, draft: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    with db.session() as s, s.begin():
        saved = set_answer(s, draft, "psychology", "fulltime_psych_teachers", 2)
    with db.session() as s:
        entry = s.get(HistoryEntry, saved.history_id)
        assert entry is not None and entry.user == "os-user"
