"""The profile form takes a school code typed in full-width digits (a Chinese input method's
full-width mode) and gives it as 0-9, as validate and import read it; other digits are not typed."""

from __future__ import annotations

FULL_WIDTH = "４４１９０１２３４５"  # 4419012345
ARABIC_INDIC = "٤٤١٩٠١٢٣٤٥"


def test_the_profile_form_takes_full_width_digits(qtbot) -> None:
    from ui.home.school_form import SchoolForm

    form = SchoolForm()
    qtbot.addWidget(form)
    form.name.setText("示例学校")
    form.enrollment.setValue(100)
    form.code.insert(FULL_WIDTH)  # as typed (QTest cannot type beyond Latin-1); validated
    assert form.code.text() == FULL_WIDTH and form.is_valid()
    assert form.school().code == "4419012345"
    form.code.clear()
    form.code.insert(ARABIC_INDIC)
    assert form.code.text() == ""  # the field takes only 0-9 and ０-９
