"""Shared helpers for the Excel exchange tests: checklists, templates and sheets filled by openpyxl."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checklists.loader import load_text
from checklists.model import Checklist
from checklists.registry import builtin_checklists
from reports.excel.template import write_template

# A checklist made only for these tests: every column type, a long choice list, allow_na,
# a multiple choice and a calculated column — the template code must not know the real tables.
GENERIC = """\
id: demo
version: 1
title: {zh: 演示清单, en: Demo checklist}
source:
  document: {zh: 工作要点, en: Work plan}
  clauses: [75]
sections:
  - id: main
    title: {zh: 主要, en: Main}
    items:
      - id: people
        type: table
        label: {zh: 人员名单, en: People}
        clauses: [75]
        columns:
          - id: name
            type: text
            label: {zh: 姓名, en: Name}
            required: true
          - id: post
            type: single_choice
            label: {zh: 岗位, en: Post}
            choices:
              - {value: gate, label: {zh: 门卫, en: "Gate, front"}}
              - {value: patrol, label: {zh: 巡逻, en: Patrol}}
              - {value: night, label: {zh: 夜间值守, en: Night watch}}
          - id: skills
            type: multi_choice
            label: {zh: 技能, en: Skills}
            choices:
              - {value: first_aid, label: {zh: 急救, en: First aid}}
              - {value: fire, label: {zh: 消防, en: Fire safety}}
          - id: checked
            type: yes_no
            allow_na: true
            label: {zh: 已核查, en: Checked}
          - id: score
            type: decimal
            label: {zh: 得分, en: Score}
            unit: 分
            min: 0
            max: 100
          - id: shifts
            type: integer
            label: {zh: 班次, en: Shifts}
            min: 1
          - id: since
            type: date
            label: {zh: 起始日期, en: Since}
          - id: twice
            type: integer
            label: {zh: 双倍班次, en: Double shifts}
            calculate: "${shifts} * 2"
      - id: remark
        type: text
        label: {zh: 备注, en: Remark}
        clauses: [75]
"""


@pytest.fixture(scope="session")
def checklists() -> dict[str, Checklist]:
    """The built-in checklists."""
    return builtin_checklists()


@pytest.fixture(scope="session")
def guards(checklists: dict[str, Checklist]) -> Checklist:
    """The guards checklist."""
    return checklists["guards"]


@pytest.fixture(scope="session")
def demo() -> Checklist:
    """The generic test checklist."""
    return load_text(textwrap.dedent(GENERIC), "demo.yaml")


@pytest.fixture
def guard_template(tmp_path: Path, guards: Checklist) -> Path:
    """A fresh guard roster template."""
    path = tmp_path / "guards_template.xlsx"
    write_template(guards, "guards", path)
    return path
