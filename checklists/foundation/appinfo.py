"""The application's name and version, with pyproject.toml as the one source of the version."""

from __future__ import annotations

import sys
import tomllib
from functools import lru_cache
from pathlib import Path

APP_NAME_ZH = "校园自查"
APP_NAME_EN = "Campus Self-Check"
DISTRIBUTION = "campus-selfcheck"
UNKNOWN_VERSION = "0+unknown"

# The folder that holds checklists/: the source tree's root, or the bundle's root in a
# PyInstaller build (the spec copies pyproject.toml there, so both read the same file).
_ROOT = Path(__file__).resolve().parents[2]


def pyproject_candidates() -> list[Path]:
    """Where a pyproject.toml of this application may lie, most specific first."""
    candidates = [_ROOT / "pyproject.toml"]
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle:
        candidates.append(Path(bundle) / "pyproject.toml")
    return candidates


def version_from_pyproject(path: Path) -> str | None:
    """The ``[project] version`` of ``path`` if it is this application's pyproject, else None."""
    try:
        with path.open("rb") as f:
            project = tomllib.load(f).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if project.get("name") != DISTRIBUTION:
        return None
    version = project.get("version")
    return version if isinstance(version, str) and version else None


def version_from_metadata() -> str | None:
    """The version recorded by pip when the application was installed, else None."""
    from importlib import metadata  # only without a pyproject.toml: a 30 ms import

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def app_version() -> str:
    """The application's version, e.g. ``0.1.0`` (``0+unknown`` if nothing records it).

    pyproject.toml next to the code wins over installed metadata: an editable install keeps
    the version it had when pip ran, so after a version bump in the source tree the metadata
    is stale while pyproject.toml is not. A wheel install has no pyproject.toml beside the
    code and uses its metadata; the standalone build reads its bundled copy of pyproject.toml.
    """
    for path in pyproject_candidates():
        version = version_from_pyproject(path)
        if version:
            return version
    return version_from_metadata() or UNKNOWN_VERSION


def app_title() -> str:
    """``校园自查 Campus Self-Check 0.1.0``: the name in both languages and the version."""
    return f"{APP_NAME_ZH} {APP_NAME_EN} {app_version()}"
