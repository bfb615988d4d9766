"""Languages: the English translation is complete and current, every screen shows no Chinese in English
(data aside), and the language can be switched while the app runs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from sqlalchemy.orm import Session

from checklists.answers import School
from models.ops.answers import set_answer
from models.ops.assessments import start_assessment
from models.ops.rows import add_row
from models.ops.school import create_school
from tests.conftest import ROOT
from ui.shell import i18n
from ui.shell.main_window import MainWindow
from ui.store import Store

sys.path.insert(0, str(ROOT / "tools"))
import update_translations  # noqa: E402

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Texts that are Chinese by nature, in either language: the language's own name and the plan's
# original text (the work plan exists in Chinese only).
ALLOWED = {"中文"}
DATA_OBJECTS = {"itemClauses"}  # its tooltip quotes the plan


@pytest.fixture
def english():
    """English for one test, Chinese again afterwards."""
    i18n.install_language("en")
    yield
    i18n.install_language("zh")


def test_ts_has_no_unfinished_translation() -> None:
    assert update_translations.unfinished() == []


def test_ts_is_current_with_the_code(tmp_path: Path) -> None:
    """Running lupdate over ui/ adds no message the committed .ts lacks (else a string is untranslated)."""
    copy = tmp_path / "campus_en.ts"
    shutil.copy(update_translations.TS, copy)
    files = [str(p) for p in update_translations.sources()]
    subprocess.run(
        [
            update_translations._tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *files,
            "-ts",
            str(copy),
        ],
        check=True,
        capture_output=True,
    )
    new = update_translations.unfinished(copy)
    assert new == [], "run tools/update_translations.py and translate: " + repr(new[:10])


def test_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    out = tmp_path / "campus_en.qm"
    subprocess.run(
        [
            update_translations._tool("pyside6-lrelease"),
            str(update_translations.TS),
            "-qm",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == update_translations.QM.read_bytes()


# ---- walking the screens ----


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount private: one column
        return 0 if parent.isValid() else 1


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    parent = parent if parent is not None else QModelIndex()
    columns = _columns(model, parent)
    for section in range(columns):
        header = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(header, str):
            yield header
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    yield value
            if column == 0 and columns > 1 and model.rowCount(index) > 0:
                yield from _model_texts(model, index)


def _widget_texts(widget: QWidget) -> Iterator[str]:
    yield widget.windowTitle()
    if widget.objectName() not in DATA_OBJECTS:
        yield widget.toolTip()
    yield widget.statusTip()
    yield widget.accessibleName()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        yield widget.placeholderText()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
        yield getattr(widget, "suffix", lambda: "")()
    if isinstance(widget, QMenu):
        yield widget.title()
        for action in widget.actions():
            yield action.text()
            yield action.toolTip()
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model())
    for action in widget.actions():
        yield action.text()


def chinese_left(root: QWidget) -> set[str]:
    """Every text shown by ``root`` and its children that still holds Chinese characters."""
    found = set()
    for widget in [root, *root.findChildren(QWidget)]:
        for text in _widget_texts(widget):
            if text and CJK.search(text) and text not in ALLOWED:
                found.add(f"{type(widget).__name__}#{widget.objectName()}: {text}")
    return found


def make_english_school(s: Session) -> int:
    """A school with English data and a self-check of the four checklists: CCTV answered "no"
    and one guard on the roster; returns the self-check's id."""
    school = create_school(
        s,
        School(
            "Riverside Primary School",
            "4419000077",
            "primary",
            1300,
            "Riverside",
            0,
            "Li Ming",
            "0769-1234567",
        ),
    )
    aid = start_assessment(
        s,
        school,
        period="Autumn term 2021",
        reference_date="2021-12-31",
        checklist_ids=["safety", "psychology", "lighting", "guards"],
    )
    set_answer(s, aid, "safety", "cctv", False)
    add_row(
        s,
        aid,
        "guards",
        "guards",
        {
            "name": "Zhang Wei",
            "id_number": "110105194912310021",
            "hire_date": "2019-05-06",
            "on_guard_post": True,
        },
    )
    return aid


