"""BackupsTab: the database backups — list with dates and sizes, back up now, restore one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ui.settings_dialog.models import BackupsModel, backup_entries
from ui.settings_dialog.prefs import pending_restore, set_pending_restore
from ui.settings_dialog.widgets import confirm, make_table, note, selected_row
from ui.shell.app_window import AppWindow
from ui.shell.operation_runner import run_op


class BackupsTab(QWidget):
    """Backups of ``data_dir``. Restoring needs the database closed: the main window's
    ``restore_backup(path)`` does it now when the tab has a window; otherwise the restore is
    remembered and carried out at the next start (prefs.apply_pending_restore)."""

    def __init__(
        self, data_dir: Path, window: AppWindow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.window_ = window
        self.model = BackupsModel(self)
        self.table = make_table(self.model, "backupsTable", 2)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.pending = QLabel()
        self.pending.setObjectName("pendingRestore")
        self.pending.setWordWrap(True)
        self.cancel_pending = QPushButton(self.tr("不再恢复"))
        self.cancel_pending.clicked.connect(self._forget_pending)
        pending_row = QHBoxLayout()
        pending_row.addWidget(self.pending, 1)
        pending_row.addWidget(self.cancel_pending)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        folder = QLabel(self.tr("备份文件夹：%1").replace("%1", str(data_dir / "backups")))
        folder.setObjectName("hint")
        folder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                self.tr(
                    "每天第一次打开数据时自动备份，删除自查和升级前也会备份，保留最近 10 份。"
                    "恢复时会先把当前数据另存为一份备份，因此恢复也可以撤回。"
                )
            )
        )
        layout.addWidget(folder)
        layout.addWidget(self.table, 1)
        layout.addLayout(pending_row)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """List the backups again."""
        from models.backup import list_backups

        self.model.set_rows(backup_entries(list_backups(self.data_dir)))
        waiting = pending_restore(self.data_dir)
        self.pending.setText(
            self.tr("下次启动时将恢复备份 %1。").replace("%1", waiting.name) if waiting else ""
        )
        self.pending.setVisible(waiting is not None)
        self.cancel_pending.setVisible(waiting is not None)
        self._update()

    @Slot()
    def _update(self) -> None:
        self.restore_button.setEnabled(selected_row(self.table) >= 0)

    @Slot()
    def back_up_now(self) -> None:
        """Write a new backup (SQLite's backup API works while the database is open)."""
        from models.backup import backup_database

        store = self.window_.store if self.window_ is not None else None
        if store is not None and store.data_dir == self.data_dir:
            run_op(self, store.db.backup)
        else:
            run_op(self, lambda: backup_database(self.data_dir))
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(0)

    @Slot()
    def restore_selected(self) -> None:
        """After a confirmation: restore now through the window, or at the next start."""
        row = selected_row(self.table)
        if row < 0:
            return
        entry = self.model.row_object(row)
        when = self.model.index(row, 0).data()
        text = self.tr(
            "用 %1 的备份替换现在的数据吗？\n\n此后的修改会丢失（当前数据会先另存为一份备份）。"
        ).replace("%1", when)
        if not confirm(self, self.tr("恢复备份"), text):
            return
        if self.window_ is not None:
            self.window_.restore_backup(entry.path)
            self.refresh()
            return
        set_pending_restore(self.data_dir, entry.path)
        self.refresh()
        QMessageBox.information(
            self,
            self.tr("恢复备份"),
            self.tr("恢复需要先关闭数据库，将在下次启动本程序时进行。请关闭程序后重新打开。"),
        )

    @Slot()
    def _forget_pending(self) -> None:
        set_pending_restore(self.data_dir, None)
        self.refresh()
