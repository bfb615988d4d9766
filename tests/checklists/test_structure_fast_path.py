"""The quick walk of the JSON limits never passes what the full walk refuses: each kind of
value outside the limits, hidden deep in an otherwise clean document, is still named."""

from __future__ import annotations

import json
from typing import Any

import pytest

from checklists.answers_json import decode_document, structure_problems
from checklists.foundation import limits


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"k": value}
    return value


def _clean() -> dict[str, Any]:
    return {
        "school": {"name": "东莞市示例小学", "enrollment": 800, "ratio": 0.5, "ok": True},
        "rows": [{"name": f"保安{i}", "age": 40 + i, "note": None} for i in range(50)],
    }


BAD: dict[str, Any] = {
    "control character": "a\x01b",
    "lone surrogate": "a\ud800b",
    "text too long": "字" * (limits.MAX_TEXT_LENGTH + 1),
    "integer too large": limits.MAX_JSON_INTEGER + 1,
    "negative integer too large": -limits.MAX_JSON_INTEGER - 1,
    "float too large": limits.MAX_JSON_FLOAT * 10,
    "not finite": float("inf"),
    "not a number": float("nan"),
    "nested too deeply": _nested(limits.MAX_JSON_DEPTH + 1),
    "list too long": [0] * (limits.MAX_TABLE_ROWS + 1),
    "key too long": {"k" * (limits.MAX_KEY_LENGTH + 1): 1},
    "key with a lone surrogate": {"k\udc00": 1},
    "not a JSON value": (1, 2),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_value_deep_in_a_clean_document_is_found(kind: str) -> None:
    doc = _clean()
    doc["rows"][37]["note"] = {"deeper": [BAD[kind]]}
    assert structure_problems(_clean()) == []
    problems = structure_problems(doc)
    assert problems, kind
    assert problems[0][0].startswith("rows[37].note.deeper")


def test_duplicate_keys_and_refused_numbers_from_the_decoder_are_found() -> None:
    text = json.dumps(_clean(), ensure_ascii=False)
    duplicated = text.replace('"ok": true', '"ok": true, "ok": false', 1).encode()
    assert [p[0] for p in structure_problems(decode_document(duplicated, "x"))] == ["school.ok"]
    huge = text.replace('"ratio": 0.5', '"ratio": 1' + "0" * 40, 1).encode()
    assert [p[0] for p in structure_problems(decode_document(huge, "x"))] == ["school.ratio"]
