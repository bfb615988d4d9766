"""The 报告 and 工具 menus and what the main window hands over to them: dashboard, drops, amend, start-up hooks.

Everything here calls the same core operations as the CLI (reports.export_ops.export_report,
reports.excel.ops.export_assessment, models.ops.exchange.document_text, reports.signing.*,
models.ops.assessments.amend, models.backup / models.database.restore).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar, QWidget

from ui.i18n import translate
from ui.store import AssessmentModel

CONTROLLER_NAME = "reportMenus"


class ReportMenus(QObject):
    """The 报告 and 工具 menus of one window build; the actions follow the open assessment."""

    def __init__(self, window: Any, menubar: QMenuBar) -> None:
        super().__init__(window)
        self.setObjectName(CONTROLLER_NAME)
        self.window_ = window
        self.report_menu = QMenu(translate("ReportMenus", "报告(&R)"), menubar)
        self.report_menu.setObjectName("reportMenu")
        self.tools_menu = QMenu(translate("ReportMenus", "工具(&T)"), menubar)
        self.tools_menu.setObjectName("toolsMenu")
        self.export_pdf = self._add(self.report_menu, translate("ReportMenus", "导出 PDF…"), export_pdf,
                                    QKeySequence("Ctrl+E"))  # fmt: skip
        self.export_excel = self._add(
            self.report_menu, translate("ReportMenus", "导出 Excel…"), export_excel
        )
        self.export_answers = self._add(
            self.report_menu, translate("ReportMenus", "导出答案文件…"), export_answers
        )
        self.report_menu.addSeparator()
        self.sign = self._add(self.report_menu, translate("ReportMenus", "签名并导出…"), sign_and_export)
        self.report_menu.addSeparator()
        self.verify = self._add(
            self.report_menu, translate("ReportMenus", "验证 PDF…"), lambda w: verify_pdf(w)
        )
        self.settings = self._add(self.tools_menu, translate("ReportMenus", "设置…"), lambda w: show_settings(w),
                                  QKeySequence("Ctrl+,"))  # fmt: skip
        self.office = self._add(self.tools_menu, translate("ReportMenus", "督导汇总…"), open_office)
        self.tools_menu.addSeparator()
        self.about = self._add(self.tools_menu, translate("ReportMenus", "关于与许可证…"), show_about)
        _insert_before_last(menubar, (self.report_menu, self.tools_menu))
        self.report_menu.aboutToShow.connect(self.update)
        if hasattr(window, "pageChanged"):
            window.pageChanged.connect(self.update)
        self.update()

    def _add(
        self, menu: QMenu, text: str, slot: Any, shortcut: QKeySequence | None = None
    ) -> QAction:
        action = QAction(text, menu)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot(self.window_))
        menu.addAction(action)
        return action

    @Slot()
    def update(self) -> None:
        """Actions on the assessment need one open; signing needs it still editable."""
        model = getattr(self.window_, "assessment", None)
        for action in (self.export_pdf, self.export_excel, self.export_answers):
            action.setEnabled(model is not None)
        self.sign.setEnabled(model is not None and not model.read_only)


def _insert_before_last(menubar: QMenuBar, menus: Iterable[QMenu]) -> None:
    """Put ``menus`` before the last menu (帮助), or at the end of an empty bar."""
    existing = [a for a in menubar.actions() if a.menu() is not None]
    before = existing[-1] if existing else None
    for menu in menus:
        if before is None:
            menubar.addMenu(menu)
        else:
            menubar.insertMenu(before, menu)


def install_menus(window: Any, menubar: QMenuBar) -> None:
    """Add 报告 (exports, sign, verify) and 工具 (settings, about) to ``menubar``.

    Call it again after each menu rebuild (a language switch): the previous build's
    controller is dropped, so nothing is connected twice.
    """
    for old in window.findChildren(
        ReportMenus, CONTROLLER_NAME, Qt.FindChildOption.FindDirectChildrenOnly
    ):
        old.setObjectName("")  # gone for menus_of at once; Qt disconnects it when deleted
        for menu in (old.report_menu, old.tools_menu):
            menu.deleteLater()
        old.deleteLater()
    ReportMenus(window, menubar)


def menus_of(window: Any) -> ReportMenus | None:
    """The window's current ReportMenus (for tests and the lead)."""
    found = window.findChildren(
        ReportMenus, CONTROLLER_NAME, Qt.FindChildOption.FindDirectChildrenOnly
    )
    return found[-1] if found else None


# ---- the actions ----


def open_office(window: Any) -> QWidget:
    """督导汇总…: the supervision office's window (verify and aggregate a folder of reports)."""
    from ui.office import open_office_window

    return open_office_window(window)


