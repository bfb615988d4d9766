"""Counts carried from one evaluation to the next never go stale, and a cell edit of a roster
re-judges the rows it can change and no others.

Counts over a table (count_rows(), count_people()) are counted from the last table counted on
the same columns; a cell edit of a column the rows compare (the duplicate check) re-judges the
edited row and the rows holding its old or new values; the columns an aggregate reads (guards
on post) are taken from the last evaluation with the edited row's value. Each is attacked here
with random edit sequences against a fresh count or a full evaluation.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists.answers_doc import DocumentParser
from checklists.evaluator import _ChecklistRun, _RowScope, _Scope, evaluate_checklist
from checklists.expr import functions as fn
from checklists.incremental import Edit, LiveEvaluation, analyse
from checklists.loader import load_text
from checklists.registry import builtin_checklists
from tests.checklists.helpers import id_number

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"
CHECKLISTS = builtin_checklists()
DOC = DocumentParser(CHECKLISTS).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))
ON = date(2021, 12, 31)

# values that are the same person written differently (full-width, case, spaces), so random
# edits form and break duplicate groups
NAMES = ["张三", "张 三", "李四", "Li Si", "LI SI", "ＬＩ ＳＩ", "", None]
BIRTHS = [date(1980, 1, 1), date(1981, 2, 2), None]
VALID_IDS = [id_number("1970-01-01"), id_number("1975-06-01"), id_number("1980-01-01")]
IDS = [*VALID_IDS, VALID_IDS[0].lower(), "1234", "", None]


def fresh_counts(table: list[dict[str, Any]], columns: tuple[str, ...]) -> Counter[Any]:
    """The counts made from scratch, as count_rows() made them before anything was carried."""
    return Counter(tuple(fn.same_key(row.get(c)) for c in columns) for row in table)


row_strategy = st.fixed_dictionaries(
    {"name": st.sampled_from(NAMES), "birth_date": st.sampled_from(BIRTHS)},
    optional={"id_number": st.sampled_from(IDS)},
)
table_edit = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 30), st.sampled_from(["name", "birth_date"])),
    st.tuples(st.just("in place"), st.integers(0, 30), st.sampled_from(["name", "birth_date"])),
    st.tuples(st.just("insert"), st.integers(0, 30), row_strategy),
    st.tuples(st.just("delete"), st.integers(0, 30), st.none()),
    st.tuples(st.just("reorder"), st.integers(0, 30), st.none()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.lists(row_strategy, min_size=0, max_size=25),
    edits=st.lists(st.tuples(table_edit, st.sampled_from(NAMES + BIRTHS)), max_size=20),
)
def test_counts_carried_from_the_last_table_equal_a_fresh_count(
    start: list[dict[str, Any]], edits: list[tuple[tuple[str, int, Any], Any]]
) -> None:
    table = [dict(r) for r in start]
    for (kind, at, extra), value in edits:
        table = list(table)  # each evaluation counts a new list
        i = at % len(table) if table else 0
        if kind == "cell" and table:
            table[i] = {**table[i], extra: value}
        elif kind == "in place" and table:  # the same row object, changed: must be seen
            table[i][extra] = value
        elif kind == "insert":
            table.insert(i, dict(extra))
        elif kind == "delete" and table:
            del table[i]
        elif kind == "reorder" and table:
            table = table[i:] + table[:i]
        for columns in (("name", "birth_date"), ("name",), ("id_number",)):
            counts = fn._counts_of(table, columns)
            assert +counts.by_key == fresh_counts(table, columns)
            assert counts.keys == [tuple(fn.same_key(row.get(c)) for c in columns) for row in table]
            for row in table:
                values = tuple(row.get(c) for c in columns)
                if all(v not in (None, "") for v in values):
                    assert (
                        fn.count_in(table, columns, values)
                        == fresh_counts(table, columns)[tuple(fn.same_key(v) for v in values)]
                    )


# Rosters as columns of (ID number, name, birth date, on post), one tuple a row.
ROSTERS = st.lists(
    st.tuples(
        st.sampled_from(IDS),
        st.sampled_from(NAMES),
        st.sampled_from(BIRTHS),
        st.sampled_from([True, False, None]),
    ),
    min_size=1,
    max_size=20,
)


def people_from_scratch(*args: Any) -> int | None:
    fn._last_people.clear()
    return fn.count_people(*args, on=ON)


@settings(max_examples=60, deadline=None)
@given(
    start=ROSTERS,
    edits=st.lists(
        st.tuples(
            st.integers(0, 30),
            st.integers(0, 3),
            st.sampled_from([*IDS, *NAMES, *BIRTHS, True, False]),
        ),
        max_size=15,
    ),
)
def test_people_counted_from_the_last_count_equal_a_fresh_count(
    start: list[tuple[Any, ...]], edits: list[tuple[int, int, Any]]
) -> None:
    columns = [list(c) for c in zip(*start, strict=True)]
    for at, which, value in edits:
        columns = [list(c) for c in columns]
        columns[which][at % len(columns[which])] = value
        carried = fn.count_people(*columns, on=ON)
        assert carried == people_from_scratch(*columns)
        # the same lists changed in place afterwards: the count is not taken from them
        columns[0][at % len(columns[0])] = None
        assert fn.count_people(*columns, on=ON) == people_from_scratch(*columns)


def guard(name: Any, birth: Any, ident: Any, on_post: Any = True) -> dict[str, Any]:
    row = {
        "name": name,
        "birth_date": birth,
        "hire_date": date(2015, 3, 1),
        "licence_no": "粤保0001",
        "on_guard_post": on_post,
    }
    if ident is not None:
        row["id_number"] = ident
    return row


guard_rows = st.builds(
    guard,
    st.sampled_from(NAMES),
    st.sampled_from(BIRTHS),
    st.sampled_from(IDS),
    st.sampled_from([True, False, None]),
)
COLUMN_VALUES = {
    "name": NAMES,
    "birth_date": BIRTHS,
    "id_number": IDS,
    "on_guard_post": [True, False, None],
    "licence_no": ["", "粤保0002", None],
    "hire_date": [date(2015, 3, 1), date(2022, 6, 1), None],
}
guard_edit = st.one_of(
    st.sampled_from(sorted(COLUMN_VALUES)).flatmap(
        lambda c: st.tuples(
            st.just("cell"), st.integers(0, 40), st.just(c), st.sampled_from(COLUMN_VALUES[c])
        )
    ),
    st.tuples(st.just("append"), st.just(0), st.just(None), guard_rows),
    st.tuples(st.just("delete"), st.integers(0, 40), st.just(None), st.none()),
    st.tuples(st.just("reorder"), st.integers(0, 40), st.just(None), st.none()),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.lists(guard_rows, min_size=1, max_size=14),
    edits=st.lists(guard_edit, min_size=1, max_size=20),
)
def test_roster_edits_that_form_and_break_duplicates_equal_a_full_evaluation(
    start: list[dict[str, Any]], edits: list[tuple[str, int, Any, Any]]
) -> None:
    checklist = CHECKLISTS["guards"]
    answers: dict[str, Any] = dict(DOC.checklists.get("guards") or {})
    answers["guards"] = tuple(start)
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    result, _ = live.update(answers, None)
    for kind, at, column, value in edits:
        rows = list(answers["guards"])
        i = at % len(rows) if rows else 0
        edit: Edit | None
        if kind == "cell" and rows:
            rows[i] = {**rows[i], column: value}
            edit = Edit("guards", i, column)
        elif kind == "append":
            rows.append(value)
            edit = Edit("guards", len(rows) - 1)
        elif kind == "delete" and rows:
            del rows[i]
            edit = None  # rows removed or moved: the operations judge from scratch
        elif kind == "reorder" and rows:
            rows = rows[i:] + rows[:i]
            edit = None
        else:
            continue
        answers["guards"] = tuple(rows)
        before = result
        result, changes = live.update(answers, edit)
        full = evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
        assert result == full, (kind, at, column, value)
        assert [f.message for f in result.findings] == [f.message for f in full.findings]
        old = {f.key() for f in before.findings}
        new = {f.key() for f in full.findings}
        assert {f.key() for f in changes.added} == new - old
        assert {f.key() for f in changes.removed} == old - new


def big_roster(n: int) -> list[dict[str, Any]]:
    """``n`` different guards (valid, distinct ID numbers), born 1970 onwards."""
    return [
        guard(
            f"保安{i}",
            None,
            id_number(f"{1970 + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}", seq=f"{i:03d}"),
        )
        for i in range(n)
    ]


def test_a_name_or_id_edit_rejudges_only_the_rows_holding_the_old_or_new_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checklist = CHECKLISTS["guards"]
    rows = big_roster(300)
    assert len({r["id_number"] for r in rows}) == 300
    rows[10] = {**rows[10], "id_number": None, "name": "王五", "birth_date": date(1980, 1, 1)}
    rows[20] = {**rows[20], "id_number": None, "name": "王五", "birth_date": date(1980, 1, 1)}
    answers: dict[str, Any] = {"guards": tuple(rows)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    judged: list[int] = []
    real = _ChecklistRun.table_row

    def counting(self: Any, plan: Any, row: Any, index: int, invalid: Any) -> int:
        judged.append(index)
        return real(self, plan, row, index, invalid)

    monkeypatch.setattr(_ChecklistRun, "table_row", counting)

    def edit(index: int, column: str, value: Any) -> Any:
        judged.clear()
        rows[index] = {**rows[index], column: value}
        answers["guards"] = tuple(rows)
        result, changes = live.update(answers, Edit("guards", index, column))
        seen = list(judged)
        assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
        judged[:] = seen
        return changes

    # row 30 takes row 40's ID number: both become duplicates; only the two are judged again
    changes = edit(30, "id_number", rows[40]["id_number"])
    assert sorted(judged) == [30, 40]
    assert {(f.code, f.row) for f in changes.added} == {
        ("duplicate_person", 30),
        ("duplicate_person", 40),
    }
    # row 20 leaves the 王五 pair (no valid ID number: name and birth date compare)
    changes = edit(20, "name", "赵六")
    assert sorted(judged) == [10, 20]
    assert {(f.code, f.row) for f in changes.removed} == {
        ("duplicate_person", 10),
        ("duplicate_person", 20),
    }
    # a column no row compares: that row alone
    edit(50, "licence_no", "")
    assert judged == [50]
    # on a guard post or not: that row alone, and the count of guards on post follows
    before = live.result.item("guards_on_post").value if live.result else None
    edit(60, "on_guard_post", False)
    assert judged == [60]
    assert live.result is not None and live.result.item("guards_on_post").value == before - 1


ROWS_READ_TOTAL = """
id: tot
version: 1
title: {zh: 合计, en: Total}
source: {document: {zh: 要点, en: Plan}, clauses: [75]}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: people
        type: table
        label: {zh: 名册, en: Roster}
        clauses: [75]
        columns:
          - {id: name, type: text, label: {zh: 姓名, en: Name}}
          - {id: hours, type: integer, label: {zh: 课时, en: Hours}}
        rules:
          - code: repeated
            fail_if: "count_rows(${people}, 'name', ${name}) > 1"
            severity: major
            message: {zh: "{name} 重复", en: "{name} repeated"}
          - code: over_half
            fail_if: "${hours} * 2 >= ${total}"
            severity: minor
            message: {zh: "{name} 占一半以上", en: "{name} half or more"}
      - id: total
        type: integer
        label: {zh: 合计, en: Total}
        clauses: [75]
        calculate: "sum(${hours})"
