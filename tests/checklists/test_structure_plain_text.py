"""The walk of the JSON limits that skips searching strings (for bytes without the escapes that
can write a control character or a lone surrogate) names exactly what the full walk names: the
escapes are found in the bytes, and every other problem is still found by the walk."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checklists.answers_json import decode_document, holds_plain_text, structure_problems
from checklists.foundation import limits
from tests.checklists.test_structure_fast_path import BAD, _clean

# Written as JSON (a tuple is no JSON value); control characters and surrogates become escapes.
ESCAPED: dict[str, Any] = {k: v for k, v in BAD.items() if not isinstance(v, tuple)}
ESCAPED |= {"backspace": "a\bb", "form feed": "a\fb", "escape": "a\x1bb", "nul": "a\x00b"}
ESCAPED |= {"key with a lone low surrogate": {"k\udfff": 1}, "low surrogate": "\udfff"}


def _bytes(doc: Any) -> bytes:
    text = json.dumps(doc, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only an escape can write it
        return json.dumps(doc).encode("utf-8")


@pytest.mark.parametrize("kind", list(ESCAPED))
def test_the_quick_walk_names_what_the_full_walk_names(kind: str) -> None:
    doc = _clean()
    doc["rows"][37]["note"] = {"deeper": [ESCAPED[kind]]}
    data = _bytes(doc)
    value = decode_document(data, "x")
    full = structure_problems(value)
    assert full, kind
    assert structure_problems(value, plain_text=holds_plain_text(data)) == full


@pytest.mark.parametrize("kind", ["control character", "lone surrogate", "backspace", "form feed",
                                  "key with a lone low surrogate", "low surrogate", "nul"])  # fmt: skip
def test_text_only_an_escape_can_spoil_is_never_called_plain(kind: str) -> None:
    doc = _clean()
    doc["rows"][3]["name"] = ESCAPED[kind]
    data = _bytes(doc)
    assert not holds_plain_text(data)
    assert structure_problems(decode_document(data, "x"))


def test_clean_text_with_allowed_escapes_is_plain_and_passes() -> None:
    doc = _clean()
    doc["rows"][0]["note"] = 'two\tlines\nand "quotes" \\ and a slash /\r'
    data = _bytes(doc)
    assert holds_plain_text(data)
    value = decode_document(data, "x")
    assert structure_problems(value, plain_text=True) == structure_problems(value) == []


def test_raw_control_characters_are_refused_by_the_decoder_itself() -> None:
    from checklists.foundation.errors import InputError

    with pytest.raises(InputError):
        decode_document(b'{"a": "x\x01y"}', "x")
    with pytest.raises(InputError):  # an encoded surrogate is no valid UTF-8
        decode_document(b'{"a": "\xed\xa0\x80"}', "x")


def test_duplicates_and_refused_numbers_are_found_by_the_quick_walk() -> None:
    text = json.dumps(_clean(), ensure_ascii=False)
    duplicated = text.replace('"ok": true', '"ok": true, "ok": false', 1).encode()
    huge = text.replace('"ratio": 0.5', '"ratio": 1' + "0" * 40, 1).encode()
    nan = text.replace('"ratio": 0.5', '"ratio": NaN', 1).encode()
    for data, where in ((duplicated, "school.ok"), (huge, "school.ratio"), (nan, "school.ratio")):
        assert holds_plain_text(data)
        problems = structure_problems(decode_document(data, "x"), plain_text=True)
        assert [p[0] for p in problems] == [where]


def test_limits_at_the_edge_pass_both_walks() -> None:
    doc = {"t": "字" * limits.MAX_TEXT_LENGTH, "k" * limits.MAX_KEY_LENGTH: limits.MAX_JSON_INTEGER}
    data = _bytes(doc)
    value = decode_document(data, "x")
    assert structure_problems(value, plain_text=holds_plain_text(data)) == []


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"\\",
                b"u",
                b"b",
                b"f",
                b"n",
                b"\xef",
                b"\xbf",
                b"\xbe",
                b"\xbc",
                b"a",
                b'"',
                "\ufffe".encode(),
                "\uffff".encode(),
                "\uffef".encode(),
                "，".encode(),
            ]
        ),
        max_size=12,
    )
)
def test_plain_text_is_told_as_by_each_escape(parts: list[bytes]) -> None:
    """The quicker searches give what a search for each escape (and character) gives."""
    from checklists.answers_json import _TEXT_ESCAPES

    data = b"".join(parts)
    assert holds_plain_text(data) == (not any(e in data for e in _TEXT_ESCAPES))


PLAIN_BAD = {k: v for k, v in BAD.items() if k not in ("control character", "lone surrogate",
                                                       "key with a lone surrogate")}  # fmt: skip


@pytest.mark.parametrize("kind", list(PLAIN_BAD))
@pytest.mark.parametrize("place", ["in an object", "in an array", "at the top"])
def test_the_quick_walk_finds_a_bad_value_wherever_it_stands(kind: str, place: str) -> None:
    doc: Any = _clean()
    if place == "in an object":
        doc["rows"][37]["note"] = PLAIN_BAD[kind]
    elif place == "in an array":
        doc["rows"][37] = [1, "x", None, PLAIN_BAD[kind]]
    else:
        doc = PLAIN_BAD[kind]
    full = structure_problems(doc)
    assert full, kind
    assert structure_problems(doc, plain_text=True) == full
