"""FindingsPanel: the live list of findings (filterable) over the editor of the selected one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checklists.results import Finding
from ui.findings.finding_editor import FindingEditor
from ui.findings.findings_model import (
    COL_CHANGE,
    COL_CHECKLIST,
    COL_CLAUSE,
    COL_MESSAGE,
    COL_ROW,
    COL_SEVERITY,
    COL_STATUS,
    FindingsFilterProxy,
    FindingsModel,
)
from ui.open_assessment import OpenAssessment
from ui.shell.errors import show_error
from ui.tables.texts import SEVERITIES, current_lang, severity_text

# The narrow columns' least widths (the finding's text takes the rest).
_MIN_WIDTHS = (
    (COL_SEVERITY, 84), (COL_CLAUSE, 72), (COL_CHECKLIST, 150), (COL_ROW, 44), (COL_STATUS, 76),
    (COL_CHANGE, 100),
)  # fmt: skip


class FindingsPanel(QWidget):
    """Every finding of the open assessment, with its explanation and rectification editor.

    Clicking a finding (or pressing Enter on it) asks the window to show where it is.

    Signals:
        findingActivated(str checklist_id, str item_id, object row): the finding's place;
            ``row`` is the 0-based table row (int) or None for an item's finding.
    """

    findingActivated = Signal(str, str, object)

    def __init__(self, model: OpenAssessment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.findings_model = FindingsModel(model, self)
        self.proxy = FindingsFilterProxy(self)
        self.proxy.setSourceModel(self.findings_model)
        self._build()
        # The proxy drops rows before the source has (rowsAboutToBeRemoved): count after both.
        for shown in (self.proxy, self.findings_model):
            for signal in (
                shown.modelReset,
                shown.rowsInserted,
                shown.rowsRemoved,
                shown.layoutChanged,
            ):
                signal.connect(self._update_count)
        self.findings_model.dataChanged.connect(self._on_data_changed)
        self.retranslate_ui()

    def _build(self) -> None:
        self.severity_box = QComboBox(self)
        self.checklist_box = QComboBox(self)
        self.filter_box = QLineEdit(self)
        self.filter_box.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.severity_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_severity(self.severity_box.currentData())
        )
        self.checklist_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_checklist(self.checklist_box.currentData())
        )
        self.filter_box.textChanged.connect(self.proxy.set_filter_text)
        filters = QHBoxLayout()
        filters.addWidget(self.severity_box)
        filters.addWidget(self.checklist_box)
        filters.addWidget(self.filter_box, 1)
        filters.addWidget(self.count_label)
        self.view = self._make_view()
        self.editor = FindingEditor(self.model, self)
        self.editor.saveFailed.connect(self._show_error)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.view)
        # The editor scrolls inside its share, so the list keeps room for several findings
        # on a small screen or at 200% (the editor, with its photos, is taller than its share).
        self.editor_scroll = QScrollArea(self)
        self.editor_scroll.setWidgetResizable(True)
        self.editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor_scroll.setWidget(self.editor)
        self.splitter.addWidget(self.editor_scroll)
        self.view.setMinimumHeight(self.view.fontMetrics().height() * 8)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.comparison_label = QLabel(self)
        self.comparison_label.setObjectName("comparisonLabel")
        self.comparison_label.setWordWrap(True)
        layout.addLayout(filters)
        layout.addWidget(self.comparison_label)
        layout.addWidget(self.splitter, 1)

    def _make_view(self) -> QTableView:
        view = QTableView(self)
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        # The model lists the most severe first; a header click sorts, a third click restores that.
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        view.clicked.connect(self._activate)
        view.activated.connect(self._activate)
        view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        return view

    # ---- public --------------------------------------------------------------------------------

    def selected_finding(self) -> Finding | None:
        """The finding selected in the list."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.findings_model.finding(self.proxy.mapToSource(index).row())

    def select_finding(self, finding: Finding) -> bool:
        """Select ``finding`` in the list (clearing filters that hide it); False when it is gone."""
        row = self.findings_model.row_of(finding.key())
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.findings_model.index(row, 0))
        if not index.isValid():
            self.severity_box.setCurrentIndex(0)
            self.checklist_box.setCurrentIndex(0)
            self.filter_box.clear()
            index = self.proxy.mapFromSource(self.findings_model.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    # ---- slots ---------------------------------------------------------------------------------

    @Slot(QModelIndex)
    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            f = self.findings_model.finding(self.proxy.mapToSource(index).row())
            self.findingActivated.emit(f.checklist, f.item, f.row)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self.editor.is_dirty():
            self.editor.save()  # moving on keeps what was typed
        self.editor.set_finding(self.selected_finding() if current.isValid() else None)

    @Slot()
    def _on_data_changed(self, *_args: Any) -> None:
        current = self.selected_finding()
        if current is not None:
            self.editor.set_finding(current)
        self._update_count()

    @Slot()
    def _update_count(self, *_args: Any) -> None:
        shown, total = self.proxy.rowCount(), self.findings_model.rowCount()
        text = self.tr("%1 个问题").replace("%1", str(total))
        if shown != total:
            text = (
                self.tr("显示 %1 / %2 个问题").replace("%1", str(shown)).replace("%2", str(total))
            )
        self.count_label.setText(text)
        self._update_comparison()
        if self.selected_finding() is None:
            self.editor.set_finding(None)

    def _update_comparison(self) -> None:
        """The line "与上期（…）比较：新增 N，重复出现 M，已解决 K", with the resolved ones as its tooltip."""
        comparison = self.findings_model.comparison
        self.comparison_label.setVisible(comparison is not None)
        self.view.setColumnHidden(COL_CHANGE, comparison is None)
        if comparison is None:
            return
        c = comparison.counts()
        self.comparison_label.setText(
            self.tr("与上期（%1）比较：新增 %2，重复出现 %3，已解决 %4")
            .replace("%1", comparison.previous_period)
            .replace("%2", str(c["new"]))
            .replace("%3", str(c["recurring"]))
            .replace("%4", str(c["resolved"]))
        )
        lang = current_lang()
        lines = [
            f"{r.finding.message.get(lang)}" + (f"（{r.row_label}）" if r.row_label else "")
            for r in comparison.resolved
        ]
        tip = self.tr("已解决：") + "\n" + "\n".join(lines) if lines else ""
        self.comparison_label.setToolTip(tip)

    @Slot(object)
    def _show_error(self, exc: Exception) -> None:
        show_error(self, exc)

    # ---- language ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Every visible text in the current language."""
        self._fill_box(
            self.severity_box, self.tr("全部严重程度"), [(s, severity_text(s)) for s in SEVERITIES]
        )
        checklists = [(cl, self.findings_model.checklist_title(cl)) for cl in self.model.checklists]
        self._fill_box(self.checklist_box, self.tr("全部清单"), checklists)
        self.filter_box.setPlaceholderText(self.tr("筛选问题…"))
        self.filter_box.setToolTip(self.tr("只显示包含这些文字的问题（多个词用空格分开）"))
        self.findings_model.retranslate()
        self._fit_columns()
        self._update_count()
        self.editor.retranslate_ui()

    def _fit_columns(self) -> None:
        """Each narrow column at least as wide as its heading in the current language (with
        room for the sort arrow), so "Rectification" is never cut to "ectificatio"."""
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        for column, width in _MIN_WIDTHS:
            title = str(self.proxy.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(column, max(width, metrics.horizontalAdvance(title) + 28))

    def _fill_box(self, box: QComboBox, everything: str, entries: list[tuple[str, str]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for value, text in entries:
            box.addItem(text, value)
        box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
        box.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
