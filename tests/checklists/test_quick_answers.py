"""The answers parser's quick reading gives what check_value gives for every answer it takes
(the rest it leaves to check_value): attacked with answers of every kind, good and bad, for every
item and column of the built-in checklists."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checklists import answers_doc
from checklists.answers import check_value
from checklists.answers_doc import DocumentParser
from checklists.foundation.errors import AnswersError
from checklists.model import Item
from checklists.registry import builtin_checklists

CHECKLISTS = builtin_checklists()
ITEMS: list[Item] = [item for c in CHECKLISTS.values() for item in c.items()]
COLUMNS: list[Item] = [column for item in ITEMS for column in item.columns]
CHOICES = sorted({choice.value for item in ITEMS + COLUMNS for choice in item.choices})


def _same(quick: Any, slow: Any) -> bool:
    """Equal, and of the same types all the way down (1 and 1.0 and True are not the same)."""
    if type(quick) is not type(slow):
        return False
    if isinstance(quick, tuple | list):
        pairs = zip(quick, slow, strict=False)
        return len(quick) == len(slow) and all(_same(a, b) for a, b in pairs)
    if isinstance(quick, dict):
        return quick.keys() == slow.keys() and all(_same(v, slow[k]) for k, v in quick.items())
    if isinstance(quick, float) and math.isnan(quick):
        return math.isnan(slow)
    return bool(quick == slow)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(
        [
            "na",
            "NA",
            "",
            "   ",
            " x ",
            "2021-02-28",
            "2021-02-30",
            "2021-2-3",
            "２０２１-０２-０１",
            "١٢",
            *CHOICES,
        ]
    ),  # fmt: skip
    st.text(max_size=8),
    st.text(min_size=3999, max_size=4002, alphabet="ab "),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.sampled_from([-1, 0, 1, 2, 100, 10**6, 2**53, 2**53 + 1, -(2**53) - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, 3.0, -1.5, 2.5, 1e300, float("inf"), float("nan")]),
    st.just(date(2021, 3, 1)),
)
cells = st.one_of(scalars, st.lists(scalars, max_size=3))


@st.composite
def table_answers(draw: st.DrawFn, item: Item) -> object:
    keys = [c.id for c in item.columns] + ["unknown_column"]
    row = st.dictionaries(st.sampled_from(keys), cells, max_size=len(keys))
    return draw(st.one_of(st.lists(row, max_size=4), st.lists(st.one_of(row, scalars), max_size=3)))


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_the_quick_reading_is_check_values_reading(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(ITEMS + COLUMNS))
    raw = data.draw(table_answers(item) if item.is_table else st.one_of(cells, table_answers(item)))
    quick = answers_doc._quick_value(item, raw)
    if quick is answers_doc._SLOW:
        return
    value, problems = check_value(item, raw, "x")
    assert problems == [], (item.id, raw)
    assert _same(quick, value), (item.id, raw, quick, value)


def test_the_quick_reading_takes_the_common_answers() -> None:
    """Not a reading that always gives up: a table of plain rows and scalars are read quickly."""
    table = next(i for i in ITEMS if i.is_table and i.columns)
    texts = [c for c in table.columns if c.type == "text" and c.answerable]
    assert texts
    rows = [{texts[0].id: " 张三 "}, {texts[0].id: None}]
    assert answers_doc._quick_value(table, rows) == ({texts[0].id: "张三"}, {})
    yes_no = next(i for i in ITEMS if i.type == "yes_no")
    assert answers_doc._quick_value(yes_no, True) is True


def _read(doc: object) -> object:
    try:
        return DocumentParser(CHECKLISTS, recorded=True).parse(doc)
    except AnswersError as exc:
        return exc.problems


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.data())
def test_a_document_reads_the_same_without_the_quick_reading(
    seed: int, data: st.DataObject
) -> None:
    """The sample school's document, varied, and with an answer now and then made bad: the
    same document, or the same problems, with the quick reading and without it."""
    import random

    from tools.make_reports import SAMPLE, vary

    doc = vary(json.loads(SAMPLE.read_text(encoding="utf-8")), seed, random.Random(seed))
    for answers in doc["checklists"].values():
        for key in list(answers):
            if data.draw(st.integers(0, 30)) == 0:
                answers[key] = data.draw(cells)
    quick = _read(doc)
    original = answers_doc._quick_value
    answers_doc._quick_value = lambda item, raw: answers_doc._SLOW  # type: ignore[assignment]
    try:
        slow = _read(doc)
    finally:
        answers_doc._quick_value = original  # type: ignore[assignment]
    assert quick == slow
