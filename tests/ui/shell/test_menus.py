"""ui.shell.menus: every menu of the main window built in one place, enabled by the shown page and the open
assessment, rebuilt on a language switch without piling up; the report screens' models pass
qtmodeltester."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMenu

from tests.ui import report_fixtures
from ui.shell import i18n
from ui.shell.menus import MainMenus

# The report screens' fixtures (the autouse ones too) for the tests of this module.
_stop_timers, boxes, files, shown_errors = (
    report_fixtures._stop_timers,
    report_fixtures.boxes,
    report_fixtures.files,
    report_fixtures.shown_errors,
)
identity, opened, signed_pdf = (
    report_fixtures.identity,
    report_fixtures.opened,
    report_fixtures.signed_pdf,
)


def menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if a.menu() is not None and a.isVisible()]


def entries(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_every_menu_and_entry(qtbot, sample_window) -> None:
    assert menu_titles(sample_window) == [
        "文件(&F)",
        "编辑(&E)",
        "视图(&V)",
        "报告(&R)",
        "工具(&T)",
        "帮助(&H)",
    ]
    menus = {m.objectName(): m for m in sample_window.menus.menus}
    assert entries(menus["fileMenu"]) == [
        "主页",
        "新建自查…",
        "学校信息…",
        "打开示例学校",
        "返回我的数据",
        "退出",
    ]
    assert entries(menus["editMenu"]) == [
        "撤销",
        "重做",
        "查找检查项",
        "下一个待处理项",
        "上一个待处理项",
    ]
    assert entries(menus["viewMenu"]) == ["语言"]
    assert entries(menus["reportMenu"]) == [
        "导出 PDF…",
        "导出 Excel…",
        "导出答案文件…",
        "签名并导出…",
        "验证 PDF…",
    ]
    assert entries(menus["toolsMenu"]) == ["设置…", "督导汇总…", "关于与许可证…"]
    assert entries(menus["helpMenu"]) == ["使用手册", "数据文件夹…", "关于校园自查"]


def test_menus_follow_the_open_assessment(
    qtbot, sample_window, sample_id: int, files, tmp_path: Path
) -> None:
    menus = sample_window.menus
    assert menus is not None
    assert (
        not menus.export_pdf.isEnabled() and not menus.sign.isEnabled() and menus.verify.isEnabled()
    )
    sample_window.open_assessment(sample_id)
    assert (
        menus.export_pdf.isEnabled() and menus.export_excel.isEnabled() and menus.sign.isEnabled()
    )
    assert menus.find_action.isEnabled() and menus.next_action.isEnabled()
    out = tmp_path / "a.json"
    files.save.append(out)
    menus.export_answers.trigger()
    assert out.exists()
    sample_window.go_home()
    assert not menus.export_answers.isEnabled() and not menus.find_action.isEnabled()


def test_rebuilt_after_a_language_switch(qtbot, sample_window) -> None:
    try:
        sample_window.set_language("en")
        qtbot.wait(10)  # the old build is deleted later
        assert len(sample_window.findChildren(MainMenus)) == 1
        shown = [
            a.menu().objectName() for a in sample_window.menuBar().actions() if a.menu() is not None
        ]
        assert shown.count("reportMenu") == 1 and shown.count("toolsMenu") == 1
        assert (
            len(
                [
                    m
                    for m in sample_window.menuBar().findChildren(QMenu)
                    if m.objectName() == "reportMenu"
                ]
            )
            == 1
        )
        assert menu_titles(sample_window) == [
            "&File",
            "&Edit",
            "&View",
            "&Report",
            "&Tools",
            "&Help",
        ]
    finally:
        sample_window.set_language("zh")
        i18n.install_language("zh", remember=True)


def test_models_pass_the_model_tester(
    qtmodeltester, qtbot, sample_model, store, tmp_path: Path
) -> None:
    from checklists.results import Finding  # noqa: F401  (the urgent model holds findings)
    from reports.signing import create_identity, list_identities
    from ui.dashboard.figures import urgent_rectifications
    from ui.dashboard.urgent_model import UrgentRectificationsModel
    from ui.export.operations import build_report_bytes
    from ui.export.pages_model import PageThumbnailsModel
    from ui.export.pdf_pages import PdfPages
    from ui.settings_dialog.licences import licences
    from ui.settings_dialog.models import BackupsModel, LicencesModel, TrustedModel, backup_entries
    from ui.sign.identities_model import IdentitiesModel
    from ui.verify.summary_model import VerifySummaryModel, summary_rows

    built = build_report_bytes(
        store.db,
        sample_model.assessment_id,
        now=datetime.now().astimezone(),
        lang="zh",
        progress=lambda _s: None,
    )
    pages = PdfPages(built.data)
    thumbs = PageThumbnailsModel(pages.sizes)
    thumbs.set_thumbnail(0, pages.render(0, 0.2))
    pages.close()
    qtmodeltester.check(thumbs)

    create_identity(
        store.data_dir,
        school_name="S",
        school_code="4419012345",
        signer="A",
        title="B",
        passphrase="12345678",
    )
    identities = IdentitiesModel()
    identities.set_rows(list_identities(store.data_dir))
    qtmodeltester.check(identities)

    urgent = UrgentRectificationsModel()
    urgent.set_rows(urgent_rectifications(sample_model.findings(), datetime(2022, 1, 1).date()), {})
    qtmodeltester.check(urgent)

    summary = VerifySummaryModel()
    summary.set_rows(
        summary_rows(
            {
                "guards": {"compliance": 88.9, "findings": 6, "by_severity": {"major": 5}},
                "odd": None,
                "bad": {"compliance": "x"},
            },
            {"guards": "保安"},
        )
    )
    qtmodeltester.check(summary)

    trusted = TrustedModel()
    qtmodeltester.check(trusted)
    store.db.backup()
    from models.backup import list_backups

    backups = BackupsModel()
    backups.set_rows(backup_entries(list_backups(store.data_dir)))
    qtmodeltester.check(backups)
    licence_model = LicencesModel()
    licence_model.set_rows(licences())
    qtmodeltester.check(licence_model)


def test_dashboard_tab_and_office_window_from_the_main_window(
    qtbot, sample_window, sample_id: int
) -> None:
    sample_window.open_assessment(sample_id)
    page = sample_window.assessment_page
    assert page.dashboard is None  # built when first shown (start-up cost)
    page.show_dashboard()
    qtbot.wait(20)  # a widget added to a shown layout is shown by a queued call
    assert page.dashboard is not None and page.dashboard.isVisibleTo(page)
    assert sample_window.menus is not None
    sample_window.menus.office.trigger()
    from ui.office import OfficeWindow

    windows = sample_window.findChildren(OfficeWindow)
    assert len(windows) == 1
    assert windows[0].data_dir == sample_window.store.data_dir  # the main window's data folder
    windows[0].close()


def test_main_py_office_flag_is_a_gui_option() -> None:
    import main

    assert main.wants_gui(["--office"]) and main.wants_gui(["--data-dir", "/x", "--office"])
    assert not main.wants_gui(["aggregate", "--office"])
