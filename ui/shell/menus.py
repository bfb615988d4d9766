"""MainMenus: every menu of the main window — 文件, 编辑, 视图, 报告, 工具, 帮助 — built in one place.

The actions call the window's slots (pages, the sample school, language, help) and the export,
sign, verify, settings and office actions, which call the same core operations as the CLI.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from ui.shell.app_window import AppWindow
from ui.shell.i18n import current_language

Shortcut = QKeySequence | QKeySequence.StandardKey


class MainMenus(QObject):
    """The menus of one build of the window (made again on a language switch).

    ``update(page)`` enables what the shown page allows: the assessment actions need one open,
    signing needs it still editable.
    """

    def __init__(self, window: AppWindow, menubar: QMenuBar) -> None:
        super().__init__(window.window())
        self.setObjectName("mainMenus")
        self.window_ = window
        self.menus: list[QMenu] = []
        self.page = ""
        self._file_menu(self._menu(menubar, self.tr("文件(&F)"), "fileMenu"))
        self._edit_menu(self._menu(menubar, self.tr("编辑(&E)"), "editMenu"))
        self._view_menu(self._menu(menubar, self.tr("视图(&V)"), "viewMenu"))
        self._report_menu(self._menu(menubar, self.tr("报告(&R)"), "reportMenu"))
        self._tools_menu(self._menu(menubar, self.tr("工具(&T)"), "toolsMenu"))
        self._help_menu(self._menu(menubar, self.tr("帮助(&H)"), "helpMenu"))
        self.report_menu.aboutToShow.connect(lambda: self.update(self.page))
        self.update("")

    def _menu(self, menubar: QMenuBar, title: str, name: str) -> QMenu:
        menu = QMenu(title, menubar)
        menu.setObjectName(name)
        menubar.addMenu(menu)
        self.menus.append(menu)
        return menu

    def _add(
        self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: Shortcut | None = None
    ) -> QAction:
        action = QAction(text, menu)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _file_menu(self, menu: QMenu) -> None:
        w = self.window_
        self.home_action = self._add(menu, self.tr("主页"), w.go_home, QKeySequence("Ctrl+Home"))
        self.new_action = self._add(
            menu, self.tr("新建自查…"), w.new_assessment, QKeySequence.StandardKey.New
        )
        self.school_action = self._add(menu, self.tr("学校信息…"), w.edit_school)
        menu.addSeparator()
        self.demo_action = self._add(menu, self.tr("打开示例学校"), w.open_demo)
        self.demo_action.setVisible(not w.demo)
        self.leave_demo_action = self._add(menu, self.tr("返回我的数据"), w.leave_demo)
        self.leave_demo_action.setVisible(w.demo)
        menu.addSeparator()
        self._add(menu, self.tr("退出"), w.close, QKeySequence.StandardKey.Quit)

    def _edit_menu(self, menu: QMenu) -> None:
        w = self.window_
        self.undo_action = w.undo_group.createUndoAction(menu, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = w.undo_group.createRedoAction(menu, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        self.find_action = self._add(
            menu, self.tr("查找检查项"), w.focus_search, QKeySequence.StandardKey.Find
        )
        self.next_action = self._add(
            menu, self.tr("下一个待处理项"), lambda: w.jump(True), QKeySequence("Alt+Down")
        )
        self.prev_action = self._add(
            menu, self.tr("上一个待处理项"), lambda: w.jump(False), QKeySequence("Alt+Up")
        )

    def _view_menu(self, menu: QMenu) -> None:
        language_menu = menu.addMenu(self.tr("语言"))
        group = QActionGroup(language_menu)
        for code, name in (("zh", "中文"), ("en", "English")):  # each language named in itself
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(current_language() == code)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.window_.set_language(c))
            group.addAction(action)

    def _report_menu(self, menu: QMenu) -> None:
        w = self.window_
        self.report_menu = menu
        self.export_pdf = self._add(
            menu, self.tr("导出 PDF…"), lambda: _export("pdf", w), QKeySequence("Ctrl+E")
        )
        self.export_excel = self._add(menu, self.tr("导出 Excel…"), lambda: _export("excel", w))
        self.export_answers = self._add(
            menu, self.tr("导出答案文件…"), lambda: _export("answers", w)
        )
        menu.addSeparator()
        self.sign = self._add(menu, self.tr("签名并导出…"), lambda: _sign(w))
        menu.addSeparator()
        self.verify = self._add(menu, self.tr("验证 PDF…"), lambda: _verify(w))

    def _tools_menu(self, menu: QMenu) -> None:
        w = self.window_
        self.tools_menu = menu
        self.settings = self._add(
            menu, self.tr("设置…"), lambda: _settings(w), QKeySequence("Ctrl+,")
        )
        self.office = self._add(menu, self.tr("督导汇总…"), lambda: _office(w))
        menu.addSeparator()
        self.about = self._add(menu, self.tr("关于与许可证…"), lambda: _settings(w, "about"))

    def _help_menu(self, menu: QMenu) -> None:
        w = self.window_
        self.guide_action = self._add(
            menu, self.tr("使用手册"), w.show_guide, QKeySequence.StandardKey.HelpContents
        )
        menu.addSeparator()
        self._add(menu, self.tr("数据文件夹…"), w.show_data_folder)
        self._add(menu, self.tr("关于校园自查"), w.show_about)

    def update(self, page: str) -> None:
        """Enable what ``page`` ("welcome", "school", "home" or "assessment") allows."""
        self.page = page
        on_assessment = page == "assessment"
        for action in (self.find_action, self.next_action, self.prev_action):
            action.setEnabled(on_assessment)
        has_school = page in ("home", "assessment")
        for action in (self.new_action, self.school_action, self.home_action):
            action.setEnabled(has_school)
        model = self.window_.assessment
        for action in (self.export_pdf, self.export_excel, self.export_answers):
            action.setEnabled(model is not None)
        self.sign.setEnabled(model is not None and not model.read_only)

    def remove(self) -> None:
        """Take these menus off the bar and delete them (before the next build)."""
        for menu in self.menus:
            menu.menuAction().setVisible(False)
            menu.deleteLater()
        self.deleteLater()


# The report and tools actions import their screens (and the report libraries) when first
# used: the start-up path loads none of them.


def _export(kind: str, window: AppWindow) -> None:
    from ui.export import actions

    run = {
        "pdf": actions.export_pdf,
        "excel": actions.export_excel,
        "answers": actions.export_answers,
    }
    run[kind](window)


def _sign(window: AppWindow) -> None:
    from ui.sign.actions import sign_and_export

    sign_and_export(window)


def _verify(window: AppWindow) -> None:
    from ui.verify.actions import verify_pdf

    verify_pdf(window)


def _settings(window: AppWindow, tab: str = "general") -> None:
    from ui.settings_dialog.settings_dialog import show_settings

    show_settings(window, tab)


def _office(window: AppWindow) -> None:
    from ui.office import open_office_window

    open_office_window(window.window(), window.store.data_dir)
