"""Our XLSForm exports are accepted by ODK's own converter (pyxform) and still load back equal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from checklists import expr as ex
from checklists.loader import load_text
from checklists.model import Checklist
from checklists.registry import builtin_checklists
from checklists.xlsform import load_xlsform_bytes, xlsform_bytes
from checklists.xlsform.expressions import ODK_FUNCTIONS
from tests.checklists.xlsform.helpers import load
from tests.checklists.xlsform.sample_forms import full_form
from tests.checklists.xlsform.test_xlsform_roundtrip import EDGE_YAML

pyxform = pytest.importorskip("pyxform.xls2xform")

ODK_COLUMNS = ("relevant", "constraint", "calculation")


def _all_checklists() -> dict[str, Checklist]:
    found = dict(builtin_checklists())
    found["fixture"] = load(full_form())
    found["edge"] = load_text(EDGE_YAML, "edge.yaml")
    return found


def _xform(data: bytes, tmp_path: Path, name: str) -> str:
    """Convert with pyxform (no Java: ODK Validate off); the XForm XML it wrote."""
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(data)
    out = tmp_path / f"{name}.xml"
    pyxform.xls2xform_convert(xlsform_path=str(path), xform_path=str(out), validate=False)
    return out.read_text(encoding="utf-8")


def _survey(data: bytes) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize(
    "checklist_id", ["safety", "psychology", "lighting", "guards", "fixture", "edge"]
)
def test_pyxform_accepts_the_export_and_it_loads_back_equal(
    checklist_id: str, tmp_path: Path
) -> None:
    checklist = _all_checklists()[checklist_id]
    data = xlsform_bytes(checklist)
    xml = _xform(data, tmp_path, checklist_id)
    assert f"<h:title>{checklist.title.zh}</h:title>" in xml.replace("&quot;", '"')
    assert load_xlsform_bytes(data, f"{checklist_id}.xlsx") == checklist


@pytest.mark.parametrize(
    "checklist_id", ["safety", "psychology", "lighting", "guards", "fixture", "edge"]
)
def test_odk_columns_hold_only_xpath_odk_knows(checklist_id: str) -> None:
    used: set[str] = set()
    for row in _survey(xlsform_bytes(_all_checklists()[checklist_id])):
        for column in ODK_COLUMNS:
            if row.get(column):
                used |= _functions(ex.parse(str(row[column])))
    assert used <= ODK_FUNCTIONS, used - ODK_FUNCTIONS


def _functions(node: ex.Expr) -> set[str]:
    found = {node.name} if isinstance(node, ex.Call) else set()
    for child in _kids(node):
        found |= _functions(child)
    return found


def _kids(node: ex.Expr) -> tuple[ex.Expr, ...]:
    if isinstance(node, ex.Call):
        return node.args
    if isinstance(node, ex.Binary):
        return (node.left, node.right)
    if isinstance(node, ex.Neg):
        return (node.operand,)
    return ()


def test_in_is_written_as_selected_and_read_back_as_in(tmp_path: Path) -> None:
    checklist = builtin_checklists()["psychology"]
    data = xlsform_bytes(checklist)
    advised = next(r for r in _survey(data) if r["name"] == "psych_teachers_advised")
    assert str(advised["relevant"]).startswith("selected('primary junior senior")
    assert "in(" not in str(advised["relevant"])
    xml = _xform(data, tmp_path, "psychology")
    assert "selected('primary junior senior" in xml
    item = load_xlsform_bytes(data, "p.xlsx").item("psych_teachers_advised")
    assert item.relevant == checklist.item("psych_teachers_advised").relevant


def test_what_odk_cannot_evaluate_goes_to_our_own_columns() -> None:
    rows = {r["name"]: r for r in _survey(xlsform_bytes(builtin_checklists()["guards"]))}
    age = rows["age"]
    assert age["type"] == "integer" and age["calculation"] is None
    assert age["campus_calculation"] == "age(${birth}, today())"
    roster = rows["guards"]
    assert roster["constraint"] is None  # a rule is a finding, never an answer ODK refuses
    codes = {v for k, v in roster.items() if k and re.fullmatch(r"rule_\d+", str(k)) and v}
    assert {"invalid_id_number", "assessment_not_current"} <= codes


def test_constants_and_school_fields_are_calculate_rows() -> None:
    checklist = builtin_checklists()["lighting"]
    rows = _survey(xlsform_bytes(checklist))
    calculated = {r["name"]: r["calculation"] for r in rows if r["type"] == "calculate"}
    assert calculated["desk_lux_min"] == "300"
    assert calculated["desk_uniformity_min"] == "0.7"
    psych = {r["name"]: r for r in _survey(xlsform_bytes(builtin_checklists()["psychology"]))}
    assert psych["school.stage"]["type"] == "calculate"
    assert psych["school.stage"]["calculation"] == "''"


def test_a_group_and_its_repeat_get_distinct_names(tmp_path: Path) -> None:
    rows = _survey(xlsform_bytes(builtin_checklists()["lighting"]))
    group = next(r for r in rows if r["type"] == "begin_group" and r["campus_name"] == "classrooms")
    assert group["name"] == "classrooms_section"
    names = [r["name"] for r in rows if r["name"]]
    assert names.count("classrooms") == 1


def test_a_changed_mirror_row_is_refused() -> None:
    data = xlsform_bytes(builtin_checklists()["lighting"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["survey"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "desk_lux_min":
            row[
                list(next(sheet.iter_rows(max_row=1, values_only=True))).index("calculation")
            ].value = "250"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(Exception, match="calculate 行 'desk_lux_min' 应与 constants 表一致：300"):
        load_xlsform_bytes(buffer.getvalue(), "form.xlsx")


def test_pyxform_refuses_what_the_old_export_wrote(tmp_path: Path) -> None:
    """The check has teeth: a reference to a constant without its row fails in pyxform."""
    data = xlsform_bytes(builtin_checklists()["lighting"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["survey"]
    sheet.delete_rows(2, 12)  # the constants' calculate rows
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(Exception, match="desk_lux_min|Could not find"):
        _xform(buffer.getvalue(), tmp_path, "broken")
