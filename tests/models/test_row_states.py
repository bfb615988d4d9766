"""Replacing a table (an Excel re-import) keeps the finding states of the rows that stay."""

from __future__ import annotations

from datetime import date, datetime

from checklists.answers import Rectification
from models.ops.evaluation import evaluate_assessment
from models.ops.findings import explain_finding, set_rectification
from models.ops.rows import add_row, replace_table_rows

OLD = {"name": "老王", "id_number": "441900195001010011", "hire_date": "2010-03-01",
       "on_guard_post": True}  # fmt: skip
YOUNG = {"name": "小李", "id_number": "441900196001010024", "hire_date": "2010-03-01",
         "on_guard_post": True}  # fmt: skip


def _over_55(results, name: str, rows: list[dict]):  # type: ignore[no-untyped-def]
    index = [r["name"] for r in rows].index(name)
    return next(f for f in results.findings if f.code == "over_55_on_post" and f.row == index)


def test_states_follow_rows_that_stay_and_leave_with_rows_that_go(db, draft: int) -> None:
    with db.session() as s, s.begin():
        add_row(s, draft, "guards", "guards", OLD, user="u")
        add_row(s, draft, "guards", "guards", YOUNG, user="u")
        explain_finding(s, draft, "guards", "over_55_on_post", "guards", 0, "已调岗", user="u")
        set_rectification(
            s,
            draft,
            "guards",
            "over_55_on_post",
            "guards",
            1,
            Rectification("调离岗位", "保卫科", None, "in_progress"),
            user="u",
        )
    # The re-imported roster: 老王 moved down (ID number written with a space and a lower-case
    # cell elsewhere), 小李 left, a new guard on top.
    new_rows = [
        {"name": "新人", "hire_date": "2021-01-01", "on_guard_post": True},
        {**OLD, "id_number": "441900 195001010011"},
    ]
    with db.session() as s, s.begin():
        replace_table_rows(s, draft, "guards", "guards", new_rows, user="u", source="x.xlsx")
        cached = evaluate_assessment(s, draft)  # judged from the inputs the replacement cached
    assert _over_55(cached, "老王", new_rows).explanation == "已调岗"
    with db.session() as s:
        results = evaluate_assessment(s, draft)
    kept = _over_55(results, "老王", new_rows)
    assert kept.row == 1 and kept.explanation == "已调岗"
    assert all(f.rectification is None for f in results.findings if f.item == "guards")


def test_a_kept_state_is_stored_as_it_was_text_for_text(db, draft: int) -> None:
    """The states that follow their rows are written again without the ORM: every stored
    column (the due date, the time and the author of the last change) reads back the same."""
    with db.session() as s, s.begin():
        add_row(s, draft, "guards", "guards", OLD, user="u")
        add_row(s, draft, "guards", "guards", YOUNG, user="u")
        set_rectification(
            s,
            draft,
            "guards",
            "over_55_on_post",
            "guards",
            0,
            Rectification("调离岗位", "保卫科", date(2022, 1, 15), "in_progress"),
            user="主任",
        )
        explain_finding(s, draft, "guards", "over_55_on_post", "guards", 0, "已调岗", user="主任")
    columns = (
        "code, item_id, explanation, rect_status, rect_measure, rect_responsible,"
        " rect_due_date, updated_by, updated_at, typeof(rect_due_date), typeof(updated_at)"
    )
    query = f"SELECT {columns} FROM finding_states WHERE assessment_id = ? ORDER BY id"
    with db.session() as s:
        before = s.connection().exec_driver_sql(query, (draft,)).all()
    assert len(before) == 1 and before[0][6] == "2022-01-15"
    with db.session() as s, s.begin():
        replace_table_rows(s, draft, "guards", "guards", [YOUNG, OLD], user="u", source="x.xlsx")
    with db.session() as s:
        after = s.connection().exec_driver_sql(query, (draft,)).all()
        results = evaluate_assessment(s, draft)
    assert after == before
    kept = _over_55(results, "老王", [YOUNG, OLD])
    assert kept.explanation == "已调岗"
    assert kept.rectification == Rectification(
        "调离岗位", "保卫科", date(2022, 1, 15), "in_progress"
    )


def _guard(name: str, born: str) -> dict:  # type: ignore[type-arg]
    return {"name": name, "id_number": "不详", "birth_date": born, "hire_date": "2012-09-01",
            "on_guard_post": True}  # fmt: skip


