"""write_xlsform → load_xlsform gives an equal checklist: the core four, the fixtures, edge cases."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest

from checklists.loader import load_text
from checklists.model import Checklist, Text
from checklists.registry import builtin_checklists
from checklists.xlsform import load_xlsform, load_xlsform_bytes, write_xlsform, xlsform_bytes
from tests.checklists.xlsform.helpers import load
from tests.checklists.xlsform.sample_forms import full_form

# Features the core checklists do not use, in the YAML format, to round-trip through XLSForm.
EDGE_YAML = """
id: edge
version: 3
title: {zh: 边界, en: Edge cases}
source: {document: {zh: 文件, en: Document}, clauses: [1, 82]}
constants: {limit: 2.5, code: "45", start: 2021-09-01, strict: true, count: 3}
sections:
  - id: one
    title: {zh: "=SUM(A1) 不是公式", en: "  leading spaces and\\nnewline"}
    help: {zh: 帮助, en: Help}
    items:
      - id: status
        type: single_choice
        label: {zh: 状态, en: Status}
        clauses: [1]
        choices:
          - {value: "yes", label: {zh: 是, en: "Yes"}}
          - {value: "no", label: {zh: 否, en: "No"}}
      - id: same_choices
        type: single_choice
        label: {zh: 同一列表, en: Same list}
        clauses: [1]
        default: "no"
        choices:
          - {value: "yes", label: {zh: 是, en: "Yes"}}
          - {value: "no", label: {zh: 否, en: "No"}}
      - id: topics
        type: multi_choice
        label: {zh: 主题, en: Topics}
        clauses: [1]
        default: [b, a]
        choices:
          - {value: a, label: {zh: 甲, en: A}}
          - {value: b, label: {zh: 乙, en: B}}
      - id: flag
        type: yes_no
        label: {zh: 标志, en: Flag}
        clauses: [2]
        allow_na: true
        default: na
        relevant: "${status} = 'yes' and ${count} > 1"
        rules:
          - {code: flag_off, fail_if: "not(. = false) or ${strict} = false", severity: critical,
             message: {zh: "关：{flag}", en: "off: {flag}"}, clauses: [3, 4], explainable: true}
          - {code: flag_na, fail_if: ". = 'na'", severity: minor, message: {zh: 不适用, en: N/A}}
      - id: derived_flag
        type: yes_no
        label: {zh: 推导, en: Derived}
        clauses: [2]
        calculate: "${flag} = true and true"
      - id: derived_choice
        type: single_choice
        label: {zh: 推导选项, en: Derived choice}
        clauses: [2]
        calculate: "if(${flag} = true, 'yes', 'no')"
        choices:
          - {value: "yes", label: {zh: 是, en: "Yes"}}
          - {value: "no", label: {zh: 否, en: "No"}}
      - id: when
        type: date
        label: {zh: 日期, en: Date}
        clauses: [5]
        default: 2021-03-01
        constraint: ". >= ${start}"
        constraint_message: {zh: 太早, en: Too early}
        rules:
          - {code: too_late, fail_if: "days(., today()) < 0", severity: major, message: {zh: 太晚, en: Too late}}
      - id: note_here
        type: note
        label: {zh: 注意, en: Note}
        clauses: [6]
      - id: photo
        type: evidence
        label: {zh: 照片, en: Photo}
        clauses: [6]
        required: true
      - id: code_text
        type: text
        label: {zh: 编号, en: Code}
        clauses: [7]
        default: "007"
        constraint: "string-length(.) = 3 and . != 'it''s \\"q\\"'"
        constraint_message: {zh: 三位, en: Three characters}
      - id: text_calc
        type: text
        label: {zh: 文本计算, en: Text calc}
        clauses: [7]
        calculate: "concat(${code_text}, '-x')"
      - id: id_calc
        type: id_number
        label: {zh: 号码, en: Number}
        clauses: [7]
        calculate: "${code_text}"
      - id: date_calc
        type: date
        label: {zh: 日期计算, en: Date calc}
        clauses: [7]
        calculate: "${when}"
      - id: amount
        type: decimal
        label: {zh: 金额, en: Amount}
        clauses: [8]
        unit: 元
        min: -1.5
        max: 1000000
        default: 2
  - id: two
    title: {zh: 二, en: Two}
    items:
      - id: rooms
        type: table
        label: {zh: 房间, en: Rooms}
        clauses: [9, 10]
        relevant: "${flag} = true"
        constraint: "count(${rooms}) < 100"
        constraint_message: {zh: 太多, en: Too many}
        columns:
          - {id: ok, type: yes_no, label: {zh: 合格, en: OK}, clauses: [11],
             rules: [{code: room_bad, fail_if: ". = false", severity: major, message: {zh: 不合格, en: Bad}}]}
          - {id: size, type: integer, label: {zh: 面积, en: Size}, min: 0}
        rules:
          - {code: room_small, fail_if: "${ok} = true and ${size} < 10", severity: minor, message: {zh: 小, en: Small}}
      - id: halls
        type: table
        label: {zh: 走廊, en: Halls}
        clauses: [12]
        columns:
          - id: ok
            type: single_choice
            label: {zh: 状态, en: State}
            choices:
              - {value: "yes", label: {zh: 是, en: "Yes"}}
              - {value: "true", label: {zh: 真, en: "True"}}
        rules:
          - {code: hall_bad, fail_if: "${ok} = 'yes'", severity: minor, message: {zh: 坏, en: Bad}, clauses: [13]}
