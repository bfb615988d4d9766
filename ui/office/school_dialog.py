"""OfficeSchoolDialog: one school's page — findings with rectification, the certificate, and
its periods side by side (new / recurring / resolved against the previous period)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checklists.terms import STAGE
from checklists.terms import term as word
from reports.aggregate import SchoolRow, Summary
from reports.aggregate.school import (
    compare_periods,
    previous_period,
    school_findings,
    school_periods,
)
from ui.office.follow_up_models import PeriodsModel, SchoolFindingsModel
from ui.office.models import local_text
from ui.shell.i18n import current_language


def _table(model: object, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class OfficeSchoolDialog(QDialog):
    """The page of one school of a summary (read-only; the data come from the office store).

    Signals:
        openReport(str path): the office asked to open the school's PDF.
    """

    openReport = Signal(str)

    def __init__(self, summary: Summary, school: SchoolRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeSchoolDialog")
        self.summary, self.school = summary, school
        self.findings_model = SchoolFindingsModel(lambda: summary.today, self)
        self.findings_model.set_rows(school_findings(summary, school))
        self.periods_model = PeriodsModel(self)
        self.periods_note = QLabel()
        self.periods_note.setWordWrap(True)
        self._load_periods()
        self.tabs = QTabWidget()
        findings = _table(self.findings_model, "schoolFindingsTable")
        header = findings.horizontalHeader()
        for index, width in ((3, 230), (4, 250)):  # the school's texts wrap in fixed columns
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
            findings.setColumnWidth(index, width)
        findings.resizeRowsToContents()
        self.tabs.addTab(findings, self.tr("问题与整改"))
        self.tabs.addTab(self._certificate(), self.tr("签名证书"))
        periods = QWidget()
        column = QVBoxLayout(periods)
        column.addWidget(self.periods_note)
        column.addWidget(_table(self.periods_model, "schoolPeriodsTable"), 1)
        self.tabs.addTab(periods, self.tr("各周期对比"))
        heading = QLabel(f"{school.school_name}（{school.school_code}）")
        heading.setObjectName("pageTitle")
        facts = QLabel(
            " · ".join(
                x
                for x in (
                    school.district,
                    word(STAGE, school.stage, current_language()),
                    school.period,
                    self.tr("问题 %1 项，整改逾期 %2 项")
                    .replace("%1", str(school.findings))
                    .replace("%2", str(school.overdue)),
                )
                if x
            )
        )
        facts.setObjectName("pageLead")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        self.open_button = QPushButton(self.tr("打开报告"))
        self.open_button.clicked.connect(self._open)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(facts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("学校：%1").replace("%1", school.school_name))
        self.resize(1000, 620)

    def _certificate(self) -> QWidget:
        s = self.school
        page = QWidget()
        form = QFormLayout(page)
        rows = [
            (self.tr("签署人"), s.signer or ""),
            (self.tr("证书所属学校"), s.signer_school or ""),
            (self.tr("证书学校代码"), s.signer_school_code or ""),
            (self.tr("签署时间"), local_text(s.signed_at)),
            (self.tr("收到时间"), local_text(s.received_at)),
            (self.tr("证书"), self.tr("受信任") if s.trusted else self.tr("未受信任")),
            (self.tr("报告编号"), s.report_label(current_language())),
            (self.tr("文件"), s.path),
            (self.tr("SHA-256"), s.sha256),
        ]
        notes = s.notes(current_language())
        if notes:
            rows.append((self.tr("备注"), notes))
        for label, value in rows:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        return page

    def _load_periods(self) -> None:
        if self.summary.store is None:
            return
        periods = school_periods(self.summary.store, self.school.school_code, self.summary.trusted)
        now = next((p for p in periods if p.period == self.school.period), None)
        if now is None:
            return
        before = previous_period(periods, now.period)
        self.periods_model.set_rows(compare_periods(before, now))
        if before is None:
            self.periods_note.setText(
                self.tr("本校在 %1 之前没有报告：全部问题为新出现。").replace("%1", now.period)
            )
        else:
            self.periods_note.setText(
                self.tr("上一周期：%1 → 本周期：%2")
                .replace("%1", before.period)
                .replace("%2", now.period)
            )

    def _open(self) -> None:
        path = Path(self.school.path)
        if path.is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.openReport.emit(str(path))
