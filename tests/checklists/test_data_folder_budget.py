"""The data folder's checklists are read by nearly every command: each file and all of them
together are held to a size, FIFOs and devices are never opened, and the YAML is parsed by
libyaml with the same strict checks (and the same result) as the pure-Python parser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from checklists import yamlnodes
from checklists.foundation import limits
from checklists.registry import definitions_dir, load_checklists_with_problems
from tests.conftest import run_cli


def _big(n: int, size: int) -> str:
    """A valid checklist of about ``size`` bytes: sections of 20 yes/no items with a rule each."""
    out = [
        f"id: big{n}\nversion: 1\ntitle: {{zh: 大清单{n}, en: Big checklist {n}}}\n"
        "source:\n  document: {zh: 工作要点, en: Work plan}\n  clauses: [72]\nsections:\n"
    ]
    s = 0
    while sum(len(p.encode()) for p in out) < size:
        out.append(f"  - id: s{n}_{s}\n    title: {{zh: 分节{s}, en: Section {s}}}\n    items:\n")
        for i in range(20):
            out.append(
                f"      - id: b{n}_{s}_{i}\n        type: yes_no\n"
                f"        label: {{zh: 第{s}节第{i}项已落实, en: Measure {s}.{i} in place}}\n"
                "        clauses: [72]\n        rules:\n"
                f'          - code: b{n}_{s}_{i}_missing\n            fail_if: ". = false"\n'
                "            severity: minor\n"
                f"            message: {{zh: 第{s}节第{i}项未落实, en: Measure {s}.{i} missing}}\n"
            )
        s += 1
    return "".join(out)


def test_six_large_checklists_cost_at_most_the_folder_budget(data_dir: Path) -> None:
    folder = data_dir / "checklists"
    folder.mkdir()
    for n in range(6):
        (folder / f"big{n}.yaml").write_text(_big(n, 470_000), encoding="utf-8")
    checklists, problems = load_checklists_with_problems(data_dir)
    read = [f"big{n}" for n in range(6) if f"big{n}" in checklists]
    assert read == ["big0", "big1", "big2", "big3"]  # 4 × 470 KB fit in 2 MB, the 5th does not
    assert [p[0] for p in problems] == [f"{folder / 'big4.yaml'}:1", f"{folder / 'big5.yaml'}:1"]
    assert all("add up to more than 2 MB" in p[2] for p in problems)
    proc = run_cli("--lang", "en", "checklists", data_dir=data_dir)
    assert proc.returncode == 0 and "big5.yaml:1" in proc.stderr and "big3" in proc.stdout


def test_a_file_over_the_per_file_limit_is_skipped_unread(data_dir: Path) -> None:
    folder = data_dir / "checklists"
    folder.mkdir()
    (folder / "huge.yaml").write_text(_big(1, limits.MAX_CHECKLIST_BYTES + 10), encoding="utf-8")
    checklists, problems = load_checklists_with_problems(data_dir)
    assert "big1" not in checklists
    assert problems[0][0] == f"{folder / 'huge.yaml'}:1" and "too large" in problems[0][2]


def test_a_fifo_named_like_a_checklist_is_skipped_never_opened(data_dir: Path) -> None:
    folder = data_dir / "checklists"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    proc = run_cli("--lang", "en", "checklists", data_dir=data_dir)  # a FIFO opened would block
    assert proc.returncode == 0, proc.stderr
    assert "pipe.yaml:1" in proc.stderr and "not a regular file" in proc.stderr
    assert "loop.yaml:1" in proc.stderr and "Traceback" not in proc.stderr


def _tree(node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.start_mark.line)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_tree(n) for n in node.value], node.start_mark.line)
    assert isinstance(node, yaml.MappingNode)
    return (node.tag, [(_tree(k), _tree(v)) for k, v in node.value], node.start_mark.line)


@pytest.mark.parametrize("name", ["safety.yaml", "guards.yaml"])
def test_libyaml_and_the_pure_python_parser_give_the_same_nodes(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (definitions_dir() / name).read_text(encoding="utf-8")
    fast = yamlnodes.compose(text, yamlnodes.Problems(name))
    monkeypatch.setattr(yamlnodes, "_HAVE_LIBYAML", False)
    slow = yamlnodes.compose(text, yamlnodes.Problems(name))
    assert fast is not None and slow is not None
    assert _tree(fast) == _tree(slow)


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("id: x\nsections: &a [1]\nmore: *a\n", 3, "aliases"),
        ("id: x\nversion: !!python/name:os.system x\n", 2, "is not accepted"),
        ("id: x\nsections:\n  " + "[" * 2000 + "]" * 2000 + "\n", 3, "nested too deeply"),
        ("id: x\ntitle: a\x07b\n", 2, "control character"),
    ],
    ids=["alias", "python-tag", "deep", "control-character"],
)
def test_both_parsers_refuse_alike(
    libyaml: bool, text: str, line: int, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlnodes, "_HAVE_LIBYAML", libyaml)
    problems = yamlnodes.Problems("x.yaml")
    assert yamlnodes.compose(text, problems) is None
    assert problems.items[0][0] == f"x.yaml:{line}" and words in problems.items[0][2]


def test_files_past_the_count_limit_are_skipped_unread(data_dir: Path) -> None:
    folder = data_dir / "checklists"
    folder.mkdir()
    count = limits.MAX_DATA_FOLDER_CHECKLISTS + 2
    for n in range(count):
        (folder / f"c{n:03d}.yaml").write_text("id: broken\n", encoding="utf-8")
    _, problems = load_checklists_with_problems(data_dir)
    skipped = [p[0] for p in problems if "more than" in p[2] and "checklists in the folder" in p[2]]
    assert skipped == [f"{folder / f'c{n:03d}.yaml'}:1" for n in (count - 2, count - 1)]
