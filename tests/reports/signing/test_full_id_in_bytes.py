"""The full-ID-number check told from a JSON file's bytes gives what the check of its strings
gives: an ID number hidden by escapes, in a key, beside other characters is still found."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from checklists.idnumber import check_character
from reports.signing.embedded import holds_full_id_number, holds_full_id_number_in, read_object

BODY = "11010119900101123"
FULL = BODY + check_character(BODY)
WRONG = BODY + ("0" if FULL[-1] != "0" else "1")


FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _escaped(text: str) -> str:
    """``text`` with every character written as a \\u escape."""
    return "".join(f"\\u{ord(c):04x}" for c in text)


def _both(data: bytes) -> tuple[bool, bool]:
    value = read_object(data, "x.json")
    return holds_full_id_number_in(data, value), holds_full_id_number(value)


def test_an_id_number_is_found_however_it_is_written() -> None:
    cases = [
        json.dumps({"a": f"号码{FULL}。"}, ensure_ascii=False),
        json.dumps({f"{FULL}": 1}),  # in a key
        '{"a": "' + _escaped(FULL) + '"}',  # every digit escaped
        '{"a": "' + FULL[:-1] + _escaped(FULL[-1]) + '"}',  # only the check character
        '{"a": "x\\n' + FULL + '\\ty"}',  # between escapes
        '{"a": "\\\\' + FULL + '"}',  # after an escaped backslash
        json.dumps({"a": [{"b": FULL.lower()}]}),
        # written the way people write them, or paste them: each still a full ID number
        json.dumps({"a": f"{FULL[:6]} {FULL[6:14]} {FULL[14:]}"}, ensure_ascii=False),
        json.dumps({"a": f"{FULL[:6]}-{FULL[6:14]}-{FULL[14:]}"}),
        json.dumps({"a": f"{FULL[:6]}\u00a0{FULL[6:]}"}, ensure_ascii=False),
        json.dumps({"a": f"号码{FULL[:9]}\u200b{FULL[9:]}"}, ensure_ascii=False),
        json.dumps({"a": FULL.translate(FULL_WIDTH)}, ensure_ascii=False),
        json.dumps({"a": FULL.translate(FULL_WIDTH)}),  # the same, escaped
    ]
    for text in cases:
        assert _both(text.encode()) == (True, True), text


def test_no_id_number_is_made_up_from_the_bytes() -> None:
    cases = [
        json.dumps({"a": WRONG}),  # a wrong check character
        json.dumps({"a": "1" + FULL}),  # 19 digits
        json.dumps({"a": FULL + "5"}),
        json.dumps({"a": FULL[:9] + "****" + FULL[13:]}),  # masked, as reports write it
        '{"a": "' + _escaped("1") + FULL + '"}',  # an escaped digit in front: 19 digits
        json.dumps({"a": 1.5, "b": "x" * 40}),
        json.dumps({"a": f"{WRONG[:6]} {WRONG[6:]}"}),  # spaced, wrong check character
        json.dumps({"a": FULL[:9], "b": FULL[9:]}),  # halves in two strings
        json.dumps({"a": [FULL[:9], FULL[9:]]}).replace(",", ", "),
    ]
    for text in cases:
        assert _both(text.encode()) == (False, False), text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                FULL,
                WRONG,
                FULL[:-1] + "x",
                FULL[:6],
                FULL[6:],
                "1",
                "X",
                "a",
                "号",
                "\n",
                "\\",
                '"',
                "\u2028",
                " ",
                "-",
                "\u00a0",
                "\u200b",
                "０",
                "１",
            ]
        ),
        max_size=5,  # a key stays within its 100 characters
    ),
    st.booleans(),
    st.booleans(),
)
def test_the_bytes_and_the_strings_agree(parts: list[str], as_key: bool, ascii_only: bool) -> None:
    text = "".join(parts)
    doc = {text: 0} if as_key else {"v": [text]}
    data = json.dumps(doc, ensure_ascii=ascii_only).encode()
    found, expected = _both(data)
    assert found == expected
