"""Numbers are parsed without the careful hooks only when none can be too long: every number
the hooks would refuse is still refused, wherever it stands and however it is written."""

from __future__ import annotations

import json

import pytest

from checklists.answers_json import decode_document, structure_problems
from checklists.foundation import limits

DIGITS = limits.MAX_NUMBER_DIGITS


@pytest.mark.parametrize(
    "number",
    [
        "1" * (DIGITS + 1),
        "-" + "9" * (DIGITS + 1),
        "1" * DIGITS + ".5",
        "0." + "3" * DIGITS,
        "1" * (DIGITS // 2) + "." + "2" * (DIGITS // 2 + 1),
        "1e400",
        "-2.5E+999",
        "1e0400",
    ],
)
def test_a_number_too_long_or_too_large_is_refused_among_ordinary_ones(number: str) -> None:
    text = '{"a": 1, "b": [2.5, 3], "c": ' + number + ', "d": "x"}'
    problems = structure_problems(decode_document(text.encode(), "a.json"))
    assert [p[0] for p in problems] == ["c"]


def test_ordinary_numbers_read_as_json_reads_them() -> None:
    doc = {"a": 1, "b": [2.5, -3, 1e14, 0.1, 1e-5], "c": {"d": 2**53}, "e": "1e999", "f": None}
    text = json.dumps(doc)
    assert decode_document(text.encode(), "a.json") == json.loads(text) == doc
    assert structure_problems(decode_document(text.encode(), "a.json")) == []
