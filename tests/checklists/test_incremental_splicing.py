"""The shortcuts of a save's re-judging, each attacked: the items judged again after the values
read from another checklist changed are spliced into the last result (not walked item by item),
their status counts carried from the last summary, their findings placed after the findings of
the items before them, and the edited roster row checked against the last rows in place; each
gives what a full evaluation gives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checklists import results as results_module
from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_checklist, linked_values
from checklists.expr.functions import _told
from checklists.incremental import LINKED, Edit, LiveEvaluation, _LiveRun
from checklists.registry import builtin_checklists
from checklists.results import (
    ChecklistResult,
    Figures,
    ItemResult,
    carried_counts,
    figures_of,
    status_counts,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"
CHECKLISTS = builtin_checklists()
DOC = DocumentParser(CHECKLISTS).parse(json.loads(SAMPLE.read_text(encoding="utf-8")))
GUARDS, SAFETY = CHECKLISTS["guards"], CHECKLISTS["safety"]


def _full_safety(answers: dict[str, Any], linked: dict[str, Any]) -> ChecklistResult:
    return evaluate_checklist(SAFETY, answers, DOC.school, DOC.reference_date, (), linked)


@pytest.fixture
def walked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The checklists whose runs walked every item (rather than splicing the few judged)."""
    seen: list[str] = []
    walk = _LiveRun._run_all

    def spy(self: _LiveRun) -> Any:
        seen.append(self.live.checklist.id)
        return walk(self)

    monkeypatch.setattr(_LiveRun, "_run_all", spy)
    yield seen


def _on_post_flags(values: list[bool | None]) -> tuple[dict[str, Any], ...]:
    """The sample roster with the on-post flags of its first rows set to ``values``."""
    rows = [dict(r) for r in DOC.checklists["guards"]["guards"]]
    for row, value in zip(rows, values, strict=False):
        if value is None:
            row.pop("on_guard_post", None)
        else:
            row["on_guard_post"] = value
    return tuple(rows)


@pytest.mark.parametrize("reported", [None, 0, 1, 2, 5])
def test_linked_values_changing_are_spliced_and_equal_a_full_evaluation(
    walked: list[str], reported: int | None
) -> None:
    """Guards taken off and put back on post one by one: safety (its reported count set so
    that its findings come and go, several of its items at once) re-judges the items reading
    the count in place; each step equals a full evaluation, findings in the same order."""
    g_answers = dict(DOC.checklists["guards"])
    s_answers = dict(DOC.checklists["safety"])
    if reported is None:
        s_answers.pop("fulltime_guards", None)
    else:
        s_answers["fulltime_guards"] = reported
    g_live = LiveEvaluation(GUARDS, DOC.school, DOC.reference_date)
    s_live = LiveEvaluation(SAFETY, DOC.school, DOC.reference_date)
    g_result, _ = g_live.update(g_answers, None)
    s_live.update(s_answers, None, linked_values(SAFETY, {"guards": g_result}))
    rows = len(g_answers["guards"])
    off: list[bool | None] = [False]
    steps = [off * k for k in range(1, rows + 1)] + [[True] * rows, [None] * rows]
    counts = set()
    for flags in steps:
        g_answers["guards"] = _on_post_flags(flags)
        g_result = evaluate_checklist(GUARDS, g_answers, DOC.school, DOC.reference_date)
        linked = linked_values(SAFETY, {"guards": g_result})
        counts.add(linked["guards.guards_on_post"])
        walked.clear()
        result, changes = s_live.update(s_answers, Edit(LINKED), linked)
        full = _full_safety(s_answers, linked)
        assert result == full, flags
        assert result.findings == full.findings  # in the same order
        assert walked == [], "a change of the linked values alone walked every item"
        assert result.summary == full.summary
    assert len(counts) > 2  # the count really moved (else nothing was attacked)


def test_spliced_findings_land_where_a_full_evaluation_puts_them() -> None:
    """Several items judged again at once, the first of them gaining findings: the findings of
    the later ones are placed after them (an offset left as it was would misplace them)."""
    s_answers = dict(DOC.checklists["safety"])
    s_answers["fulltime_guards"] = 50
    s_live = LiveEvaluation(SAFETY, DOC.school, DOC.reference_date)
    no_roster: dict[str, Any] = {"guards.guards_on_post": None}
    s_live.update(s_answers, None, no_roster)
    for count in (1, 50, 0, 3, None, 2):
        linked = {"guards.guards_on_post": count}
        result, _ = s_live.update(s_answers, Edit(LINKED), linked)
        assert result.findings == _full_safety(s_answers, linked).findings, count
    codes = {f.code for f in result.findings}
    assert {"guard_count_roster_mismatch", "guard_count_below_required"} & codes


