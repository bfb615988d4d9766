"""Store and OpenAssessment: one transaction per edit, caches refreshed, undo/redo reaching the database."""

from __future__ import annotations

from typing import Any

import pytest

from checklists.answers import Rectification
from checklists.foundation.errors import InputError
from models.errors import ReadOnlyAssessment
from models.ops import answers as answer_ops
from models.ops import assessments as assessment_ops
from models.ops import findings as finding_ops
from models.ops import rows as row_ops
from ui.open_assessment import OpenAssessment
from ui.store import Store


def stored(store: Store, aid: int, cl: str) -> dict:
    return store.call(lambda s: answer_ops.get_answers(s, aid, cl))


def stored_rows(store: Store, aid: int, cl: str, item: str) -> list[dict]:
    return [r.cells for r in store.call(lambda s: row_ops.list_rows(s, aid, cl, item))]


def test_write_emits_changed_and_saved(qtbot, store: Store, sample_id: int) -> None:
    with qtbot.waitSignal(store.changed) as changed, qtbot.waitSignal(store.saved):
        store.write(
            sample_id,
            lambda s: answer_ops.set_answer(s, sample_id, "safety", "drills_term", 3, user="t"),
        )
    assert changed.args == [sample_id]
    assert stored(store, sample_id, "safety")["drills_term"] == 3


def test_failed_write_changes_nothing_and_emits_nothing(
    qtbot, store: Store, sample_id: int
) -> None:
    before = stored(store, sample_id, "safety")["drills_term"]
    with qtbot.assertNotEmitted(store.changed), pytest.raises(InputError):
        store.write(
            sample_id, lambda s: answer_ops.set_answer(s, sample_id, "safety", "drills_term", -5)
        )
    assert stored(store, sample_id, "safety")["drills_term"] == before


def test_model_reads_checklists_results_and_values(sample_model: OpenAssessment) -> None:
    assert list(sample_model.checklists) == ["safety", "psychology", "lighting", "guards"]
    assert sample_model.value("psychology", "parttime_psych_teachers") == 2
    assert sample_model.result("psychology").checklist == "psychology"
    assert len(sample_model.findings()) == len(sample_model.results().findings) > 0
    assert [r.cells["name"] for r in sample_model.rows("psychology", "psych_teachers")][:1] == [
        "苏雅琳"
    ]
    assert not sample_model.read_only


def test_set_answer_undo_redo(
    qtbot, store: Store, sample_model: OpenAssessment, sample_id: int
) -> None:
    old = sample_model.value("safety", "drills_term")
    with qtbot.waitSignals(
        [sample_model.answerChanged, sample_model.resultsChanged, sample_model.saved]
    ):
        sample_model.set_answer("safety", "drills_term", 7)
    assert stored(store, sample_id, "safety")["drills_term"] == 7
    assert sample_model.value("safety", "drills_term") == 7
    assert sample_model.undo_stack.count() == 1
    sample_model.undo_stack.undo()
    assert stored(store, sample_id, "safety")["drills_term"] == old
    sample_model.undo_stack.redo()
    assert stored(store, sample_id, "safety")["drills_term"] == 7


def test_unchanged_answer_is_not_an_undo_step(sample_model: OpenAssessment) -> None:
    sample_model.set_answer("safety", "drills_term", sample_model.value("safety", "drills_term"))
    assert sample_model.undo_stack.count() == 0


def test_wrong_answer_raises_and_pushes_nothing(
    store: Store, sample_model: OpenAssessment, sample_id: int
) -> None:
    with pytest.raises(InputError):
        sample_model.set_answer("safety", "drills_term", "many")
    assert sample_model.undo_stack.count() == 0


def test_result_follows_the_answer(sample_model: OpenAssessment) -> None:
    sample_model.set_answer("safety", "cctv", False)
    assert sample_model.result("safety").item("cctv").status == "fail"
    sample_model.undo_stack.undo()
    assert sample_model.result("safety").item("cctv").status != "fail"


def test_item_note_undo(store: Store, sample_model: OpenAssessment, sample_id: int) -> None:
    sample_model.set_item_note("safety", "cctv", "正在安装")
    notes = store.call(lambda s: answer_ops.get_item_notes(s, sample_id, "safety"))
    assert notes["cctv"] == "正在安装"
    sample_model.undo_stack.undo()
    assert "cctv" not in store.call(lambda s: answer_ops.get_item_notes(s, sample_id, "safety"))
    assert sample_model.item_note("safety", "cctv") == ""


