"""The main window: welcome → school profile → home → assessment, menus, status bar, language switch."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from checklists.answers import School
from ui.shell import settings
from ui.shell.errors import show_error
from ui.shell.i18n import current_language, install_language
from ui.shell.icons import app_icon
from ui.shell.menus import MainMenus
from ui.shell.operation_runner import run_op
from ui.store import Store
from ui.words import format_time

if TYPE_CHECKING:
    from models.listing import HomeList
    from ui.assessment.assessment_page import AssessmentPage
    from ui.dialogs.help_dialog import HelpDialog
    from ui.home.home_page import HomePage
    from ui.home.school_page import SchoolProfilePage
    from ui.home.welcome_page import WelcomePage
    from ui.open_assessment import OpenAssessment


class MainWindow(QMainWindow):
    """The application window; it carries out the pages' requests with one core call each.

    Pages live in a stack: welcome (empty folder), school profile, home, and the open assessment.
    Switching the language rebuilds the pages (the open assessment and its undo history stay).

    Signals:
        pageChanged(str name): "welcome", "school", "home" or "assessment" is now shown.
    """

    pageChanged = Signal(str)

    def __init__(
        self,
        store: Store,
        *,
        demo: bool = False,
        own_store: Store | None = None,
        own_data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.demo = demo
        self.own_store = own_store  # the person's own folder, kept open while the sample is shown
        self.own_data_dir = own_data_dir
        self.undo_group = QUndoGroup(self)
        self.menus: MainMenus | None = None
        self.help_dialog: HelpDialog | None = None  # made when first asked for
        self.assessment: OpenAssessment | None = None
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
        self.update_title()
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
            from ui.home.welcome_page import WelcomePage

            self._welcome = WelcomePage()
            self._welcome.startRequested.connect(self.show_school_page)
            self._welcome.demoRequested.connect(self.open_demo)
            self.stack.addWidget(self._welcome)
        return self._welcome

    @property
    def school_page(self) -> SchoolProfilePage:
        """The first-start school profile page (made on first use)."""
        if self._school_page is None:
            from ui.home.school_page import SchoolProfilePage

            self._school_page = SchoolProfilePage()
            self._school_page.saveRequested.connect(self.create_school)
            self._school_page.backRequested.connect(lambda: self._show("welcome"))
            self.stack.addWidget(self._school_page)
        return self._school_page

    @property
    def home(self) -> HomePage:
        """The home page (made on first use)."""
        if self._home is None:
            from ui.home.home_page import HomePage

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
        if self.menus is not None:
            self.menus.remove()
        self.menuBar().clear()
        self.menus = MainMenus(self, self.menuBar())

    def update_title(self) -> None:
        """校园自查 — the open self-check's period (or the sample school)."""
        title = self.tr("校园自查")
        if self.demo:
            title += " — " + self.tr("示例学校（临时副本）")
        elif self.assessment is not None:
            title += f" — {self.assessment.period}"
        self.setWindowTitle(title)

    # ---- pages ----

    def start(self) -> None:
        """Show the first page: welcome on an empty folder, else the last assessment or home."""
        from models.listing import home_list

        # One read for the decision and the home page, with SQL alone: no ORM before the first
        # paint. Through a Session only when a self-check's list figures must be evaluated.
        data = self.store.read(home_list)
        if data is None:
            from ui.operations import home_data

            data = self.store.call(home_data)
        if data.school is None:
            self._show("welcome")
            return
        last = settings.last_assessment(self.store.data_dir) if not self.demo else None
        if last is not None and any(a.id == last for a in data.assessments):
            self.open_assessment(last)
        if self.page_name != "assessment":
            # no self-check was open, or the last one cannot be opened (its problem was shown)
            self._close_assessment()
            self._fill_home(data)
            self._show("home")

    def _show(self, name: str) -> None:
        pages: dict[str, Callable[[], QWidget]] = {
            "welcome": lambda: self.welcome,
            "school": lambda: self.school_page,
            "home": lambda: self.home,
        }
        widget = pages[name]() if name in pages else self.assessment_page
        assert widget is not None
        self.stack.setCurrentWidget(widget)
        self.page_name = name
        self.update_title()
        assert self.menus is not None
        self.menus.update(name)
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

    def _fill_home(self, data: HomeList, select: int | None = None) -> None:
        self.home.set_school(data.school[1] if data.school else None, data.schools)
        self.home.set_assessments(data.assessments, select)

    # ---- school ----

    @Slot(object)
    def create_school(self, school: School) -> None:
        """Save the profile entered on first start, then go home."""
        from models.ops.school import save_school

        if run_op(
            self, lambda: self.store.call(lambda s: save_school(s, school, user=self.store.user))
        ):
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
        if found is None:
            self.create_school(school)
            return
        if not run_op(
            self,
            lambda: self.store.call(
                lambda s: update_school(s, found[0], school, user=self.store.user)
            ),
        ):
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
        from ui.home.school_terms import current_term
        from ui.operations import current_school

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
        started = run_op(
            self,
            lambda: self.store.call(
                lambda s: start_assessment(
                    s,
                    found[0],
                    period=request.period,
                    reference_date=request.reference_date,
                    checklist_ids=request.checklist_ids,
                    user=self.store.user,
                )
            ),
        )
        if started:
            self.open_assessment(started.value)

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
        started = run_op(
            self,
            lambda: self.store.call(
                lambda s: carry_forward(
                    s,
                    assessment_id,
                    request.period,
                    request.reference_date,
                    user=self.store.user,
                    allow_duplicate=True,
                )
            ),
        )
        if started:
            self.open_assessment(started.value)

    def confirm_new_period(self, school_id: int, period: str) -> bool:
        """True when no self-check of ``period`` exists yet, or the user confirms a second one."""
        from models.ops.periods import same_period

        existing = self.store.call(lambda s: same_period(s, school_id, period))
        if not existing:
            return True
        text = (
            self.tr("本校“%1”已有自查（%2）。确定再建一份同一周期的自查吗？")
            .replace("%1", period.strip())
            .replace("%2", "、".join(f"#{i}" for i in existing))
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("同一周期已有自查"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
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
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("删除自查"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmDelete")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("删除"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        if not run_op(
            self,
            lambda: self.store.call(
                lambda s: delete_assessment(
                    s, assessment_id, user=self.store.user, allow_signed=summary.status == "signed"
                )
            ),
        ):
            return
        if settings.last_assessment(self.store.data_dir) == assessment_id:
            settings.set_last_assessment(self.store.data_dir, None)
        self.refresh_home()
        self.statusBar().showMessage(self.tr("已删除（删除前已备份）"), 5000)

    @Slot(int)
    def open_assessment(self, assessment_id: int) -> None:
        """Open a self-check on the assessment page."""
        from ui.open_assessment import OpenAssessment

        def load() -> OpenAssessment:
            model = OpenAssessment(self.store, assessment_id, self)
            try:
                # every checklist judged now, as the page's navigator would: a stored value
                # that cannot be read is shown here, before a widget asks Qt for it
                model.results()
            except BaseException:
                model.deleteLater()
                raise
            return model

        opened = run_op(self, load)
        if opened is None:
            return
        self._close_assessment()
        model = self.assessment = opened.value
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
        from ui.assessment.assessment_page import AssessmentPage
        from ui.sign.actions import amend_action

        assert self.assessment is not None
        page = self.assessment_page = AssessmentPage(self.assessment)
        page.amend_button.setDefaultAction(amend_action(self, page))
        page.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        page.guideRequested.connect(self.show_guide)
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
        from ui.shell.demo import open_demo_store

        opened = run_op(self, lambda: open_demo_store(self.store.user))
        if opened is None:
            return
        self._close_assessment()
        self.own_store, self.store = self.store, opened.value
        self.demo = True
        self._switched()

    @Slot()
    def leave_demo(self) -> None:
        """Back from the sample to the person's own data folder."""
        from ui.shell.data_folder import default_data_dir, open_data_folder

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
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("数据文件夹"),
            self.tr(
                "数据保存在：\n%1\n\n备份在其中的 backups 文件夹，日志在 logs 文件夹。"
            ).replace("%1", str(self.store.data_dir)),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def show_guide(self, section: str = "") -> None:
        """The user guide in its own window, at ``section`` (a heading's text) when given."""
        from ui.dialogs.help_dialog import HelpDialog

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.activateWindow()
        if section:
            self.help_dialog.show_section(section)

    def show_about(self) -> None:
        """Name, version and every licence (the settings' About tab)."""
        from ui.settings_dialog.settings_dialog import show_settings

        show_settings(self, "about")

    def restore_backup(self, path: Path) -> None:
        """Restore a backup chosen in the settings now (the current data is backed up first).

        The open self-check (its pending edits saved) and the database are closed first, and
        the folder is opened again and shown.
        """
        from ui.shell.data_folder import restore_and_reopen

        old = self.store
        self._close_assessment()
        old.close()
        database, problem = restore_and_reopen(old.data_dir, path, self)
        if database is None:  # the person gave up on a folder that cannot be opened
            self.close()
            return
        self.store = Store(database, old.user)
        old.deleteLater()
        self._switched()
        if problem is not None:
            show_error(self, problem)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """A PDF dragged over the window may be dropped (to verify it)."""
        from ui.verify.actions import accepts_drop

        if accepts_drop(u.toLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A dropped PDF is verified."""
        from ui.verify.actions import handle_drop

        if handle_drop(self, [u.toLocalFile() for u in event.mimeData().urls()]):
            event.acceptProposedAction()

    # ---- what the menus' actions need (ui.shell.app_window.AppWindow) ----

    def commit_edits(self) -> None:
        """Save the answer being typed, so that an export holds it."""
        if self.assessment_page is not None:
            self.assessment_page.commit()

    def show_status(self, text: str) -> None:
        """A short note in the status bar."""
        self.statusBar().showMessage(text, 8000)

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