def test_a_few_items_judged_again_carry_the_status_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer edit re-judges a few items: their status counts come from the last summary
    (summarize() does not count the items); the summary equals a full evaluation's."""
    answers = dict(DOC.checklists["safety"])
    live = LiveEvaluation(SAFETY, DOC.school, DOC.reference_date)
    live.update(answers, None)
    item = "safety_work_plan"

    def counted(_items: Any) -> Any:
        raise AssertionError("the items were counted again")

    monkeypatch.setattr(results_module, "status_counts", counted)
    for value in (False, None, True, False):
        if value is None:
            answers.pop(item, None)
        else:
            answers[item] = value
        result, _ = live.update(answers, Edit(item))
        monkeypatch.undo()
        full = evaluate_checklist(SAFETY, answers, DOC.school, DOC.reference_date)
        monkeypatch.setattr(results_module, "status_counts", counted)
        assert result.summary == full.summary, value
        assert result == full


def test_carried_status_counts_follow_every_kind_of_change() -> None:
    """Attack: items going between every status, in and out of the count, carried from the
    last counts equal counting them."""
    full = evaluate_checklist(
        SAFETY, dict(DOC.checklists["safety"]), DOC.school, DOC.reference_date
    )
    items = list(full.items)
    from dataclasses import replace

    changed = [
        replace(items[0], status="fail"),
        replace(items[1], status="unanswered"),
        replace(items[2], counted=not items[2].counted),
        replace(items[3], status="incomplete"),
        replace(items[4], status="not_applicable"),
        replace(items[5], status="invalid"),
    ]
    after = changed + items[6:]
    _figures, statuses = carried_counts(
        tuple(after), (), full.figures, full.summary, (items[:6], changed), {}
    )
    assert statuses is not None and statuses == status_counts(after)
    assert status_counts(full.items) == (
        {k: full.summary[{"pass": "passed", "fail": "failed"}.get(k, k)] for k in statuses[0]},
        full.summary["items"],
    )


def test_the_edited_row_is_checked_against_the_last_rows_in_place() -> None:
    """The run checks that only the edited row differs from the rows last judged, comparing
    the whole lists with that row made the same: the last rows are left exactly as they were,
    the edit is noted when it is the only difference and not when another row differs too."""
    answers = dict(DOC.checklists["guards"])
    live = LiveEvaluation(GUARDS, DOC.school, DOC.reference_date)
    live.update(answers, None)
    before = live.rows["guards"].table
    kept = list(before)
    kept_rows = [dict(r) for r in before]

    rows = list(answers["guards"])
    rows[1] = {**rows[1], "name": "改名"}
    answers["guards"] = tuple(rows)
    edit = Edit("guards", 1, "name")
    run = _LiveRun(live, answers, live.dependencies.judged_again(edit), edit, {})
    assert before == kept and all(a is b for a, b in zip(before, kept, strict=True))
    assert [dict(r) for r in before] == kept_rows
    assert _told(run.scope.get("guards"), before) == (1,)

    rows[2] = {**rows[2], "name": "也改了"}  # a second row differs: no promise made
    answers["guards"] = tuple(rows)
    run = _LiveRun(live, answers, live.dependencies.judged_again(edit), edit, {})
    assert all(a is b for a, b in zip(before, kept, strict=True))
    assert _told(run.scope.get("guards"), before) is None


THRESHOLDS = """
id: steps
version: 1
title: {zh: 阶梯, en: Steps}
source: {document: {zh: 要点, en: Plan}, clauses: [75]}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: first
        type: integer
        label: {zh: 第一, en: First}
        clauses: [75]
        rules:
          - {code: first_over_1, fail_if: "${level} > 1", severity: minor, message: {zh: 一, en: one}}
          - {code: first_over_2, fail_if: "${level} > 2", severity: minor, message: {zh: 二, en: two}}
      - id: level
        type: integer
        label: {zh: 级别, en: Level}
        clauses: [75]
      - id: plain
        type: integer
        label: {zh: 无关, en: Unrelated}
        clauses: [75]
        rules:
          - {code: plain_set, fail_if: ". > 0", severity: major, message: {zh: 设, en: set}}
      - id: last
        type: integer
        label: {zh: 最后, en: Last}
        clauses: [75]
        rules:
          - {code: last_over_0, fail_if: "${level} > 0", severity: major, message: {zh: 末, en: last}}
          - {code: last_over_3, fail_if: "${level} > 3", severity: major, message: {zh: 末3, en: last3}}
"""


def test_findings_of_several_items_judged_again_keep_their_order() -> None:
    """One answer read by two items with findings, an unrelated item with findings between
    them: as the first gains or loses findings, the later one's are spliced after the moved
    ones (a place counted from the last findings alone would put them in the wrong place)."""
    from checklists.loader import load_text

    checklist = load_text(THRESHOLDS, "steps.yaml")
    answers: dict[str, Any] = {"first": 1, "plain": 1, "last": 1, "level": 0}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    for level in (3, 0, 2, 4, 1, 4, None, 5, 0):
        if level is None:
            answers.pop("level")
        else:
            answers["level"] = level
        result, _ = live.update(answers, Edit("level"))
        full = evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
        assert result.findings == full.findings, level
        assert result == full, level


