"""AssessmentPage: one open self-check — navigator, item list with search, item page, findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.assessment.item_list_model import (
    AttentionRole,
    ChecklistRole,
    ItemFilterProxy,
    ItemIdRole,
    ItemListModel,
    SectionRole,
)
from ui.assessment.item_page import ItemPage
from ui.assessment.navigator_model import COL_NAME, COL_PROGRESS, KeyRole, NavigatorModel
from ui.open_assessment import OpenAssessment
from ui.words import assessment_status_text, format_date

if TYPE_CHECKING:  # made when their tabs are first shown (start-up cost)
    from ui.findings import FindingsPanel


class AssessmentPage(QWidget):
    """The working screen of one assessment.

    Keyboard: Enter / Tab go to the next item (ItemPage), Ctrl+F searches the items, Alt+Down /
    Alt+Up jump to the next / previous item that is unanswered, wrongly filled in or failed
    (the window's actions call ``focus_search``, ``jump_attention``).

    Signals:
        message(str text): a short note for the status bar (e.g. nothing left to answer).
        guideRequested(str heading): open the user guide at ``heading``.
    """

    message = Signal(str)
    guideRequested = Signal(str)

    def __init__(self, model: OpenAssessment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentPage")
        self.model = model
        self.navigator_model = NavigatorModel(model, self)
        self.items = ItemListModel(model, self)
        self.proxy = ItemFilterProxy(self)
        self.proxy.setSourceModel(self.items)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._banner())
        layout.addWidget(self._header())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("assessmentSplitter")
        self.splitter.addWidget(self._left_panel())
        self.splitter.addWidget(self._right_panel())
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 900])
        layout.addWidget(self.splitter, 1)
        model.readOnlyChanged.connect(self._update_banner)
        model.stepped.connect(self.go_to)
        self._update_banner(model.read_only)
        self.navigator.setCurrentIndex(self.navigator_model.index(0, 0))

    # ---- building ----

    def _banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("readOnlyBanner")
        text = QLabel(self.tr("此自查已签名，只能查看，不能修改。如需更正，请创建修订版本。"))
        text.setWordWrap(True)
        self.amend_button = QToolButton()
        self.amend_button.setObjectName("amendButton")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(text, 1)
        row.addWidget(self.amend_button)
        return self.banner

    def _header(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("assessmentHeader")
        self.heading = QLabel()
        self.heading.setObjectName("assessmentHeading")
        self.facts = QLabel()
        self.facts.setObjectName("assessmentFacts")
        row = QHBoxLayout(frame)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(self.heading)
        row.addSpacing(16)
        row.addWidget(self.facts, 1)
        self._fill_header()
        return frame

    def _fill_header(self) -> None:
        self.heading.setText(self.model.period)
        facts = self.tr("基准日 %1 · %2").replace("%1", format_date(self.model.reference_date))
        self.facts.setText(facts.replace("%2", assessment_status_text(self.model.status)))

    def _left_panel(self) -> QWidget:
        self.navigator = QTreeView()
        self.navigator.setObjectName("navigator")
        self.navigator.setAccessibleName(self.tr("清单导航"))
        self.navigator.setModel(self.navigator_model)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setAlternatingRowColors(False)
        self.navigator.expandAll()
        header = self.navigator.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.ResizeToContents)
        self.navigator.selectionModel().currentChanged.connect(self._navigated)
        self.search = QLineEdit()
        self.search.setObjectName("itemSearch")
        self.search.setPlaceholderText(self.tr("查找检查项（Ctrl+F）"))
        self.search.setAccessibleName(self.tr("查找检查项"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_enter)
        self.item_list = QListView()
        self.item_list.setObjectName("itemList")
        self.item_list.setAccessibleName(self.tr("检查项"))
        self.item_list.setModel(self.proxy)
        self.item_list.setUniformItemSizes(True)
        self.item_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.item_list.selectionModel().currentChanged.connect(self._item_chosen)
        self.list_hint = QLabel()
        self.list_hint.setObjectName("listHint")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("leftSplitter")
        splitter.addWidget(self.navigator)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 6, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.search)
        column.addWidget(self.list_hint)
        column.addWidget(self.item_list, 1)
        splitter.addWidget(lower)
        splitter.setSizes([300, 400])
        return splitter

    def _right_panel(self) -> QWidget:
        self.page = ItemPage(self.model)
        self.page.nextRequested.connect(self.next_item)
        self.page.previousRequested.connect(self.previous_item)
        self.page.clauseRequested.connect(self.show_clause)
        self.page.guideRequested.connect(self.guideRequested)
        self.findings: FindingsPanel | None = (
            None  # made when its tab is first shown (start-up cost)
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("assessmentTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.page, self.tr("检查项"))
        self.findings_tab = QWidget()  # the panel with the same margins as the item page
        self.findings_tab.setObjectName("findingsTab")
        box = QVBoxLayout(self.findings_tab)
        box.setContentsMargins(16, 10, 16, 10)
        self.tabs.addTab(self.findings_tab, "")
        self.dashboard: QWidget | None = None  # made when its tab is first shown, like the findings
        self.dashboard_tab = QWidget()
        self.dashboard_tab.setObjectName("dashboardTab")
        QVBoxLayout(self.dashboard_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.dashboard_tab, self.tr("概览"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.model.resultsChanged.connect(self._update_findings_tab)
        self._update_findings_tab()
        return self.tabs

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard_tab and self.dashboard is None:
            from ui.dashboard.dashboard_view import DashboardView

            self.dashboard = DashboardView(self.model, self)
            layout = self.dashboard_tab.layout()
            assert layout is not None
            layout.addWidget(self.dashboard)
        if self.tabs.widget(index) is self.findings_tab and self.findings is None:
            from ui.findings import FindingsPanel

            self.findings = FindingsPanel(self.model, self)
            self.findings.findingActivated.connect(self._finding_activated)
            layout = self.findings_tab.layout()
            assert layout is not None
            layout.addWidget(self.findings)

    @Slot()
    def _update_findings_tab(self) -> None:
        count = sum(len(self.model.result(cl).findings) for cl in self.model.checklists)
        self.tabs.setTabText(1, self.tr("问题清单（%1）").replace("%1", str(count)))

    def show_dashboard(self) -> None:
        """Bring the overview (dashboard) to the front."""
        self.tabs.setCurrentWidget(self.dashboard_tab)

    def show_findings(self) -> None:
        """Bring the findings list to the front."""
        self.tabs.setCurrentWidget(self.findings_tab)

    # ---- navigation ----

    @Slot(QModelIndex, QModelIndex)
    def _navigated(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        checklist_id, section_id = current.siblingAtColumn(0).data(KeyRole)
        if self.proxy.searching:
            self.search.clear()
        self.proxy.set_scope(checklist_id, section_id)
        self._update_list_hint()
        if not self._current_in_list():
            self.item_list.setCurrentIndex(self.proxy.index(0, 0))

    def _current_in_list(self) -> bool:
        key = self.current_key()
        if key is None:
            return False
        row = self.items.row_of(*key)
        return self.proxy.mapFromSource(self.items.index(row)).isValid()

    @Slot(QModelIndex, QModelIndex)
    def _item_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.page.show_item(current.data(ChecklistRole), current.data(ItemIdRole))

    def current_key(self) -> tuple[str, str] | None:
        """(checklist, item) shown on the item page."""
        if self.page.item is None or self.page.checklist_id is None:
            return None
        return self.page.checklist_id, self.page.item.id

    @Slot(str, str)
    def go_to(self, checklist_id: str, item_id: str) -> None:
        """Show an item: select its section in the navigator and the item in the list."""
        row = self.items.row_of(checklist_id, item_id)
        if row < 0:
            return
        source = self.items.index(row)
        if self.proxy.searching and self.proxy.mapFromSource(source).isValid():
            self.item_list.setCurrentIndex(self.proxy.mapFromSource(source))
            return
        section_id = source.data(SectionRole)
        self.navigator.setCurrentIndex(self.navigator_model.index_of(checklist_id, section_id))
        self.item_list.setCurrentIndex(self.proxy.mapFromSource(source))
        self.item_list.scrollTo(self.item_list.currentIndex())

    @Slot()
    def next_item(self) -> None:
        """The next item in the list; past the end of a section, the first item of the next one."""
        current = self.item_list.currentIndex()
        following = (
            self.proxy.index(current.row() + 1, 0) if current.isValid() else self.proxy.index(0, 0)
        )
        if following.isValid():
            self.item_list.setCurrentIndex(following)
        elif not self.proxy.searching:
            source = self.proxy.mapToSource(current)
            if source.row() + 1 < self.items.rowCount():
                nxt = self.items.index(source.row() + 1)
                self.go_to(nxt.data(ChecklistRole), nxt.data(ItemIdRole))
        self.page.focus_answer()

    @Slot()
    def previous_item(self) -> None:
        """The previous item in the list; before the start of a section, the last item of the one before."""
        current = self.item_list.currentIndex()
        if current.isValid() and current.row() > 0:
            self.item_list.setCurrentIndex(self.proxy.index(current.row() - 1, 0))
        elif current.isValid() and not self.proxy.searching:
            source = self.proxy.mapToSource(current)
            if source.row() > 0:
                before = self.items.index(source.row() - 1)
                self.go_to(before.data(ChecklistRole), before.data(ItemIdRole))
        self.page.focus_answer()

    def jump_attention(self, forward: bool = True) -> bool:
        """Go to the next (previous) item that is unanswered, wrongly filled in or failed; False if none."""
        key = self.current_key()
        start = self.items.row_of(*key) if key else -1
        count = self.items.rowCount()
        for step in range(1, count + 1):
            row = (start + step) % count if forward else (start - step) % count
            index = self.items.index(row)
            if index.data(AttentionRole):
                self.go_to(index.data(ChecklistRole), index.data(ItemIdRole))
                self.page.focus_answer()
                return True
        self.message.emit(self.tr("没有未填写、填写有误或不符合的项了。"))
        return False

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search field."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot(str)
    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        if not text:
            current = self.navigator.currentIndex()
            if current.isValid():
                checklist_id, section_id = current.siblingAtColumn(0).data(KeyRole)
                self.proxy.set_scope(checklist_id, section_id)
        self._update_list_hint()
        if not self._current_in_list() and self.proxy.rowCount():
            self.item_list.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    @Slot()
    def _search_enter(self) -> None:
        if self.proxy.rowCount():
            self.item_list.setCurrentIndex(
                self.item_list.currentIndex()
                if self.item_list.currentIndex().isValid()
                else self.proxy.index(0, 0)
            )
            self.page.focus_answer()

    def _update_list_hint(self) -> None:
        if self.proxy.searching:
            self.list_hint.setText(self.tr("找到 %1 项").replace("%1", str(self.proxy.rowCount())))
        else:
            self.list_hint.setText(
                self.tr("本部分 %1 项").replace("%1", str(self.proxy.rowCount()))
            )

    @Slot(str, str, object)
    def _finding_activated(self, checklist_id: str, item_id: str, row: object) -> None:
        self.tabs.setCurrentWidget(self.page)
        self.go_to(checklist_id, item_id)
        table = self.page.table
        if isinstance(row, int) and table is not None:
            table.select_row(row)

    @Slot(int)
    def show_clause(self, number: int) -> None:
        """The full text of a clause in a dialog."""
        from ui.dialogs.clause_dialog import ClauseDialog

        ClauseDialog(number, self).exec()

    @Slot(bool)
    def _update_banner(self, read_only: bool) -> None:
        self.banner.setVisible(read_only)
        self._fill_header()

    def commit(self) -> None:
        """Save pending edits (before closing or leaving the page)."""
        self.page.commit()
