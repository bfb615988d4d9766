"""ExportExcelDialog: where to write the Excel export and whether ID numbers go in unmasked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ExportExcelDialog(QDialog):
    """The file and the "full ID numbers" option (off: masked, as the CLI's default).

    ``path()`` and ``full_ids()`` are the choice after Accepted.
    """

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportExcelDialog")
        self.setWindowTitle(self.tr("导出 Excel"))
        self.file = QLineEdit(str(suggested))
        self.file.setObjectName("excelPath")
        self.file.setAccessibleName(self.tr("保存到"))
        self.file.textChanged.connect(self._update_ok)
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(browse)
        self.full_ids_box = QCheckBox(self.tr("写入完整身份证号"))
        self.full_ids_box.setObjectName("fullIds")
        self.full_ids_box.setChecked(False)
        note = QLabel(
            self.tr(
                "默认只写身份证号的前6位和后4位。完整号码属于个人信息，请只在确有需要时选择，并妥善保管文件。"
            )
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("保存到："), where)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.full_ids_box)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._update_ok()

    @Slot()
    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出 Excel"), self.file.text(), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if chosen:
            self.file.setText(chosen)

    @Slot()
    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.file.text().strip())
        )

    def path(self) -> Path:
        """The chosen file, ending in .xlsx."""
        path = Path(self.file.text().strip())
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def full_ids(self) -> bool:
        """Whether ID numbers are written in full."""
        return self.full_ids_box.isChecked()
