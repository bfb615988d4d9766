"""mask_ids_in finds an ID number written with separators or invisible characters, one digit
too many or too few, and leaves phone numbers and dates alone."""

from __future__ import annotations

import pytest

from checklists.idnumber import mask_ids_in

HIDDEN = {
    "441900-19640512-1310": "441900********1310",
    "441900 19640512 1310": "441900********1310",
    "441900 1964 0512 1310": "441900********1310",
    "441900\n196405121310": "441900********1310",
    "441900\t196405121310": "441900********1310",
    "441900\u00a0196405121310": "441900********1310",
    "4419\u00ad0019640512\u200b1310": "441900********1310",
    "441900\u2060196405121310": "441900********1310",
    "441900\ufeff196405121310": "441900********1310",
    "4419001964051213100": "441900*********3100",
    "44190019640512131": "441900*******2131",
    "441900 19640512 131x": "441900********131X",
}


@pytest.mark.parametrize("written", HIDDEN, ids=[repr(k) for k in HIDDEN])
def test_an_id_number_however_written_is_masked(written: str) -> None:
    assert mask_ids_in(f"门卫（{written}）已离职") == f"门卫（{HIDDEN[written]}）已离职"


@pytest.mark.parametrize(
    "text",
    [
        "电话 0769-22000000 13800138000",
        "2021-12-31 2022-01-01",
        "编号 12345678901234",
        "A441900196405121310",
    ],
)
def test_phone_numbers_dates_and_codes_stay(text: str) -> None:
    assert mask_ids_in(text) == text


def test_an_id_column_is_masked_whatever_its_text() -> None:
    row = {"id_number": "身份证 abc-4419", "name": "李国平", "nested": [{"id_number": "12"}]}
    masked = mask_ids_in(row, frozenset({"id_number"}))
    assert isinstance(masked, dict) and masked["name"] == "李国平"
    assert set(masked["id_number"]) == {"*"} and masked["nested"] == [{"id_number": "**"}]
