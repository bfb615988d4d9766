"""The stored JSON of a value (models.ops.common.dumps) is exactly json.dumps of its JSON form."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklists.answers import value_to_json
from models.ops.common import dumps

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.dates()
    | st.datetimes()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


def _reference(value: Any) -> str:
    return json.dumps(
        value_to_json(value), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )


@given(VALUES)
def test_dumps_is_the_json_of_the_values_json_form(value: Any) -> None:
    assert dumps(value) == _reference(value)


def test_dumps_of_a_stored_row() -> None:
    row = {"name": "保安", "hired": date(2020, 3, 1), "at": datetime(2021, 1, 2, 3, 4), "c": ("a",)}
    assert dumps(row) == '{"at":"2021-01-02T03:04:00","c":["a"],"hired":"2020-03-01","name":"保安"}'


@pytest.mark.parametrize("value", [{1, 2}, object(), {"k": b"bytes"}])
def test_dumps_refuses_what_json_cannot_hold(value: object) -> None:
    with pytest.raises(TypeError):
        _reference(value)
    with pytest.raises(TypeError):
        dumps(value)
