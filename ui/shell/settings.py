"""What the app remembers between starts (QSettings): window geometry and the last opened assessment."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "CampusSelfCheck"
APPLICATION = "CampusSelfCheck"


def _folder_key(data_dir: Path) -> str:
    # One entry per data folder: an assessment id means nothing in another folder.
    import hashlib

    return hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]


def last_assessment(data_dir: Path) -> int | None:
    """The assessment open when the app last closed on ``data_dir``."""
    value = QSettings().value(f"last_assessment/{_folder_key(data_dir)}")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def set_last_assessment(data_dir: Path, assessment_id: int | None) -> None:
    """Remember (None: forget) the open assessment of ``data_dir``."""
    settings = QSettings()
    key = f"last_assessment/{_folder_key(data_dir)}"
    if assessment_id is None:
        settings.remove(key)
    else:
        settings.setValue(key, assessment_id)


def window_state(name: str) -> tuple[QByteArray | None, QByteArray | None]:
    """The saved geometry and state of window/splitter ``name``."""
    settings = QSettings()
    geometry = settings.value(f"{name}/geometry")
    state = settings.value(f"{name}/state")
    return (
        geometry if isinstance(geometry, QByteArray) else None,
        state if isinstance(state, QByteArray) else None,
    )


def save_window_state(name: str, geometry: QByteArray, state: QByteArray | None = None) -> None:
    """Remember the geometry (and state) of window/splitter ``name``."""
    settings = QSettings()
    settings.setValue(f"{name}/geometry", geometry)
    if state is not None:
        settings.setValue(f"{name}/state", state)
