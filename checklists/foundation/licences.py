"""The licence texts of what the program ships: found in the bundle, or beside the installed code."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

# The bundle's folder of collected texts (packaging/licence_files.py fills it at build time).
BUNDLE_FOLDER = "licences"
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_ROOT = Path(__file__).resolve().parents[2]
KEPT_FOLDER = _ROOT / "resources" / "licences"
# Distributions that carry no licence file of their own, and the texts that apply to them.
KEPT_TEXTS: dict[str, tuple[str, ...]] = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
}
PYTHON = "Python"


def canonical(name: str) -> str:
    """A distribution's name as packaging tools compare them (``PySide6_Essentials`` →
    ``pyside6-essentials``); also the name of its folder in the bundle."""
    return re.sub(r"[-_.]+", "-", name).lower()


def distribution_licence_files(name: str) -> list[tuple[Path, str]]:
    """(file, path relative to the distribution's licence folder) of an installed distribution."""
    found: list[tuple[Path, str]] = []
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return found
    for file in dist.files or ():
        text = str(file).replace("\\", "/")
        if ".dist-info/" not in text or not LICENCE_FILE.search(Path(text).name):
            continue
        source = Path(str(dist.locate_file(file)))
        if source.is_file():
            relative = text.split(".dist-info/", 1)[1].removeprefix("licenses/")
            found.append((source, relative))
    found += [(KEPT_FOLDER / kept, kept) for kept in KEPT_TEXTS.get(canonical(name), ())]
    return found


def python_licence() -> Path | None:
    """CPython's LICENSE file of the running interpreter, where this platform keeps it."""
    base = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (base / "LICENSE.txt", base / "lib" / version / "LICENSE.txt"):
        if candidate.is_file():
            return candidate
    return None


def _bundled_files(name: str) -> list[Path] | None:
    """The texts collected for ``name`` in a standalone build; None when not running frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle:
        return None
    folder = Path(bundle) / BUNDLE_FOLDER / (name if name == PYTHON else canonical(name))
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def licence_text(name: str) -> str:
    """Every licence text shipped for component ``name`` (a distribution or ``Python``), joined.

    Empty when none is found (a component installed without its licence files).
    """
    files = _bundled_files(name)
    if files is None:
        if name == PYTHON:
            python = python_licence()
            files = [python] if python else []
        else:
            files = [source for source, _relative in distribution_licence_files(name)]
    parts = []
    for path in files:
        try:
            body = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        parts.append(f"==== {path.name} ====\n{body.strip()}\n")
    return "\n".join(parts)
