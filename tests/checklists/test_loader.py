"""The strict definition loader: every error as FILE:LINE: message, all at once."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from checklists.foundation.errors import DefinitionError
from checklists.loader import cross_check, load_text
from checklists.registry import load_definition

GOOD = """\
id: demo
version: 2
title: {zh: 示例, en: Demo}
source:
  document: {zh: 工作要点, en: Work plan}
  clauses: [75]
constants:
  limit: 45
  since: 2021-01-01
sections:
  - id: main
    title: {zh: 主要, en: Main}
    items:
      - id: count
        type: integer
        label: {zh: 人数, en: Count}
        clauses: [75]
        min: 0
        rules:
          - code: count_low
            fail_if: ". < 1"
            severity: major
            message: {zh: 人数不足, en: Too few}
      - id: ok
        type: yes_no
        allow_na: true
        label: {zh: 是否, en: Whether}
        clauses: [72, 73]
        default: true
      - id: people
        type: table
        label: {zh: 名单, en: Roster}
        clauses: [75]
        columns:
          - id: name
            type: text
            label: {zh: 姓名, en: Name}
            required: true
          - id: age
            type: integer
            label: {zh: 年龄, en: Age}
        rules:
          - code: too_old
            fail_if: "${age} > ${limit}"
            severity: minor
            clauses: [75]
            explainable: true
            message: {zh: "{name} 超龄", en: "{name} too old"}
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        load_text(textwrap.dedent(text), "demo.yaml")
    return [f"{where}: {en}" for where, _, en in info.value.problems]


def replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_good_definition_loads_into_immutable_objects() -> None:
    checklist = load_text(GOOD, "demo.yaml")
    assert checklist.id == "demo" and checklist.version == 2
    assert checklist.title.en == "Demo"
    assert checklist.constant_map() == {"limit": 45, "since": date(2021, 1, 1)}
    count = checklist.item("count")
    assert count.min == 0.0 and count.rules[0].code == "count_low"
    assert count.rules[0].clauses == (75,)  # defaults to the item's clauses
    assert checklist.item("ok").default is True and checklist.item("ok").allow_na
    people = checklist.item("people")
    assert [c.id for c in people.columns] == ["name", "age"]
    assert people.rules[0].explainable
    with pytest.raises(AttributeError):
        checklist.id = "x"  # type: ignore[misc]


def test_equal_files_give_equal_checklists() -> None:
    assert load_text(GOOD, "a.yaml") == load_text(GOOD, "b.yaml")


def test_unknown_key_names_file_line_and_key() -> None:
    probs = problems_of(replace("        min: 0\n", "        min: 0\n        colour: red\n"))
    assert probs == ["demo.yaml:19: unknown key 'colour' in item"]


def test_missing_key_is_reported_at_the_mapping() -> None:
    probs = problems_of(replace("        clauses: [72, 73]\n", ""))
    assert any(
        p.startswith("demo.yaml:") and "missing required key 'clauses' in item" in p for p in probs
    )


def test_wrong_type() -> None:
    probs = problems_of(replace("version: 2", "version: two"))
    assert probs == ["demo.yaml:2: version must be of type int"]


def test_duplicate_item_id() -> None:
    probs = problems_of(replace("      - id: ok\n", "      - id: count\n"))
    assert any("duplicate id 'count'" in p for p in probs)


def test_duplicate_yaml_key() -> None:
    probs = problems_of(replace("version: 2\n", "version: 2\nversion: 3\n"))
    assert probs == ["demo.yaml:3: duplicate key 'version'"]


def test_unknown_reference() -> None:
    probs = problems_of(replace("${age} > ${limit}", "${agee} > ${limit}"))
    assert probs == ["demo.yaml:44: fail_if refers to an unknown name ${agee}"]


def test_expression_syntax_error() -> None:
    probs = problems_of(replace('". < 1"', '". < (1"'))
    assert len(probs) == 1 and probs[0].startswith("demo.yaml:21: fail_if expression error")


def test_clause_out_of_range() -> None:
    probs = problems_of(replace("clauses: [72, 73]", "clauses: [72, 83]"))
    assert probs == ["demo.yaml:28: clause 83 out of range (1..82)"]


def test_bad_item_type_and_misplaced_keys() -> None:
    probs = problems_of(
        replace(
            "        type: yes_no\n        allow_na: true\n",
            "        type: yesno\n        allow_na: true\n",
        )
    )
    assert any("invalid type 'yesno'" in p for p in probs)
    probs = problems_of(replace("        min: 0\n", "        min: 0\n        allow_na: true\n"))
    assert any("key 'allow_na' is not allowed for type integer" in p for p in probs)


def test_default_must_fit_the_type() -> None:
    probs = problems_of(replace("default: true", "default: 7"))
    assert any("default must be a yes/no value" in p for p in probs)


def test_every_error_is_reported_at_once() -> None:
    text = GOOD.replace("version: 2", "version: two").replace("severity: minor", "severity: low")
    text = text.replace("clauses: [72, 73]", "clauses: [0]")
    probs = problems_of(text)
    assert len(probs) == 3


def test_calculation_cycle() -> None:
    text = replace(
        "      - id: people\n",
        "      - id: a\n        type: integer\n        label: {zh: a, en: a}\n        clauses: [1]\n"
        '        calculate: "${b} + 1"\n'
        "      - id: b\n        type: integer\n        label: {zh: b, en: b}\n        clauses: [1]\n"
        '        calculate: "${a} + 1"\n'
        "      - id: people\n",
    )
    probs = problems_of(text)
    assert any("calculation cycle: a → b → a" in p for p in probs)


def test_yaml_syntax_error_is_a_problem_not_a_traceback() -> None:
    probs = problems_of("id: [unclosed\n")
    assert len(probs) == 1 and probs[0].startswith("demo.yaml:") and "YAML syntax error" in probs[0]


def test_text_needs_both_languages() -> None:
    probs = problems_of(replace("title: {zh: 示例, en: Demo}", "title: {zh: 示例}"))
    assert probs == ["demo.yaml:3: missing required key 'en' in title"]


def test_duplicate_codes_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: demo", "id: other"), encoding="utf-8")
    problems = cross_check(
        [load_definition(tmp_path / "a.yaml"), load_definition(tmp_path / "b.yaml")]
    )
    assert "finding code 'count_low' also used by checklist demo" in [en for _, _, en in problems]


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(DefinitionError, match=r"bad\.yaml:1"):
        load_definition(path)
