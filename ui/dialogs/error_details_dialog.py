"""ErrorDetailsDialog: an unexpected error in plain words, with the log file and "copy details"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class ErrorDetailsDialog(QDialog):
    """Says that something went wrong, where it was logged, and copies the details on request.

    The traceback is never shown, only copied (for the person who supports the school).
    """

    def __init__(
        self, message: str, details: str, log_file: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(self.tr("意外错误"))
        self.setObjectName("errorDetailsDialog")
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40)
        )
        text = QLabel(message)
        text.setWordWrap(True)
        where = (
            self.tr("详细信息已记入日志：%1").replace("%1", str(log_file))
            if log_file
            else self.tr("日志无法写入。")
        )
        self.where = QLabel(where)
        self.where.setWordWrap(True)
        self.where.setObjectName("logLocation")
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.copy_button = QPushButton(self.tr("复制详情"))
        self.copy_button.setAccessibleName(self.tr("复制详情"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.where)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @Slot()
    def copy_details(self) -> None:
        """Put the technical details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("已复制"))
