"""The history chain's hash: SHA-256 of the JSON text json.dumps makes of the entry's fields
(compact, characters as they are) — the encoder made once gives that very text."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import pytest

from models.stored import _hash, entry_hash, history_row, stamp

FIELDS: list[tuple[Any, ...]] = [
    (1, "2026-12-05T06:00:00", "张老师", "row_update", "guards", "guards", 7, '{"a":1}', None),
    (None, "2026-12-05T06:00:00", "", "answer", None, None, None, None, '"是"', "导入\n表"),
    (3, "t", "u\"q'\\", "a", "c", "i", 2**40, "[1.5,true,null]", "{}", ""),
]


@pytest.mark.parametrize("fields", FIELDS)
def test_the_hash_is_of_json_dumps_text(fields: tuple[Any, ...]) -> None:
    prev = "0" * 64
    text = json.dumps([prev, *fields], ensure_ascii=False, separators=(",", ":"))
    assert _hash(prev, fields) == hashlib.sha256(text.encode()).hexdigest()


def test_an_entry_hash_is_the_rows_last_field() -> None:
    at = datetime(2026, 12, 5, 6, 0, 0)
    row = history_row(
        "a" * 64, 1, at, "张老师", "row_update", checklist="guards", item="guards", row_id=3,
        old_json='{"name":"王"}', new_json='{"name":"李"}', source="",
    )  # fmt: skip
    text = json.dumps(
        ["a" * 64, 1, stamp(at), "张老师", "row_update", "guards", "guards", 3,
         '{"name":"王"}', '{"name":"李"}', ""],
        ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip
    assert row[-1] == hashlib.sha256(text.encode()).hexdigest()
    assert row[-1] == entry_hash(
        "a" * 64, 1, at, "张老师", "row_update", "guards", "guards", 3,
        '{"name":"王"}', '{"name":"李"}', "",
    )  # fmt: skip
