"""The stand-ins the office puts in place of masked ID numbers: the embedded answers they are
made from stay as they were (other readers share that object), and the result is what a stand-in
in a deep copy of the whole document gives."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from checklists.answers_doc import DocumentParser, document_to_json
from checklists.evaluator import evaluate_document
from checklists.registry import builtin_checklists
from reports.signing.idfacts import FACTS_KEY, protect_answers, stand_in_answers
from tests.reports.pdf.pdf_helpers import grown, id_number


def _embedded(guards: int = 12) -> dict[str, Any]:
    registry = builtin_checklists()
    doc = DocumentParser(registry).parse(grown(guards=guards))
    protected = protect_answers(document_to_json(doc), registry, date(2022, 1, 5))
    return json.loads(json.dumps(protected, ensure_ascii=False))


def _stand_ins_in_a_deep_copy(answers: dict[str, Any]) -> dict[str, Any]:
    registry = builtin_checklists()
    out = copy.deepcopy(answers)
    facts = out.pop(FACTS_KEY)
    from reports.signing.idfacts import _id_slots, _stand_in

    for path, holder, key in _id_slots(out, registry):
        holder[key] = _stand_in(holder[key], facts[path])
    return out


def test_the_embedded_answers_are_left_as_they_were() -> None:
    answers = _embedded()
    before = copy.deepcopy(answers)
    stood_in = stand_in_answers(answers, builtin_checklists())
    assert answers == before
    assert FACTS_KEY in answers and FACTS_KEY not in stood_in
    masked = [r["id_number"] for r in answers["checklists"]["guards"]["guards"] if "id_number" in r]
    shown = [r["id_number"] for r in stood_in["checklists"]["guards"]["guards"] if "id_number" in r]
    assert len(masked) == len(shown) >= 10
    assert all("*" in n for n in masked) and sum("*" not in n for n in shown) >= 8


def test_the_result_is_that_of_a_deep_copy_and_judges_as_the_real_numbers() -> None:
    registry = builtin_checklists()
    answers = _embedded()
    stood_in = stand_in_answers(answers, registry)
    assert stood_in == _stand_ins_in_a_deep_copy(answers)
    real = DocumentParser(registry).parse(grown(guards=12))
    again = DocumentParser(registry).parse(stood_in)
    assert [f.key() for f in evaluate_document(again, registry).findings] == [
        f.key() for f in evaluate_document(real, registry).findings
    ]


def test_changing_the_result_never_reaches_the_embedded_answers() -> None:
    answers = _embedded()
    before = copy.deepcopy(answers)
    stood_in = stand_in_answers(answers, builtin_checklists())
    stood_in["checklists"]["guards"]["guards"][0]["id_number"] = id_number(date(1970, 1, 1), 7)
    stood_in["checklists"]["guards"]["guards"].append({})
    stood_in["checklists"]["guards"]["extra"] = 1
    stood_in["school"] = {}
    assert answers == before


def _slots_item_by_item(answers: dict[str, Any], checklists: Any) -> list[tuple[str, int, str]]:
    """Every ID-number answer, found by looking at every item and column in turn (what the
    office's per-checklist list of ID-number places must give): (path, holder's id, key)."""
    out = []
    for cl_id, values in answers["checklists"].items():
        checklist = checklists.get(cl_id)
        if checklist is None or not isinstance(values, dict):
            continue
        for item in checklist.items():
            if item.type == "id_number" and item.id in values:
                out.append((f"checklists.{cl_id}.{item.id}", id(values), item.id))
            rows = values.get(item.id) if item.is_table else None
            columns = [c.id for c in item.columns if c.type == "id_number"]
            for index, row in enumerate(rows if columns and isinstance(rows, list) else []):
                for col in columns:
                    if isinstance(row, dict) and col in row:
                        out.append((f"checklists.{cl_id}.{item.id}[{index}].{col}", id(row), col))
    return out


def test_the_id_number_places_are_every_id_item_and_column() -> None:
    """The built-in checklists, and one with an ID-number item of its own (not in a table)."""
    from dataclasses import replace

    from reports.signing.idfacts import _id_slots

    registry = dict(builtin_checklists())
    guards = registry["guards"]
    table = next(i for i in guards.items() if i.is_table)
    column = next(c for c in table.columns if c.type == "id_number")
    own = replace(column, id="principal_id")
    answers = _embedded()
    answers["checklists"]["guards"]["principal_id"] = "441900********"
    with_own = {**registry, "own": _with_item(guards, own)}
    answers["checklists"]["own"] = {"principal_id": "x", **answers["checklists"]["guards"]}
    answers["checklists"]["own"]["guards"] = [*answers["checklists"]["own"]["guards"], "not a row"]
    for checklists in (registry, with_own):
        found = [(p, id(h), k) for p, h, k in _id_slots(answers, checklists)]
        assert found == _slots_item_by_item(answers, checklists)
        assert any(p.endswith("principal_id") for p, _, _ in found) == (checklists is with_own)


def _with_item(checklist: Any, item: Any) -> Any:
    """``checklist`` with ``item`` added at the end of its first section."""
    from dataclasses import replace

    first = checklist.sections[0]
    section = replace(first, items=(*first.items, item))
    return replace(checklist, id="own", sections=(section, *checklist.sections[1:]))
