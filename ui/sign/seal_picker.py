"""SealPicker: choose a seal image (PNG/JPG) for the signature page, shown as a thumbnail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from checklists.foundation.errors import InputError
from ui.shell.operation_runner import run_op

MAX_BYTES = 5 * 1024 * 1024
THUMB = 96


class SealPicker(QWidget):
    """A thumbnail with 选择图片… / 移除; ``image_bytes()`` is the chosen file's content.

    Signals:
        changed(): an image was chosen or removed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sealPicker")
        self._data: bytes | None = None
        self.path: Path | None = None
        self.thumbnail = QLabel()
        self.thumbnail.setObjectName("sealThumbnail")
        self.thumbnail.setFixedSize(THUMB, THUMB)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet(
            "#sealThumbnail { background: white; border: 1px dashed #C5CCD5; color: #9AA3AE; }"
        )
        self.choose_button = QPushButton(self.tr("选择图片…"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self.tr("移除"))
        self.remove_button.clicked.connect(self.remove)
        self.name_label = QLabel()
        self.name_label.setObjectName("hint")
        self.name_label.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.name_label)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.thumbnail)
        row.addLayout(buttons, 1)
        self._show()

    def image_bytes(self) -> bytes | None:
        """The chosen image file's bytes (None when none)."""
        return self._data

    @Slot()
    def choose(self) -> None:
        """Pick a PNG or JPG file."""
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择印章图片"),
            str(self.path.parent if self.path else Path.home()),
            self.tr("图片 (*.png *.jpg *.jpeg)"),
        )
        if chosen:
            run_op(self, lambda: self.set_file(Path(chosen)))

    def set_file(self, path: Path) -> None:
        """Use the image in ``path``; InputError when it is too large or not a PNG/JPG image."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"无法读取 {path}：{exc.strerror or exc}",
                f"Cannot read {path}: {exc.strerror or exc}",
            ) from exc
        if len(data) > MAX_BYTES:
            raise InputError(
                "印章图片太大（最多 5 MB）。", "The seal image is too large (5 MB at most)."
            )
        image = QImage()
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg") or not image.loadFromData(data):
            raise InputError("请选择 PNG 或 JPG 图片。", "Choose a PNG or JPG image.")
        self._data, self.path = data, path
        self._show(image)
        self.changed.emit()

    @Slot()
    def remove(self) -> None:
        """No seal."""
        self._data, self.path = None, None
        self._show()
        self.changed.emit()

    def _show(self, image: QImage | None = None) -> None:
        if image is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self.tr("无"))
            self.name_label.setText("")
        else:
            self.thumbnail.setPixmap(
                QPixmap.fromImage(image).scaled(
                    THUMB - 8,
                    THUMB - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.name_label.setText(self.path.name if self.path else "")
        self.remove_button.setEnabled(image is not None)