"""


def _round_trip(checklist: Checklist) -> Checklist:
    return load_xlsform_bytes(xlsform_bytes(checklist), f"{checklist.id}.xlsx")


@pytest.mark.parametrize("checklist_id", ["safety", "psychology", "lighting", "guards"])
def test_core_checklists_round_trip(checklist_id: str, tmp_path: Path) -> None:
    original = builtin_checklists()[checklist_id]
    out = tmp_path / f"{checklist_id}.xlsx"
    write_xlsform(original, out)
    back = load_xlsform(out)
    assert back == original
    assert back.origin == str(out) and list(tmp_path.iterdir()) == [out]  # no temporary left over


def test_core_round_trip_is_not_vacuous() -> None:
    """Equality really looks at the expressions, choices and rules that were written."""
    guards = builtin_checklists()["guards"]
    back = _round_trip(guards)
    table = back.item("guards")
    assert [r.code for r in table.rules] == [r.code for r in guards.item("guards").rules]
    changed = dataclasses.replace(guards, version=guards.version + 1)
    assert _round_trip(changed) != guards


def test_edge_cases_round_trip() -> None:
    original = load_text(EDGE_YAML, "edge.yaml")
    back = _round_trip(original)
    assert back == original
    assert back.sections[0].title == Text("=SUM(A1) 不是公式", "  leading spaces and\nnewline")


def test_fixture_round_trips_and_is_stable() -> None:
    loaded = load(full_form())
    again = _round_trip(loaded)
    assert again == loaded
    assert xlsform_bytes(again) and _round_trip(again) == loaded


def _survey(checklist: Checklist) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(checklist)))
    rows = list(book["survey"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_written_workbook_is_plain_xlsform() -> None:
    rows = {r["name"]: r for r in _survey(load_text(EDGE_YAML, "edge.yaml")) if r["name"]}
    assert rows["one"]["type"] == "begin_group"
    assert rows["flag"]["type"] == "select_one yes_no_na"
    assert rows["flag"]["relevant"] == "${status} = 'yes' and ${count} > 1"
    # rules are findings: our own slots 2, 3 …, never ODK's constraint column
    assert rows["flag"]["rule_2"] == "flag_off" and rows["flag"]["rule_clause_2"] == "3,4"
    assert rows["flag"]["constraint_2"] == "not(not(. = 'no') or ${strict} = false())"
    assert rows["flag"]["explainable_2"] == "yes" and rows["flag"]["rule_3"] == "flag_na"
    assert rows["flag"]["constraint"] is None
    assert rows["status"]["value_type"] == "single_choice"  # its choices look like yes/no
    assert rows["when"]["constraint"] == ". >= ${start}" and rows["when"]["rule_2"] == "too_late"
    assert rows["when"]["campus_constraint"] is None
    assert rows["rooms"]["type"] == "begin_repeat" and rows["photo"]["type"] == "file"
    assert rows["id_calc"]["type"] == "text" and rows["id_calc"]["appearance"] == "id_number"
    assert rows["date_calc"]["type"] == "calculate" and rows["date_calc"]["value_type"] == "date"
    assert (
        rows["derived_flag"]["type"] == "select_one yes_no" and rows["derived_flag"]["calculation"]
    )


def test_identical_choice_lists_are_shared() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(load_text(EDGE_YAML, "edge.yaml"))))
    lists = [r[0] for r in book["choices"].iter_rows(min_row=2, values_only=True)]
    assert lists.count("status") == 2 and "same_choices" not in lists and "yes_no_na" in lists


def test_write_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from checklists.foundation.errors import InputError

    with pytest.raises(InputError, match="不存在"):
        write_xlsform(builtin_checklists()["guards"], tmp_path / "absent" / "f.xlsx")
