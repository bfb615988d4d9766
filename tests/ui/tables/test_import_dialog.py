"""Import from Excel and the template download: every error listed for a bad file, rows replaced for a good one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from reports.excel.template import write_template
from tests.ui.tables.conftest import OFFSCREEN_NOISE, stored_rows
from ui.open_assessment import OpenAssessment
from ui.store import Store
from ui.tables import ImportTableDialog, TableEditor
from ui.tables.problems_model import COL_COLUMN, COL_REASON, COL_ROW, COL_SHEET, COL_VALUE

pytestmark = OFFSCREEN_NOISE

GOOD = [
    ["张三", "441900197001010010", None, "2019-03-01", "是", None, None, "粤莞保字2019A00001"],
    ["李四", "440882198001010013", None, "2021/3/1", "否", "2021年6月1日", "是", "A-2"],
]
BAD = [
    [None, "441900197001010010", None, "2019-03-01", "是", None, None, "X1"],  # name missing
    [
        "李四",
        "440882198001010013",
        None,
        "2021-13-45",
        "也许",
        None,
        None,
        "X2",
    ],  # bad date, bad yes/no
]


def workbook(
    sample_model: OpenAssessment,
    path: Path,
    rows: Sequence[Sequence[Any]],
    extra: str | None = None,
) -> Path:
    """The guard template filled with ``rows`` from row 2 (and one unknown column when ``extra``)."""
    write_template(sample_model.checklists["guards"], "guards", path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    if extra:
        ws.cell(row=1, column=ws.max_column + 1, value=extra)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


@pytest.fixture
def dialog(qtbot, sample_model: OpenAssessment) -> ImportTableDialog:
    found = ImportTableDialog(sample_model.checklists["guards"], "guards", 12)
    qtbot.addWidget(found)
    return found


def test_problems_model_passes_the_model_tester(
    qtmodeltester, tmp_path: Path, dialog: ImportTableDialog, sample_model
) -> None:
    dialog.load(workbook(sample_model, tmp_path / "bad.xlsx", BAD))
    qtmodeltester.check(dialog.problems)


def test_a_bad_file_lists_every_problem_and_cannot_be_accepted(
    tmp_path: Path, dialog: ImportTableDialog, sample_model
) -> None:
    dialog.load(workbook(sample_model, tmp_path / "bad.xlsx", BAD))
    model = dialog.problems
    rows = [
        [model.index(r, c).data() for c in (COL_SHEET, COL_ROW, COL_COLUMN, COL_VALUE)]
        for r in range(model.rowCount())
    ]
    assert rows == [
        ["保安员名册", "2", "A 姓名", ""],
        ["保安员名册", "3", "D 入职日期", "2021-13-45"],
        ["保安员名册", "3", "E 目前在保安岗位", "也许"],
    ]
    assert all(model.index(r, COL_REASON).data() for r in range(3))
    assert "必填" in model.index(0, COL_REASON).data()
    assert dialog.table_import is None
    assert not dialog.replace_button.isEnabled()
    assert "共 3 处问题" in dialog.summary.text()
    assert dialog.view.isVisibleTo(dialog)


def test_a_good_file_with_an_extra_column_shows_the_warning(
    tmp_path: Path, dialog: ImportTableDialog, sample_model
) -> None:
    dialog.load(workbook(sample_model, tmp_path / "good.xlsx", GOOD, extra="备注"))
    assert dialog.table_import is not None and len(dialog.table_import.rows) == 2
    assert dialog.replace_button.isEnabled()
    assert dialog.problems.rowCount() == 1
    assert "备注" in dialog.problems.index(0, COL_COLUMN).data()
    assert "读取到 2 行" in dialog.summary.text() and "现有的 12 行" in dialog.summary.text()


def test_import_through_the_editor_rejected_file_changes_nothing(
    qtbot,
    monkeypatch,
    tmp_path: Path,
    store: Store,
    sample_id: int,
    guards: TableEditor,
    sample_model,
) -> None:
    before = stored_rows(store, sample_id)
    path = workbook(sample_model, tmp_path / "bad.xlsx", BAD)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: list[int] = []

    def run(self: ImportTableDialog) -> int:
        seen.append(self.problems.rowCount())
        self.accept()  # even a forced accept must not import a rejected file
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportTableDialog, "exec", run)
    guards.import_action.trigger()
    assert seen == [3]
    assert stored_rows(store, sample_id) == before


def test_import_through_the_editor_replaces_the_rows_undoably(
    qtbot,
    monkeypatch,
    tmp_path: Path,
    store: Store,
    sample_id: int,
    guards: TableEditor,
    sample_model,
) -> None:
    before = stored_rows(store, sample_id)
    path = workbook(sample_model, tmp_path / "good.xlsx", GOOD)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(ImportTableDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    guards.import_action.trigger()
    rows = stored_rows(store, sample_id)
    assert [r["name"] for r in rows] == ["张三", "李四"]
    assert rows[1]["hire_date"] == date(2021, 3, 1) and rows[1]["assessment_passed"] is True
    assert guards.rows_model.rowCount() == 2
    assert guards.status.text().startswith("共 2 行")
    guards.model.undo_stack.undo()
    assert stored_rows(store, sample_id) == before


def test_cancelled_file_choice_opens_no_dialog(
    monkeypatch, store: Store, sample_id: int, guards: TableEditor
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(
        ImportTableDialog, "exec", lambda self: pytest.fail("no dialog after a cancelled choice")
    )
    guards.import_action.trigger()
    assert len(stored_rows(store, sample_id)) == 12


def test_download_template_writes_the_workbook(
    monkeypatch, tmp_path: Path, guards: TableEditor
) -> None:
    target = tmp_path / "名册"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    guards.template_action.trigger()
    saved = target.with_suffix(".xlsx")
    header = [c.value for c in openpyxl.load_workbook(saved).worksheets[0][1]]
    assert header[:2] == ["姓名", "公民身份号码"]
    assert str(saved) in guards.status.text()


def test_the_file_picker_offers_xls_and_the_summary_lists_the_aliases(
    monkeypatch, tmp_path: Path, dialog: ImportTableDialog
) -> None:
    from tests.reports.excel.test_synonyms import HEADER, ROWS, write_xls

    path = write_xls(tmp_path / "roster.xls", [HEADER, *ROWS])
    filters: list[str] = []

    def pick(_parent, _title, _folder, wanted):  # type: ignore[no-untyped-def]
        filters.append(wanted)
        return str(path), wanted

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    assert dialog.choose_file()
    assert "*.xls" in filters[0].split(";;")[0] and "*.xlsx" in filters[0].split(";;")[0]
    assert dialog.table_import is not None and len(dialog.table_import.rows) == 4
    assert dialog.replace_button.isEnabled()
    assert "“目前在保安岗位”列的“离岗”按“否”读取（1 处）" in dialog.summary.text()