def test_an_explanation_never_moves_to_another_person(db, draft: int) -> None:
    """Through a Session too: the same invalid ID text names nobody; name and birth date pair
    the rows, and two rows that cannot be told apart keep no explanation."""
    wang, zhao = _guard("王甲", "1960-01-01"), _guard("赵乙", "1961-01-01")
    with db.session() as s, s.begin():
        add_row(s, draft, "guards", "guards", wang, user="u")
        add_row(s, draft, "guards", "guards", zhao, user="u")
        explain_finding(s, draft, "guards", "over_55_on_post", "guards", 0, "王甲的说明", user="u")
    with db.session() as s, s.begin():
        replace_table_rows(s, draft, "guards", "guards", [zhao, wang], user="u", source="x.xlsx")
    with db.session() as s:
        results = evaluate_assessment(s, draft)
    assert _over_55(results, "王甲", [zhao, wang]).explanation == "王甲的说明"
    assert _over_55(results, "赵乙", [zhao, wang]).explanation == ""
    twins = [wang, {**wang, "hire_date": "2015-01-01"}]
    with db.session() as s, s.begin():
        replace_table_rows(s, draft, "guards", "guards", twins, user="u", source="y.xlsx")
    with db.session() as s:
        results = evaluate_assessment(s, draft)
    assert not [f.explanation for f in results.findings if f.item == "guards" and f.explanation]


def test_rooms_pair_by_name_and_a_shared_name_pairs_nobody(checklists) -> None:  # type: ignore[no-untyped-def]
    from models.ops.row_states import kept_state, paired_states, row_keys
    from models.stored import table_item

    item = table_item(checklists["lighting"], "classrooms")
    old = {10: {"room": "一(1)班", "desk_lux": 200}, 11: {"room": "一(2)班", "desk_lux": 210}}
    keys = row_keys(item, old)
    kept = [kept_state(keys[10], "c", "说明一", None, "", "", None, "u", datetime(2022, 1, 1))]
    moved = paired_states(
        1, "lighting", item, kept, [20, 21], [old[11], {**old[10], "desk_lux": 1}]
    )
    assert [p[4] for p in moved] == [21]
    same = paired_states(1, "lighting", item, kept, [20, 21], [old[10], dict(old[10])])
    assert same == []
    old[11] = dict(old[10])  # two old rows of one room: which one was explained?
    keys = row_keys(item, old)
    kept = [kept_state(keys[10], "c", "说明一", None, "", "", None, "u", datetime(2022, 1, 1))]
    assert paired_states(1, "lighting", item, kept, [20], [old[10]]) == []


STAFF = """
id: staff
version: 1
title: {zh: 教职工, en: Staff}
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
          - {id: xm, type: text, label: {zh: 姓名, en: Name}}
          - {id: sfz, type: id_number, label: {zh: 身份证号码, en: ID number}}
          - {id: csrq, type: date, label: {zh: 出生日期, en: Born}}
          - {id: birthday_card, type: date, label: {zh: 贺卡日期, en: Card sent}}
        rules:
          - code: twice
            fail_if: >-
              if(coalesce(id_valid(${sfz}), false), count_rows(${people}, 'sfz', ${sfz}),
              count_rows(${people}, 'xm', ${xm}, 'csrq', ${csrq})) > 1
            severity: major
            message: {zh: "{xm} 重复", en: "{xm} twice"}
"""


def test_a_person_without_an_id_is_named_by_the_checklists_own_duplicate_columns() -> None:
    """Whatever the columns are called: the checklist's duplicate rule says which cells name the
    same person (here 姓名 + 出生日期 as xm + csrq); a date column that merely has "birth" in
    its id names nobody."""
    from checklists.loader import load_text
    from models.ops.row_states import kept_state, paired_states, row_keys, same_person_columns

    item = load_text(STAFF, "staff.yaml").item("people")
    assert same_person_columns(item) == [("xm", "csrq")]
    wang = {"xm": "王甲", "sfz": "不详", "csrq": "1960-01-01", "birthday_card": "2020-01-01"}
    zhao = {"xm": "赵乙", "sfz": "不详", "csrq": "1961-01-01", "birthday_card": "2020-01-01"}
    keys = row_keys(item, {1: wang, 2: zhao})
    kept = [
        kept_state(keys[1], "twice", "王甲的说明", None, "", "", None, "u", datetime(2022, 1, 1))
    ]
    moved = paired_states(1, "staff", item, kept, [7, 8], [zhao, {**wang, "birthday_card": None}])
    assert [p[4] for p in moved] == [8]  # followed 王甲 although another cell changed
    namesake = {**wang, "csrq": "1970-05-05"}  # same name, another birth date: another person
    assert paired_states(1, "staff", item, kept, [7], [namesake]) == []


