"""Incremental evaluation equals a full evaluation, after any sequence of edits (hypothesis)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists.answers import FindingNote, Rectification
from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_checklist, linked_checklists, linked_values
from checklists.incremental import LINKED, Edit, LiveEvaluation, analyse
from checklists.loader import load_text
from checklists.model import Item
from checklists.registry import builtin_checklists

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"
CHECKLISTS = builtin_checklists()
DOC = DocumentParser(CHECKLISTS).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))
IDS = ("441900196405121310", "44190019700101001X", "441900197001010010", "1234", "")


def value_for(item: Item) -> st.SearchStrategy[Any]:
    """Values of the item's type, boundaries included, or None (cleared)."""
    near = [date(2021, 12, 31) + timedelta(days=d) for d in (-366, -365, -364, 0, 1)]
    by_type: dict[str, st.SearchStrategy[Any]] = {
        "yes_no": st.booleans(),
        "integer": st.integers(-1, 3000),
        "decimal": st.sampled_from([0.0, 0.69, 0.7, 79.6, 80.0, 299.9, 300.0, 5500.1, 19.0]),
        "date": st.sampled_from([date(1960, 2, 29), date(1975, 6, 1), date(2021, 1, 1), *near]),
        "text": st.sampled_from(["张三", "粤莞保字2012A01873", "x"]),
        "id_number": st.sampled_from(IDS),
        "single_choice": st.sampled_from([c.value for c in item.choices] or ["x"]),
    }
    return st.one_of(st.none(), by_type.get(item.type, st.none()))


def edits_for(checklist_id: str) -> st.SearchStrategy[tuple[str, str, Any, Any]]:
    """One edit: ('answer', item, value, None) or ('cell', table, (row, column), value)."""
    checklist = CHECKLISTS[checklist_id]
    answerable = [
        i for i in checklist.items() if i.answerable and i.type not in ("table", "evidence")
    ]
    tables = [i for i in checklist.items() if i.is_table]
    options = []
    if answerable:
        options.append(
            st.sampled_from(answerable).flatmap(
                lambda i: value_for(i).map(lambda v: ("answer", i.id, v, None))
            )
        )
    for table in tables:
        columns = [c for c in table.columns if c.calculate is None]
        options.append(
            st.tuples(st.integers(0, 12), st.sampled_from(columns)).flatmap(
                partial(_cell_edit, table)
            )
        )
    return st.one_of(options)


def _cell_edit(
    table: Item, where: tuple[int, Item]
) -> st.SearchStrategy[tuple[str, str, Any, Any]]:
    """A value for one cell of ``table`` (row, column)."""
    row, column = where
    return value_for(column).map(lambda v: ("cell", table.id, (row, column.id), v))


def apply(answers: dict[str, Any], edit: tuple[str, str, Any, Any]) -> Edit:
    """Apply one generated edit to ``answers`` as the operations do; the Edit describing it."""
    kind, item_id, where, value = edit
    if kind == "answer":
        if where is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = where
        return Edit(item_id)
    rows = list(answers.get(item_id) or ())
    index, column = where
    appended = index >= len(rows)
    if appended:  # past the end: append a row (copied from the first, if any)
        rows.append(dict(rows[0]) if rows else {})
        index = len(rows) - 1
    cells = dict(rows[index])
    if value is None:
        cells.pop(column, None)
    else:
        cells[column] = value
    rows[index] = cells
    answers[item_id] = tuple(rows)
    # One cell of an existing row: the edit names its column, as the operations' edits do.
    return Edit(item_id, index, None if appended else column)


NOTES = (
    FindingNote("guards", "over_55_on_post", "guards", 1, "已安排调岗", None),
    FindingNote(
        "guards",
        "guard_training_log_missing",
        "training_log",
        None,
        "",
        Rectification("补训", "保卫处", date(2022, 1, 31), "in_progress"),
    ),
    FindingNote("lighting", "desk_lux_low", "classrooms", 0, "灯管老化", None),
)


@pytest.mark.parametrize("checklist_id", list(CHECKLISTS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_incremental_equals_full(checklist_id: str, data: st.DataObject) -> None:
    checklist = CHECKLISTS[checklist_id]
    answers = dict(DOC.checklists[checklist_id])
    notes = tuple(n for n in NOTES if n.checklist == checklist_id)
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date, notes)
    result, changes = live.update(answers, None)
    assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date, notes)
    for edit in data.draw(st.lists(edits_for(checklist_id), min_size=1, max_size=25)):
        before = result
        result, changes = live.update(answers, apply(answers, edit))
        full = evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date, notes)
        assert result == full, edit
        old = {f.key() for f in before.findings}
        new = {f.key() for f in full.findings}
        assert {f.key() for f in changes.added} == new - old, edit
        assert {f.key() for f in changes.removed} == old - new, edit


