"""OfficeWindow (督导汇总): aggregate a folder of signed school reports and browse the summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checklists.foundation.errors import InputError
from reports.aggregate import RunResult, SchoolRow, Summary, write_summary_xlsx
from ui.office.filter_bar import OfficeFilterBar
from ui.office.follow_up_models import OverdueModel, RowRole
from ui.office.menus import OfficeMenus
from ui.office.models import (
    COL_CODE,
    COL_SCHOOL,
    OfficeFilterProxy,
    OfficeSchoolModel,
    RejectedFilesModel,
    RejectedRole,
    SchoolRole,
    SortRole,
)
from ui.office.overview import OfficeOverview
from ui.office.run_panel import OfficeRunPanel
from ui.office.school_dialog import OfficeSchoolDialog
from ui.office.worker import AggregateOutcome, AggregateWorker
from ui.shell.errors import show_error
from ui.shell.i18n import current_language
from ui.shell.operation_runner import run_op


class OfficeWindow(QMainWindow):
    """The supervision office's window: choose or drop a folder, watch the progress; an
    overview (districts, who has not reported), the schools (filtered; a double click opens a
    school's page), overdue rectification and rejected files; export the summary workbook. A
    menu bar holds the school list, pruning, the trust list, the language and the guide.

    The work runs in an AggregateWorker thread (``self.worker`` while it runs; its
    ``finished`` signal ends it).

    Signals:
        summaryChanged(object Summary): a new summary is shown (after a run or a refresh).
    """

    summaryChanged = Signal(object)

    def __init__(
        self, data_dir: Path, *, workers: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("officeWindow")
        self.data_dir = Path(data_dir)
        self.workers = workers
        self.folder: Path | None = None
        self.summary: Summary | None = None
        self.last_run: RunResult | None = None
        self.worker: AggregateWorker | None = None
        self._pending: list[Path] = []
        self.model = OfficeSchoolModel(self)
        self.proxy = OfficeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.rejected_model = RejectedFilesModel(self)
        self.overdue_model = OverdueModel(self)
        self.scope: set[str] | None = None  # the contents of the last run's paths; None: all
        self.setAcceptDrops(True)
        self.setCentralWidget(self._body())
        self.menus = OfficeMenus(self)
        self.resize(1180, 760)
        self.retranslate_ui()
        self._set_running(False)
        self.refresh()

    # --- building -------------------------------------------------------------------------

    def _body(self) -> QWidget:
        body = QWidget()
        body.setObjectName("officePage")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.lead = QLabel()
        self.lead.setObjectName("pageLead")
        self.lead.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.lead)
        layout.addWidget(self._run_panel())
        self.counts = QLabel()
        self.counts.setObjectName("sectionTitle")
        layout.addWidget(self.counts)
        self.filters = OfficeFilterBar()
        self.filters.changed.connect(self._apply_filters)
        layout.addWidget(self.filters)
        layout.addWidget(self._tabs(), 1)
        layout.addLayout(self._actions())
        return body

    def _run_panel(self) -> OfficeRunPanel:
        panel = self.run_panel = OfficeRunPanel()
        panel.chooseRequested.connect(self.choose_folder)
        panel.startRequested.connect(self.start)
        panel.cancelRequested.connect(self.cancel)
        panel.trustToggled.connect(self.refresh)
        # The panel's parts, by the names the tests (and readers) use.
        self.progress, self.progress_label = panel.progress, panel.progress_label
        self.start_button, self.cancel_button = panel.start_button, panel.cancel_button
        self.trust_check, self.choose_button = panel.trust_check, panel.choose_button
        return panel

    def _tabs(self) -> QTabWidget:
        self.table = self._view(self.proxy, "officeSchoolTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._open_school_of)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SCHOOL, QHeaderView.ResizeMode.Stretch)
        self.rejected_table = self._view(self.rejected_model, "officeRejectedTable")
        self.rejected_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.rejected_table.horizontalHeader().setStretchLastSection(True)
        self.rejected_table.setWordWrap(True)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        schools = QWidget()
        column = QVBoxLayout(schools)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty_hint)
        self.rejected_table.doubleClicked.connect(self._open_index)
        self.rejected_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.overview = OfficeOverview()
        self.overdue_table = self._view(self.overdue_model, "officeOverdueTable")
        self.overdue_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.overdue_table.horizontalHeader().setStretchLastSection(True)
        self.overdue_table.doubleClicked.connect(self._open_school_of)
        self.schools_tab = schools
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, "")
        self.tabs.addTab(schools, "")
        self.tabs.addTab(self.overdue_table, "")
        self.tabs.addTab(self.rejected_table, "")
        self.tabs.setCurrentWidget(schools)
        self.tabs.currentChanged.connect(self._on_tab)
        return self.tabs

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        # The filters apply to the schools.
        self.filters.setEnabled(self.tabs.widget(index) is self.schools_tab)
        self._update_buttons()

    def _current_view(self) -> QTableView:
        if self.tabs.currentWidget() is self.rejected_table:
            return self.rejected_table
        return self.overdue_table if self.tabs.currentWidget() is self.overdue_table else self.table

    def _view(self, model: object, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)  # type: ignore[arg-type]
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        return view

    def _actions(self) -> QHBoxLayout:
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected_report)
        self.export_button = QPushButton()
        self.export_button.setObjectName("primaryButton")
        self.export_button.clicked.connect(self.export_summary)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.export_button)
        return row

    # --- texts ----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Every text in the current language (also on QEvent.LanguageChange)."""
        self.setWindowTitle(self.tr("督导汇总"))
        self.title.setText(self.tr("督导汇总"))
        self.lead.setText(
            self.tr(
                "选择或拖入存放各校签名报告（PDF）的文件夹。程序逐一验证签名，读取报告中的数据，"
                "每所学校每个检查周期保留最后签署的一份，并可导出汇总表。"
            )
        )
        self.open_button.setText(self.tr("打开报告"))
        self.export_button.setText(self.tr("导出汇总表…"))
        self.empty_hint.setText(self.tr("还没有汇总数据。选择或拖入一个文件夹开始。"))
        self.table.setAccessibleName(self.tr("学校"))
        self.rejected_table.setAccessibleName(self.tr("被拒文件"))
        self._show_counts()
        self.model.retranslate()
        self.rejected_model.retranslate()
        self.overdue_model.retranslate()
        self.overdue_table.setAccessibleName(self.tr("整改逾期"))
        if hasattr(self, "menus"):
            self.menus.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _show_counts(self) -> None:
        counts = (
            self.summary.counts()
            if self.summary
            else {"schools": 0, "reports": 0, "superseded": 0, "rejected": 0, "overdue": 0}
        )
        self.counts.setText(
            self.tr("学校记录 %1 · 有效报告 %2（其中被取代 %3）· 被拒文件 %4")
            .replace("%1", str(counts["schools"]))
            .replace("%2", str(counts["reports"]))
            .replace("%3", str(counts["superseded"]))
            .replace("%4", str(counts["rejected"]))
        )
        tab = self.tabs.indexOf
        self.tabs.setTabText(tab(self.overview), self.tr("概况"))
        self.tabs.setTabText(
            tab(self.schools_tab), self.tr("学校（%1）").replace("%1", str(counts["schools"]))
        )
        self.tabs.setTabText(
            tab(self.overdue_table), self.tr("整改逾期（%1）").replace("%1", str(counts["overdue"]))
        )
        self.tabs.setTabText(
            tab(self.rejected_table),
            self.tr("被拒文件（%1）").replace("%1", str(counts["rejected"])),
        )

    # --- running --------------------------------------------------------------------------

    @Slot()
    def choose_folder(self) -> None:
        """Ask for a folder and aggregate it."""
        start = str(self.folder or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择存放签名报告的文件夹"), start)
        if chosen:
            self.aggregate([Path(chosen)])

    @Slot()
    def start(self) -> None:
        """Aggregate the chosen folder again (or ask for one)."""
        if self.folder is None:
            self.choose_folder()
        else:
            self.aggregate([self.folder])

    def aggregate(self, paths: list[Path]) -> None:
        """Check the files under ``paths`` (off the UI thread) and show the new summary."""
        if not paths or (self.worker is not None and self.worker.paths):
            return  # a run is going on (its buttons are disabled, drops refused)
        if self.worker is not None:  # only reading the summary: run right after it
            self._pending = paths
            return
        self.folder = paths[0] if paths[0].is_dir() else paths[0].parent
        self.run_panel.show_folder(self.folder)
        self.run_panel.show_searching()
        self._start_worker(paths)

    @Slot()
    def refresh(self) -> None:
        """Read the summary from the office store again (e.g. after the trust option changed):
        of the last run's files, or of the whole store before any run."""
        if self.worker is None:
            self._start_worker([])

    @Slot()
    def show_whole_store(self) -> None:
        """Summarise everything the office store holds (not only the last folder)."""
        self.scope = None
        self.refresh()

    @Slot()
    def cancel(self) -> None:
        """Stop the run: the files being checked finish, what was checked is kept."""
        if self.worker is not None:
            self.worker.cancel()
            self.run_panel.show_cancelling()

    def _start_worker(self, paths: list[Path]) -> None:
        worker = AggregateWorker(
            self.data_dir,
            paths,
            require_trust=self.trust_check.isChecked(),
            workers=self.workers,
            scope=self.scope,
        )
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        self.worker = worker
        self._set_running(bool(paths))
        worker.start()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.run_panel.show_progress(done, total)

    @Slot()
    def _on_finished(self) -> None:
        worker = self.worker
        if worker is None:
            return
        worker.wait()
        self.worker = None
        worker.deleteLater()
        self._set_running(False)
        if worker.error is not None or worker.outcome is None:
            self._pending = []
            self._show_failure(worker.error or RuntimeError("aggregation ended without a result"))
            return
        self._show_outcome(worker.outcome)
        pending, self._pending = self._pending, []
        if pending:
            self.aggregate(pending)

    def _show_outcome(self, outcome: AggregateOutcome) -> None:
        if outcome.run is not None:
            self.last_run = outcome.run
            self.scope = set(outcome.run.contents)
            self.run_panel.show_run(outcome.run)
        self.show_summary(outcome.summary)

    def _show_failure(self, exc: BaseException) -> None:
        self.run_panel.show_failure()
        show_error(self, exc)

    def _set_running(self, running: bool) -> None:
        self.run_panel.set_running(running)
        self._update_buttons()

    # --- showing --------------------------------------------------------------------------

    def show_summary(self, summary: Summary) -> None:
        """Show ``summary`` in the tables and the filters."""
        self.summary = summary
        self.model.set_rows(summary.schools)
        self.rejected_model.set_rows(summary.rejected)
        self.overdue_model.set_overdue(summary.overdue, summary.today)
        self.overview.show_summary(summary)
        self.filters.set_summary(summary)
        self._apply_filters()
        self._show_counts()
        self.table.resizeColumnsToContents()
        self.rejected_table.resizeRowsToContents()
        self.overdue_table.resizeColumnsToContents()
        self.empty_hint.setVisible(not summary.schools)
        self._update_buttons()
        self.summaryChanged.emit(summary)

    @Slot()
    def _apply_filters(self) -> None:
        self.proxy.set_filters(**self.filters.filters())
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        idle = self.worker is None or not self.worker.paths
        selected = bool(self._current_view().selectionModel().selectedRows())
        self.open_button.setEnabled(idle and selected)
        self.export_button.setEnabled(idle and self.summary is not None)

    # --- actions --------------------------------------------------------------------------

    @Slot()
    def open_selected_report(self) -> None:
        """Open the selected school's report (or rejected file) in the system's PDF viewer."""
        rows = self._current_view().selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])

    @Slot(QModelIndex)
    def _open_school_of(self, index: QModelIndex) -> None:
        """The page of the school in the double-clicked row (schools or overdue)."""
        row = index.siblingAtColumn(0)
        school = row.data(SchoolRole)
        if school is None and self.summary is not None:
            finding = row.data(RowRole)
            school = next(
                (
                    s
                    for s in self.summary.schools
                    if s.school_code == finding.school_code and s.period == finding.period
                ),
                None,
            )
        if school is not None:
            self.open_school(school)

    def open_school(self, school: SchoolRow) -> OfficeSchoolDialog | None:
        """Open the page of ``school`` (findings and rectification, certificate, periods)."""
        summary = self.summary
        if summary is None:
            return None
        made = run_op(self, lambda: OfficeSchoolDialog(summary, school, self))
        if made is None:  # the store may be gone or unreadable
            return None
        dialog = made.value
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()
        return dialog

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        first = index.siblingAtColumn(0)
        row = first.data(SchoolRole) or first.data(RejectedRole)
        if row is None:  # an overdue rectification: the school's report
            finding = first.data(RowRole)
            row = next(
                (
                    s
                    for s in (self.summary.schools if self.summary else [])
                    if (s.school_code, s.period) == (finding.school_code, finding.period)
                ),
                None,
            )
            if row is None:
                return
        path = Path(row.path)
        if not path.is_file():
            show_error(
                self,
                InputError(
                    f"找不到报告文件 {path}（已被移动或删除）。",
                    f"The report file {path} is gone (moved or deleted).",
                ),
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @Slot()
    def export_summary(self) -> None:
        """Ask where to save and write the summary workbook there (in the UI language)."""
        if self.summary is None:
            return
        suggested = str((self.folder or Path.home()) / self.tr("督导汇总.xlsx"))
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出汇总表"), suggested, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not chosen:
            return
        out = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_summary_xlsx(self.summary, out, current_language())
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc)
            return
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(self.tr("汇总表已导出：%1").replace("%1", str(out)), 10000)

    # --- drag and drop, closing -----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        running = self.worker is not None and self.worker.paths
        if not running and _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.aggregate(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        worker = self.worker
        if worker is not None:  # let the files in hand finish; what was checked is kept
            worker.cancel()
            worker.wait()
        super().closeEvent(event)


def _local_paths(urls: list[QUrl]) -> list[Path]:
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile()]


__all__ = ["OfficeWindow", "SortRole"]
