"""ID numbers in the answers a signed report embeds: masked, with only what the rules need.

The school's own database and its ``--full-ids`` exports keep full numbers. What leaves the
school inside a PDF carries, for each ID number, only the region code (first 6 digits; the rest
is ``*``), the birth date the number encodes, the sex its sequence number encodes, whether the
number was valid, and a per-document ordinal that tells equal numbers apart from different ones.
Neither the birth-date digits nor the sequence and check digits are kept in the masked text, so
masked text and birth date together do not give the number back.

For re-evaluation the office turns each entry into a *stand-in* number: a valid one with the
same region, birth date and sex (so every ``id_*()`` rule function answers as it did for the
real number), or the masked text itself for a number that was invalid (so it fails validation
again). Equal numbers get equal stand-ins.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from checklists.idnumber import InvalidIdNumber, check_character, mask_ids_in, parse_id_number
from checklists.model import Checklist

FACTS_KEY = "id_facts"
_FALLBACK_REGION = "110101"


def protect_answers(
    answers: dict[str, Any], checklists: Mapping[str, Checklist], on: date
) -> dict[str, Any]:
    """A copy of the answers document with every ID number replaced by its masked form and
    ``id_facts`` (keyed by the value's path) added; any other 15/18-digit ID-like text in any
    string is masked too. ``on`` is the reference date the numbers are validated against.
    ``answers`` is JSON data (as ``document_to_json`` gives it)."""
    out: dict[str, Any] = _json_copy(answers)
    facts: dict[str, dict[str, Any]] = {}
    refs: dict[str, int] = {}
    for path, holder, key in _id_slots(out, checklists):
        value = holder.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        facts[path] = _facts(value, on, refs)
        holder[key] = _masked(value)
    scrubbed = mask_ids_in(out)
    assert isinstance(scrubbed, dict)
    if facts:
        scrubbed[FACTS_KEY] = facts
    return scrubbed


def stand_in_answers(
    answers: dict[str, Any], checklists: Mapping[str, Checklist]
) -> dict[str, Any]:
    """The embedded answers ready for the evaluator: ``id_facts`` removed, each masked ID
    number replaced by a stand-in that encodes the same facts (see the module docstring).

    ``answers`` is left as it is; the objects and arrays on the way to an ID number are copied,
    the rest is shared with it (the evaluator only reads)."""
    out: dict[str, Any] = dict(answers)
    facts = out.pop(FACTS_KEY, None)
    facts = facts if isinstance(facts, dict) else {}
    answered = out.get("checklists")
    if isinstance(answered, dict):
        out["checklists"] = answered = dict(answered)
        for cl_id, values in answered.items():
            if cl_id in checklists and isinstance(values, dict):
                answered[cl_id] = _copied_id_holders(values, checklists[cl_id])
    for path, holder, key in _id_slots(out, checklists):
        entry = facts.get(path)
        if isinstance(entry, dict) and isinstance(holder.get(key), str):
            holder[key] = _stand_in(holder[key], entry)
    return out


def _copied_id_holders(values: dict[str, Any], checklist: Checklist) -> dict[str, Any]:
    """``values`` (a checklist's answers) copied, with every table of ID numbers and its rows
    copied too: the holders _id_slots yields, free to change."""
    out = dict(values)
    for item_id, id_columns in _id_items(checklist):
        rows = out.get(item_id) if id_columns else None
        if isinstance(rows, list):
            out[item_id] = [dict(row) if isinstance(row, dict) else row for row in rows]
    return out


# Per checklist (by identity, the checklist kept so that its id is not reused): its items that
# hold ID numbers, in item order, each with None (an ID-number item) or the ID-number columns
# of its table. Documents are many, checklists few: worked out once, not for every document.
_ID_ITEMS: dict[int, tuple[Checklist, tuple[tuple[str, tuple[str, ...] | None], ...]]] = {}


def _id_items(checklist: Checklist) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    found = _ID_ITEMS.get(id(checklist))
    if found is not None and found[0] is checklist:
        return found[1]
    plan: list[tuple[str, tuple[str, ...] | None]] = []
    for item in checklist.items():
        if item.type == "id_number":
            plan.append((item.id, None))
        elif item.is_table:
            columns = tuple(c.id for c in item.columns if c.type == "id_number")
            if columns:
                plan.append((item.id, columns))
    if len(_ID_ITEMS) > 64:
        _ID_ITEMS.clear()
    _ID_ITEMS[id(checklist)] = (checklist, tuple(plan))
    return tuple(plan)


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON data (objects and arrays copied, the immutable rest shared): what
    copy.deepcopy gives for it, several times faster."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_json_copy(v) for v in value)
    return value


def _id_slots(
    answers: dict[str, Any], checklists: Mapping[str, Checklist]
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(path, dict holding the value, key) of every ID-number answer of the document."""
    answered = answers.get("checklists")
    if not isinstance(answered, dict):
        return
    for cl_id, values in answered.items():
        checklist = checklists.get(cl_id)
        if checklist is None or not isinstance(values, dict):
            continue
        for item_id, id_columns in _id_items(checklist):
            if id_columns is None:
                if item_id in values:
                    yield f"checklists.{cl_id}.{item_id}", values, item_id
                continue
            rows = values.get(item_id)
            if not isinstance(rows, list):
                continue
            for index, row in enumerate(rows):
                for col in id_columns:
                    if isinstance(row, dict) and col in row:
                        yield f"checklists.{cl_id}.{item_id}[{index}].{col}", row, col


def _facts(value: str, on: date, refs: dict[str, int]) -> dict[str, Any]:
    key = "".join(value.split()).upper()
    ref = refs.setdefault(key, len(refs))
    try:
        info = parse_id_number(value, on)
    except InvalidIdNumber:
        return {"valid": False, "birth_date": None, "sex": None, "ref": ref}
    return {
        "valid": True,
        "birth_date": info.birth_date.isoformat(),
        "sex": info.sex,
        "ref": ref,
    }


def _masked(value: str) -> str:
    text = "".join(value.split()).upper()
    region = text[:6] if len(text) >= 11 and _ascii_digits(text[:6]) else ""
    return region + "*" * (len(text) - len(region))


def _stand_in(masked: str, entry: dict[str, Any]) -> str:
    birth = entry.get("birth_date")
    ref = entry.get("ref")
    if entry.get("valid") is not True or not isinstance(birth, str) or not isinstance(ref, int):
        return masked  # '*' never validates: the rules see an invalid number, as before
    try:
        born = date.fromisoformat(birth)
    except ValueError:
        return masked
    if born.year < 1000:  # no 8-digit birth date: no valid number encodes it
        return masked
    region = masked[:6] if _ascii_digits(masked[:6]) else _FALLBACK_REGION
    # Odd sequence numbers are male, even female; distinct refs stay distinct.
    sequence = (2 * ref + 2 + (1 if entry.get("sex") == "male" else 0)) % 1000
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def _ascii_digits(text: str) -> bool:
    """Only '0'-'9' (``str.isdigit`` also accepts other scripts' digits)."""
    return text.isascii() and text.isdigit()
