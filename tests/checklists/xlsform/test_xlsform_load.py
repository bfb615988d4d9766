"""Loading XLSForm workbooks: every supported type, structure, translations, rules, semantics."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checklists import expr as ex
from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.model import Checklist, Choice, Text
from checklists.registry import load_checklists
from checklists.xlsform import load_xlsform
from tests.checklists.helpers import document
from tests.checklists.xlsform.helpers import (
    EN,
    SETTINGS,
    ZH,
    form,
    group,
    load,
    q,
    save,
    sheet_rows,
    workbook,
)
from tests.checklists.xlsform.sample_forms import full_form


@pytest.fixture(scope="module")
def full() -> Checklist:
    return load(full_form())


def src(e: ex.Expr | None) -> str | None:
    return None if e is None else ex.to_source(e)


def test_settings_become_the_checklist_header(full: Checklist) -> None:
    assert (full.id, full.version) == ("fixture", 2021120101)
    assert full.title == Text("测试清单", "Test checklist")
    assert full.description == Text("用于测试", "For tests")
    assert full.source.document.en == "Dongguan Education Bureau, 2022 work plan"
    assert full.source.clauses == (72, 75)
    assert full.origin == "form.xlsx"


def test_constants_sheet_keeps_types(full: Checklist) -> None:
    assert full.constants == (
        ("min_guards", 2),
        ("ratio", 0.5),
        ("rule_from", date(2021, 1, 1)),
        ("stage_name", "primary"),
        ("strict", True),
    )
    assert isinstance(full.constant_map()["strict"], bool)


def test_groups_become_sections_and_loose_items_a_default_section(full: Checklist) -> None:
    assert [s.id for s in full.sections] == ["main", "basics", "roster"]
    main = full.sections[0]
    assert main.title == full.title and [i.id for i in main.items] == ["intro"]
    assert full.sections[1].title == Text("分节basics", "Section basics")
    # a nested group is flattened into its section
    assert full.section_of("remarks").id == "basics"


@pytest.mark.parametrize(
    ("item_id", "kind"),
    [
        ("intro", "note"), ("school_contact", "text"), ("guards_count", "integer"),
        ("area", "decimal"), ("last_drill", "date"), ("has_plan", "yes_no"),
        ("pool_fenced", "yes_no"), ("trained", "yes_no"), ("guard_provider", "single_choice"),
        ("covered_topics", "multi_choice"), ("guards_needed", "integer"), ("half_guards", "decimal"),
        ("gate_photo", "evidence"), ("plan_file", "evidence"), ("principal_id", "id_number"),
        ("remarks", "text"), ("guards", "table"),
    ],
)  # fmt: skip
def test_every_type_maps(full: Checklist, item_id: str, kind: str) -> None:
    assert full.item(item_id).type == kind


def test_translations_hint_and_standard(full: Checklist) -> None:
    item = full.item("school_contact")
    assert item.label == Text("联系人", "Contact")
    assert item.help == Text("填写姓名", "Write the name")
    assert item.standard == Text("GB 1-2000", "GB 1-2000 (en)")
    assert item.required and not full.item("area").required


def test_numbers_unit_min_max_default(full: Checklist) -> None:
    count = full.item("guards_count")
    assert (count.unit, count.min, count.max) == ("人", 0.0, 50.0)
    assert full.item("area").default == 12.5


def test_choices_and_yes_no_lists(full: Checklist) -> None:
    assert full.item("guard_provider").choices == (
        Choice("company", Text("保安公司", "Company")),
        Choice("self", Text("自招", "Self-recruited")),
    )
    assert full.item("has_plan").choices == () and not full.item("has_plan").allow_na
    assert full.item("pool_fenced").allow_na and full.item("pool_fenced").default == "na"
    assert full.item("covered_topics").default == ("fire", "traffic")


def test_yes_no_words_become_booleans(full: Checklist) -> None:
    assert src(full.item("pool_fenced").relevant) == "${has_plan} = true()"
    assert src(full.item("trained").relevant) == "${has_plan} = true()"  # selected(x, 'yes')
    assert full.item("guards").column("on_post").default is True


def test_relevant_constraint_calculation(full: Checklist) -> None:
    drill = full.item("last_drill")
    assert src(drill.constraint) == ". <= today()"
    assert drill.constraint_message == Text("不能晚于基准日", "Not after the reference date")
    assert (
        src(full.item("guards_needed").calculate)
        == "if(${school.enrollment} < 1000, ${min_guards}, 3)"
    )
    assert full.item("guards_needed").label == Text("guards_needed", "guards_needed")  # no label
    assert src(full.item("half_guards").calculate) == "${guards_count} div 2"


def test_rule_columns_become_rules(full: Checklist) -> None:
    (rule,) = full.item("has_plan").rules
    assert (rule.code, src(rule.fail_if), rule.severity) == (
        "plan_missing",
        "not(. = true())",
        "major",
    )
    assert rule.explainable and rule.clauses == (72,) and full.item("has_plan").clauses == (72, 75)
    assert full.item("has_plan").constraint is None  # the constraint became the rule
    count = full.item("guards_count")
    assert src(count.constraint) == ". <= 50"
    assert [(r.code, src(r.fail_if), r.clauses) for r in count.rules] == [
        ("guards_too_few", "not(. >= ${min_guards})", (75,))
    ]


def test_not_constraint_is_unwrapped_for_tables(full: Checklist) -> None:
    (rule,) = full.item("guards").rules
    assert src(rule.fail_if) == "${on_post} = true() and ${age} >= 56"
    assert rule.message == Text("{name}：超龄", "{name}: too old")


def test_repeat_becomes_a_table(full: Checklist) -> None:
    table = full.item("guards")
    assert [c.id for c in table.columns] == [
        "name",
        "id_number",
        "birth",
        "on_post",
        "age",
        "hours",
    ]
    assert table.column("id_number").type == "id_number"
    assert table.column("age").type == "integer" and table.column("age").calculate is not None
    (rule,) = table.column("hours").rules
    assert rule.clauses == (75,)  # a column rule cites the table's clauses


def _evaluate(checklist: Checklist, answers: dict[str, Any]) -> Any:
    registry = {checklist.id: checklist}
    doc = DocumentParser(registry).parse(document({checklist.id: answers}))
    return evaluate_document(doc, registry).checklists[checklist.id]


def test_loaded_rules_judge_answers(full: Checklist) -> None:
    rows = [
        {"name": "老王", "birth": "1960-01-01", "on_post": True, "hours": 4},
        {"name": "小李", "birth": "1990-01-01", "on_post": True, "hours": 20},
    ]
    result = _evaluate(
        full, {"has_plan": False, "guards_count": 1, "guards": rows, "pool_fenced": True}
    )
    found = sorted((f.code, f.row) for f in result.findings)
    assert found == [
        ("guard_too_old", 0),
        ("guards_too_few", None),
        ("hours_low", 0),
        ("plan_missing", None),
    ]
    assert result.item("pool_fenced").status == "not_applicable"  # relevant: ${has_plan} = 'yes'
    ok = _evaluate(full, {"has_plan": True, "guards_count": 3, "pool_fenced": "na"})
    assert not ok.findings


def test_plain_label_in_default_language_fills_both() -> None:
    survey = [{"type": "integer", "name": "n", "label": "Count", "clause": 75}]
    sheets = {
        "survey": sheet_rows(survey),
        "settings": sheet_rows([{**SETTINGS, "default_language": "English (en)"}]),
    }
    item = load(workbook(sheets)).item("n")
    assert item.label == Text("Count", "Count")


def test_one_language_fills_in_for_the_other() -> None:
    survey = [
        {"type": "integer", "name": "n", ZH: "人数", "clause": 75, "hint::English (en)": "How many"}
    ]
    item = load(form(survey)).item("n")
    assert item.label == Text("人数", "人数") and item.help == Text("How many", "How many")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(75, (75,)), ("75", (75,)), ("72,73", (72, 73)), ("72，73", (72, 73)), ("第75条", (75,)),
     ("第72、73条", (72, 73)), ("第72条、第73条", (72, 73)), (75.0, (75,))],
)  # fmt: skip
def test_clause_notations(cell: object, expected: tuple[int, ...]) -> None:
    assert load(form([q("integer", "n", clause=cell)])).item("n").clauses == expected


def test_true_false_list_and_value_type_override() -> None:
    choices = [
        {"list_name": "tf", "name": "true", ZH: "对", EN: "True"},
        {"list_name": "tf", "name": "false", ZH: "错", EN: "False"},
    ]
    survey = [
        q("select_one tf", "a", relevant="${b} = 'true'"),
        q("select_one tf", "b", value_type="single_choice", relevant="${a} = 'false'"),
    ]
    checklist = load(form(survey, choices))
    assert checklist.item("a").type == "yes_no" and checklist.item("b").type == "single_choice"
    assert src(checklist.item("a").relevant) == "${b} = 'true'"  # b is not a yes_no item
    assert src(checklist.item("b").relevant) == "${a} = false()"


def test_repeat_outside_groups_and_spaced_type_names() -> None:
    survey = [
        q("begin repeat", "rooms"),
        q("integer", "lux", clause=None),
        {"type": "end repeat"},
        q("select one yes_no", "ok"),
    ]
    checklist = load(form(survey))
    assert [(s.id, [i.id for i in s.items]) for s in checklist.sections] == [
        ("main", ["rooms", "ok"])
    ]
    assert checklist.item("rooms").columns[0].id == "lux"


def test_ignored_columns_and_settings() -> None:
    survey = [
        q(
            "integer",
            "n",
            **{"# note for editors": "x", "$kuid": "abc", "label::Français (fr)": "Nombre"},
        )
    ]
    settings = {**SETTINGS, "instance_name": "concat('a')", "style": "pages"}
    assert load(form(survey, settings=settings)).item("n").label.en == "n (en)"


def test_registry_loads_xlsx_from_the_data_folder(data_dir: Path) -> None:
    (data_dir / "checklists").mkdir()
    save(form(group("g", q("select_one yes_no", "ok"))), data_dir / "checklists" / "extra.xlsx")
    loaded = load_checklists(data_dir)
    assert "fixture" in loaded and "guards" in loaded
    assert loaded["fixture"].origin.endswith("extra.xlsx")


def test_load_xlsform_reads_a_path(tmp_path: Path) -> None:
    path = save(full_form(), tmp_path / "form.xlsx")
    assert load_xlsform(path) == load(full_form())
    assert load_xlsform(path).origin == str(path)