def test_an_answer_edit_rejudges_only_the_items_that_use_it() -> None:
    deps = analyse(CHECKLISTS["guards"])
    assert deps.judged_again(Edit("training_log")) == {"training_log", "training_hours_term"}
    # a cell of the roster: that row, and the count of guards on post calculated from the roster
    assert deps.judged_again(Edit("guards", 3)) == {"guards_on_post"}  # any cell, by row
    assert deps.judged_again(Edit("guards")) == {"guards", "guards_on_post"}
    # one cell: the count is judged again only when it is a cell of the column it reads
    assert deps.judged_again(Edit("guards", 3, "licence_no")) == frozenset()
    assert deps.judged_again(Edit("guards", 3, "on_guard_post")) == {"guards_on_post"}
    # duplicate_person compares rows by ID number, name and birth date (count_rows): an edit of
    # one of those may change other rows' verdicts, those of the rows holding the old or the
    # new values (judged by row with them), not the whole roster
    assert deps.whole_tables == {"guards"}
    assert deps.cross_row_columns == {"guards": {"id_number", "name", "birth_date"}}
    assert deps.keyed_columns == {"guards": (("id_number",), ("name", "birth_date"))}
    assert deps.judged_again(Edit("guards", 3, "id_number")) == {"guards_on_post"}
    assert deps.keyed_sets(Edit("guards", 3, "id_number")) == (("id_number",),)
    assert deps.keyed_sets(Edit("guards", 3, "name")) == (("name", "birth_date"),)
    assert deps.keyed_sets(Edit("guards", 3, "licence_no")) == ()


AGGREGATE = """
id: agg
version: 1
title: {zh: 汇总, en: Aggregate}
source: {document: {zh: 要点, en: Plan}, clauses: [75]}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: stated
        type: integer
        label: {zh: 人数, en: Count}
        clauses: [75]
      - id: people
        type: table
        label: {zh: 名册, en: Roster}
        clauses: [75]
        columns:
          - {id: name, type: text, label: {zh: 姓名, en: Name}}
          - {id: on_post, type: yes_no, label: {zh: 在岗, en: On post}}
        rules:
          - code: more_than_stated
            fail_if: "count(${people}) > ${stated}"
            severity: major
            message: {zh: "{name}：超出 {stated}", en: "{name}: over {stated}"}
      - id: roster_vs_count
        type: yes_no
        label: {zh: 核对, en: Check}
        clauses: [75]
        calculate: "count(${name}) = ${stated}"
        rules:
          - code: count_mismatch
            fail_if: ". = false"
            severity: minor
            message: {zh: "人数 {stated} 与名册不符", en: "count {stated} differs from the roster"}
"""


