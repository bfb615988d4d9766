"""RestoreBackupDialog: the database is damaged — pick a backup to restore, or quit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.words import format_date


def _when(path: Path) -> str:
    stamp = path.stem.removeprefix("campus-")[:15]
    try:
        moment = datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    except ValueError:
        return path.name
    return f"{format_date(moment.date())} {moment:%H:%M:%S}"


class RestoreBackupDialog(QDialog):
    """Explains the damage in the user's words and lists the backups, newest first.

    ``chosen()`` is the backup to restore after Accepted (the window restores it).
    """

    def __init__(self, message: str, backups: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle(self.tr("数据库已损坏"))
        text = QLabel(message)
        text.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("备份"))
        for path in reversed(backups):
            entry = QListWidgetItem(f"{_when(path)}    {path.name}")
            entry.setToolTip(str(path))
            entry.setData(256, str(path))
            self.list.addItem(entry)
        if backups:
            self.list.setCurrentRow(0)
        question = QLabel(
            self.tr("请选择要恢复的备份（损坏的文件会先另存一份）：")
            if backups
            else self.tr("没有可用的备份。")
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("恢复所选备份"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(self._double_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(question)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    @Slot()
    def _double_clicked(self) -> None:
        self.accept()

    def chosen(self) -> Path | None:
        """The selected backup."""
        entry = self.list.currentItem()
        return Path(entry.data(256)) if entry is not None else None
