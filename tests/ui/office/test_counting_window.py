"""The window says what the workbook says: checklists left out, unknown checklist versions,
the revision beside the report id."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from checklists.results import Results
from tests.reports.aggregate.report_set import compliant_answers, only_checklists_of
from tests.reports.aggregate.test_counting_attacks import _report_of
from tests.reports.signing.real_reports import RealReport, build_real_report
from tests.ui.office.conftest import aggregate
from ui.office import OfficeWindow
from ui.office.models import COL_CODE, COL_NOTES, COL_STATUS
from ui.office.school_dialog import OfficeSchoolDialog


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> RealReport:
    return build_real_report(tmp_path_factory.mktemp("real"))


def _newer_guards(results: Results) -> Results:
    guards = results.checklists["guards"]
    return Results({**results.checklists, "guards": dataclasses.replace(guards, version=99)})


def test_the_window_marks_left_out_and_unknown_checklists(
    qtbot, office: OfficeWindow, real: RealReport, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    x = real.sign(_report_of(compliant_answers("X"), _newer_guards, revision=3), real.x)
    (folder / "x.pdf").write_bytes(x)
    only = only_checklists_of(compliant_answers("Y"), {"safety"})
    (folder / "y.pdf").write_bytes(real.sign(_report_of(only), real.y))
    aggregate(qtbot, office, folder)
    model = office.model
    shown = {
        model.index(r, COL_CODE).data(): (
            model.index(r, COL_STATUS).data(),
            model.index(r, COL_NOTES).data(),
        )
        for r in range(model.rowCount())
    }
    x_status, x_notes = shown["4419000101"]
    y_status, y_notes = shown["4419000102"]
    assert x_status == "无法核对" and "清单版本未知：学校保安队伍 v99" in x_notes
    assert y_status == "未完成" and "未包含：" in y_notes and "学校保安队伍" in y_notes
    assert model.headerData(COL_NOTES, Qt.Orientation.Horizontal) == "备注"
    school = next(s for s in office.summary.schools if s.school_code == "4419000101")
    dialog = OfficeSchoolDialog(office.summary, school)
    qtbot.addWidget(dialog)
    assert f"{school.report_id} 修订3" in [label.text() for label in dialog.findChildren(QLabel)]