@pytest.fixture
def english_school(store: Store) -> int:
    """The English school, with the term's drills answered too."""

    def make(s: Session) -> int:
        aid = make_english_school(s)
        set_answer(s, aid, "safety", "drills_term", 2)
        return aid

    return store.call(make)


def test_welcome_and_profile_pages_in_english(qtbot, english, window) -> None:
    assert window.windowTitle() == "Campus Self-Check"
    assert chinese_left(window) == set()
    window.show_school_page()
    assert window.school_page.save_button.text() == "Save and continue"
    assert chinese_left(window) == set()


def test_every_screen_in_english(qtbot, english, store: Store, english_school: int) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.start()
    window.show()
    assert window.page_name == "home"
    assert chinese_left(window) == set()
    window.open_assessment(english_school)
    page = window.assessment_page
    assert page is not None
    left: set[str] = set()
    for checklist in page.model.checklists.values():
        for item in checklist.items():
            page.go_to(checklist.id, item.id)
            left |= chinese_left(window)
    page.show_findings()
    left |= chinese_left(window)
    for menu in window.menuBar().findChildren(QMenu):
        left |= chinese_left(menu)
    assert left == set()


def test_dialogs_in_english(qtbot, english, store: Store, english_school: int) -> None:
    from datetime import date

    from checklists.registry import builtin_checklists
    from ui.dialogs.clause_dialog import ClauseDialog
    from ui.dialogs.error_details_dialog import ErrorDetailsDialog
    from ui.dialogs.new_assessment_dialog import NewAssessmentDialog
    from ui.dialogs.restore_backup_dialog import RestoreBackupDialog
    from ui.dialogs.school_profile_dialog import SchoolProfileDialog

    dialogs = [
        NewAssessmentDialog(builtin_checklists(), "Spring term 2022", date(2022, 7, 31)),
        NewAssessmentDialog(
            {}, "Spring term 2022", date(2022, 7, 31), copy_from="Autumn term 2021"
        ),
        SchoolProfileDialog(School("Riverside Primary School", "4419000077", "primary", 1300)),
        RestoreBackupDialog(
            "The database is damaged.", [Path("/data/backups/campus-20211201-101010.db")]
        ),
        ErrorDetailsDialog("Something failed.", "Traceback ...", Path("/data/logs/campus.log")),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert chinese_left(dialog) == set(), type(dialog).__name__
    clause = ClauseDialog(75)
    qtbot.addWidget(clause)
    clause.text.setPlainText("")  # the plan's text itself is Chinese-only data
    assert chinese_left(clause) == set()


def test_switching_language_while_working(
    qtbot, store: Store, sample_window, sample_id: int
) -> None:
    window = sample_window
    window.open_assessment(sample_id)
    window.assessment_page.go_to("guards", "guard_provider")
    window.assessment.set_answer("guards", "guard_provider", "mixed")
    english_action = next(
        a
        for m in window.menuBar().findChildren(QMenu)
        for a in m.actions()
        if a.text() == "English"
    )
    english_action.trigger()
    try:
        assert i18n.current_language() == "en"
        assert window.windowTitle().startswith("Campus Self-Check")
        assert window.page_name == "assessment"
        assert window.assessment_page.current_key() == ("guards", "guard_provider")
        assert window.assessment_page.page.title.text() == "Guard provider" or not CJK.search(
            window.assessment_page.page.title.text()
        )
        assert window.menus.undo_action.isEnabled()  # the undo history survives the switch
        assert i18n.saved_language() == "en"
        window.menus.home_action.trigger()
        assert window.home.new_button.text() == "New self-check…"
    finally:
        chinese = next(
            a
            for m in window.menuBar().findChildren(QMenu)
            for a in m.actions()
            if a.text() == "中文"
        )
        chinese.trigger()
    assert window.home.new_button.text() == "新建自查…"
    assert i18n.current_language() == "zh"


def test_the_walk_sees_chinese_when_it_is_there(window) -> None:
    """The check can fail: in Chinese it finds the welcome page's words, buttons and menus."""
    left = chinese_left(window)
    assert any("欢迎使用校园自查" in t for t in left)
    assert any("打开示例学校" in t for t in left)
    assert any(
        "文件(&F)" in t for m in window.menuBar().findChildren(QMenu) for t in chinese_left(m)
    )