DEFAULTS = """
id: defaults
version: 1
title: {zh: 默认值, en: Defaults}
source: {document: {zh: 要点, en: Plan}, clauses: [75]}
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: crew
        type: table
        label: {zh: 名单, en: Crew}
        clauses: [75]
        columns:
          - {id: name, type: text, label: {zh: 姓名, en: Name}}
          - {id: shifts, type: integer, label: {zh: 班次, en: Shifts}, default: 5}
          - {id: present, type: yes_no, label: {zh: 在岗, en: Present}, default: true}
      - id: total_shifts
        type: integer
        label: {zh: 班次合计, en: Shifts in all}
        clauses: [75]
        calculate: "sum(${shifts})"
        rules:
          - {code: too_many, fail_if: ". > 12", severity: minor, message: {zh: "{total_shifts}", en: "{total_shifts}"}}
      - id: present_count
        type: integer
        label: {zh: 在岗人数, en: Present}
        clauses: [75]
        calculate: "count_people(${name}, ${name}, ${name}, ${present})"
        rules:
          - {code: too_few, fail_if: ". < 2", severity: major, message: {zh: "{present_count}", en: "{present_count}"}}
"""


def test_a_cleared_cell_of_a_column_read_by_a_count_takes_its_default() -> None:
    """A column as entered, read by a sum and a count over the table: a cell cleared takes
    the column's default, as in a full evaluation (the cell's value read straight from the
    edited row must fall back to that default, not to nothing)."""
    from checklists.loader import load_text

    checklist = load_text(DEFAULTS, "defaults.yaml")
    rows = [{"name": n, "shifts": 1, "present": False} for n in ("甲", "乙", "丙", "丁")]
    answers: dict[str, Any] = {"crew": tuple(rows)}
    live = LiveEvaluation(checklist, DOC.school, DOC.reference_date)
    live.update(answers, None)
    edits = [(0, "shifts", None), (1, "present", None), (2, "shifts", 3), (1, "shifts", None),
             (3, "present", None), (0, "shifts", 2), (2, "present", True)]  # fmt: skip
    for index, column, value in edits:
        table = [dict(r) for r in answers["crew"]]
        if value is None:
            table[index].pop(column, None)
        else:
            table[index][column] = value
        answers["crew"] = tuple(table)
        result, _ = live.update(answers, Edit("crew", index, column))
        full = evaluate_checklist(checklist, answers, DOC.school, DOC.reference_date)
        assert result == full, (index, column, value)
    assert result.item("total_shifts").value == 2 + 5 + 3 + 1  # row 1 cleared: its default


_STATUSES = ("pass", "fail", "not_applicable", "unanswered", "invalid", "incomplete")
_item_results = st.builds(
    ItemResult,
    item=st.sampled_from(["a", "b", "c"]),
    status=st.sampled_from(_STATUSES),
    value=st.sampled_from([None, 1, "n/a"]),
    counted=st.booleans(),
    reason=st.sampled_from([None, results_module.Text("校外", "out of scope")]),
    required=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    before=st.lists(_item_results, min_size=1, max_size=12),
    data=st.data(),
)
def test_carried_counts_equal_counting_the_items_again(before: list[ItemResult], data: Any) -> None:
    """Attack: any items (every status, counted or not, skipped, out of scope, required or
    not) replaced by any others, carried from the last figures and summary, give what
    counting the new items gives: the figures (progress, open, 符合率, each count) and the
    status counts."""
    places = data.draw(st.sets(st.integers(0, len(before) - 1)))
    after = list(before)
    for k in places:
        after[k] = data.draw(_item_results)
    last_figures = figures_of(list(before))
    count, counted = status_counts(before)
    summary = {"items": counted, "passed": count["pass"], "failed": count["fail"]}
    summary.update({k: count[k] for k in _STATUSES if k not in ("pass", "fail")})
    gone = [before[k] for k in sorted(places)]
    come = [after[k] for k in sorted(places)]
    severities = {"critical": 1, "minor": 2}
    items = tuple(after)
    figures, statuses = carried_counts(items, (), last_figures, summary, (gone, come), severities)
    counted_again = figures_of(list(after))
    assert figures == Figures(
        counted_again.total,
        counted_again.done,
        counted_again.open,
        counted_again.passed,
        counted_again.failed,
        counted_again.skipped,
        counted_again.out_of_scope,
        (("critical", 1), ("major", 0), ("minor", 2)),
    )
    assert (figures.progress, figures.compliance) == (
        counted_again.progress,
        counted_again.compliance,
    )
    assert statuses == status_counts(after)
    assert figures_of(items, ()) is figures  # remembered for the very tuples
    assert carried_counts(items, (), last_figures, None, (gone, come), severities)[1] is None