def test_rows_that_see_their_own_table_are_judged_whole() -> None:
    checklist = load_text(AGGREGATE, "agg.yaml")
    deps = analyse(checklist)
    assert "people" in deps.whole_tables
    assert deps.judged_again(Edit("people", 0)) == {"people", "roster_vs_count"}
    assert deps.judged_again(Edit("stated")) == {"stated", "people", "roster_vs_count"}
    answers: dict[str, Any] = {"stated": 1, "people": ({"name": "甲", "on_post": True},)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    answers["people"] = (*answers["people"], {"name": "乙"})
    result, changes = live.update(answers, Edit("people", 1))
    assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
    assert {(f.code, f.row) for f in changes.added} == {
        ("more_than_stated", 0),
        ("more_than_stated", 1),
        ("count_mismatch", None),
    }


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_aggregating_checklist_incremental_equals_full(data: st.DataObject) -> None:
    checklist = load_text(AGGREGATE, "agg.yaml")
    answers: dict[str, Any] = {"stated": 2, "people": ({"name": "甲"},)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    edits = st.one_of(
        st.integers(0, 4).map(lambda n: ("answer", "stated", n, None)),
        st.tuples(st.integers(0, 4), st.sampled_from(["name", "on_post"])).map(
            lambda rc: ("cell", "people", rc, "丙" if rc[1] == "name" else False)
        ),
    )
    for edit in data.draw(st.lists(edits, min_size=1, max_size=12)):
        result, _ = live.update(answers, apply(answers, edit))
        assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)


def test_what_a_row_adds_to_the_unanswered_count_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row rule that counts missing required cells (as completeness checks do) stays right
    when other rows are not judged again."""
    from checklists import evaluator

    original = evaluator._ChecklistRun.table_row

    def counting(self: Any, plan: Any, row: Any, index: int, invalid: Any) -> int:
        if plan.item.id == "guards" and row.get("hire_date") is None:
            self.required_unanswered += 1
        return original(self, plan, row, index, invalid)

    monkeypatch.setattr(evaluator._ChecklistRun, "table_row", counting)
    checklist = CHECKLISTS["guards"]
    answers = dict(DOC.checklists["guards"])
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    for edit in [
        ("cell", "guards", (1, "hire_date"), None),
        ("cell", "guards", (3, "licence_no"), None),
        ("cell", "guards", (99, "hire_date"), None),
        ("cell", "guards", (1, "hire_date"), date(2020, 1, 1)),
    ]:
        result, _ = live.update(answers, apply(answers, edit))
        full = evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
        assert result == full
        assert result.summary["required_unanswered"] == full.summary["required_unanswered"]


def _blank_required(checklist_id: str) -> list[tuple[str, str, Any, Any]]:
    """Edits that leave each required cell of the first rows blank."""
    out = []
    for table in (i for i in CHECKLISTS[checklist_id].items() if i.is_table):
        for column in table.columns:
            if not column.required or column.calculate is not None or column.relevant is not None:
                continue
            out += [("cell", table.id, (row, column.id), None) for row in (0, 2)]
    return out


@pytest.mark.parametrize("checklist_id", [cl for cl in CHECKLISTS if _blank_required(cl)])
def test_blank_required_cells_are_kept_per_row(checklist_id: str) -> None:
    """Cells left blank make the table incomplete; a row judged again keeps the other rows'
    missing cells and replaces its own."""
    checklist = CHECKLISTS[checklist_id]
    answers = dict(DOC.checklists[checklist_id])
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    blanks = _blank_required(checklist_id)
    for edit in blanks:
        result, _ = live.update(answers, apply(answers, edit))
        assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
    table = blanks[0][1]
    assert result.item(table).status in ("incomplete", "fail")
    assert {(0, e[2][1]) for e in blanks if e[1] == table} <= set(result.item(table).missing)
    # filling one cell in again takes exactly that one away
    row, column = blanks[0][2]
    first = DOC.checklists[checklist_id][table][row][column]
    result, _ = live.update(answers, apply(answers, ("cell", table, (row, column), first)))
    assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
    assert (row, column) not in result.item(table).missing


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_checklist_reading_another_follows_its_edits(data: st.DataObject) -> None:
    """Safety reads the guard roster (``${guards.guards_on_post}``): after any mix of edits to
    either, safety judged incrementally (its linked values passed on) equals a full evaluation."""
    guards, safety = CHECKLISTS["guards"], CHECKLISTS["safety"]
    assert linked_checklists(safety) == ("guards",)
    g_answers, s_answers = dict(DOC.checklists["guards"]), dict(DOC.checklists["safety"])
    g_live = LiveEvaluation(guards, DOC.school, DOC.reference_date)
    s_live = LiveEvaluation(safety, DOC.school, DOC.reference_date)
    g_result, _ = g_live.update(g_answers, None)
    s_live.update(s_answers, None, linked_values(safety, {"guards": g_result}))
    on_post = st.tuples(st.integers(0, 12), st.sampled_from([True, False, None])).map(
        lambda rv: ("guards", ("cell", "guards", (rv[0], "on_guard_post"), rv[1]))
    )
    steps = st.one_of(
        edits_for("guards").map(lambda e: ("guards", e)),
        on_post,
        edits_for("safety").map(lambda e: ("safety", e)),
        st.sampled_from([None, 0, 1, 2, 3, 9]).map(
            lambda n: ("safety", ("answer", "fulltime_guards", n, None))
        ),
    )
    for target, edit in data.draw(st.lists(steps, min_size=1, max_size=20)):
        if target == "guards":
            g_result, _ = g_live.update(g_answers, apply(g_answers, edit))
            if data.draw(st.booleans(), label="safety catches up with its own next edit"):
                continue
            linked = linked_values(safety, {"guards": g_result})
            s_result, _ = s_live.update(s_answers, Edit(LINKED), linked)
        else:
            linked = linked_values(safety, {"guards": g_result})
            s_result, _ = s_live.update(s_answers, apply(s_answers, edit), linked)
        full = evaluate_checklist(safety, s_answers, DOC.school, DOC.reference_date, (), linked)
        assert s_result == full, (target, edit)
        assert g_result == evaluate_checklist(guards, g_answers, DOC.school, DOC.reference_date)


def test_linked_values_are_one_input() -> None:
    deps = analyse(CHECKLISTS["safety"])
    again = deps.judged_again(Edit(LINKED))
    assert {"fulltime_guards", "guards_on_roster"} <= again
    assert "fulltime_guards" not in deps.always  # read from the roster, not an unplaced name


COLUMNS = """
id: cols
version: 1
title: {zh: 列, en: Columns}
source: {document: {zh: 要点, en: Plan}, clauses: [75]}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: limit
        type: integer
        label: {zh: 上限, en: Limit}
        clauses: [75]
      - id: people
        type: table
        label: {zh: 名册, en: Roster}
        clauses: [75]
        columns:
          - {id: name, type: text, label: {zh: 姓名, en: Name}}
          - {id: years, type: integer, label: {zh: 年数, en: Years}}
          - {id: bonus, type: integer, label: {zh: 加成, en: Bonus}}
          - id: total
            type: integer
            label: {zh: 合计, en: Total}
            calculate: "${years} + ${bonus}"
          - id: over
            type: yes_no
            label: {zh: 超限, en: Over}
            calculate: "${total} > ${limit}"
      - id: total_sum
        type: integer
        label: {zh: 合计之和, en: Sum of totals}
        clauses: [75]
        calculate: "sum(${total})"
      - id: sum_ok
        type: yes_no
        label: {zh: 和不超, en: Sum within}
        clauses: [75]
        calculate: "${total_sum} <= 100"
        rules:
          - code: sum_over
            fail_if: ". = false"
            severity: minor
            message: {zh: "合计 {total_sum} 超过 100", en: "total {total_sum} over 100"}
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
      - id: names_given
        type: integer
        label: {zh: 有姓名, en: Named}
        clauses: [75]
        calculate: "count(${name})"
"""


def test_a_cell_rejudges_the_aggregates_of_the_columns_computed_from_it() -> None:
    deps = analyse(load_text(COLUMNS, "cols.yaml"))
    # bonus → total → over (calculated columns), and total_sum → sum_ok (calculated items)
    assert deps.judged_again(Edit("people", 0, "bonus")) == {"total_sum", "sum_ok", "overs"}
    assert deps.judged_again(Edit("people", 0, "name")) == {"names_given"}
    # a column calculated from an item: the item's edit reaches what aggregates that column
    assert {"people", "overs"} <= deps.judged_again(Edit("limit"))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_cell_edits_by_column_equal_a_full_evaluation(data: st.DataObject) -> None:
    checklist = load_text(COLUMNS, "cols.yaml")
    answers: dict[str, Any] = {"limit": 10, "people": ({"name": "甲", "years": 5, "bonus": 1},)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    cells = st.tuples(st.integers(0, 3), st.sampled_from(["name", "years", "bonus"]))
    edits = st.one_of(
        st.integers(0, 20).map(lambda n: ("answer", "limit", n, None)),
        cells.flatmap(
            lambda rc: st.sampled_from([None, 0, 7, 40] if rc[1] != "name" else [None, "乙"]).map(
                lambda v: ("cell", "people", rc, v)
            )
        ),
    )
    for edit in data.draw(st.lists(edits, min_size=1, max_size=15)):
        result, _ = live.update(answers, apply(answers, edit))
        assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)


def test_a_column_named_for_a_new_row_still_rejudges_every_aggregate() -> None:
    checklist = load_text(COLUMNS, "cols.yaml")
    answers: dict[str, Any] = {"limit": 10, "people": ({"name": "甲", "years": 5, "bonus": 0},)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    answers["people"] = (*answers["people"], {"name": "乙", "years": 190, "bonus": 0})
    # a caller naming one column of a row that was not there: the whole row counts as new
    result, _ = live.update(answers, Edit("people", 1, "name"))
    assert result == evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
    assert result.item("total_sum").value == 195
    assert [f.code for f in result.findings] == ["sum_over"]


def test_a_cell_that_makes_two_guards_one_person_is_judged_on_both_rows() -> None:
    from tests.checklists.helpers import id_number

    checklist = CHECKLISTS["guards"]

    def row(name: str, birth: str) -> dict[str, Any]:
        return {
            "name": name,
            "id_number": id_number(birth),
            "hire_date": date(2015, 3, 1),
            "licence_no": "粤保0001",
        }

    rows = [row("甲", "1990-01-01"), row("乙", "1991-01-01"), row("丙", "1992-01-01")]
    answers: dict[str, Any] = {"guards": tuple(rows)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)

    def full() -> Any:
        return evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)

    rows[2] = {**rows[2], "id_number": rows[0]["id_number"]}
    answers["guards"] = tuple(rows)
    result, changes = live.update(answers, Edit("guards", 2, "id_number"))
    assert result == full()
    assert {(f.code, f.row) for f in changes.added} == {
        ("duplicate_person", 0),
        ("duplicate_person", 2),
    }
    assert result.item("guards_on_post").value == 2
    # a column no row compares: judged by row, the duplicates stay as they were
    rows[1] = {**rows[1], "licence_no": ""}
    answers["guards"] = tuple(rows)
    result, changes = live.update(answers, Edit("guards", 1, "licence_no"))
    assert result == full()
    assert {(f.code, f.row) for f in changes.added} == {("guard_licence_missing", 1)}