def test_a_table_without_a_duplicate_rule_pairs_people_only_by_id_or_identical_rows() -> None:
    from checklists.loader import load_text
    from models.ops.row_states import kept_state, paired_states, row_keys, same_person_columns

    text = STAFF.replace("count_rows(${people}, 'xm', ${xm}, 'csrq', ${csrq})", "1")
    item = load_text(text, "staff.yaml").item("people")
    assert same_person_columns(item) == []
    wang = {"xm": "王甲", "sfz": "不详", "csrq": "1960-01-01", "birthday_card": "2020-01-01"}
    keys = row_keys(item, {1: wang})
    kept = [kept_state(keys[1], "twice", "说明", None, "", "", None, "u", datetime(2022, 1, 1))]
    assert paired_states(1, "staff", item, kept, [7], [{**wang, "birthday_card": None}]) == []
    assert [p[4] for p in paired_states(1, "staff", item, kept, [7], [dict(wang)])] == [7]


def _paired_by_every_key(item, kept, new_ids, new_rows):  # type: ignore[no-untyped-def]
    """(code, new row id) of each kept state, every new row keyed: what paired_states gives."""
    from models.ops.row_states import row_keys

    keys = row_keys(item, dict(enumerate(new_rows)))
    by_key = {k: new_ids[i] for i, k in keys.items() if k is not None}
    return [(k.code, by_key[k.row_key]) for k in kept if k.row_key in by_key]


_NAMES = ["王甲", "王 甲", "赵乙", "ＡＢ", "ab", "AB", "", " ", None, 7]
_BIRTHS = [date(1960, 1, 1), date(1961, 2, 3), None, "", "1960-01-01"]


def _numbers() -> list[object]:
    from checklists.idnumber import check_character

    valid = [f + check_character(f) for f in ("11010519491231002", "44190019600101001")]
    return [*valid, valid[0].lower(), valid[1][:6] + " " + valid[1][6:], valid[1][:-1] + "0",
            "1234", "", None, 441900196001010011]  # fmt: skip


def test_pairing_keys_only_the_rows_that_may_be_kept_and_pairs_as_every_key_would(
    checklists,  # type: ignore[no-untyped-def]
) -> None:
    """The new rows are keyed only when their naming text is a kept state's: the pairs are
    those of keying every row (IDs, people without one, rooms, rows named by all their cells;
    keys shared by several rows, old or new)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from models.ops.row_states import kept_state, paired_states, row_keys
    from models.stored import table_item

    guards = table_item(checklists["guards"], "guards")
    rooms = table_item(checklists["lighting"], "classrooms")
    guard = st.fixed_dictionaries(
        {},
        optional={
            "name": st.sampled_from(_NAMES),
            "id_number": st.sampled_from(_numbers()),
            "birth_date": st.sampled_from(_BIRTHS),
            "hire_date": st.sampled_from([date(2015, 1, 1), date(2016, 1, 1)]),
        },
    )
    room = st.fixed_dictionaries(
        {}, optional={"room": st.sampled_from(_NAMES), "desk_lux": st.sampled_from([200, 300])}
    )
    from checklists.loader import load_text

    staff = load_text(STAFF, "staff.yaml").item("people")  # people named by xm + csrq
    member = st.fixed_dictionaries(
        {},
        optional={
            "xm": st.sampled_from(_NAMES),
            "sfz": st.sampled_from(_numbers()),
            "csrq": st.sampled_from(_BIRTHS),
            "birthday_card": st.sampled_from([date(2015, 1, 1), None]),
        },
    )

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from([(guards, guard), (rooms, room), (staff, member)]).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), st.lists(pair[1], max_size=6),
                               st.lists(pair[1], max_size=8))))  # fmt: skip
    def check(case) -> None:  # type: ignore[no-untyped-def]
        item, old, new = case
        old_keys = row_keys(item, dict(enumerate(old)))
        kept = [
            kept_state(old_keys[i], f"c{i}", "说明", None, "", "", None, "u", datetime(2022, 1, 1))
            for i in range(len(old))
        ]
        new_ids = [100 + i for i in range(len(new))]
        pairs = paired_states(1, "x", item, kept, new_ids, new)
        assert [(p[2], p[4]) for p in pairs] == _paired_by_every_key(item, kept, new_ids, new)

    check()
