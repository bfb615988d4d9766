"""Hostile checklist files: refused at their line in seconds, skipped with a notice in the data folder."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from checklists.foundation import limits
from checklists.foundation.errors import DefinitionError
from checklists.loader import load_text
from checklists.registry import (
    builtin_checklists,
    definitions_dir,
    load_checklists_with_problems,
    load_definition,
)
from tests.conftest import SAMPLE


def _laughs(levels: int = 9, fan: int = 9) -> str:
    """A 'billion laughs' checklist: sections × items × rules fanned out through aliases."""
    lines = ["id: laughs", "version: 1", "title: {zh: 笑, en: Laughs}", "x0: &a0 [lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join(f"*a{level - 1}" for _ in range(fan))
        lines.append(f"x{level}: &a{level} [{refs}]")
    lines.append(f"sections: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def _problems(text: str) -> list[tuple[str, str, str]]:
    with pytest.raises(DefinitionError) as caught:
        load_text(text, "hostile.yaml")
    return caught.value.problems


def test_aliases_are_refused_at_their_line_before_expanding() -> None:
    text = _laughs()
    start = time.monotonic()
    problems = _problems(text)
    assert time.monotonic() - start < 2
    assert problems[0][0] == "hostile.yaml:5"
    assert "别名" in problems[0][1] and "aliases" in problems[0][2]


def test_a_python_tag_is_refused_not_constructed() -> None:
    text = "id: x\nversion: !!python/name:os.system x\n"
    problems = _problems(text)
    assert problems == [
        (
            "hostile.yaml:2",
            problems[0][1],
            "YAML tag tag:yaml.org,2002:python/name:os.system is not accepted: only text, numbers, "
            "booleans, dates, lists and mappings are",
        )
    ]


@pytest.mark.parametrize("tag", ["!custom", "!!binary", "!!set", "!<tag:example.com,2000:x>"])
def test_any_tag_outside_the_core_types_is_refused(tag: str) -> None:
    problems = _problems(f"id: x\nversion: 1\ntitle: {tag} y\n")
    assert problems[0][0] == "hostile.yaml:3" and "is not accepted" in problems[0][2]


def test_core_tags_stay_allowed() -> None:
    good = (definitions_dir() / "guards.yaml").read_text(encoding="utf-8")
    tagged, count = re.subn(r"^version: (\d+)$", r"version: !!int 7", good, count=1, flags=re.M)
    assert count == 1
    assert load_text(tagged, "g.yaml").version == 7


def test_deep_nesting_is_refused_at_the_line_it_passes_the_limit() -> None:
    depth = 100_000
    text = "id: x\nversion: 1\nsections:\n  " + "[" * depth + "]" * depth + "\n"
    start = time.monotonic()
    problems = _problems(text)
    assert time.monotonic() - start < 5
    assert problems[0][0] == "hostile.yaml:4"
    assert f"more than {limits.MAX_YAML_DEPTH} levels" in problems[0][2]


def test_too_many_nodes_is_refused() -> None:
    text = "id: x\nversion: 1\nsections:\n" + "".join(
        "  - a\n" for _ in range(limits.MAX_YAML_NODES)
    )
    problems = _problems(text)
    assert f"more than {limits.MAX_YAML_NODES} nodes" in problems[0][2]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * (limits.MAX_CHECKLIST_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert caught.value.problems[0][0] == f"{path}:1" and "too large" in caught.value.problems[0][2]


@pytest.mark.parametrize(
    ("scalar", "en"),
    [
        ("9" * 5000, "version must be of type int"),
        ("2021-02-30", "the date 2021-02-30 does not exist"),
    ],
    ids=["integer-of-5000-digits", "impossible-date"],
)
def test_scalars_that_cannot_be_built_are_refused_not_crashes(scalar: str, en: str) -> None:
    problems = _problems(f"id: x\nversion: {scalar}\n")
    assert ("hostile.yaml:2", en) in [(where, e) for where, _, e in problems]


def test_a_rule_with_a_backreference_is_refused_when_it_loads() -> None:
    good = (definitions_dir() / "guards.yaml").read_text(encoding="utf-8")
    assert "fail_if:" in good
    text = good.replace("fail_if: ", "fail_if: regex('aa', '(a)\\1') or ", 1)
    problems = _problems(text)
    assert len(problems) == 1 and "regular expression" in problems[0][2]


HOSTILE = {
    "laughs.yaml": _laughs(),
    "tag.yaml": "id: evil\nversion: !!python/name:os.system 1\n",
    "deep.yaml": "id: deep\nsections: " + "[" * 50_000 + "]" * 50_000 + "\n",
}


def test_hostile_files_in_the_data_folder_are_skipped_with_notices(data_dir: Path, cli) -> None:
    folder = data_dir / "checklists"
    folder.mkdir()
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    checklists, problems = load_checklists_with_problems(data_dir)
    assert set(checklists) == set(builtin_checklists())
    assert {Path(where.rsplit(":", 1)[0]).name for where, _, _ in problems} == set(HOSTILE)
    for command in (["checklists"], ["evaluate", str(SAMPLE)], ["import", str(SAMPLE)]):
        start = time.monotonic()
        proc = cli(*command, data_dir=data_dir)
        assert time.monotonic() - start < 10
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        for name in HOSTILE:
            assert f"{folder / name}:" in proc.stderr


def test_a_control_character_is_a_problem_at_its_line() -> None:
    """Found by the fuzz test (tests/fuzz/corpus/checklists/control-character.yaml)."""
    problems = _problems('id: x\nversion: 1\ntitle: {zh: "\x06", en: x}\n')
    assert problems == [
        ("hostile.yaml:3", "不允许的控制字符 #x0006", "control character #x0006 is not allowed")
    ]


def test_validate_refuses_each_hostile_file_naming_file_and_line(tmp_path: Path, cli) -> None:
    for name, text in HOSTILE.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        start = time.monotonic()
        proc = cli("validate", str(path))
        assert time.monotonic() - start < 10
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert f"{path}:" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "version", ["99999999999999999999999", str(limits.MAX_CHECKLIST_VERSION + 1)]
)
def test_a_version_beyond_32_bits_is_refused_at_its_line(version: str) -> None:
    problems = _problems(f"id: x\nversion: {version}\ntitle: {{zh: 甲, en: A}}\n")
    assert (
        "hostile.yaml:2",
        "version 过大（最多 2147483647）",
        "version too large (at most 2147483647)",
    ) in problems
