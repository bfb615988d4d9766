"""The app's identity files: the .desktop entry and the icons generated from app.svg."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import struct
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

DESKTOP = ROOT / "packaging" / "campus-selfcheck.desktop"
ICONS = ROOT / "resources" / "icons"


def _make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_icons", ROOT / "packaging" / "make_icons.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_names_the_app_in_both_languages() -> None:
    entry = _entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Campus Self-Check"
    assert entry["Name[zh_CN]"] == "校园自查"
    assert entry["Exec"].split()[0] == "CampusSelfCheck"  # the program the spec builds
    assert entry["Icon"] == "campus-selfcheck"
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="apt: desktop-file-utils")
def test_desktop_entry_validates() -> None:
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_sizes() -> None:
    for size, name in _make_icons().PNG_SIZES.items():
        assert _png_size(ICONS / name) == (size, size), name


def test_ico_holds_every_size_as_png() -> None:
    data = (ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _, _, _, _, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        payload = data[offset : offset + length]
        assert payload[:8] == b"\x89PNG\r\n\x1a\n" and bits == 32
        sizes.append(width or 256)
    assert sorted(sizes) == sorted(_make_icons().ICO_SIZES)


def test_committed_icons_match_the_svg(tmp_path: Path, qapp: object) -> None:
    """Someone who edits app.svg must rerun packaging/make_icons.py (pixels compared)."""
    from PySide6.QtGui import QImage

    written = _make_icons().make_icons(ICONS / "app.svg", tmp_path)
    assert {p.name for p in written} == {*_make_icons().PNG_SIZES.values(), "app.ico"}
    for name in _make_icons().PNG_SIZES.values():
        fresh, committed = QImage(str(tmp_path / name)), QImage(str(ICONS / name))
        assert fresh.size() == committed.size(), name
        # the same drawing, allowing for anti-aliasing differences between Qt versions
        step = max(1, fresh.width() // 32)
        worst = max(
            abs(a - b)
            for x in range(0, fresh.width(), step)
            for y in range(0, fresh.height(), step)
            for a, b in zip(
                fresh.pixelColor(x, y).getRgb(), committed.pixelColor(x, y).getRgb(), strict=True
            )
        )
        assert worst < 48, name