"""


def test_rows_reading_a_total_of_their_own_table_are_judged_whole() -> None:
    """A row rule reading a value computed from its own table (here the total of a column no
    row compares by count_rows) changes with any row's edit of that column."""
    checklist = load_text(ROWS_READ_TOTAL, "tot.yaml")
    deps = analyse(checklist)
    assert "people" not in deps.cross_row_columns
    assert deps.judged_again(Edit("people", 0, "hours")) >= {"people", "total"}
    answers: dict[str, Any] = {
        "people": (
            {"name": "甲", "hours": 3},
            {"name": "乙", "hours": 1},
            {"name": "丙", "hours": 1},
        )
    }
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    result, _ = live.update(answers, None)
    assert {(f.code, f.row) for f in result.findings} == {("over_half", 0)}
    answers["people"] = ({"name": "甲", "hours": 0}, *answers["people"][1:])
    result, changes = live.update(answers, Edit("people", 0, "hours"))
    assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
    assert {(f.code, f.row) for f in result.findings} == {("over_half", 1), ("over_half", 2)}
    assert {(f.code, f.row) for f in changes.added} == {("over_half", 1), ("over_half", 2)}


AGGREGATE_FIRST = """
id: first
version: 1
title: {zh: 汇总在前, en: Aggregate first}
source: {document: {zh: 要点, en: Plan}, clauses: [75]}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: limit
        type: integer
        label: {zh: 上限, en: Limit}
        clauses: [75]
      - id: overs
        type: integer
        label: {zh: 超限人数, en: Over the limit}
        clauses: [75]
        calculate: "sum(${over})"
        rules:
          - code: too_many_over
            fail_if: ". > 1"
            severity: major
            message: {zh: "{overs} 人超限", en: "{overs} over the limit"}
      - id: people
        type: table
        label: {zh: 名册, en: Roster}
        clauses: [75]
        columns:
          - {id: name, type: text, label: {zh: 姓名, en: Name}}
          - {id: years, type: integer, label: {zh: 年数, en: Years}}
          - id: over
            type: yes_no
            label: {zh: 超限, en: Over}
            calculate: "${years} > ${limit}"
"""


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_column_read_before_its_table_follows_the_values_it_is_computed_from(
    data: st.DataObject,
) -> None:
    """The aggregate is judged before its table: a column taken from the last evaluation must
    still follow an edit of the item it is computed from (here the limit) and of the rows."""
    checklist = load_text(AGGREGATE_FIRST, "first.yaml")
    people = tuple({"name": f"人{i}", "years": i} for i in range(6))
    answers: dict[str, Any] = {"limit": 3, "people": people}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    edits = st.one_of(
        st.integers(0, 7).map(lambda n: ("limit", n)),
        st.tuples(st.integers(0, 7), st.integers(0, 9)),
    )
    for what, value in data.draw(st.lists(edits, min_size=1, max_size=12)):
        if what == "limit":
            answers["limit"] = value
            edit = Edit("limit")
        else:
            rows = list(answers["people"])
            at = int(what)
            if at >= len(rows):
                rows.append({"name": "新", "years": value})
                edit = Edit("people", len(rows) - 1)
            else:
                rows[at] = {**rows[at], "years": value}
                edit = Edit("people", at, "years")
            answers["people"] = tuple(rows)
        result, _ = live.update(answers, edit)
        assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)


