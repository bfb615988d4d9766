"""ImportTableDialog: choose an .xlsx file, see every problem (or the warnings), confirm replacing the rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checklists.foundation.errors import UserFacingError
from checklists.model import Checklist
from reports.excel.problems import ImportRejected
from reports.excel.reader import TableImport, read_table
from ui.tables.problems_model import COL_REASON, ImportProblemsModel
from ui.tables.texts import FAIL_TEXT, current_lang


class ImportTableDialog(QDialog):
    """Reads a spreadsheet for one table with the core reader; accepted only with a file that passed.

    The dialog stores nothing: after ``exec()`` returns Accepted, ``table_import`` holds the
    checked rows and ``path`` the file, and the caller replaces the table's rows.
    """

    def __init__(
        self, checklist: Checklist, table_id: str, current_rows: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.checklist, self.table_id, self.current_rows = checklist, table_id, current_rows
        self.table = checklist.item(table_id)
        self.table_import: TableImport | None = None
        self.path: Path | None = None
        self._rejected: ImportRejected | None = None
        self._other: UserFacingError | None = None
        self.problems = ImportProblemsModel(self)
        self._build()
        self.retranslate_ui()
        self.resize(820, 460)

    def _build(self) -> None:
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.file_line = QLineEdit(self)
        self.file_line.setReadOnly(True)
        self.choose_button = QPushButton(self)
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file_line, 1)
        row.addWidget(self.choose_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = QTableView(self)
        self.view.setModel(self.problems)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(self)
        self.replace_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_problems)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)

    # ---- actions -------------------------------------------------------------------------------

    @Slot()
    def choose_file(self) -> bool:
        """Ask for a file and read it; False when the person cancelled."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要导入的 Excel 文件"),
            "",
            self.tr(
                "表格文件 (*.xlsx *.xls *.ods);;Excel 工作簿 (*.xlsx);;Excel 97-2003 工作簿 (*.xls);;OpenDocument 表格 (*.ods)"
            ),
        )
        if not name:
            return False
        self.load(Path(name))
        return True

    def load(self, path: Path) -> None:
        """Read and check ``path``; show its problems, or its warnings and the row count."""
        self.path = path
        self.table_import, self._rejected, self._other = None, None, None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.table_import = read_table(path, self.checklist, self.table_id)
        except ImportRejected as exc:
            self._rejected = exc
        except UserFacingError as exc:  # e.g. the file vanished or is locked
            self._other = exc
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.problems.set_rows(
            self._rejected.problems
            if self._rejected
            else self.table_import.warnings
            if self.table_import
            else []
        )
        self.view.resizeRowsToContents()
        self._show_state()

    @Slot()
    def copy_problems(self) -> None:
        """Put every problem, one per line, on the clipboard (to send to whoever fills the file)."""
        lang = current_lang()
        QGuiApplication.clipboard().setText(
            "\n".join(p.text(lang) for p in self.problems.problems())
        )

    # ---- presentation --------------------------------------------------------------------------

    def _show_state(self) -> None:
        self.file_line.setText(str(self.path) if self.path else "")
        self.replace_button.setEnabled(self.table_import is not None)
        self.copy_button.setVisible(bool(self.problems.problems()))
        self.view.setVisible(bool(self.problems.problems()))
        colour = "" if self.table_import is not None else f"color: {FAIL_TEXT.name()};"
        self.summary.setStyleSheet(colour)
        self.summary.setText(self._summary_text())

    def _summary_text(self) -> str:
        if self._rejected is not None:
            return self.tr(
                "文件被拒绝，未导入任何数据：共 %1 处问题。请在 Excel 中改正后重新导入。"
            ).replace("%1", str(len(self._rejected.problems)))
        if self._other is not None:
            return self._other.text(current_lang())
        if self.table_import is None:
            return self.tr("尚未选择文件。")
        text = self.tr("读取到 %1 行，检查通过。导入将替换表格现有的 %2 行（可撤销）。")
        text = text.replace("%1", str(len(self.table_import.rows))).replace(
            "%2", str(self.current_rows)
        )
        if self.table_import.warnings:
            text += " " + self.tr("另有 %1 条提示，见下表。").replace(
                "%1", str(len(self.table_import.warnings))
            )
        readings = [r.text(current_lang()) for r in self.table_import.readings]
        if readings:
            text += "\n" + self.tr("按检查清单的同义写法读取：") + "\n" + "\n".join(readings)
        return text

    def retranslate_ui(self) -> None:
        """Every visible text in the current language."""
        self.setWindowTitle(
            self.tr("从 Excel 导入：%1").replace("%1", self.table.label.get(current_lang()))
        )
        self.intro.setText(
            self.tr(
                "选择按模板填写的 Excel 文件（.xlsx、.xls 或 .ods）。文件中有任何错误时整个文件都不会导入，下表会列出每一处问题。"
            )
        )
        self.choose_button.setText(self.tr("选择文件…"))
        self.file_line.setPlaceholderText(self.tr("未选择文件"))
        self.replace_button.setText(self.tr("替换表格行"))
        self.copy_button.setText(self.tr("复制问题列表"))
        self.problems.retranslate()
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
