"""checklists.foundation.appinfo: the version comes from pyproject.toml, in a source tree and in a bundle."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from checklists.foundation import appinfo
from tests.conftest import ROOT, run_cli


@pytest.fixture(autouse=True)
def _fresh_cache():
    """app_version() caches its answer; every test starts and ends without a cached one."""
    appinfo.app_version.cache_clear()
    yield
    appinfo.app_version.cache_clear()


def _pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def _write_pyproject(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pyproject.toml"
    path.write_text(f'[project]\nname = "{name}"\nversion = "{version}"\n', encoding="utf-8")
    return path


def test_version_equals_pyproject() -> None:
    assert appinfo.app_version() == _pyproject_version()


def test_names() -> None:
    assert appinfo.APP_NAME_ZH == "校园自查"
    assert appinfo.APP_NAME_EN == "Campus Self-Check"
    assert appinfo.app_title() == f"校园自查 Campus Self-Check {_pyproject_version()}"


def test_reports_record_the_same_version() -> None:
    from reports.pdf.from_storage import app_version

    assert app_version() == _pyproject_version()


def test_cli_version_command() -> None:
    for args in (["version"], ["--version"]):
        proc = run_cli(*args)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == f"校园自查 Campus Self-Check {_pyproject_version()}"


def test_foreign_or_broken_pyproject_is_ignored(tmp_path: Path) -> None:
    assert appinfo.version_from_pyproject(_write_pyproject(tmp_path / "a", "other", "9.9")) is None
    broken = tmp_path / "b" / "pyproject.toml"
    broken.parent.mkdir()
    broken.write_text("[project\nname =", encoding="utf-8")
    assert appinfo.version_from_pyproject(broken) is None
    assert appinfo.version_from_pyproject(tmp_path / "missing.toml") is None
    no_version = _write_pyproject(tmp_path / "c", "campus-selfcheck", "")
    assert appinfo.version_from_pyproject(no_version) is None


def test_bundle_copy_is_read_when_the_tree_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A PyInstaller bundle: code and the copied pyproject.toml under sys._MEIPASS.
    monkeypatch.setattr(appinfo, "_ROOT", tmp_path / "no-tree")
    _write_pyproject(tmp_path / "bundle", "campus-selfcheck", "7.8.9")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert appinfo.app_version() == "7.8.9"


def test_source_tree_wins_over_stale_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_pyproject(tmp_path, "campus-selfcheck", "2.0.0")
    monkeypatch.setattr(appinfo, "_ROOT", tmp_path)
    monkeypatch.setattr(appinfo, "version_from_metadata", lambda: "1.0.0")
    assert appinfo.app_version() == "2.0.0"


def test_metadata_then_unknown_without_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(appinfo, "_ROOT", tmp_path)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(appinfo, "version_from_metadata", lambda: "1.0.0")
    assert appinfo.app_version() == "1.0.0"
    appinfo.app_version.cache_clear()
    monkeypatch.setattr(appinfo, "version_from_metadata", lambda: None)
    assert appinfo.app_version() == appinfo.UNKNOWN_VERSION


def test_metadata_lookup_of_a_missing_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(appinfo, "DISTRIBUTION", "campus-selfcheck-not-installed")
    assert appinfo.version_from_metadata() is None