def test_rows_add_edit_delete_with_undo(
    qtbot, store: Store, sample_model: OpenAssessment, sample_id: int
) -> None:
    cl, item = "psychology", "psych_teachers"
    before = stored_rows(store, sample_id, cl, item)
    with qtbot.waitSignal(sample_model.rowsChanged) as blocker:
        rid = sample_model.add_row(cl, item, {"name": "王老师"}, index=0)
    assert blocker.args == [cl, item]
    assert stored_rows(store, sample_id, cl, item)[0]["name"] == "王老师"
    sample_model.update_cell(cl, item, rid, "name", "王芳")
    assert stored_rows(store, sample_id, cl, item)[0]["name"] == "王芳"
    sample_model.delete_rows(cl, item, [rid])
    assert stored_rows(store, sample_id, cl, item) == before
    sample_model.undo_stack.undo()  # the row comes back (with a new id) at index 0
    assert stored_rows(store, sample_id, cl, item)[0]["name"] == "王芳"
    sample_model.undo_stack.undo()  # the cell edit is undone on the re-created row
    assert stored_rows(store, sample_id, cl, item)[0]["name"] == "王老师"
    sample_model.undo_stack.undo()
    assert stored_rows(store, sample_id, cl, item) == before
    for _ in range(3):
        sample_model.undo_stack.redo()
    assert stored_rows(store, sample_id, cl, item) == before


def test_move_and_replace_rows_undo(
    store: Store, sample_model: OpenAssessment, sample_id: int
) -> None:
    cl, item = "psychology", "psych_teachers"
    before = stored_rows(store, sample_id, cl, item)
    first = sample_model.rows(cl, item)[0].id
    sample_model.move_row(cl, item, first, len(before) - 1)
    assert stored_rows(store, sample_id, cl, item)[-1] == before[0]
    sample_model.replace_rows(cl, item, [{"name": "甲"}], "roster.xlsx")
    assert stored_rows(store, sample_id, cl, item) == [{"name": "甲"}]
    sample_model.undo_stack.undo()
    assert stored_rows(store, sample_id, cl, item)[-1] == before[0]
    sample_model.undo_stack.undo()
    assert stored_rows(store, sample_id, cl, item) == before


def test_finding_explanation_and_rectification(
    store: Store, sample_model: OpenAssessment, sample_id: int
) -> None:
    finding = sample_model.findings()[0]
    sample_model.explain_finding(finding, "已向上级报告")
    rect = Rectification("增配一名专职心理教师", "校长", None, "in_progress")
    sample_model.set_rectification(finding, rect)
    notes = {
        (n.code, n.item, n.row): n
        for n in store.call(lambda s: finding_ops.finding_notes(s, sample_id))
    }
    note = notes[(finding.code, finding.item, finding.row)]
    assert note.explanation == "已向上级报告"
    assert note.rectification == rect
    updated = next(f for f in sample_model.findings() if f.key() == finding.key())
    assert updated.explanation == "已向上级报告"
    sample_model.undo_stack.undo()
    notes = {
        (n.code, n.item, n.row): n
        for n in store.call(lambda s: finding_ops.finding_notes(s, sample_id))
    }
    assert notes[(finding.code, finding.item, finding.row)].rectification == finding.rectification


def test_signed_assessment_is_read_only(qtbot, store: Store, sample_id: int) -> None:
    store.call(lambda s: assessment_ops.mark_signed(s, sample_id, user="t"))
    model = OpenAssessment(store, sample_id)
    assert model.read_only
    with pytest.raises(ReadOnlyAssessment):
        model.set_answer("safety", "drills_term", 1)
    assert model.undo_stack.count() == 0


def test_failed_undo_reports_and_clears_the_stack(
    qtbot, store: Store, sample_model: OpenAssessment, sample_id: int
) -> None:
    sample_model.set_answer("safety", "drills_term", 9)
    store.call(lambda s: assessment_ops.mark_signed(s, sample_id, user="t"))
    with qtbot.waitSignal(sample_model.errorOccurred) as blocker:
        sample_model.undo_stack.undo()
    assert isinstance(blocker.args[0], ReadOnlyAssessment)
    assert sample_model.read_only
    qtbot.waitUntil(lambda: sample_model.undo_stack.count() == 0)
    assert stored(store, sample_id, "safety")["drills_term"] == 9


def test_a_cell_edit_reads_back_its_row_into_the_cached_rows(
    store: Store, sample_model: OpenAssessment, sample_id: int
) -> None:
    """After a cell edit the model's rows are patched with that row read again (not every row
    re-read): they must equal the rows read afresh, values normalised as stored, undo too."""
    from models.ops.rows import list_rows

    cl, item = "guards", "guards"

    def fresh() -> list[Any]:
        return store.call(lambda s: list_rows(s, sample_id, cl, item))

    rows = sample_model.rows(cl, item)
    assert len(rows) >= 2
    target = rows[1]
    sample_model.update_cell(cl, item, target.id, "name", "  李  雷 ")
    assert sample_model.rows(cl, item) == fresh()
    sample_model.update_cell(cl, item, target.id, "hire_date", "2019-03-01")
    assert sample_model.rows(cl, item) == fresh()
    assert sample_model.rows(cl, item)[1].cells["hire_date"] == fresh()[1].cells["hire_date"]
    sample_model.undo_stack.undo()
    sample_model.undo_stack.undo()
    assert sample_model.rows(cl, item) == fresh() == rows
