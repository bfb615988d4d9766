"""Home: the assessment list, new self-check, copy from the last period, delete with confirmation."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy.orm import Session

from checklists.answers import School
from models.backup import list_backups
from models.ops.answers import get_answers, get_item_notes
from models.ops.assessments import get_assessment, list_assessments
from models.ops.findings import finding_notes
from models.ops.school import create_school
from tests.ui.conftest import click_button
from ui.dialogs.new_assessment_dialog import NewAssessmentDialog
from ui.home.home_model import (
    COL_COMPLIANCE,
    COL_CRITICAL,
    COL_MAJOR,
    COL_OPEN,
    COL_PERIOD,
    COL_PROGRESS,
    COL_STATUS,
)
from ui.store import Store


def test_home_lists_the_assessments(sample_window, sample_id: int) -> None:
    home = sample_window.home
    assert sample_window.page_name == "home"
    assert home.model.rowCount() == 1
    assert home.selected_id() == sample_id
    model = home.model
    assert model.index(0, COL_PERIOD).data() == "2021年秋季学期"
    assert model.index(0, COL_STATUS).data() == "草稿"
    assert model.index(0, COL_PROGRESS).data().endswith("%")
    assert int(model.index(0, COL_MAJOR).data()) > 0
    assert model.index(0, COL_CRITICAL).data() == "0"


def _accept_with(qtbot, monkeypatch, change=None) -> list[NewAssessmentDialog]:
    """Replace the modal loop: show the dialog, let ``change`` use it, press OK."""
    seen: list[NewAssessmentDialog] = []

    def fake_exec(dialog: NewAssessmentDialog) -> int:
        seen.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if change is not None:
            change(dialog)
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        if not ok.isEnabled():
            return QDialog.DialogCode.Rejected
        ok.click()
        return dialog.result()

    monkeypatch.setattr(NewAssessmentDialog, "exec", fake_exec)
    return seen


def test_new_assessment_with_three_checklists(qtbot, monkeypatch, store: Store, window) -> None:
    store.call(lambda s: create_school(s, School("Test School", "4419000001", "primary", 800)))
    window.go_home()

    def change(dialog: NewAssessmentDialog) -> None:
        assert all(box.isChecked() for box in dialog.boxes.values())  # all four by default
        assert dialog.reference.date() >= QDate.currentDate()  # the end of the current term
        click_button(qtbot, dialog.boxes["lighting"])
        dialog.period.setText("2024年春季学期")
        dialog.reference.setDate(QDate(2024, 7, 15))

    _accept_with(qtbot, monkeypatch, change)
    qtbot.mouseClick(window.home.new_button, Qt.MouseButton.LeftButton)
    assert window.page_name == "assessment"
    rows = store.call(list_assessments)
    assert len(rows) == 1
    assert rows[0].period == "2024年春季学期"
    assert rows[0].reference_date == date(2024, 7, 15)
    assert rows[0].checklists == ("safety", "psychology", "guards")
    # A blank self-check: nothing done, nothing judged (no 符合率), every required item open.
    assert (rows[0].progress, rows[0].compliance) == (0.0, None) and rows[0].open_items > 0
    window.go_home()
    row = window.home.model.row_of(rows[0].id)
    cells = [
        window.home.model.index(row, c).data() for c in (COL_COMPLIANCE, COL_OPEN, COL_PROGRESS)
    ]
    assert cells == ["—", str(rows[0].open_items), "0%"]


def test_new_assessment_needs_a_checklist(qtbot, monkeypatch, store: Store, window) -> None:
    store.call(lambda s: create_school(s, School("Test School", "4419000001", "primary", 800)))
    window.go_home()

    def change(dialog: NewAssessmentDialog) -> None:
        for box in dialog.boxes.values():
            box.setChecked(False)

    _accept_with(qtbot, monkeypatch, change)
    qtbot.mouseClick(window.home.new_button, Qt.MouseButton.LeftButton)
    assert store.call(list_assessments) == []
    assert window.page_name == "home"


def test_copy_from_last_period(
    qtbot, monkeypatch, store: Store, sample_window, sample_id: int
) -> None:
    seen = _accept_with(qtbot, monkeypatch)
    qtbot.mouseClick(sample_window.home.copy_button, Qt.MouseButton.LeftButton)
    dialog = seen[0]
    assert dialog.period.text() == "2022年春季学期"  # the term after 2021年秋季学期
    new_id = sample_window.assessment.assessment_id
    assert new_id != sample_id
    new = store.call(lambda s: get_assessment(s, new_id))
    assert new.reference_date == date(2022, 6, 30)  # six months after 2021-12-31
    for cl in ("safety", "psychology", "lighting", "guards"):
        assert store.call(partial(_answers, assessment_id=new_id, checklist_id=cl)) == store.call(
            partial(_answers, assessment_id=sample_id, checklist_id=cl)
        )
    assert store.call(lambda s: get_item_notes(s, new_id, "guards")) == store.call(
        lambda s: get_item_notes(s, sample_id, "guards")
    )
    old_notes = store.call(lambda s: finding_notes(s, sample_id))
    assert old_notes and store.call(lambda s: finding_notes(s, new_id)) == old_notes


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_a_second_self_check_of_a_period_asks_first(
    qtbot, monkeypatch, store: Store, sample_window, sample_id: int, answer
) -> None:
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        return answer

    def change(dialog: NewAssessmentDialog) -> None:
        dialog.period.setText("2021年秋季学期")

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    _accept_with(qtbot, monkeypatch, change)
    qtbot.mouseClick(sample_window.home.copy_button, Qt.MouseButton.LeftButton)
    assert asked and "已有自查" in asked[0] and f"#{sample_id}" in asked[0]
    periods = [a.period for a in store.call(list_assessments)]
    assert periods.count("2021年秋季学期") == (2 if answer == QMessageBox.StandardButton.Yes else 1)


def test_copy_takes_the_new_period_and_date(
    qtbot, monkeypatch, store: Store, sample_window, sample_id: int
) -> None:
    def change(dialog: NewAssessmentDialog) -> None:
        dialog.period.setText("2022年春季学期")
        dialog.reference.setDate(QDate(2022, 7, 31))

    _accept_with(qtbot, monkeypatch, change)
    qtbot.mouseClick(sample_window.home.copy_button, Qt.MouseButton.LeftButton)
    rows = {a.period: a for a in store.call(list_assessments)}
    assert rows["2022年春季学期"].reference_date == date(2022, 7, 31)
    assert rows["2022年春季学期"].status == "draft"
    assert rows["2021年秋季学期"].id == sample_id


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_delete_asks_first(
    qtbot, monkeypatch, store: Store, sample_window, sample_id: int, answer
) -> None:
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        return answer

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    backups_before = len(list_backups(store.data_dir))
    qtbot.mouseClick(sample_window.home.delete_button, Qt.MouseButton.LeftButton)
    assert "2021年秋季学期" in asked[0]
    remaining = [a.id for a in store.call(list_assessments)]
    if answer == QMessageBox.StandardButton.Yes:
        assert remaining == []
        assert len(list_backups(store.data_dir)) == backups_before + 1
        assert sample_window.home.empty_hint.isVisible()
    else:
        assert remaining == [sample_id]


def test_double_click_opens(qtbot, sample_window, sample_id: int) -> None:
    table = sample_window.home.table
    rect = table.visualRect(table.model().index(0, COL_PERIOD))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sample_window.page_name == "assessment"
    assert sample_window.assessment.assessment_id == sample_id


def test_enter_opens(qtbot, sample_window, sample_id: int) -> None:
    sample_window.home.table.setFocus()
    qtbot.keyClick(sample_window.home.table, Qt.Key.Key_Return)
    assert sample_window.page_name == "assessment"


def _answers(s: Session, *, assessment_id: int, checklist_id: str) -> dict[str, Any]:
    return get_answers(s, assessment_id, checklist_id)


def _home_cells(win) -> list[list[str]]:
    model = win.home.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_a_start_evaluates_a_self_check_whose_list_figures_are_not_stored(
    qtbot, store: Store, sample_id: int
) -> None:
    """The first page reads with SQL alone; a self-check without stored list figures (left so by
    a schema step that could not evaluate it) is read through a Session and evaluated."""
    import sqlite3

    from ui.shell.main_window import MainWindow

    first = MainWindow(store)
    qtbot.addWidget(first)
    first.start()
    stored = _home_cells(first)
    with sqlite3.connect(store.db.path) as conn:
        conn.execute(
            "UPDATE assessments SET progress = NULL, compliance = NULL, open_items = NULL,"
            " findings_critical = NULL, findings_major = NULL, findings_minor = NULL"
        )
    again = MainWindow(store)
    qtbot.addWidget(again)
    again.start()
    assert again.page_name == "home" and again.home.selected_id() == sample_id
    assert _home_cells(again) == stored
    assert int(again.home.model.index(0, COL_MAJOR).data()) > 0
