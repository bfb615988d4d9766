"""OfficeRunPanel: the office window's folder, run buttons, trust option and progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reports.aggregate import RunResult
from ui.shell.i18n import translate


class OfficeRunPanel(QFrame):
    """Which folder, start / choose / cancel, "trusted certificates only", and the progress.

    Its words belong to the OfficeWindow translation context (the window it was split from).

    Signals:
        chooseRequested(): choose a folder.
        startRequested(): aggregate the chosen folder (again).
        cancelRequested(): stop the run.
        trustToggled(bool): the "trusted certificates only" option changed.
    """

    chooseRequested = Signal()
    startRequested = Signal()
    cancelRequested = Signal()
    trustToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolCard")
        self.folder: Path | None = None
        self.last_run: RunResult | None = None
        self.folder_label = QLabel()
        self.folder_label.setObjectName("schoolFacts")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.chooseRequested)
        self.start_button = QPushButton()
        self.start_button.setObjectName("primaryButton")
        self.start_button.clicked.connect(self.startRequested)
        self.trust_check = QCheckBox()
        self.trust_check.toggled.connect(self.trustToggled)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("hint")
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancelRequested)
        self._lay_out()
        self.retranslate_ui()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.start_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.progress_label)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.trust_check)
        layout.addLayout(bottom)

    def retranslate_ui(self) -> None:
        """Every text in the current language (also on QEvent.LanguageChange)."""
        self.choose_button.setText(translate("OfficeWindow", "选择文件夹…"))
        self.start_button.setText(translate("OfficeWindow", "开始汇总"))
        self.start_button.setToolTip(
            translate("OfficeWindow", "再次检查所选文件夹（已汇总过的文件不会重复计入）")
        )
        self.trust_check.setText(translate("OfficeWindow", "只接受信任列表中的证书签署的报告"))
        self.cancel_button.setText(translate("OfficeWindow", "取消"))
        self.progress.setAccessibleName(translate("OfficeWindow", "汇总进度"))
        self.show_folder(self.folder)
        if self.last_run is not None:
            self.show_run(self.last_run)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_folder(self, folder: Path | None) -> None:
        """Name the folder being aggregated."""
        self.folder = folder
        if folder is None:
            self.folder_label.setText(translate("OfficeWindow", "尚未选择文件夹"))
        else:
            self.folder_label.setText(
                translate("OfficeWindow", "文件夹：%1").replace("%1", str(folder))
            )

    def set_running(self, running: bool) -> None:
        """Buttons for a run going on (cancel only) or not."""
        self.choose_button.setEnabled(not running)
        self.start_button.setEnabled(not running)
        self.trust_check.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.cancel_button.setVisible(running)

    def show_searching(self) -> None:
        """A busy bar until the files are counted."""
        self.progress.setRange(0, 0)
        self.progress_label.setText(translate("OfficeWindow", "正在查找文件…"))

    def show_progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` files checked."""
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(
            translate("OfficeWindow", "已检查 %1 / %2 个文件")
            .replace("%1", str(done))
            .replace("%2", str(total))
        )

    def show_cancelling(self) -> None:
        """The run was asked to stop."""
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(translate("OfficeWindow", "正在取消…"))

    def show_run(self, run: RunResult) -> None:
        """What the run did, in one sentence."""
        self.last_run = run
        self.progress.setRange(0, max(run.files, 1))
        self.progress.setValue(run.done)
        if run.cancelled:
            text = translate(
                "OfficeWindow",
                "已取消：检查了 %1 / %2 个文件。新收 %3 个，已汇总过 %4 个，无法读取 %5 个。",
            )
        else:
            text = translate(
                "OfficeWindow",
                "完成：检查了 %1 / %2 个文件。新收 %3 个，已汇总过 %4 个，无法读取 %5 个。",
            )
        values = (run.done, run.files, run.accepted + run.rejected, run.known, len(run.failed))
        for number, value in enumerate(values, start=1):
            text = text.replace(f"%{number}", str(value))
        self.progress_label.setText(text)

    def show_failure(self) -> None:
        """The run did not happen (the error is shown elsewhere)."""
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_label.setText("")
