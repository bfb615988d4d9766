"""The data folder: which one to open, opening it with a proper dialog for each problem (locked, too
new, damaged), and restoring a backup into it (chosen in the settings, now or at the next start)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from checklists.foundation.errors import UserFacingError
from models.database import Database, open_database
from models.errors import DatabaseCorrupt, DatabaseLocked, DatabaseTooNew, StoredDataDamaged
from ui.shell.errors import show_error
from ui.shell.i18n import current_language, translate
from ui.shell.operation_runner import run_op


def default_data_dir() -> Path:
    """The per-user data folder (platformdirs), used when no --data-dir is given."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("CampusSelfCheck", appauthor=False))


def _ask_retry_locked(exc: DatabaseLocked, parent: QWidget | None) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("OpenData", "数据文件夹已被占用"),
        exc.text(current_language()),
        QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("lockedBox")
    box.button(QMessageBox.StandardButton.Retry).setText(translate("OpenData", "重试"))
    box.button(QMessageBox.StandardButton.Cancel).setText(translate("OpenData", "退出"))
    return box.exec() == QMessageBox.StandardButton.Retry


def _too_new(exc: DatabaseTooNew, parent: QWidget | None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("OpenData", "需要更新程序"),
        exc.text(current_language()),
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("tooNewBox")
    box.button(QMessageBox.StandardButton.Close).setText(translate("OpenData", "退出"))
    box.exec()


def _restore(exc: DatabaseCorrupt, data_dir: Path, parent: QWidget | None) -> bool:
    """Offer the backups; True when one was restored (then the folder is opened again)."""
    from models.backup import restore_backup
    from models.lock import FolderLock
    from ui.dialogs.restore_backup_dialog import RestoreBackupDialog

    dialog = RestoreBackupDialog(exc.text(current_language()), exc.backups, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
        return False
    lock = FolderLock(data_dir)
    try:
        lock.acquire()
        restore_backup(data_dir, dialog.chosen())  # type: ignore[arg-type]
    except UserFacingError as problem:
        show_error(parent, problem)
        return False
    finally:
        lock.release()
    return True


def offer_restore(exc: StoredDataDamaged, data_dir: Path, parent: QWidget | None = None) -> bool:
    """A stored value the first page needs cannot be read: the backups are offered as for a
    damaged file; True when one was restored (then the folder is opened again)."""
    from models.backup import backups_dir, list_backups

    damaged = DatabaseCorrupt(
        exc.path, f"{exc.where}: {exc.detail}", backups_dir(data_dir), list_backups(data_dir)
    )
    return _restore(damaged, data_dir, parent)


def open_data_folder(data_dir: Path, parent: QWidget | None = None) -> Database | None:
    """The open database, or None when the person gave up (each problem explained in a dialog)."""
    while True:
        try:
            return open_database(data_dir)
        except DatabaseLocked as exc:
            if not _ask_retry_locked(exc, parent):
                return None
        except DatabaseTooNew as exc:
            _too_new(exc, parent)
            return None
        except DatabaseCorrupt as exc:
            if not _restore(exc, data_dir, parent):
                return None
        except UserFacingError as exc:
            show_error(parent, exc)
            return None


def startup_data_dir(option: Path | None) -> Path:
    """--data-dir, else the folder chosen in the settings, else the default folder."""
    from ui.settings_dialog.prefs import configured_data_dir

    return option or configured_data_dir() or default_data_dir()


def apply_pending_restore(data_dir: Path, parent: QWidget | None = None) -> None:
    """Before opening the folder: carry out a restore chosen in the settings (errors shown)."""
    from ui.settings_dialog.prefs import apply_pending_restore as apply

    run_op(parent, lambda: apply(data_dir))


def restore_and_reopen(
    data_dir: Path, backup: Path, parent: QWidget | None = None
) -> tuple[Database | None, Exception | None]:
    """Restore ``backup`` into ``data_dir`` (its database closed) and open the folder again.

    models.database.restore checks the backup and keeps the current data as a backup first; when
    it refuses, nothing was changed and the folder opens as it was. Returns the open database
    (None when the person gave up on a folder that cannot be opened) and the refusal, if any.
    """
    from models.database import restore

    problem: Exception | None = None
    try:
        restore(data_dir, backup)
    except Exception as exc:  # shown by the caller once the folder is open again
        problem = exc
    return open_data_folder(data_dir, parent), problem
