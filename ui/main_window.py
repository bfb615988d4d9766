"""The main window: welcome → school profile → home → assessment, menus, status bar, language switch."""

from __future__ import annotations

import gc
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from checklists.answers import School
from ui import settings
from ui.errors import show_error
from ui.i18n import current_language, install_language
from ui.icons import app_icon
from ui.store import AssessmentModel, Store
from ui.words import format_time

if TYPE_CHECKING:
    from ui.assessment_page import AssessmentPage
    from ui.home_page import HomePage
    from ui.operations import HomeData
    from ui.school_page import SchoolProfilePage
    from ui.welcome_page import WelcomePage


def register_fonts() -> str | None:
    """Register the bundled CJK font so Chinese renders without a system font; return its family."""
    from reports.fonts import FONT_PATH

    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = QFont(families[0], 10)
        app.setFont(font)
    return families[0]


class MainWindow(QMainWindow):
    """The application window; it carries out the pages' requests with one core call each.

    Pages live in a stack: welcome (empty folder), school profile, home, and the open assessment.
    Switching the language rebuilds the pages (the open assessment and its undo history stay).

    Signals:
        pageChanged(str name): "welcome", "school", "home" or "assessment" is now shown.
    """

    pageChanged = Signal(str)

    def __init__(self, store: Store, *, demo: bool = False, own_store: Store | None = None,
                 own_data_dir: Path | None = None) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.demo = demo
        self.own_store = own_store  # the person's own folder, kept open while the sample is shown
        self.own_data_dir = own_data_dir
        self.undo_group = QUndoGroup(self)
        self.assessment: AssessmentModel | None = None
        self.page_name = ""
        self.setWindowIcon(app_icon())
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.setAcceptDrops(True)  # a PDF dropped on the window is verified
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.store.saved.connect(self.on_saved)
        self._build()
        self._restore_geometry()

    # ---- building (again on a language switch) ----

    def _build(self) -> None:
        self._update_title()
        while self.stack.count():
            widget = self.stack.widget(0)
            assert widget is not None
            self.stack.removeWidget(widget)
            widget.deleteLater()
        # Pages are made when first shown: a start on the home page builds only that one.
        self._welcome: WelcomePage | None = None
        self._school_page: SchoolProfilePage | None = None
        self._home: HomePage | None = None
        self.assessment_page: AssessmentPage | None = None
        self._build_menus()

    @property
    def welcome(self) -> WelcomePage:
        """The welcome page (made on first use)."""
        if self._welcome is None:
            from ui.welcome_page import WelcomePage

            self._welcome = WelcomePage()
            self._welcome.startRequested.connect(self.show_school_page)
            self._welcome.demoRequested.connect(self.open_demo)
            self.stack.addWidget(self._welcome)
        return self._welcome

    @property
    def school_page(self) -> SchoolProfilePage:
        """The first-start school profile page (made on first use)."""
        if self._school_page is None:
            from ui.school_page import SchoolProfilePage

            self._school_page = SchoolProfilePage()
            self._school_page.saveRequested.connect(self.create_school)
            self._school_page.backRequested.connect(lambda: self._show("welcome"))
            self.stack.addWidget(self._school_page)
        return self._school_page

    @property
    def home(self) -> HomePage:
        """The home page (made on first use)."""
        if self._home is None:
            from ui.home_page import HomePage

            home = self._home = HomePage(demo=self.demo)
            home.newRequested.connect(self.new_assessment)
            home.openRequested.connect(self.open_assessment)
            home.copyRequested.connect(self.copy_assessment)
            home.deleteRequested.connect(self.delete_assessment)
            home.editSchoolRequested.connect(self.edit_school)
            home.leaveDemoRequested.connect(self.leave_demo)
            self.stack.addWidget(home)
        return self._home

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.home_action = self._action(
            file_menu, self.tr("主页"), self.go_home, QKeySequence("Ctrl+Home")
        )
        self.new_action = self._action(
            file_menu, self.tr("新建自查…"), self.new_assessment, QKeySequence.StandardKey.New
        )
        self.school_action = self._action(file_menu, self.tr("学校信息…"), self.edit_school)
        file_menu.addSeparator()
        self.demo_action = self._action(file_menu, self.tr("打开示例学校"), self.open_demo)
        self.demo_action.setVisible(not self.demo)
        self.leave_demo_action = self._action(file_menu, self.tr("返回我的数据"), self.leave_demo)
        self.leave_demo_action.setVisible(self.demo)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)
        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = self._action(
            edit_menu, self.tr("查找检查项"), self.focus_search, QKeySequence.StandardKey.Find
        )
        self.next_action = self._action(
            edit_menu, self.tr("下一个待处理项"), lambda: self.jump(True), QKeySequence("Alt+Down")
        )
        self.prev_action = self._action(
            edit_menu, self.tr("上一个待处理项"), lambda: self.jump(False), QKeySequence("Alt+Up")
        )
        view_menu = bar.addMenu(self.tr("视图(&V)"))
        language_menu = view_menu.addMenu(self.tr("语言"))
        group = QActionGroup(self)
        for code, name in (("zh", "中文"), ("en", "English")):  # each language named in itself
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(current_language() == code)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.guide_action = self._action(
            help_menu, self.tr("使用手册"), self.show_guide, QKeySequence.StandardKey.HelpContents
        )
        help_menu.addSeparator()
        self._action(help_menu, self.tr("数据文件夹…"), self.show_data_folder)
        self._action(help_menu, self.tr("关于校园自查"), self.show_about)
        from ui import report_menus

        report_menus.install_menus(self, bar)  # 报告 (export, sign, verify) and 工具 (settings, office)
        self._update_actions()

    def _action(
        self,
        menu: QWidget,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _update_title(self) -> None:
        title = self.tr("校园自查")
        if self.demo:
            title += " — " + self.tr("示例学校（临时副本）")
        elif self.assessment is not None:
            title += f" — {self.assessment.period}"
        self.setWindowTitle(title)

    def _update_actions(self) -> None:
        on_assessment = self.page_name == "assessment"
        for action in (self.find_action, self.next_action, self.prev_action):
            action.setEnabled(on_assessment)
        has_school = self.page_name in ("home", "assessment")
        self.new_action.setEnabled(has_school)
        self.school_action.setEnabled(has_school)
        self.home_action.setEnabled(has_school)

    # ---- pages ----

    def start(self) -> None:
        """Show the first page: welcome on an empty folder, else the last assessment or home."""
        from ui.operations import home_data

        data = self.store.call(home_data)  # one read for the decision and the home page
        if data.school is None:
            self._show("welcome")
            return
        last = settings.last_assessment(self.store.data_dir) if not self.demo else None
        if last is not None and any(a.id == last for a in data.assessments):
            self.open_assessment(last)
        else:
            self._close_assessment()
            self._fill_home(data)
            self._show("home")

    def _show(self, name: str) -> None:
        pages = {
            "welcome": lambda: self.welcome,
            "school": lambda: self.school_page,
            "home": lambda: self.home,
        }
        widget = pages[name]() if name in pages else self.assessment_page
        assert widget is not None
        self.stack.setCurrentWidget(widget)
        self.page_name = name
        self._update_title()
        self._update_actions()
        self.pageChanged.emit(name)

    @Slot()
    def show_school_page(self) -> None:
        """The school profile form of the first start."""
        self._show("school")
        self.school_page.form.name.setFocus()

    @Slot()
    def go_home(self, select: int | None = None) -> None:
        """Close the open assessment (saving pending edits) and show the home page."""
        self._close_assessment()
        self.refresh_home(select)
        self._show("home")
        self.home.table.setFocus()

    def refresh_home(self, select: int | None = None) -> None:
        """Read the school and the assessments again."""
        from ui.operations import home_data

        self._fill_home(self.store.call(home_data), select)

    def _fill_home(self, data: HomeData, select: int | None = None) -> None:
        self.home.set_school(data.school[1] if data.school else None, data.schools)
        self.home.set_assessments(data.assessments, select)

    # ---- school ----

    @Slot(object)
    def create_school(self, school: School) -> None:
        """Save the profile entered on first start, then go home."""
        from models.ops.school import save_school

        try:
            self.store.call(lambda s: save_school(s, school, user=self.store.user))
        except Exception as exc:
            show_error(self, exc)
            return
        self.go_home()

    @Slot()
    def edit_school(self) -> None:
        """Change the school profile (SchoolProfileDialog)."""
        from models.ops.school import update_school
        from ui.dialogs.school_profile_dialog import SchoolProfileDialog
        from ui.operations import current_school

        found = self.store.call(current_school)
        dialog = SchoolProfileDialog(found[1] if found else None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        school = dialog.school()
        try:
            if found is None:
                self.create_school(school)
                return
            self.store.call(lambda s: update_school(s, found[0], school, user=self.store.user))
        except Exception as exc:
            show_error(self, exc)
            return
        if self.assessment is not None:
            self.assessment.reload()
            for checklist_id in self.assessment.checklists:
                self.assessment.resultsChanged.emit(checklist_id)
        self.refresh_home()

    # ---- assessments ----

    @Slot()
    def new_assessment(self) -> None:
        """Ask for period, reference date and checklists, start the self-check and open it."""
        from checklists.registry import load_checklists
        from models.ops.assessments import start_assessment
        from ui.dialogs.new_assessment_dialog import NewAssessmentDialog
        from ui.operations import current_school
        from ui.terms import current_term

        found = self.store.call(current_school)
        if found is None:
            self.show_school_page()
            return
        period, end = current_term(date.today(), current_language())
        dialog = NewAssessmentDialog(load_checklists(self.store.data_dir), period, end, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        if not self.confirm_new_period(found[0], request.period):
            return
        try:
            new_id = self.store.call(lambda s: start_assessment(
                s, found[0], period=request.period, reference_date=request.reference_date,
                checklist_ids=request.checklist_ids, user=self.store.user))  # fmt: skip
        except Exception as exc:
            show_error(self, exc)
            return
        self.open_assessment(new_id)

    @Slot(int)
    def copy_assessment(self, assessment_id: int) -> None:
        """Start the next period from ``assessment_id`` (answers, rosters, explanations, rectification)."""
        from models.ops.assessments import get_assessment
        from models.ops.periods import propose_next_period
        from models.ops.revisions import carry_forward
        from ui.dialogs.new_assessment_dialog import NewAssessmentDialog

        source = self.store.call(lambda s: get_assessment(s, assessment_id))
        proposal = self.store.call(lambda s: propose_next_period(s, assessment_id))
        dialog = NewAssessmentDialog(
            {}, proposal.period, proposal.reference_date, copy_from=source.period, parent=self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        if not self.confirm_new_period(source.school_id, request.period):
            return
        try:
            new_id = self.store.call(lambda s: carry_forward(
                s, assessment_id, request.period, request.reference_date,
                user=self.store.user, allow_duplicate=True))  # fmt: skip
        except Exception as exc:
            show_error(self, exc)
            return
        self.open_assessment(new_id)

    def confirm_new_period(self, school_id: int, period: str) -> bool:
        """True when no self-check of ``period`` exists yet, or the user confirms a second one."""
        from models.ops.periods import same_period

        existing = self.store.call(lambda s: same_period(s, school_id, period))
        if not existing:
            return True
        text = self.tr("本校“%1”已有自查（%2）。确定再建一份同一周期的自查吗？").replace(
            "%1", period.strip()
        ).replace("%2", "、".join(f"#{i}" for i in existing))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("同一周期已有自查"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        box.setObjectName("confirmDuplicatePeriod")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("仍然新建"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    @Slot(int)
    def delete_assessment(self, assessment_id: int) -> None:
        """Delete after a confirmation (the core writes a backup first)."""
        from models.ops.assessments import delete_assessment, get_assessment

        summary = self.store.call(lambda s: get_assessment(s, assessment_id))
        text = self.tr("确定删除“%1”的自查吗？\n删除前会自动备份数据库，可从备份恢复。").replace(
            "%1", summary.period
        )
        if summary.status == "signed":
            text += "\n\n" + self.tr("注意：这份自查已签名。")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除自查"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        box.setObjectName("confirmDelete")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("删除"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            self.store.call(lambda s: delete_assessment(s, assessment_id, user=self.store.user,
                                                        allow_signed=summary.status == "signed"))  # fmt: skip
        except Exception as exc:
            show_error(self, exc)
            return
        if settings.last_assessment(self.store.data_dir) == assessment_id:
            settings.set_last_assessment(self.store.data_dir, None)
        self.refresh_home()
        self.statusBar().showMessage(self.tr("已删除（删除前已备份）"), 5000)

    @Slot(int)
    def open_assessment(self, assessment_id: int) -> None:
        """Open a self-check on the assessment page."""
        try:
            model = AssessmentModel(self.store, assessment_id, self)
        except Exception as exc:
            show_error(self, exc)
            return
        self._close_assessment()
        self.assessment = model
        model.errorOccurred.connect(lambda exc: show_error(self, exc))
        self.undo_group.addStack(model.undo_stack)
        self.undo_group.setActiveStack(model.undo_stack)
        self._make_assessment_page()
        # The loaded checklists, rows and widgets live as long as the window: keep them out of
        # the garbage collector's full passes, which otherwise stall typing for 100 ms and more.
        gc.collect()
        gc.freeze()
        if not self.demo:
            settings.set_last_assessment(self.store.data_dir, assessment_id)

    def _make_assessment_page(self, key: tuple[str, str] | None = None) -> None:
        from ui.assessment_page import AssessmentPage

        assert self.assessment is not None
        from ui import report_menus

        page = self.assessment_page = AssessmentPage(self.assessment)
        page.amend_button.setDefaultAction(report_menus.amend_action(self, page))
        page.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.stack.addWidget(page)
        self._restore_splitters()
        self._show("assessment")
        if key is not None:
            page.go_to(*key)
        page.page.focus_answer()

    def _close_assessment(self) -> None:
        page, model = self.assessment_page, self.assessment
        if page is not None:
            page.commit()
            self._save_splitters()
            self.stack.removeWidget(page)
            page.deleteLater()
            self.assessment_page = None
        if model is not None:
            self.undo_group.removeStack(model.undo_stack)
            model.deleteLater()
            self.assessment = None

    # ---- edit menu ----

    def focus_search(self) -> None:
        """Ctrl+F on the assessment page."""
        if self.assessment_page is not None:
            self.assessment_page.focus_search()

    def jump(self, forward: bool) -> None:
        """Alt+Down / Alt+Up on the assessment page."""
        if self.assessment_page is not None:
            self.assessment_page.page.commit()
            self.assessment_page.jump_attention(forward)

    @Slot(object)
    def on_saved(self, when: datetime) -> None:
        """已保存 hh:mm:ss in the status bar."""
        self.saved_label.setText(self.tr("已保存 %1").replace("%1", format_time(when)))

    # ---- sample school ----

    @Slot()
    def open_demo(self) -> None:
        """Show the sample school from a fresh temporary folder; the person's folder stays open."""
        from ui.app import open_demo_store

        try:
            demo_store = open_demo_store(self.store.user)
        except Exception as exc:
            show_error(self, exc)
            return
        self._close_assessment()
        self.own_store, self.store = self.store, demo_store
        self.demo = True
        self._switched()

    @Slot()
    def leave_demo(self) -> None:
        """Back from the sample to the person's own data folder."""
        from ui.open_data import default_data_dir, open_data_folder

        if not self.demo:
            return
        own = self.own_store
        if own is None:
            database = open_data_folder(self.own_data_dir or default_data_dir(), self)
            if database is None:
                return
            own = Store(database, self.store.user)
        self._close_assessment()
        demo_store, self.store, self.own_store = self.store, own, None
        demo_store.close()
        self.demo = False
        self._switched()

    def _switched(self) -> None:
        self.store.saved.connect(self.on_saved)
        self.saved_label.setText("")
        self._build()
        self.start()

    # ---- language ----

    def set_language(self, lang: str) -> None:
        """Switch the UI language now; the open page (and assessment item) stays where it was."""
        if lang == current_language():
            return
        key = self.assessment_page.current_key() if self.assessment_page is not None else None
        page = self.page_name
        if self.assessment_page is not None:
            self.assessment_page.commit()
            self._save_splitters()
        install_language(lang, remember=True)
        model = self.assessment
        self._build()
        if model is not None and page == "assessment":
            self._make_assessment_page(key)
        elif page == "home":
            self.go_home()
        else:
            self._show(page or "welcome")

    # ---- help ----

    def show_data_folder(self) -> None:
        """Where the data (and its backups and log) are kept."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("数据文件夹"),
                          self.tr("数据保存在：\n%1\n\n备份在其中的 backups 文件夹，日志在 logs 文件夹。").replace(
                              "%1", str(self.store.data_dir)), QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def show_guide(self, section: str = "") -> None:
        """The user guide in its own window, at ``section`` (a heading's text) when given."""
        from ui.dialogs.help_dialog import HelpDialog

        if getattr(self, "help_dialog", None) is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.activateWindow()
        if section:
            self.help_dialog.show_section(section)

    def show_about(self) -> None:
        """Name, version and every licence (the settings' About tab)."""
        from ui import report_menus

        report_menus.show_about(self)

    def restore_backup(self, path: Path) -> None:
        """Restore a backup chosen in the settings now (the current data is backed up first)."""
        from ui import report_menus

        report_menus.restore_into(self, path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from ui import report_menus

        if report_menus.accepts_drop(u.toLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from ui import report_menus

        if report_menus.handle_drop(self, [u.toLocalFile() for u in event.mimeData().urls()]):
            event.acceptProposedAction()

    # ---- geometry and closing ----

    def _restore_geometry(self) -> None:
        geometry, state = settings.window_state("mainWindow")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        if state is not None:
            self.restoreState(state)

    def _restore_splitters(self) -> None:
        page = self.assessment_page
        if page is None:
            return
        for splitter in (page.splitter,):
            saved, _ = settings.window_state(splitter.objectName())
            if saved is not None:
                splitter.restoreState(saved)

    def _save_splitters(self) -> None:
        page = self.assessment_page
        if page is None:
            return
        for splitter in (page.splitter,):
            settings.save_window_state(splitter.objectName(), splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save pending edits, the geometry and the open assessment."""
        if self.assessment_page is not None:
            self.assessment_page.commit()
            self._save_splitters()
        settings.save_window_state("mainWindow", self.saveGeometry(), self.saveState())
        if not self.demo:
            settings.set_last_assessment(
                self.store.data_dir, self.assessment.assessment_id if self.assessment else None
            )
        super().closeEvent(event)