def export_pdf(window: Any) -> Path | None:
    """导出 PDF…: build in a worker, preview, save the previewed bytes."""
    from ui.export.actions import export_pdf as run

    return run(window)


def export_excel(window: Any) -> Path | None:
    """导出 Excel…: file and ID option, then the export in a worker."""
    from ui.export.actions import export_excel as run

    return run(window)


def export_answers(window: Any) -> Path | None:
    """导出答案文件…: the interchange JSON."""
    from ui.export.actions import export_answers as run

    return run(window)


def sign_and_export(window: Any) -> Path | None:
    """签名并导出…: SignDialog, then the signed export in a worker; the assessment locks."""
    from ui.sign.actions import sign_and_export as run

    return run(window)


def verify_pdf(window: Any, path: Path | None = None) -> QWidget | None:
    """验证 PDF…: verify ``path`` (else a chosen file) in a VerifyDialog; returns the dialog."""
    from ui.verify.verify_dialog import VerifyDialog

    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window,
            translate("ReportMenus", "选择要验证的 PDF"),
            "",
            translate("ReportMenus", "PDF 文件 (*.pdf)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
    store = getattr(window, "store", None)
    dialog = VerifyDialog(store.data_dir if store is not None else None, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.verify(Path(path))
    return dialog


def show_settings(window: Any, tab: str = "general") -> None:
    """设置…: the SettingsDialog on ``tab``."""
    from ui.settings_dialog.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.store.data_dir, window)
    dialog.show_tab(tab)
    dialog.exec()
    dialog.deleteLater()


def show_about(window: Any) -> None:
    """关于: name, version and licences (the settings' 关于 tab)."""
    show_settings(window, "about")


def amend_action(window: Any, parent: QObject | None = None) -> QAction:
    """ "创建修订版本…" for the read-only banner: a new draft revision of the signed assessment, opened."""
    from ui.sign.actions import amend_action as make

    return make(window, parent)


def dashboard_widget(model: AssessmentModel, parent: QWidget | None = None) -> QWidget:
    """The dashboard of ``model`` (a tab of the assessment page)."""
    from ui.dashboard.dashboard_view import DashboardView

    return DashboardView(model, parent)


# ---- drag and drop ----


def pdfs_in(paths: Iterable[Path | str]) -> list[Path]:
    """The PDF files among ``paths``."""
    return [Path(p) for p in paths if str(p).lower().endswith(".pdf")]


def accepts_drop(paths: Iterable[Path | str]) -> bool:
    """Whether a drop of ``paths`` is ours (for dragEnterEvent)."""
    return bool(pdfs_in(paths))


def handle_drop(window: Any, paths: Iterable[Path | str]) -> bool:
    """A dropped PDF opens the verify panel; True when the drop was handled."""
    pdfs = pdfs_in(paths)
    if not pdfs:
        return False
    verify_pdf(window, pdfs[0])
    return True


# ---- restoring a backup while the app runs ----


def restore_into(window: Any, backup: Path) -> bool:
    """Restore ``backup`` into the window's data folder now; True when it was restored.

    The open assessment (its pending edits saved) and the database are closed, the backup is
    restored by models.database.restore (which checks it and keeps the current data as a backup
    first), and the folder is opened again and shown. Uses MainWindow's ``_close_assessment``
    and ``_switched`` as they are (the body of a ``MainWindow.restore_backup`` hook).
    """
    from models.database import restore
    from ui.errors import show_error
    from ui.open_data import open_data_folder
    from ui.store import Store

    old = window.store
    data_dir, user = old.data_dir, old.user
    window._close_assessment()
    old.close()
    problem: Exception | None = None
    try:
        restore(data_dir, Path(backup))
    except Exception as exc:  # nothing was changed: the folder opens as it was
        problem = exc
    database = open_data_folder(data_dir, window)
    if database is None:  # the person gave up on a folder that cannot be opened
        window.close()
        return False
    window.store = Store(database, user)
    old.deleteLater()
    window._switched()
    if problem is not None:
        show_error(window, problem)
    return problem is None


# ---- start-up (ui/app.py) ----


def startup_data_dir(option: Path | None) -> Path | None:
    """--data-dir, else the folder chosen in the settings, else None (the default folder)."""
    from ui.settings_dialog.prefs import configured_data_dir

    return option or configured_data_dir()


def apply_pending_restore(data_dir: Path, parent: QWidget | None = None) -> None:
    """Before opening the folder: carry out a restore chosen in the settings (errors shown)."""
    from ui.errors import show_error
    from ui.settings_dialog.prefs import apply_pending_restore as apply

    try:
        apply(data_dir)
    except Exception as exc:
        show_error(parent, exc)
