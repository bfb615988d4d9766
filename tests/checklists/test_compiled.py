"""Checklists parsed once per content: in memory, on disk, never a broken or foreign file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from checklists import compiled, loader
from checklists.foundation.errors import DefinitionError
from checklists.registry import definition_files, definitions_dir, load_definition
from models.snapshots import load_snapshot

GUARDS = definitions_dir() / "guards.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty disk cache, nothing in memory, and a count of the loader's parses."""
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path / "cache"))
    compiled.forget_memory()
    parses: list[str] = []
    real = loader.load_text

    def counting(text: str, origin: str) -> object:
        parses.append(origin)
        return real(text, origin)

    monkeypatch.setattr(loader, "load_text", counting)
    monkeypatch.setattr(compiled, "parses", parses, raising=False)
    yield tmp_path / "cache" / "checklists"
    compiled.forget_memory()


def parses() -> list[str]:
    return compiled.parses  # type: ignore[attr-defined,no-any-return]


def test_the_same_content_is_parsed_once(cache: Path, tmp_path: Path) -> None:
    first = load_definition(GUARDS)
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(GUARDS.read_bytes())
    again = load_definition(copy)
    snap = load_snapshot("f" * 64, "yaml", GUARDS.read_bytes())
    assert parses() == [str(GUARDS)]
    assert first == again == snap
    assert (again.origin, snap.origin) == (str(copy), f"snapshot-{'f' * 12}.yaml")


def test_a_new_process_reads_the_disk_cache(cache: Path) -> None:
    first = load_definition(GUARDS)
    assert len(list(cache.glob("*.pickle"))) == 1
    compiled.forget_memory()  # as a new process starts
    assert load_definition(GUARDS) == first
    assert parses() == [str(GUARDS)]


def test_the_built_in_set_is_cross_checked_once(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checklists import registry

    calls: list[int] = []
    real = registry._cross_check
    monkeypatch.setattr(registry, "_cross_check", lambda cls: calls.append(1) or real(cls))
    registry.load_definitions(definition_files(definitions_dir()))
    compiled.forget_memory()
    registry.load_definitions(definition_files(definitions_dir()))
    assert calls == [1]


def test_a_broken_file_is_never_cached_and_keeps_its_line(cache: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = GUARDS.read_text("utf-8")
    broken.write_text(re.sub(r"(?m)^version: ", "version: [", text, count=1), "utf-8")
    for _ in range(2):
        with pytest.raises(DefinitionError, match=r"broken\.yaml:\d+"):
            load_definition(broken)
    assert parses() == [str(broken), str(broken)]
    assert not list(cache.glob("*.pickle"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_file_others_may_write_is_not_read(cache: Path) -> None:
    load_definition(GUARDS)
    (pickled,) = cache.glob("*.pickle")
    pickled.chmod(0o666)
    compiled.forget_memory()
    load_definition(GUARDS)
    assert parses() == [str(GUARDS), str(GUARDS)]


def test_a_damaged_cache_file_is_parsed_again_and_replaced(cache: Path) -> None:
    first = load_definition(GUARDS)
    (pickled,) = cache.glob("*.pickle")
    pickled.write_bytes(b"\x80\x05not a pickle")
    compiled.forget_memory()
    assert load_definition(GUARDS) == first
    compiled.forget_memory()
    assert load_definition(GUARDS) == first
    assert parses() == [str(GUARDS), str(GUARDS)]


def test_a_changed_loader_makes_new_keys(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = GUARDS.read_bytes()
    before = compiled.content_key(content, "yaml")
    monkeypatch.setattr(compiled, "code_fingerprint", lambda: b"another loader")
    assert compiled.content_key(content, "yaml") != before
    assert compiled.content_key(content, "xlsx") != compiled.content_key(content, "yaml")


def test_no_disk_cache_when_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled.CACHE_ENV, "")
    load_definition(GUARDS)
    compiled.forget_memory()
    load_definition(GUARDS)
    assert parses() == [str(GUARDS), str(GUARDS)]
    assert not cache.exists()
