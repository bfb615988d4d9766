"""JobProgressDialog: runs a JobThread with a progress bar and a cancel button; run_job() for callers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.export.jobs import JobFunction, JobThread


@dataclass(frozen=True)
class JobOutcome:
    """How a job ended: its result, or the error, or cancelled."""

    result: Any = None
    error: BaseException | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """Finished without error and not cancelled."""
        return self.error is None and not self.cancelled


class JobProgressDialog(QDialog):
    """Shows the steps of a running job; the job starts when the dialog is shown.

    ``steps`` are (step name the job reports, words shown). Cancel (or Esc, or closing the
    window) asks the job to stop at its next step; the dialog closes once the thread is done,
    so nothing half-written outlives it. Accepted = finished, Rejected = cancelled or failed.
    """

    def __init__(
        self,
        title: str,
        steps: Sequence[tuple[str, str]],
        fn: JobFunction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("jobProgressDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.steps = list(steps)
        self.job = JobThread(fn, self)
        self.job.progressed.connect(self._progressed)
        self.job.finished.connect(self._finished)
        self.step_label = QLabel(self.tr("正在准备…"))
        self.step_label.setObjectName("jobStep")
        self.bar = QProgressBar()
        self.bar.setRange(0, max(1, len(self.steps)))
        self.bar.setValue(0)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        self.setMinimumWidth(420)
        self._started = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.job.start()

    @Slot(str)
    def _progressed(self, step: str) -> None:
        names = [name for name, _ in self.steps]
        if step in names:
            index = names.index(step)
            self.bar.setValue(index)
            if not self.job.cancel_requested:
                self.step_label.setText(self.steps[index][1])

    @Slot()
    def cancel(self) -> None:
        """Ask the job to stop; the dialog closes when it has."""
        if not self.job.isRunning() and self._started:
            return
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self.step_label.setText(self.tr("正在取消…"))

    @Slot()
    def _finished(self) -> None:
        self.job.wait()
        self.bar.setValue(self.bar.maximum())
        if self.job.cancelled or self.job.error is not None:
            super().reject()
        else:
            super().accept()

    def reject(self) -> None:
        """Esc: cancel instead of leaving a job running behind a closed dialog."""
        if self.job.isRunning():
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job.isRunning():
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def outcome(self) -> JobOutcome:
        """The job's outcome (after the dialog closed)."""
        return JobOutcome(self.job.result, self.job.error, self.job.cancelled)


def run_job(
    parent: QWidget | None, title: str, steps: Sequence[tuple[str, str]], fn: JobFunction
) -> JobOutcome:
    """Run ``fn(progress)`` in a worker thread behind a JobProgressDialog; returns how it ended."""
    dialog = JobProgressDialog(title, steps, fn, parent)
    dialog.exec()
    outcome = dialog.outcome()
    dialog.deleteLater()
    return outcome
