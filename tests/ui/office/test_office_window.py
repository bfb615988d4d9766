"""The 督导汇总 window: aggregate a folder, filter, open a report, export, cancel, languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QTranslator, QUrl
from PySide6.QtGui import QDropEvent

from reports.signing import import_trusted_certificate
from tests.reports.aggregate.helpers import SHEETS_ZH
from tests.reports.aggregate.report_set import SCHOOLS, ReportSet
from tests.ui.office.conftest import aggregate
from ui.office import OfficeWindow, open_office_window
from ui.office.models import COL_SCHOOL, SchoolRole
from ui.shell.i18n import install_language

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


def _codes(window: OfficeWindow) -> list[str]:
    proxy = window.proxy
    return sorted(
        proxy.data(proxy.index(r, 0), SchoolRole).school_code for r in range(proxy.rowCount())
    )


def _choose(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_window_aggregates_a_folder(qtbot, office: OfficeWindow, report_set: ReportSet) -> None:
    assert office.model.rowCount() == 0 and office.empty_hint.isVisibleTo(office)
    aggregate(qtbot, office, report_set.folder)
    assert office.model.rowCount() == 3
    assert office.rejected_model.rowCount() == 4
    assert office.progress.value() == office.progress.maximum() == 8
    assert "完成：检查了 8 / 8 个文件" in office.progress_label.text()
    assert office.counts.text() == "学校记录 3 · 有效报告 4（其中被取代 1）· 被拒文件 4"
    tabs = [office.tabs.tabText(i) for i in range(office.tabs.count())]
    assert tabs == ["概况", "学校（3）", "整改逾期（9）", "被拒文件（4）"]
    assert office.tabs.currentWidget() is office.schools_tab
    assert not office.empty_hint.isVisibleTo(office)
    assert office.export_button.isEnabled() and office.start_button.isEnabled()
    assert (office.data_dir / "office.db").is_file()


def test_filters(qtbot, office: OfficeWindow, report_set: ReportSet) -> None:
    aggregate(qtbot, office, report_set.folder)
    bar = office.filters
    _choose(bar.district, "东城街道")
    assert _codes(office) == [SCHOOLS["Y"][0]]
    _choose(bar.district, None)
    _choose(bar.code, "safety.bullying_survey_missing")  # Y answered the survey in its later report
    assert _codes(office) == [SCHOOLS["X"][0], SCHOOLS["Z"][0]]
    assert (
        bar.code.currentText().startswith("本学期未开展学生欺凌专项调查（")
        and "· 2 所" in bar.code.currentText()
    )
    _choose(bar.code, None)
    _choose(bar.status, "compliant")
    assert _codes(office) == []
    _choose(bar.status, "untrusted")  # the data folder trusts no certificate yet
    assert len(_codes(office)) == 3
    _choose(bar.status, None)
    bar.search.setText("东城")
    assert _codes(office) == [SCHOOLS["Y"][0]]
    bar.search.setText(SCHOOLS["Z"][0])
    assert _codes(office) == [SCHOOLS["Z"][0]]


def test_trust_option_rejects_untrusted_reports(
    qtbot, office: OfficeWindow, report_set: ReportSet
) -> None:
    aggregate(qtbot, office, report_set.folder)
    import_trusted_certificate(office.data_dir, report_set.trusted_cert.read_bytes())
    import_trusted_certificate(office.data_dir, report_set.trusted_y_cert.read_bytes())
    with qtbot.waitSignal(office.summaryChanged, timeout=60000):
        office.trust_check.setChecked(True)
    assert _codes(office) == [SCHOOLS["X"][0], SCHOOLS["Y"][0]]
    assert office.rejected_model.rowCount() == 5


def test_export_writes_the_workbook(
    qtbot, office: OfficeWindow, report_set: ReportSet, tmp_path: Path, monkeypatch
) -> None:
    aggregate(qtbot, office, report_set.folder)
    target = tmp_path / "汇总"
    monkeypatch.setattr(
        "ui.office.window.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    office.export_button.click()
    out = tmp_path / "汇总.xlsx"
    assert load_workbook(out, read_only=True).sheetnames == SHEETS_ZH
    assert str(out) in office.statusBar().currentMessage()


def test_export_cancelled_writes_nothing(
    qtbot, office: OfficeWindow, report_set: ReportSet, tmp_path: Path, monkeypatch
) -> None:
    aggregate(qtbot, office, report_set.path("x-valid.pdf"))
    monkeypatch.setattr("ui.office.window.QFileDialog.getSaveFileName", lambda *a, **k: ("", ""))
    office.export_button.click()
    assert list(tmp_path.rglob("*.xlsx")) == [] and office.statusBar().currentMessage() == ""


def test_export_error_is_shown(
    qtbot, office: OfficeWindow, report_set: ReportSet, tmp_path: Path, monkeypatch
) -> None:
    aggregate(qtbot, office, report_set.path("x-valid.pdf"))
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.office.window.show_error", lambda parent, exc: shown.append(exc))
    bad = tmp_path / "no-such-folder" / "s.xlsx"
    monkeypatch.setattr(
        "ui.office.window.QFileDialog.getSaveFileName", lambda *a, **k: (str(bad), "")
    )
    office.export_button.click()
    assert len(shown) == 1 and "no-such-folder" in shown[0].text("en")  # type: ignore[attr-defined]


def test_open_a_schools_report(
    qtbot, office: OfficeWindow, report_set: ReportSet, monkeypatch
) -> None:
    aggregate(qtbot, office, report_set.folder)
    opened: list[QUrl] = []
    monkeypatch.setattr(
        "ui.office.window.QDesktopServices.openUrl", lambda url: _opened(opened, url)
    )
    assert not office.open_button.isEnabled()
    _choose(office.filters.district, "东城街道")
    office.table.selectRow(0)
    assert office.open_button.isEnabled()
    office.open_button.click()
    assert [u.toLocalFile() for u in opened] == [str(report_set.path("sub/y-new.pdf"))]


def test_open_a_rejected_file_from_its_tab(
    qtbot, office: OfficeWindow, report_set: ReportSet, monkeypatch
) -> None:
    aggregate(qtbot, office, report_set.folder)
    opened: list[QUrl] = []
    monkeypatch.setattr(
        "ui.office.window.QDesktopServices.openUrl", lambda url: _opened(opened, url)
    )
    office.tabs.setCurrentWidget(office.rejected_table)
    assert not office.filters.isEnabled() and not office.open_button.isEnabled()
    office.rejected_table.selectRow(2)
    office.open_button.click()
    assert [u.toLocalFile() for u in opened] == [str(report_set.path("unsigned.pdf"))]


def test_a_report_moved_away_is_explained(
    qtbot, office: OfficeWindow, report_set: ReportSet, tmp_path: Path, monkeypatch
) -> None:
    folder = report_set.copy_to(tmp_path / "in")
    aggregate(qtbot, office, folder / "x-valid.pdf")
    (folder / "x-valid.pdf").unlink()
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.office.window.show_error", lambda parent, exc: shown.append(exc))
    monkeypatch.setattr(
        "ui.office.window.QDesktopServices.openUrl", lambda url: pytest.fail("opened")
    )
    office.table.selectRow(0)
    office.open_button.click()
    assert "找不到报告文件" in shown[0].text("zh")  # type: ignore[attr-defined]


def test_cancel_keeps_what_was_checked(qtbot, office: OfficeWindow, report_set: ReportSet) -> None:
    office.aggregate([report_set.folder])
    worker = office.worker
    assert worker is not None and office.cancel_button.isEnabled()
    with qtbot.waitSignal(worker.finished, timeout=60000):
        office.cancel_button.click()
    assert worker.outcome is not None and worker.outcome.run is not None
    run = worker.outcome.run
    assert run.cancelled and run.done < 8
    qtbot.waitUntil(lambda: office.worker is None)
    assert "已取消" in office.progress_label.text()
    assert office.start_button.isEnabled() and not office.cancel_button.isVisible()


def test_dropping_a_folder_starts_a_run(qtbot, office: OfficeWindow, report_set: ReportSet) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(report_set.folder))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(office.summaryChanged, timeout=120000):
        office.dropEvent(event)
    assert office.model.rowCount() == 3
    assert office.folder == report_set.folder


def test_a_run_asked_for_while_reading_waits_for_it(
    qtbot, data_dir: Path, report_set: ReportSet
) -> None:
    window = OfficeWindow(data_dir, workers=1)
    qtbot.addWidget(window)
    window.aggregate([report_set.path("x-valid.pdf")])  # the first read is still going on
    qtbot.waitUntil(lambda: window.model.rowCount() == 1 and window.worker is None, timeout=60000)


def test_worker_processes_from_the_window(qtbot, data_dir: Path, report_set: ReportSet) -> None:
    window = OfficeWindow(data_dir, workers=2)  # spawned processes, started from a QThread
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.worker is None, timeout=30000)
    aggregate(qtbot, window, report_set.folder)
    assert window.model.rowCount() == 3 and window.rejected_model.rowCount() == 4


def test_store_error_is_shown(qtbot, data_dir: Path, monkeypatch) -> None:
    (data_dir / "office.db").write_bytes(b"not a database" * 100)
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.office.window.show_error", lambda parent, exc: shown.append(exc))
    window = OfficeWindow(data_dir, workers=1)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "无法打开汇总数据库" in shown[0].text("zh")  # type: ignore[attr-defined]
    assert window.worker is None and window.start_button.isEnabled()


def test_models_pass_qtmodeltester(
    qtbot, qtmodeltester, office: OfficeWindow, report_set: ReportSet
) -> None:
    aggregate(qtbot, office, report_set.folder)
    qtmodeltester.check(office.model)
    qtmodeltester.check(office.rejected_model)
    qtmodeltester.check(office.proxy)
    assert office.model.headerData(COL_SCHOOL, Qt.Orientation.Horizontal) == "学校"


class _English(QTranslator):
    """Stands in for campus_en.qm until the office strings are in the .ts."""

    WORDS = {"督导汇总": "Office summary", "开始汇总": "Aggregate", "学校": "School"}

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201
        return (
            self.WORDS.get(source, "") if context in ("OfficeWindow", "OfficeSchoolModel") else ""
        )

    def isEmpty(self) -> bool:  # an empty translator is not installed at all
        return False


def test_language_switch_retranslates(qtbot, office: OfficeWindow, qapp) -> None:
    translator = _English()
    qapp.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: office.windowTitle() == "Office summary")
        assert office.start_button.text() == "Aggregate"
        assert office.model.headerData(COL_SCHOOL, Qt.Orientation.Horizontal) == "School"
    finally:
        qapp.removeTranslator(translator)
    qtbot.waitUntil(lambda: office.windowTitle() == "督导汇总")


def test_open_office_window_on_a_data_folder_above_its_parent(qtbot, data_dir: Path) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    window = open_office_window(parent, data_dir)
    qtbot.waitUntil(lambda: window.worker is None, timeout=30000)
    assert window.data_dir == data_dir and window.isWindow() and window.isVisible()
    window.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshot(qtbot, qapp, office: OfficeWindow, report_set: ReportSet, lang: str) -> None:
    from ui.shell.style import apply_style, register_fonts

    sheet = qapp.styleSheet()
    apply_style(qapp)  # as the app looks
    register_fonts()
    aggregate(qtbot, office, report_set.folder)
    install_language(lang)
    try:
        office.table.selectRow(0)
        qtbot.wait(100)  # the LanguageChange events and the new layout
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert office.grab().save(str(SCREENSHOTS / f"office_{lang}.png"))
        office.tabs.setCurrentWidget(office.rejected_table)
        qtbot.wait(50)
        assert office.grab().save(str(SCREENSHOTS / f"office_rejected_{lang}.png"))
    finally:
        install_language("zh")
        qapp.setStyleSheet(sheet)


def test_a_window_without_parent_outlives_its_callers_reference(qtbot, data_dir: Path) -> None:
    import gc

    import ui.office

    open_office_window(None, data_dir)
    gc.collect()
    (window,) = ui.office._OPEN
    qtbot.waitUntil(lambda: window.worker is None, timeout=30000)
    assert window.isVisible() and window.data_dir == data_dir
    window.close()  # WA_DeleteOnClose: Qt deletes it, and the reference goes
    qtbot.waitUntil(lambda: not ui.office._OPEN)


def _opened(found: list[QUrl], url: QUrl) -> bool:
    """Record ``url`` as QDesktopServices.openUrl would open it."""
    found.append(url)
    return True
