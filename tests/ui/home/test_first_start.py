"""First start: welcome → school profile (with the code check) → home; the sample school."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from models.ops.school import list_schools
from tests.ui.conftest import type_text
from ui.store import Store


def test_empty_folder_opens_on_the_welcome_page(window) -> None:
    assert window.page_name == "welcome"
    assert window.stack.currentWidget() is window.welcome


def test_profile_is_checked_and_saved(qtbot, window, store: Store) -> None:
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    assert window.page_name == "school"
    form = window.school_page.form
    type_text(qtbot, form.name, "东莞市测试小学")
    qtbot.keyClicks(form.code, "44190abc12")  # letters are refused by the validator
    assert form.code.text() == "4419012"
    assert not window.school_page.save_button.isEnabled()
    assert "3" in form.code_check.text()
    qtbot.keyClicks(form.code, "345")
    # 在校生人数 must be entered: an untouched field reads 未填写, never a silent 0.
    assert form.enrollment.text() == "未填写"
    assert not window.school_page.save_button.isEnabled()
    form.enrollment.setValue(0)
    assert not window.school_page.save_button.isEnabled()
    form.stage.setCurrentIndex(form.stage.findData("junior"))
    form.enrollment.setValue(1500)
    assert window.school_page.save_button.isEnabled()
    type_text(qtbot, form.district, "南城街道")
    with qtbot.waitSignal(window.pageChanged) as changed:
        qtbot.mouseClick(window.school_page.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["home"]
    schools = store.call(list_schools)
    assert len(schools) == 1
    school = schools[0][1]
    assert (school.name, school.code, school.stage, school.enrollment, school.district) == (
        "东莞市测试小学",
        "4419012345",
        "junior",
        1500,
        "南城街道",
    )
    assert window.home.school_name.text() == "东莞市测试小学"
    assert window.home.empty_hint.isVisible()


def test_back_from_the_profile_to_the_welcome_page(qtbot, window) -> None:
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.school_page.back_button, Qt.MouseButton.LeftButton)
    assert window.page_name == "welcome"


def test_demo_button_opens_a_copy_of_the_sample(qtbot, window, store: Store, data_dir) -> None:
    with qtbot.waitSignal(window.pageChanged):
        qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.demo
    assert window.store is not store and window.store.data_dir != data_dir
    assert window.page_name == "home"
    assert window.home.model.rowCount() == 1
    assert window.home.school_name.text() == "东莞市南城示例实验小学"
    assert store.call(list_schools) == []  # the person's own folder is untouched
    leave = next(b for b in window.home.findChildren(QPushButton) if b.text() == "返回我的数据")
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    assert not window.demo and window.store is store
    assert window.page_name == "welcome"
