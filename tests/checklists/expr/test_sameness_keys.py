"""The sameness keys rows are counted by (count_rows, the duplicate checks): a row's values kept
as their own key only when each already is its key, never a value that merely equals it."""

from __future__ import annotations

import string
import unicodedata
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from checklists.expr.functions import clear_counts, key_of, keys_of, same_key


class Text(str):
    """A text of another type than str (equal to its plain form, hashing alike)."""


def test_values_already_as_compared_are_their_own_key() -> None:
    clear_counts()
    values = ("441900196405121310", date(1964, 5, 12), 7)
    assert key_of(values) is values
    assert keys_of([values])[0] is values


def test_values_that_only_equal_their_key_get_a_key_of_their_own() -> None:
    clear_counts()
    moment = datetime(2021, 1, 1, 8, 30)
    key = key_of((moment,))
    assert key == (date(2021, 1, 1),) and type(key[0]) is date  # the day, not the moment
    assert key_of(("王 五",)) == ("王五",)
    assert key_of(("ABC",)) == ("abc",)
    assert key_of(("１２３",)) == ("123",)  # full-width digits as half-width (NFKC)
    subclassed = key_of((Text("abc"),))
    assert type(subclassed[0]) is str


@given(
    st.text(alphabet=string.printable, max_size=12)
    | st.text(max_size=8)
    | st.sampled_from(["441900196405121310", "44190019640512131x", "abc1", "aBc", "ß", "ｘ"])
)
def test_a_text_is_compared_in_nfkc_case_folded_without_spaces(text: str) -> None:
    assert same_key(text) == "".join(unicodedata.normalize("NFKC", text).casefold().split())
