"""Where checklists come from: built-ins, and those an office drops into the data folder."""

from __future__ import annotations

from pathlib import Path

from checklists.registry import builtin_checklists, definitions_dir, load_checklists_with_problems


def _distribute(data_dir: Path, name: str, text: str) -> None:
    folder = data_dir / "checklists"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


BUILTIN_GUARDS_VERSION = 3  # guards v3: duplicate_person, hired_after_reference_date


def _guards_text(version: int) -> str:
    text = (definitions_dir() / "guards.yaml").read_text(encoding="utf-8")
    return text.replace(f"version: {BUILTIN_GUARDS_VERSION}\n", f"version: {version}\n", 1)


def test_builtins_in_fixed_order() -> None:
    assert list(builtin_checklists())[:4] == ["safety", "psychology", "lighting", "guards"]


def test_a_higher_version_replaces_the_builtin(data_dir: Path) -> None:
    assert f"version: {BUILTIN_GUARDS_VERSION}\n" in (definitions_dir() / "guards.yaml").read_text(
        encoding="utf-8"
    )
    _distribute(data_dir, "guards-2022.yaml", _guards_text(BUILTIN_GUARDS_VERSION + 1))
    checklists, problems = load_checklists_with_problems(data_dir)
    assert problems == []
    assert checklists["guards"].version == BUILTIN_GUARDS_VERSION + 1
    assert list(checklists)[:4] == ["safety", "psychology", "lighting", "guards"]


def test_same_version_is_refused_and_the_builtin_kept(data_dir: Path) -> None:
    _distribute(data_dir, "guards-copy.yaml", _guards_text(BUILTIN_GUARDS_VERSION))
    checklists, problems = load_checklists_with_problems(data_dir)
    assert checklists["guards"] is builtin_checklists()["guards"]
    assert (
        len(problems) == 1
        and "guards-copy.yaml" in problems[0][0]
        and "higher version" in problems[0][2]
    )


def test_a_broken_file_is_skipped_not_fatal(data_dir: Path, cli) -> None:
    _distribute(data_dir, "broken.yaml", "id: x\nversion: one\n")
    checklists, problems = load_checklists_with_problems(data_dir)
    assert set(builtin_checklists()) <= set(checklists)
    assert any(where.endswith("broken.yaml:2") for where, _, _ in problems)
    proc = cli("checklists", data_dir=data_dir)
    assert proc.returncode == 0 and "guards" in proc.stdout and "broken.yaml:2" in proc.stderr
