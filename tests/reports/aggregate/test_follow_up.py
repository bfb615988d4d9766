"""The office's follow-up against a hand-built store: overdue rectification, who has not
reported (or late, or not on the list), districts in pinyin order, copies of one report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Connection, insert, select

from reports.aggregate import build_summary, open_store, write_summary_xlsx
from reports.aggregate.database import OfficeStore
from reports.aggregate.expected import ExpectedEntry, set_school_list
from reports.aggregate.store import REPORT_FINDINGS, REPORTS, SUBMISSIONS
from reports.aggregate.titles import district_key, finding_title
from tests.reports.aggregate.helpers import records

PERIOD = "2022年春季学期"
PREVIOUS = "2021年秋季学期"
TODAY = date(2022, 6, 1)
DEADLINE = date(2022, 3, 31)


def add_report(
    s: Connection,
    n: int,
    code: str,
    district: str,
    *,
    received: datetime,
    findings: list[dict],
    period: str = PERIOD,
    reference: date = date(2022, 3, 1),
) -> None:
    """Store one accepted report by hand (submission ``n``) with ``findings``."""
    s.execute(
        insert(SUBMISSIONS).values(
            id=n,
            sha256=f"{n:064x}",
            path=f"/reports/{code}-{n}.pdf",
            size=1000,
            check_version=2,
            accepted=True,
            fingerprint="f" * 64,
            signer="校长",
            signer_school=f"学校{code}",
            signer_school_code=code,
            signed_at=received,
            signed_sha256=f"{n:064x}",
            received_at=received,
        )
    )
    add_report_row(s, n, f"{code}-r{n}", code, district, period, reference)
    for i, f in enumerate(findings):
        s.execute(
            insert(REPORT_FINDINGS).values(
                submission_id=n,
                checklist="guards",
                code=f["code"],
                position=i,
                severity="major",
                count=1,
                item="guards",
                **{k: v for k, v in f.items() if k != "code"},
            )
        )


def add_report_row(
    s: Connection, n: int, report_id: str, code: str, district: str, period: str, reference: date
) -> None:
    """The report of submission ``n``."""
    s.execute(
        insert(REPORTS).values(
            submission_id=n,
            report_id=report_id,
            school_name=f"学校{code}",
            school_code=code,
            district=district,
            stage="primary",
            enrollment=800,
            period=period,
            reference_date=reference,
        )
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OfficeStore]:
    """The store of build_follow_up_store."""
    opened = build_follow_up_store(tmp_path)
    yield opened
    opened.close()


def build_follow_up_store(data_dir: Path) -> OfficeStore:
    """Four schools in four districts; one school listed but silent; one late; one unlisted;
    school 0001 also reported for the autumn before."""
    opened = open_store(None, data_dir=data_dir)
    on_time, late = datetime(2022, 3, 20, 2), datetime(2022, 4, 2, 2)
    with opened.connect() as s, s.begin():
        add_report(
            s,
            1,
            "4419000001",
            "南城街道",
            received=on_time,
            findings=[
                dict(
                    code="over_55_on_post",
                    measures="调岗",
                    owners="总务主任",
                    due_date=date(2022, 5, 1),
                    rect_status="open",
                ),
                dict(
                    code="assessment_missing",
                    measures="补考核",
                    owners="保卫科",
                    due_date=date(2022, 5, 2),
                    rect_status="done",
                ),
                dict(code="new_hire_over_45", due_date=None, rect_status=""),
            ],
        )
        add_report(
            s,
            2,
            "4419000002",
            "道滘镇",
            received=late,
            findings=[
                dict(
                    code="over_55_on_post",
                    measures="调岗",
                    owners="校长",
                    due_date=date(2022, 7, 1),
                    rect_status="in_progress",
                ),
                dict(
                    code="birth_date_unknown",
                    measures="补录",
                    owners="办公室",
                    due_date=date(2022, 4, 1),
                    rect_status="in_progress",
                ),
            ],
        )
        add_report(s, 3, "4419000003", "东城街道", received=on_time, findings=[])
        add_report(s, 4, "4419000009", "万江街道", received=on_time, findings=[])
    listed = [
        ExpectedEntry("4419000001", "学校4419000001", "南城街道", "primary", "李老师 0769-1"),
        ExpectedEntry("4419000002", "学校4419000002", "道滘镇", "primary"),
        ExpectedEntry("4419000003", "学校4419000003", "东城街道", "junior"),
        ExpectedEntry("4419000004", "东莞市高埗示例小学", "高埗镇", "primary", "王老师"),
    ]
    set_school_list(opened, PERIOD, listed, deadline=DEADLINE)
    with opened.connect() as s, s.begin():
        add_report(
            s,
            5,
            "4419000001",
            "南城街道",
            received=datetime(2021, 12, 30),
            findings=[
                dict(code="over_55_on_post"),
                dict(code="invalid_id_number"),
            ],
            period=PREVIOUS,
            reference=date(2021, 12, 31),
        )
    return opened


def test_overdue_rectification_by_district_and_school(store: OfficeStore, tmp_path: Path) -> None:
    summary = build_summary(store, today=TODAY)
    overdue = [(f.district, f.school_code, f.code) for f in summary.overdue]
    # Due before the run date and not done; 道滘 (dao) before 南城 (nan) in pinyin order.
    assert overdue == [
        ("道滘镇", "4419000002", "birth_date_unknown"),
        ("南城街道", "4419000001", "over_55_on_post"),
    ]
    book = write_summary_xlsx(summary, tmp_path / "s.xlsx")
    rows = records(book, "整改逾期")
    assert [(r["镇街"], r["学校代码"], r["问题"]) for r in rows] == [
        ("道滘镇", "4419000002", "保安员出生日期无法确定"),
        ("南城街道", "4419000001", "超过55周岁仍在保安岗位"),
    ]
    assert (rows[1]["整改措施"], rows[1]["责任人"], rows[1]["整改状态"]) == (
        "调岗",
        "总务主任",
        "未开始",
    )
    assert rows[1]["逾期天数"] == 31 and rows[1]["整改期限"].date() == date(2022, 5, 1)
    # On the day after, the school with the July plan is not overdue yet; with a later run date it is.
    assert len(build_summary(store, today=date(2022, 7, 2)).overdue) == 3
    assert build_summary(store, today=date(2022, 4, 1)).overdue == []  # due that day: not overdue


def test_not_reported_late_and_not_on_the_list(store: OfficeStore, tmp_path: Path) -> None:
    summary = build_summary(store, today=TODAY)
    standing = {r.school_code: r.status for r in summary.reporting}
    assert standing == {
        "4419000001": "on_time",
        "4419000002": "late",  # received 2 April, deadline 31 March
        "4419000003": "on_time",
        "4419000004": "missing",
        "4419000009": "unexpected",
    }
    assert summary.counts()["missing"] == 1
    rows = records(write_summary_xlsx(summary, tmp_path / "s.xlsx"), "报送情况")
    assert [r["报送情况"] for r in rows] == [
        "未报送",
        "逾期报送",
        "不在名单内",
        "按时报送",
        "按时报送",
    ]
    missing = rows[0]
    assert (missing["学校名称"], missing["镇街"], missing["联系人及电话"]) == (
        "东莞市高埗示例小学",
        "高埗镇",
        "王老师",
    )
    assert missing["收到时间"] is None and missing["截止日期"].date() == DEADLINE


def test_district_sheet_counts_and_chart(store: OfficeStore, tmp_path: Path) -> None:
    summary = build_summary(store, today=TODAY)
    book = write_summary_xlsx(summary, tmp_path / "s.xlsx")
    all_rows = records(book, "镇街汇总")
    # The autumn before (one district and its total), then this spring.
    assert [r["镇街"] for r in all_rows[:2]] == ["南城街道", "合计"]
    rows = [r for r in all_rows if r["检查周期"] == PERIOD]
    assert [r["镇街"] for r in rows] == [
        "道滘镇",
        "东城街道",
        "高埗镇",
        "南城街道",
        "万江街道",
        "合计",
    ]
    by = {r["镇街"]: r for r in rows}
    assert (by["高埗镇"]["应报学校"], by["高埗镇"]["已报学校"], by["高埗镇"]["未报送"]) == (1, 0, 1)
    assert (by["道滘镇"]["逾期报送"], by["道滘镇"]["较重"], by["道滘镇"]["整改中"]) == (1, 2, 2)
    assert (
        by["南城街道"]["整改未开始"],
        by["南城街道"]["整改已完成"],
        by["南城街道"]["无整改计划"],
    ) == (1, 1, 1)
    total = by["合计"]
    assert (total["已报学校"], total["问题合计"], total["整改逾期"], total["未报送"]) == (
        4,
        5,
        2,
        1,
    )
    ws = load_workbook(book)["镇街汇总"]
    (chart,) = ws._charts
    assert chart.grouping == "stacked" and len(chart.series) == 3
    assert ws.cell(ws.max_row, 2).font.bold  # the totals row


def test_pinyin_order_everywhere(store: OfficeStore) -> None:
    summary = build_summary(store, today=TODAY)
    assert summary.districts == ["道滘镇", "东城街道", "高埗镇", "南城街道", "万江街道"]
    spring = [s.district for s in summary.schools if s.period == PERIOD]
    assert spring == ["道滘镇", "东城街道", "南城街道", "万江街道"]
    # Code-point order would put 万 (U+4E07) and 东 (U+4E1C) first: pinyin is what people expect.
    assert sorted(["南城街道", "万江街道", "东城街道"]) != summary.districts[1::2]
    assert sorted(["", "长安镇", "茶山镇"], key=district_key) == ["茶山镇", "长安镇", ""]


def test_copy_of_the_same_signed_revision_is_one_report(store: OfficeStore) -> None:
    with store.connect() as s, s.begin():
        sub = SUBMISSIONS.c
        original = s.execute(select(sub.signed_at, sub.signed_sha256).where(sub.id == 1)).one()
        s.execute(
            insert(SUBMISSIONS).values(
                id=99,
                sha256="e" * 64,
                path="/reports/copy.pdf",
                size=1001,
                check_version=2,
                accepted=True,
                fingerprint="f" * 64,
                signer="校长",
                signer_school_code="4419000001",
                signed_at=original.signed_at,
                signed_sha256=original.signed_sha256,
                received_at=datetime(2022, 5, 1),
            )
        )
        add_report_row(s, 99, "4419000001-r1", "4419000001", "南城街道", PERIOD, date(2022, 3, 1))
    summary = build_summary(store, today=TODAY)
    school = next(
        r for r in summary.schools if r.school_code == "4419000001" and r.period == PERIOD
    )
    assert (school.path, school.superseded, school.copies) == ("/reports/4419000001-1.pdf", 0, 1)
    (row,) = summary.superseded
    assert row.copy and row.path == "/reports/copy.pdf"
    assert summary.counts()["superseded"] == 0 and summary.counts()["copies"] == 1


def test_every_builtin_finding_code_has_a_title() -> None:
    from checklists.registry import builtin_checklists

    for cid, checklist in builtin_checklists().items():
        for _, _, rule in checklist.rules():
            for lang in ("zh", "en"):
                title = finding_title(cid, rule.code, lang)
                assert (
                    title != rule.code
                    and "{" not in title
                    and len(title) <= (30 if lang == "zh" else 120)
                ), (cid, rule.code, title)


def test_a_school_across_periods(store: OfficeStore) -> None:
    from reports.aggregate.school import compare_periods, previous_period, school_periods

    periods = school_periods(store, "4419000001")
    assert [p.period for p in periods] == [PREVIOUS, PERIOD]
    changes = compare_periods(previous_period(periods, PERIOD), periods[1])
    assert [(c.code, c.change) for c in changes] == [
        ("assessment_missing", "new"),
        ("new_hire_over_45", "new"),
        ("over_55_on_post", "recurring"),
        ("invalid_id_number", "resolved"),
    ]
    assert previous_period(periods, PREVIOUS) is None


def test_every_dongguan_town_sorts_as_pypinyin_reads_it() -> None:
    from pypinyin import Style, lazy_pinyin

    from tools.make_reports import DISTRICTS

    towns = [*DISTRICTS, "麻涌镇", "长安镇", "樟木头镇"]
    by_phrase = sorted(towns, key=lambda d: (lazy_pinyin(d, style=Style.TONE3), d))
    assert sorted(towns, key=district_key) == by_phrase
    assert by_phrase.index("长安镇") < by_phrase.index("常平镇")  # 长安 is cháng'ān, not zhǎng


def test_the_previous_period_gives_the_next_list(store: OfficeStore) -> None:
    from checklists.foundation.errors import InputError
    from reports.aggregate.expected import (
        previous_schools,
        remove_school_list,
        set_deadline,
    )

    # No list for the autumn: the schools that reported for it.
    assert [(e.code, e.district) for e in previous_schools(store, PREVIOUS)] == [
        ("4419000001", "南城街道")
    ]
    # The spring has a list: it is carried over as it is.
    assert len(previous_schools(store, PERIOD)) == 4
    with pytest.raises(InputError, match="没有检查周期"):
        previous_schools(store, "2030年春季学期")
    set_deadline(store, PERIOD, None)
    standing = {r.school_code: r.status for r in build_summary(store, today=TODAY).reporting}
    assert standing["4419000002"] == "on_time"  # no deadline: nobody is late
    assert remove_school_list(store, PERIOD) == 4
    assert build_summary(store, today=TODAY).reporting == []


def test_two_guards_over_age_keep_their_own_rectification(tmp_path: Path) -> None:
    """Two findings of one code (two guards over age, rows 1 and 3) with different plans:
    each its own row in the findings sheet, only the overdue one in the overdue sheet; the
    school counts once for the code and twice among findings."""
    opened = open_store(None, data_dir=tmp_path / "data")
    try:
        with opened.connect() as s, s.begin():
            add_report(s, 1, "4419000001", "南城街道", received=datetime(2022, 3, 20), findings=[
                dict(code="over_55_on_post", row_index=0, explanations="张某 57 岁",
                     measures="调岗至门卫", owners="总务主任", due_date=date(2022, 5, 1),
                     rect_status="in_progress"),
                dict(code="over_55_on_post", row_index=2, explanations="李某 56 岁",
                     measures="解除劳务合同", owners="校长", due_date=date(2022, 4, 15),
                     rect_status="done"),
                dict(code="over_55_on_post", row_index=4, explanations="",
                     measures="另聘保安", owners="保卫科", due_date=date(2022, 7, 1),
                     rect_status="open"),
            ])  # fmt: skip
        summary = build_summary(opened, today=TODAY)
        (school,) = summary.schools
        assert (school.findings, school.overdue, school.codes) == (
            3,
            1,
            ("guards.over_55_on_post",),
        )
        assert school.rectification["in_progress"] == school.rectification["done"] == 1
        (by_code,) = summary.by_code
        assert by_code.total == 1  # one school with the code
        book = write_summary_xlsx(summary, tmp_path / "s.xlsx")
        findings = records(book, "问题明细")
        assert [
            (
                r["行号"],
                r["学校解释"],
                r["整改措施"],
                r["责任人"],
                r["整改期限"].date(),
                r["整改状态"],
            )
            for r in findings
        ] == [
            (1, "张某 57 岁", "调岗至门卫", "总务主任", date(2022, 5, 1), "整改中"),
            (3, "李某 56 岁", "解除劳务合同", "校长", date(2022, 4, 15), "已完成"),
            (5, None, "另聘保安", "保卫科", date(2022, 7, 1), "未开始"),
        ]
        overdue = records(book, "整改逾期")
        assert [(r["行号"], r["整改措施"], r["逾期天数"]) for r in overdue] == [
            (1, "调岗至门卫", 31)
        ]
        later = build_summary(opened, today=date(2022, 7, 2))
        assert [(f.row_number(), f.measures) for f in later.overdue] == [
            (1, ("调岗至门卫",)),
            (5, ("另聘保安",)),
        ]
    finally:
        opened.close()


def test_a_character_s_reading_is_the_first_of_pypinyin_s_for_it() -> None:
    """The readings are taken from pypinyin's table one by one as districts need them: each
    is the first reading the table gives its character, for every character in it, and none
    for a character it lacks."""
    import importlib.util
    import json

    from reports.aggregate.titles import character_reading

    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations
    path = Path(list(spec.submodule_search_locations)[0]) / "pinyin_dict.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    readings = {int(k): v.split(",", 1)[0] for k, v in table.items()}
    assert len(readings) > 40_000
    for code, reading in readings.items():
        assert character_reading(chr(code)) == reading, chr(code)
    assert character_reading("a") == "" and character_reading("😀") == ""
    assert character_reading("长") == "zhǎng"  # the table's first; PLACE_READINGS says cháng


def test_readings_stay_right_from_a_data_file_in_another_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The file is searched by halving it, which needs its lines in code point order: a file
    in another order (another pypinyin) gives the same readings, from its whole table."""
    from reports.aggregate import titles

    data = titles._reading_file_bytes()
    lines = data.split(b"\n")
    shuffled = b"\n".join([lines[0], *reversed(lines[1:-2]), *lines[-2:]])
    monkeypatch.setattr(titles, "_reading_file_bytes", lambda: shuffled)
    for ch in "东莞道滘高埗麻涌长安虎门厚街沙田洪梅望牛墩松山湖樟木头𠀀a(":
        expected = titles._reading_table()[0].get(str(ord(ch)), "")
        assert titles.character_reading(ch) == expected.split(",", 1)[0], ch
    places = ["高埗", "道滘", "东城", "长安", "麻涌"]
    assert sorted(places, key=titles.district_key.__wrapped__) == [
        "长安", "道滘", "东城", "高埗", "麻涌",
    ]  # fmt: skip
