"""EvidenceAnswer: the files attached to an evidence item; attach by button or drag and drop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checklists.model import Item
from ui.assessment.answer_widgets import AnswerWidget


def _size_text(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1048576:.1f} MB"


class EvidenceAnswer(AnswerWidget):
    """A list of attached files with 添加附件 / 移除 / 打开; files dropped on it are attached.

    It does no file or database work: the item page carries out the requests.

    Signals:
        attachRequested(list paths): files to attach (from the button or a drop).
        removeRequested(int evidence_id): detach one file.
        openRequested(int evidence_id): open the stored copy.
    """

    attachRequested = Signal(list)
    removeRequested = Signal(int)
    openRequested = Signal(int)

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.setAcceptDrops(True)
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("已附加的文件"))
        self.files.setMinimumHeight(90)
        self.files.setAlternatingRowColors(True)
        self.attach_button = QPushButton(self.tr("添加附件…"))
        self.remove_button = QPushButton(self.tr("移除"))
        self.open_button = QPushButton(self.tr("打开"))
        for button in (self.attach_button, self.remove_button, self.open_button):
            button.setAccessibleName(button.text().rstrip("…"))
        self.hint = QWidget()
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        self.files.setToolTip(self.tr("也可以把文件拖到这里"))
        self.attach_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(lambda: self._request(self.removeRequested))
        self.open_button.clicked.connect(lambda: self._request(self.openRequested))
        self.files.itemDoubleClicked.connect(lambda _item: self._request(self.openRequested))
        self.files.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_files(self, refs: list[Any]) -> None:
        """Show the attached files (models.ops.evidence.EvidenceRef)."""
        self.files.clear()
        for ref in refs:
            text = f"{ref.name}    {_size_text(ref.size)}"
            if not ref.present:
                text += "    " + self.tr("（文件不在数据文件夹中）")
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, ref.id)
            self.files.addItem(entry)
        if not refs:
            entry = QListWidgetItem(self.tr("尚未附加文件。点击“添加附件…”或把文件拖到这里。"))
            entry.setFlags(Qt.ItemFlag.NoItemFlags)
            self.files.addItem(entry)
        self._update_buttons()

    def _show(self, value: Any) -> None:
        return None  # the list comes from show_files (the refs carry ids the value lacks)

    def _selected(self) -> int | None:
        entry = self.files.currentItem()
        value = entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None
        return int(value) if value is not None else None

    def _request(self, signal: Any) -> None:
        selected = self._selected()
        if selected is not None:
            signal.emit(selected)

    @Slot()
    def _update_buttons(self) -> None:
        has = self._selected() is not None
        self.remove_button.setEnabled(has)
        self.open_button.setEnabled(has)

    @Slot()
    def choose_files(self) -> None:
        """Ask for files and request their attachment."""
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("选择要附加的文件"))
        if paths:
            self.attachRequested.emit(list(paths))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if Path(p).is_file()]
        if files:
            self.attachRequested.emit(files)
            event.acceptProposedAction()
