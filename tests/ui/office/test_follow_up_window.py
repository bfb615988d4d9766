"""The office window's follow-up: overview, overdue tab, a school's page, the menu bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reports.aggregate import SchoolRow
from tests.reports.aggregate.test_follow_up import PERIOD, PREVIOUS, build_follow_up_store
from ui.office import OfficeWindow
from ui.office.follow_up_models import RowRole

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


@pytest.fixture
def window(qtbot, data_dir: Path) -> OfficeWindow:
    """The window on a hand-built store (whole store shown: no run yet)."""
    build_follow_up_store(data_dir).close()
    opened = OfficeWindow(data_dir, workers=1)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.worker is None and opened.summary is not None, timeout=30000)
    return opened


def test_overview_shows_districts_and_who_has_not_reported(window: OfficeWindow) -> None:
    overview = window.overview
    assert overview.period == PERIOD
    assert [r.district for r in overview.bars.rows] == [
        "道滘镇",
        "东城街道",
        "高埗镇",
        "南城街道",
        "万江街道",
    ]
    model = overview.reporting_model
    standing = [
        (model.row_at(i).school_code, model.index(i, 0).data()) for i in range(model.rowCount())
    ]
    assert standing == [
        ("4419000004", "未报送"),
        ("4419000002", "逾期报送"),
        ("4419000009", "不在名单内"),
    ]
    assert "（3）" in overview.reporting_title.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.tabs.setCurrentWidget(overview)
    assert window.grab().save(str(SCREENSHOTS / "office_overview_zh.png"))


def test_overdue_tab(window: OfficeWindow) -> None:
    model = window.overdue_model
    assert window.tabs.tabText(window.tabs.indexOf(window.overdue_table)) == "整改逾期（3）"
    rows = [model.row_at(i) for i in range(model.rowCount())]
    assert [(r.district, r.school_code, r.code) for r in rows] == [
        ("道滘镇", "4419000002", "over_55_on_post"),
        ("道滘镇", "4419000002", "birth_date_unknown"),
        ("南城街道", "4419000001", "over_55_on_post"),
    ]
    assert model.index(2, 2).data() == "超过55周岁仍在保安岗位"
    assert (model.index(2, 5).data(), model.index(2, 6).data(), model.index(2, 9).data()) == (
        "调岗",
        "总务主任",
        "未开始",
    )
    assert model.headerData(3, Qt.Orientation.Horizontal) == "行号"
    assert int(model.index(2, model.COL_DAYS).data()) > 0


def test_school_page_with_rectification_certificate_and_periods(
    qtbot, window: OfficeWindow
) -> None:
    summary = window.summary
    assert summary is not None
    school = next(
        s for s in summary.schools if s.school_code == "4419000001" and s.period == PERIOD
    )
    dialog = window.open_school(school)
    assert dialog is not None
    qtbot.addWidget(dialog)
    findings = dialog.findings_model
    assert [findings.index(i, 0).data() for i in range(findings.rowCount())] == [
        "超过55周岁仍在保安岗位",
        "45至55周岁保安员未经考核",
        "新入职保安员超过45周岁",
    ]
    assert (findings.index(1, 4).data(), findings.index(1, 7).data()) == ("补考核", "已完成")
    assert findings.index(2, 7).data() == "无整改计划"
    periods = dialog.periods_model
    changes = [
        (periods.index(i, 0).data(), periods.index(i, 3).data()) for i in range(periods.rowCount())
    ]
    assert changes == [
        ("45至55周岁保安员未经考核", "新出现"),
        ("新入职保安员超过45周岁", "新出现"),
        ("超过55周岁仍在保安岗位", "仍存在"),
        ("保安员身份证号码无效", "已消除"),
    ]
    assert PREVIOUS in dialog.periods_note.text() and PERIOD in dialog.periods_note.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index, name in ((0, "findings"), (2, "periods")):
        dialog.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        assert dialog.grab().save(str(SCREENSHOTS / f"office_school_{name}_zh.png"))
    dialog.close()


def test_double_click_on_an_overdue_row_opens_the_school(
    qtbot, window: OfficeWindow, monkeypatch
) -> None:
    opened: list[SchoolRow] = []
    monkeypatch.setattr(window, "open_school", opened.append)
    window.tabs.setCurrentWidget(window.overdue_table)
    index = window.overdue_model.index(2, 0)
    window.overdue_table.doubleClicked.emit(index)
    assert [(s.school_code, s.period) for s in opened] == [("4419000001", PERIOD)]
    assert index.data(RowRole).school_code == "4419000001"


def test_menu_bar(window: OfficeWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "设置(&S)", "帮助(&H)"]
    menus = window.menus
    texts = [a.text() for a in menus.file_menu.actions() if a.text()]
    assert "导入应报学校名单…" in texts and "清理已删除的文件…" in texts
    assert [a.text() for a in menus.languages.actions()] == ["中文", "English"]


def test_prune_from_the_window_asks_and_lists(qtbot, window: OfficeWindow, monkeypatch) -> None:
    asked: list[list[str]] = []

    def refuse(paths: list[str]) -> bool:
        asked.append(paths)
        return False

    monkeypatch.setattr(window.menus, "_confirm_prune", refuse)
    assert window.menus.prune_gone() == []  # refused: nothing removed
    assert len(asked[0]) == 5 and window.summary is not None and len(window.summary.schools) == 5
    monkeypatch.setattr(window.menus, "_confirm_prune", lambda paths: True)
    removed = window.menus.prune_gone()
    assert sorted(removed) == sorted(asked[0])
    qtbot.waitUntil(lambda: window.worker is None and not window.summary.schools, timeout=30000)


def test_import_a_school_list_from_the_menu(
    qtbot, window: OfficeWindow, tmp_path: Path, monkeypatch
) -> None:
    from openpyxl import load_workbook

    from reports.aggregate.expected import write_list_template

    listed = write_list_template(tmp_path / "list.xlsx")
    book = load_workbook(listed)
    book.active.append(["4419000001", "学校4419000001", "南城街道", "小学", ""])
    book.save(listed)

    class Chosen:
        def __init__(self, *args: object) -> None:
            pass

        def exec(self) -> bool:
            return True

        def file(self) -> Path:
            return listed

        def period(self) -> str:
            return PERIOD

        def deadline(self) -> None:
            return None

    monkeypatch.setattr("ui.office.school_list_dialog.SchoolListDialog", Chosen)
    window.menus.import_school_list()
    qtbot.waitUntil(lambda: window.worker is None, timeout=30000)
    qtbot.waitUntil(
        lambda: window.summary is not None and window.summary.counts()["unexpected"] == 3,
        timeout=30000,
    )
    assert window.summary is not None and window.summary.counts()["missing"] == 0


def test_in_english(qtbot, window: OfficeWindow) -> None:
    from ui.shell.i18n import install_language

    install_language("en")
    try:
        qtbot.wait(50)
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert tabs == ["Overview", "Schools (5)", "Overdue (3)", "Refused files (0)"]
        assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Settings", "&Help"]
        assert window.overdue_model.index(2, 2).data() == "Guard over 55 still on post"
        assert window.overdue_model.index(2, 9).data() == "Open"
        assert window.overdue_model.headerData(3, Qt.Orientation.Horizontal) == "Row"
        assert window.overview.reporting_model.index(0, 0).data() == "Not reported"
    finally:
        install_language("zh")


def test_trust_list_and_guide_from_the_menus(qtbot, window: OfficeWindow, monkeypatch) -> None:
    from ui.office.guide_dialog import OfficeGuideDialog
    from ui.settings_dialog.settings_dialog import SettingsDialog

    shown: list[str] = []

    def trust_exec(dialog: SettingsDialog) -> int:
        shown.append(dialog.tabs.tabText(dialog.tabs.currentIndex()))
        return 0

    monkeypatch.setattr(SettingsDialog, "exec", trust_exec)
    window.menus.show_trust_list()
    assert shown == ["信任列表"]
    qtbot.waitUntil(lambda: window.worker is None, timeout=30000)

    def guide_exec(dialog: OfficeGuideDialog) -> int:
        shown.append(dialog.browser.toPlainText())
        return 0

    monkeypatch.setattr(OfficeGuideDialog, "exec", guide_exec)
    window.menus.show_guide()
    assert "督导室使用说明" in shown[1] and "整改逾期" in shown[1]
