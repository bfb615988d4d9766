"""HomePage: the school and its self-checks — new, open, copy from the last period, delete."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checklists.answers import School
from models.listing import AssessmentSummary
from ui.home.home_model import COL_PERIOD, COL_SCHOOL, AssessmentListModel, IdRole, SortRole
from ui.words import stage_text


class HomePage(QWidget):
    """The school's card and the table of its self-checks with the actions on them.

    Signals:
        newRequested(): start a new self-check.
        openRequested(int assessment_id), copyRequested(int assessment_id), deleteRequested(int assessment_id).
        editSchoolRequested(): change the school profile.
        leaveDemoRequested(): back from the sample school to the person's own data folder.
    """

    newRequested = Signal()
    openRequested = Signal(int)
    copyRequested = Signal(int)
    deleteRequested = Signal(int)
    editSchoolRequested = Signal()
    leaveDemoRequested = Signal()

    def __init__(self, demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        self.model = AssessmentListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        if demo:
            layout.addWidget(self._demo_banner())
        layout.addWidget(self._school_card())
        layout.addLayout(self._toolbar())
        layout.addWidget(self._table(), 1)
        self.empty_hint = QLabel(self.tr("还没有自查。点击“新建自查”开始第一次自查。"))
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_hint)
        self._update_buttons()

    def _demo_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("demoBanner")
        text = QLabel(self.tr("您正在查看示例学校（临时副本）。在这里的修改不会影响您自己的数据。"))
        text.setWordWrap(True)
        leave = QPushButton(self.tr("返回我的数据"))
        leave.setAccessibleName(self.tr("返回我的数据"))
        leave.clicked.connect(self.leaveDemoRequested)
        row = QHBoxLayout(banner)
        row.addWidget(text, 1)
        row.addWidget(leave)
        return banner

    def _school_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("schoolCard")
        self.school_name = QLabel()
        self.school_name.setObjectName("schoolName")
        self.school_facts = QLabel()
        self.school_facts.setObjectName("schoolFacts")
        self.school_facts.setWordWrap(True)
        edit = QPushButton(self.tr("学校信息…"))
        edit.setAccessibleName(self.tr("编辑学校信息"))
        edit.clicked.connect(self.editSchoolRequested)
        text = QVBoxLayout()
        text.addWidget(self.school_name)
        text.addWidget(self.school_facts)
        row = QHBoxLayout(card)
        row.setContentsMargins(16, 12, 16, 12)
        row.addLayout(text, 1)
        row.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        return card

    def _toolbar(self) -> QHBoxLayout:
        title = QLabel(self.tr("自查记录"))
        title.setObjectName("sectionTitle")
        self.new_button = QPushButton(self.tr("新建自查…"))
        self.new_button.setObjectName("primaryButton")
        self.open_button = QPushButton(self.tr("打开"))
        self.copy_button = QPushButton(self.tr("从上期复制…"))
        self.copy_button.setToolTip(self.tr("以所选自查的答案为起点开始新一期自查"))
        self.delete_button = QPushButton(self.tr("删除…"))
        for button in (self.new_button, self.open_button, self.copy_button, self.delete_button):
            button.setAccessibleName(button.text().rstrip("…"))
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(lambda: self._request(self.openRequested))
        self.copy_button.clicked.connect(lambda: self._request(self.copyRequested))
        self.delete_button.clicked.connect(lambda: self._request(self.deleteRequested))
        row = QHBoxLayout()
        row.addWidget(title)
        row.addStretch(1)
        for button in (self.delete_button, self.copy_button, self.open_button, self.new_button):
            row.addWidget(button)
        return row

    def _table(self) -> QTableView:
        self.table = QTableView()
        self.table.setObjectName("assessmentTable")
        self.table.setAccessibleName(self.tr("自查记录"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PERIOD, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.activated.connect(self._activated)  # double click or Enter
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        return self.table

    # ---- content ----

    def set_school(self, school: School | None, schools: int) -> None:
        """Show the school's name and facts (``schools`` > 1: the folder holds several schools)."""
        if school is None:
            self.school_name.setText(self.tr("（尚未填写学校信息）"))
            self.school_facts.setText("")
            return
        self.school_name.setText(school.name)
        facts = self.tr("学校代码 %1 · %2 · 在校生 %3 人").replace("%1", school.code)
        facts = facts.replace("%2", stage_text(school.stage)).replace("%3", str(school.enrollment))
        if school.district:
            facts += " · " + school.district
        if schools > 1:
            facts += " · " + self.tr("数据文件夹中共有 %1 所学校").replace("%1", str(schools))
        self.school_facts.setText(facts)

    def set_assessments(self, rows: list[AssessmentSummary], select: int | None = None) -> None:
        """Show the assessments; select ``select`` (default: the first row)."""
        self.model.set_rows(rows)
        self.table.setColumnHidden(COL_SCHOOL, len({r.school_id for r in rows}) <= 1)
        self.empty_hint.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if rows:
            row = self.model.row_of(select) if select is not None else -1
            source = self.model.index(max(row, 0), 0)
            self.table.selectRow(self.proxy.mapFromSource(source).row())
        self._update_buttons()

    def selected_id(self) -> int | None:
        """The selected assessment's id."""
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(IdRole)) if rows else None

    def _request(self, signal: SignalInstance) -> None:
        selected = self.selected_id()
        if selected is not None:
            signal.emit(selected)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(int(index.data(IdRole)))

    @Slot()
    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for button in (self.open_button, self.copy_button, self.delete_button):
            button.setEnabled(has)
