"""Licence texts for the standalone build and the About box; the release zip keeps symlinks."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checklists.foundation.licences import licence_text
from tests.conftest import ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_collect_finds_the_texts_of_every_shipped_distribution() -> None:
    collect = _load("licence_files").collect
    entries = dict(collect(["PySide6.QtCore", "sqlalchemy.orm", "yaml", "cryptography.x509"], []))
    folders = {dest.split("/")[1] for dest in entries}
    assert {"pyside6-essentials", "sqlalchemy", "pyyaml", "cryptography", "Python"} <= folders
    pyside = [
        Path(src).read_text(encoding="utf-8")
        for dest, src in entries.items()
        if dest.startswith("licences/pyside6-essentials/")
    ]
    assert any("GNU LESSER GENERAL PUBLIC LICENSE" in text for text in pyside)
    assert all(Path(src).is_file() for src in entries.values())


@pytest.mark.skipif(not Path("/usr/bin/dpkg").exists(), reason="Debian's package database")
def test_collect_names_the_system_libraries_by_their_debian_copyright() -> None:
    libz = next((p for p in Path("/lib").glob("*-linux-gnu/libz.so.1")), None) or next(
        Path("/usr/lib").glob("*-linux-gnu/libz.so.1"), None
    )
    if libz is None:
        pytest.skip("no system zlib")
    entries = dict(_load("licence_files").collect([], [("libz.so.1", str(libz))]))
    assert any(dest.startswith("licences/system/zlib1g") for dest in entries), entries


def test_licence_text_from_the_installed_distributions() -> None:
    assert "MIT" in licence_text("SQLAlchemy") or "Permission is hereby granted" in licence_text(
        "SQLAlchemy"
    )
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in licence_text("PySide6-Essentials")
    assert "PYTHON SOFTWARE FOUNDATION" in licence_text("Python")
    assert licence_text("no-such-distribution") == ""


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_release_zip_stores_symlinks_as_links(tmp_path: Path) -> None:
    build = _load("build")
    app = tmp_path / "dist" / build.APP_FOLDER
    (app / "_internal" / "lib").mkdir(parents=True)
    (app / "_internal" / "lib" / "libQt6Core.so.6.11.3").write_bytes(b"x" * 100_000)
    os.symlink("libQt6Core.so.6.11.3", app / "_internal" / "lib" / "libQt6Core.so.6")
    archive = build.make_zip(app, "9.9.9")
    with zipfile.ZipFile(archive) as z:
        link = z.getinfo(f"{build.APP_FOLDER}/_internal/lib/libQt6Core.so.6")
        assert link.file_size == len("libQt6Core.so.6.11.3")
        assert (link.external_attr >> 16) & 0o170000 == 0o120000
    out = tmp_path / "unzipped"
    out.mkdir()
    if Path("/usr/bin/unzip").exists():
        subprocess.run(["unzip", "-q", str(archive), "-d", str(out)], check=True)
        restored = out / build.APP_FOLDER / "_internal" / "lib" / "libQt6Core.so.6"
        assert restored.is_symlink() and restored.resolve().stat().st_size == 100_000
