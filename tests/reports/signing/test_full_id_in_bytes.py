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


# Digits of other scripts and separators beyond ASCII, as the bytes' quick first look must see them.
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
MATH_BOLD = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")


def test_an_id_number_in_other_digits_or_separators_is_found() -> None:
    cases = [
        FULL[:-1].translate(ARABIC_INDIC) + FULL[-1],
        FULL[:-1].translate(DEVANAGARI) + FULL[-1],
        FULL[:-1].translate(MATH_BOLD) + FULL[-1],  # four bytes a digit
        f"{FULL[:6]}\u3000{FULL[6:14]}\u3000{FULL[14:]}",  # the ideographic space
        f"{FULL[:6]}\u2009{FULL[6:]}",  # a thin space
        f"{FULL[:6]}\ufeff{FULL[6:]}",  # a zero-width no-break space
        f"{FULL[:6]}\u00ad{FULL[6:]}",  # a soft hyphen
        f"姓名张伟明{FULL}粤莞保字",
    ]
    for text in cases:
        data = json.dumps({"a": text}, ensure_ascii=False).encode()
        assert _both(data) == (True, True), text


def test_the_first_look_sees_every_digit_and_separator_as_one() -> None:
    """Every character the ID number pattern takes for a digit or separator, however many
    bytes it has, is one "0" of the quick first look; so 17 of them in a row are a run."""
    import re

    from checklists.idnumber import _SEPARATORS
    from reports.signing import embedded

    member = re.compile(rf"[{_SEPARATORS}\d]")
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if member.match(char):
            seen = (
                (char * 17)
                .encode()
                .translate(embedded._DIGIT_OR_SEPARATOR, embedded._CONTINUATION_BYTES)
            )
            assert seen == embedded._DIGIT_RUN, hex(code)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                FULL,
                WRONG,
                FULL[:-1].translate(ARABIC_INDIC) + "X",
                FULL[:-1].translate(MATH_BOLD) + FULL[-1],
                FULL[:6],
                FULL[6:].translate(DEVANAGARI),
                "٣",
                "𝟗",
                "\u3000",
                "\u2009",
                "\ufeff",
                "张伟",
                "é",
                "1",
                " ",
            ]
        ),
        max_size=5,
    ),
)
def test_the_bytes_and_the_strings_agree_beyond_ascii(parts: list[str]) -> None:
    data = json.dumps({"v": ["".join(parts)]}, ensure_ascii=False).encode()
    found, expected = _both(data)
    assert found == expected
