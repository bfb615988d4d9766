"""The widgets of verdict fidelity: enrolment by part in the school form, open items in the sign
dialog, item states for incomplete and out-of-scope items."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from checklists.answers import School
from checklists.model import Text
from checklists.registry import builtin_checklists
from checklists.results import OpenItem
from tests.checklists.helpers import evaluate, id_number
from ui.assessment.item_states import AMBER, OUT_OF_SCOPE, SKIPPED, combined, item_state
from ui.home.school_form import SchoolForm
from ui.sign.open_items_model import COL_REASON, OpenItemsModel
from ui.sign.sign_dialog import SignDialog


def test_enrolment_by_part_only_for_mixed_stages(qtbot) -> None:
    form = SchoolForm()
    qtbot.addWidget(form)
    form.show()
    assert not form.split.isVisibleTo(form)  # primary by default
    form.stage.setCurrentIndex(form.stage.findData("nine_year"))
    assert form.split.isVisibleTo(form) and not form.primary_part.isVisibleTo(form)
    form.split.setChecked(True)
    form.primary_part.setValue(1250)
    form.secondary_part.setValue(800)
    assert form.primary_part.isVisibleTo(form) and form.enrollment.value() == 2050
    school = form.school()
    assert (school.enrollment, school.enrollment_primary, school.enrollment_secondary) == (
        2050,
        1250,
        800,
    )
    form.stage.setCurrentIndex(form.stage.findData("junior"))
    assert not form.split.isVisibleTo(form)
    assert form.school().enrollment_primary is None  # parts never leave a stage without them


def test_school_form_shows_a_stored_split(qtbot) -> None:
    form = SchoolForm()
    qtbot.addWidget(form)
    form.set_school(
        School(
            "示例学校",
            "4419000001",
            "twelve_year",
            3000,
            enrollment_primary=1000,
            enrollment_secondary=2000,
        )
    )
    assert form.split.isChecked() and form.school() == School(
        "示例学校",
        "4419000001",
        "twelve_year",
        3000,
        enrollment_primary=1000,
        enrollment_secondary=2000,
    )


def _open(item: str, reason: str = "") -> OpenItem:
    return OpenItem(
        "psychology", item, "unanswered", Text("心理", "Psychology"), Text(item, item), reason
    )


def test_sign_dialog_waits_for_a_reason_per_open_item(qtbot, tmp_path: Path, qtmodeltester) -> None:
    dialog = SignDialog(
        tmp_path, None, None, [_open("mh_course"), _open("crisis_plan", "已有预案待印发")]
    )
    qtbot.addWidget(dialog)
    standalone = OpenItemsModel()
    standalone.set_rows([_open("mh_course")])
    qtmodeltester.check(standalone, force_py=True)
    box = dialog.findChild(QGroupBox, "openItemsBox")
    assert box is not None and "未完成：2 项未填写" in box.title()
    dialog.passphrase.setText("secret")
    assert not dialog.sign_button.isEnabled()
    assert "1 项未写原因" in dialog.open_status.text()
    model = dialog.open_items
    assert model.flags(model.index(0, COL_REASON)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    model.setData(model.index(0, COL_REASON), "   ")
    assert model.missing() == 1
    model.setData(model.index(0, COL_REASON), "课表调整中")
    assert model.missing() == 0 and "每一项都已写明原因" in dialog.open_status.text()
    assert model.reasons() == {
        "psychology": {"mh_course": "课表调整中", "crisis_plan": "已有预案待印发"}
    }


def test_sign_dialog_without_open_items_has_no_list(qtbot, tmp_path: Path) -> None:
    dialog = SignDialog(tmp_path, None)
    qtbot.addWidget(dialog)
    assert not hasattr(dialog, "open_view") and dialog.open_items.missing() == 0


def test_item_states_for_scope_and_missing_data() -> None:
    psychology = builtin_checklists()["psychology"]
    kinder = evaluate("psychology", {}, stage="kindergarten")
    room = psychology.item("counselling_room")
    assert item_state(room, kinder.item("counselling_room")) == OUT_OF_SCOPE
    staffing = psychology.section_of("fulltime_psych_teachers").items
    progress = combined(staffing, kinder)
    assert progress.total == 0  # nothing of art. 17 applies: neither done nor to do
    primary = evaluate("psychology", {"fulltime_psych_teachers": 2})
    plan = psychology.item("staffing_plan")
    assert item_state(plan, primary.item("staffing_plan")) == SKIPPED
    guards = builtin_checklists()["guards"]
    gap = evaluate(
        "guards",
        {"guards": [{"name": "张三", "id_number": id_number("1990-01-01"), "licence_no": "粤保1"}]},
    )
    assert gap.item("guards").status == "incomplete"
    assert item_state(guards.item("guards"), gap.item("guards")) == AMBER
