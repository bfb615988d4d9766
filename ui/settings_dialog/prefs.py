"""Settings that take effect at the next start (QSettings): the data folder and a restore to carry out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

DATA_DIR_KEY = "data/folder"
PENDING_RESTORE_KEY = "backup/pending_restore"  # "<data folder>\n<backup file>"


def configured_data_dir() -> Path | None:
    """The data folder chosen in the settings (None: the default folder)."""
    value = QSettings().value(DATA_DIR_KEY)
    return Path(value) if isinstance(value, str) and value else None


def set_data_dir(folder: Path | None) -> None:
    """Use ``folder`` from the next start on (None: back to the default folder)."""
    settings = QSettings()
    if folder is None:
        settings.remove(DATA_DIR_KEY)
    else:
        settings.setValue(DATA_DIR_KEY, str(folder))


def pending_restore(data_dir: Path) -> Path | None:
    """The backup to restore into ``data_dir`` at the next start, if one was chosen."""
    value = QSettings().value(PENDING_RESTORE_KEY)
    if not isinstance(value, str) or "\n" not in value:
        return None
    folder, backup = value.split("\n", 1)
    return Path(backup) if Path(folder).resolve() == Path(data_dir).resolve() else None


def set_pending_restore(data_dir: Path, backup: Path | None) -> None:
    """Restore ``backup`` into ``data_dir`` at the next start (None: forget it)."""
    settings = QSettings()
    if backup is None:
        settings.remove(PENDING_RESTORE_KEY)
    else:
        settings.setValue(
            PENDING_RESTORE_KEY, f"{Path(data_dir).resolve()}\n{Path(backup).resolve()}"
        )


def apply_pending_restore(data_dir: Path) -> Path | None:
    """Before the folder is opened: carry out a restore chosen in the settings; returns the backup.

    models.database.restore checks the backup first and keeps the current database as a backup;
    the request is forgotten whether it succeeds or raises (a UserFacingError to show).
    """
    from models.database import restore

    backup = pending_restore(data_dir)
    if backup is None:
        return None
    set_pending_restore(data_dir, None)
    restore(data_dir, backup)
    return backup