derived_edit = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 30), st.sampled_from(["name", "birth_date"])),
    st.tuples(st.just("append"), st.just(0), row_strategy),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.lists(row_strategy, min_size=1, max_size=25),
    edits=st.lists(
        st.tuples(derived_edit, st.sampled_from(NAMES + BIRTHS), st.booleans()),
        max_size=20,
    ),
)
def test_counts_carried_along_derived_lists_equal_a_fresh_count(
    start: list[dict[str, Any]], edits: list[tuple[tuple[str, int, Any], Any, bool]]
) -> None:
    """A list noted as made from the last one with some rows replaced or appended is counted
    from the last count reading those rows alone; a count skipped in between (the rows read
    only some evaluations) follows the lists in between. Every count equals a fresh one, and
    the rows holding a key are the rows whose keys are it."""
    fn.clear_counts()
    table = [dict(r) for r in start]
    for columns in (("name", "birth_date"), ("id_number",)):
        fn._counts_of(table, columns)
    for (kind, at, extra), value, counted in edits:
        new = list(table)
        i = at % len(table)
        if kind == "cell":
            new[i] = {**new[i], extra: value}
        else:
            new.append(dict(extra))
            i = len(table)
        fn.derived_list(new, table, (i,))
        table = new
        if not counted:
            continue
        for columns in (("name", "birth_date"), ("id_number",)):
            counts = fn._counts_of(table, columns)
            assert +counts.by_key == fresh_counts(table, columns)
            keys = [tuple(fn.same_key(row.get(c)) for c in columns) for row in table]
            assert counts.keys == keys
            wanted = set(keys[: 1 + len(keys) // 2])
            assert fn.rows_holding(table, columns, wanted) == [
                j for j, k in enumerate(keys) if k in wanted
            ]


def test_a_list_said_to_be_made_from_another_list_is_counted_from_its_rows() -> None:
    """A derivation that does not lead to the last list counted is not used: the rows are
    read and compared (a wrong note costs time, never a wrong count)."""
    fn.clear_counts()
    table = [{"name": "张三", "birth_date": date(1980, 1, 1)} for _ in range(20)]
    columns = ("name", "birth_date")
    assert fn.count_in(table, columns, ("张三", date(1980, 1, 1))) == 20
    other = [dict(r) for r in table]
    changed = list(table)
    changed[3] = {"name": "李四", "birth_date": date(1980, 1, 1)}
    changed[4] = {"name": "李四", "birth_date": date(1980, 1, 1)}
    fn.derived_list(changed, other, (3,))  # made from another list: not the one counted
    assert fn.count_in(changed, columns, ("李四", date(1980, 1, 1))) == 2
    assert fn.count_in(changed, columns, ("张三", date(1980, 1, 1))) == 18
    grown = [*changed, {"name": "李四", "birth_date": date(1980, 1, 1)}]
    fn.derived_list(grown, changed, (3,))  # the appended row not named: not used
    assert fn.count_in(grown, columns, ("李四", date(1980, 1, 1))) == 3


@settings(max_examples=60, deadline=None)
@given(
    start=ROSTERS,
    edits=st.lists(
        st.tuples(
            st.integers(0, 30),
            st.integers(0, 3),
            st.sampled_from([*IDS, *NAMES, *BIRTHS, True, False]),
            st.booleans(),
        ),
        max_size=15,
    ),
)
def test_people_counted_along_derived_columns_equal_a_fresh_count(
    start: list[tuple[Any, ...]], edits: list[tuple[int, int, Any, bool]]
) -> None:
    """count_people() over columns noted as made from the last count's (one row changed), or
    given again and noted as unchanged, reads that row alone; with a column not so noted it
    compares; both equal a fresh count."""
    fn._last_people.clear()
    columns = [list(c) for c in zip(*start, strict=True)]
    assert fn.count_people(*columns, on=ON) == people_from_scratch(*columns)
    fn.count_people(*columns, on=ON)
    for at, which, value, noted in edits:
        i = at % len(columns[0])
        new = [list(c) if k == which or not noted else c for k, c in enumerate(columns)]
        new[which][i] = value
        for before, after in zip(columns, new, strict=True):
            if after is before:  # the very list again, noted as unchanged
                fn.unchanged_list(after)
            elif noted or after is not new[which]:
                fn.derived_list(after, before, (i,))
        columns = new
        carried = fn.count_people(*columns, on=ON)
        assert carried == people_from_scratch(*columns)
        fn.count_people(*columns, on=ON)  # the count the next edit is carried from


def test_a_run_that_fails_midway_leaves_no_half_changed_evaluation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A roster row is re-judged in place of the last evaluation's: when the run fails after
    changing it, the evaluation is forgotten and the next edit is judged from scratch, equal
    to a full evaluation."""
    from checklists import incremental

    checklist = CHECKLISTS["guards"]
    rows = big_roster(40)
    answers: dict[str, Any] = {"guards": tuple(rows)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    rows[5] = {**rows[5], "id_number": rows[6]["id_number"]}  # a duplicate pair forms
    answers["guards"] = tuple(rows)
    real = incremental._LiveRun._judge_row
    judged: list[int] = []

    def failing(self: Any, plan: Any, scope: Any, index: int, out: Any) -> None:
        real(self, plan, scope, index, out)
        judged.append(index)
        if len(judged) == 1:
            raise KeyboardInterrupt  # after the first row was changed in place

    monkeypatch.setattr(incremental._LiveRun, "_judge_row", failing)
    with pytest.raises(KeyboardInterrupt):
        live.update(answers, Edit("guards", 5, "id_number"))
    monkeypatch.setattr(incremental._LiveRun, "_judge_row", real)
    rows[7] = {**rows[7], "name": "改名"}
    answers["guards"] = tuple(rows)
    result, changes = live.update(answers, Edit("guards", 7, "name"))
    assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
    assert {("duplicate_person", 5), ("duplicate_person", 6)} <= {
        (f.code, f.row) for f in result.findings
    }


def test_a_count_of_people_that_fails_leaves_no_half_made_count() -> None:
    """The counts are taken over from the last count as rows are read again: a row that cannot
    be counted (a name that is a list) leaves nothing to carry, and the next count is fresh."""
    fn._last_people.clear()
    ids: list[Any] = [None] * 20
    names: list[Any] = [f"保安{i}" for i in range(20)]
    births = [date(1980, 1, 1)] * 20
    assert fn.count_people(ids, names, births, on=ON) == 20
    bad = [*names[:5], "保安0", ["保安0"], *names[7:]]  # row 5 counted, then row 6 fails
    with pytest.raises(fn.Problem):
        fn.count_people(ids, bad, births, on=ON)
    assert fn.count_people(ids, list(names), births, on=ON) == 20  # as at first
    again = [*names[:6], "保安1", *names[7:]]
    assert fn.count_people(ids, again, births, on=ON) == 19
    assert people_from_scratch(ids, again, births) == 19


@pytest.mark.parametrize("noted", [True, False])
def test_a_table_count_that_fails_leaves_no_half_made_count(noted: bool) -> None:
    """Counts are taken over from the last table's: a row that cannot be counted (a value that
    is a list) leaves nothing to carry, and the next table is counted afresh."""
    fn.clear_counts()
    columns = ("name",)
    table = [{"name": f"保安{i}"} for i in range(20)]
    assert fn.count_in(table, columns, ("保安5",)) == 1
    bad = list(table)
    bad[5] = {"name": "保安0"}
    bad[6] = {"name": ["保安0"]}  # row 5 counted again, then row 6 fails
    if noted:
        fn.derived_list(bad, table, (5, 6))
    with pytest.raises(fn.Problem):
        fn.count_in(bad, columns, ("保安0",))
    again = list(table)
    if noted:
        fn.derived_list(again, bad, (5, 6))
    assert fn.count_in(again, columns, ("保安5",)) == 1
    assert fn.count_in(again, columns, ("保安0",)) == 1
    assert +fn._counts_of(again, columns).by_key == fresh_counts(again, columns)


@pytest.mark.parametrize("column", ["licence_no", "name", "id_number", "on_guard_post"])
def test_a_cell_edit_leaves_no_cyclic_garbage_holding_the_roster(column: str) -> None:
    """What a save judged (its scopes, the rows' scopes, and the roster's lists they hold)
    goes when the save is over, not at the collector's next pass: else every save leaves a
    roster's worth of lists for the collector to walk, and its pauses land on the saves."""
    import gc

    checklist = CHECKLISTS["guards"]
    rows = big_roster(300)
    answers: dict[str, Any] = {"guards": tuple(rows)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    values = {
        "licence_no": ["", "粤保0002"],
        "name": ["王五", "赵六"],
        "id_number": [rows[41]["id_number"], rows[40]["id_number"]],
        "on_guard_post": [False, True],
    }[column]
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for i in range(4):
            rows[40] = {**rows[40], column: values[i % 2]}
            answers["guards"] = tuple(rows)
            live.update(answers, Edit("guards", 40, column))
        gc.collect()
        held = [g for g in gc.garbage if isinstance(g, _Scope | _RowScope)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert held == []
    assert live.result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
