"""Answer widgets of every type, driven through the item page, with what the database holds afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QCheckBox, QFileDialog, QRadioButton

from checklists.answers import School
from checklists.registry import load_checklists
from models.ops.answers import get_answers
from models.ops.assessments import start_assessment
from models.ops.evidence import list_evidence
from models.ops.school import create_school
from tests.ui.conftest import click_button, type_text
from ui.assessment.answer_widgets import IdNumberAnswer, NoteAnswer, TextAnswer
from ui.assessment.evidence_widget import EvidenceAnswer
from ui.store import Store

HERE = Path(__file__).resolve().parents[1]  # tests/ui (its data folder)


@pytest.fixture
def custom_id(data_dir: Path, store: Store) -> int:
    """An assessment of the every_type checklist (distributed into the data folder)."""
    folder = data_dir / "checklists"
    folder.mkdir()
    shutil.copy(HERE / "data" / "every_type.yaml", folder)
    checklists = load_checklists(data_dir)

    def make(s) -> int:
        school = create_school(s, School("Test School", "4419000001", "primary", 800))
        return start_assessment(
            s,
            school,
            period="P1",
            reference_date="2021-12-31",
            checklist_ids=["every_type"],
            checklists=checklists,
        )

    return store.call(make)


@pytest.fixture
def page(window, custom_id: int):
    window.open_assessment(custom_id)
    return window.assessment_page


def stored(store: Store, aid: int) -> dict:
    return store.call(lambda s: get_answers(s, aid, "every_type"))


def test_note_needs_no_answer(page) -> None:
    page.go_to("every_type", "intro")
    assert isinstance(page.page.answer, NoteAnswer)
    assert not page.page.note.isEnabled()


def test_text_saved_on_enter(qtbot, page, store: Store, custom_id: int) -> None:
    page.go_to("every_type", "duty_officer")
    answer = page.page.answer
    assert isinstance(answer, TextAnswer)
    type_text(qtbot, answer.edit, "王主任")
    qtbot.keyClick(answer.edit, Qt.Key.Key_Return)
    assert stored(store, custom_id)["duty_officer"] == "王主任"
    assert page.current_key() == ("every_type", "officer_id")


def test_id_number_live_check(qtbot, monkeypatch, page, store: Store, custom_id: int) -> None:
    page.go_to("every_type", "officer_id")
    answer = page.page.answer
    assert isinstance(answer, IdNumberAnswer)
    qtbot.keyClicks(answer.edit, "44190019800101123")
    assert "无效" in answer.check.text()
    answer.edit.clear()
    qtbot.keyClicks(answer.edit, "11010519491231002X")
    assert "1949-12-31" in answer.check.text() and "女" in answer.check.text()
    answer.commit()
    assert stored(store, custom_id)["officer_id"] == "11010519491231002X"


def test_wrong_id_number_is_kept_but_flagged(qtbot, page, store: Store, custom_id: int) -> None:
    page.go_to("every_type", "officer_id")
    qtbot.keyClicks(page.page.answer.edit, "123")
    assert "无效" in page.page.answer.check.text()
    page.page.answer.commit()  # the core keeps what was written; rules judge ID numbers
    assert stored(store, custom_id)["officer_id"] == "123"


def test_multi_choice(qtbot, page, store: Store, custom_id: int) -> None:
    page.go_to("every_type", "measures")
    boxes = {b.text(): b for b in page.page.answer.findChildren(QCheckBox)}
    click_button(qtbot, boxes["门岗"])
    click_button(qtbot, boxes["监控"])
    assert list(stored(store, custom_id)["measures"]) == ["gate", "cctv"]
    click_button(qtbot, boxes["门岗"])
    assert list(stored(store, custom_id)["measures"]) == ["cctv"]


def test_yes_no_with_not_applicable(qtbot, page, store: Store, custom_id: int) -> None:
    page.go_to("every_type", "inspected")
    radios = {b.text(): b for b in page.page.answer.findChildren(QRadioButton)}
    assert set(radios) == {"是", "否", "不适用"}
    click_button(qtbot, radios["不适用"])
    assert stored(store, custom_id)["inspected"] == "na"


def test_decimal_with_range_and_unit(qtbot, page, store: Store, custom_id: int) -> None:
    page.go_to("every_type", "budget")
    box = page.page.answer.box
    assert box.suffix() == " 万元" and box.maximum() == 1000
    box.setFocus()
    qtbot.keyClicks(box, "12.5")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert stored(store, custom_id)["budget"] == 12.5


def test_evidence_attach_by_button_and_remove(
    qtbot, monkeypatch, tmp_path: Path, page, store: Store, custom_id: int
) -> None:
    photo = tmp_path / "门岗照片.jpg"
    photo.write_bytes(b"\xff\xd8photo")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    page.go_to("every_type", "photos")
    answer = page.page.answer
    assert isinstance(answer, EvidenceAnswer)
    qtbot.mouseClick(answer.attach_button, Qt.MouseButton.LeftButton)
    refs = store.call(lambda s: list_evidence(s, custom_id, "every_type", "photos"))
    assert [r.name for r in refs] == ["门岗照片.jpg"]
    assert refs[0].present
    assert "门岗照片.jpg" in answer.files.item(0).text()
    answer.files.setCurrentRow(0)
    qtbot.mouseClick(answer.remove_button, Qt.MouseButton.LeftButton)
    assert store.call(lambda s: list_evidence(s, custom_id, "every_type", "photos")) == []
    page.window().menus.undo_action.trigger()  # the file comes back
    assert [
        r.name for r in store.call(lambda s: list_evidence(s, custom_id, "every_type", "photos"))
    ] == ["门岗照片.jpg"]


def test_evidence_by_drag_and_drop(
    qtbot, tmp_path: Path, page, store: Store, custom_id: int
) -> None:
    files = [tmp_path / "a.pdf", tmp_path / "b.png"]
    for f in files:
        f.write_bytes(f.name.encode())
    page.go_to("every_type", "photos")
    answer = page.page.answer
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    answer.dropEvent(event)
    names = [
        r.name for r in store.call(lambda s: list_evidence(s, custom_id, "every_type", "photos"))
    ]
    assert names == ["a.pdf", "b.png"]
    assert answer.files.count() == 2
