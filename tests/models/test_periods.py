"""Carrying a self-check forward to the next period, and comparing two periods' findings."""

from __future__ import annotations

from datetime import date

import pytest

from checklists.foundation.errors import InputError
from checklists.model import Checklist
from models.database import Database
from models.ops.evaluation import evaluate_assessment
from models.ops.exchange import export_document
from models.ops.periods import (
    DuplicatePeriod,
    compare_with_previous,
    current_term,
    next_period_name,
    next_reference_date,
    previous_assessment,
    propose_next_period,
)
from models.ops.revisions import carry_forward
from models.ops.rows import add_row, delete_row, list_rows

SPRING = "2022年春季学期"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2021年秋季学期", "2022年春季学期"),
        ("2022年春季学期", "2022年秋季学期"),
        ("2021年秋季", "2022年春季"),
        ("2021秋", "2022春"),
        ("2021-2022学年第一学期", "2021-2022学年第二学期"),
        ("2021-2022学年第二学期", "2022-2023学年第一学期"),
        ("2021-2022学年上学期", "2021-2022学年下学期"),
        ("2021年度", "2022年度"),
        ("Autumn term 2021", "Spring term 2022"),
        ("Spring term 2022", "Autumn term 2022"),
        ("专项检查", "专项检查"),
    ],
)
def test_next_period_follows_the_school_calendar(period: str, expected: str) -> None:
    assert next_period_name(period) == expected


def test_next_reference_date() -> None:
    assert next_reference_date(date(2021, 12, 31)) == date(2022, 6, 30)
    assert next_reference_date(date(2022, 1, 31)) == date(2022, 7, 31)
    assert next_reference_date(date(2022, 6, 30)) == date(2022, 12, 31)
    assert next_reference_date(date(2022, 7, 31)) == date(2023, 1, 31)
    assert next_reference_date(date(2022, 8, 15)) == date(2023, 2, 15)


def _finding(findings: tuple, code: str, row: int | None = None):  # type: ignore[no-untyped-def]
    return next(f for f in findings if f.code == code and f.row == row)


def test_proposal_for_the_sample_is_the_next_term(db: Database, imported: int) -> None:
    with db.session() as s:
        proposal = propose_next_period(s, imported)
    assert proposal.period == SPRING
    assert proposal.reference_date == date(2022, 6, 30)


def test_carry_forward_keeps_explanations_and_rectification(
    db: Database, imported: int, checklists: dict[str, Checklist]
) -> None:
    with db.session() as s, s.begin():
        new_id = carry_forward(s, imported, SPRING, user="t", checklists=checklists)
    with db.session() as s:
        doc = export_document(s, new_id)
        old = export_document(s, imported)
        results = evaluate_assessment(s, new_id)
    assert doc.period == SPRING and doc.reference_date == date(2022, 6, 30)
    assert doc.checklists == old.checklists
    assert doc.item_notes == old.item_notes
    f = _finding(results.findings, "fulltime_psych_teacher_missing")
    assert f.explanation == "正在招聘"
    assert f.rectification is not None
    assert (f.rectification.status, f.rectification.measure) == ("in_progress", "招聘专职教师")


def test_second_self_check_of_a_period_needs_a_confirmation(
    db: Database, imported: int, checklists: dict[str, Checklist]
) -> None:
    with db.session() as s, s.begin():
        carry_forward(s, imported, SPRING, user="t", checklists=checklists)
    with db.session() as s, s.begin(), pytest.raises(DuplicatePeriod, match="已有自查（#2）"):
        carry_forward(s, imported, " 2022年 春季学期", user="t", checklists=checklists)
    with db.session() as s, s.begin(), pytest.raises(DuplicatePeriod, match="#"):
        carry_forward(s, imported, "2021年秋季学期", user="t", checklists=checklists)
    with db.session() as s, s.begin():
        again = carry_forward(
            s, imported, SPRING, user="t", allow_duplicate=True, checklists=checklists
        )
    assert again > imported


def test_empty_period_is_refused(db: Database, imported: int) -> None:
    with db.session() as s, s.begin(), pytest.raises(Exception, match="请填写检查周期"):
        carry_forward(s, imported, "  ", user="t")


def test_a_next_period_is_one_line(db: Database, imported: int) -> None:
    with db.session() as s, s.begin(), pytest.raises(InputError, match="period: 文本应为一行"):
        carry_forward(s, imported, "2026年\t秋季", user="t")


def test_two_periods_new_recurring_resolved(
    db: Database, imported: int, checklists: dict[str, Checklist]
) -> None:
    """Autumn: 张三 (born 1950) on post, 李四 (no ID number). Spring: 张三 left, 王五 (born 1960)
    joined at the top of the roster; 李四's findings recur although his row index changed."""
    with db.session() as s, s.begin():
        new_id = carry_forward(s, imported, SPRING, user="t", checklists=checklists)
        rows = list_rows(s, new_id, "guards", "guards")
        delete_row(s, new_id, rows[0].id, user="t")
        add_row(
            s,
            new_id,
            "guards",
            "guards",
            {
                "name": "王五",
                "id_number": "441900196001010024",
                "hire_date": "2018-01-01",
                "on_guard_post": True,
            },
            index=0,
            user="t",
        )
    with db.session() as s:
        assert previous_assessment(s, new_id) == imported
        assert previous_assessment(s, imported) is None
        assert compare_with_previous(s, imported) is None
        comparison = compare_with_previous(s, new_id)
        now = evaluate_assessment(s, new_id)
        before = evaluate_assessment(s, imported)
    assert comparison is not None
    assert comparison.previous_period == "2021年秋季学期"
    assert (
        comparison.change_of(_finding(now.findings, "fulltime_psych_teacher_missing"))
        == "recurring"
    )
    assert comparison.change_of(_finding(now.findings, "over_55_on_post", 0)) == "new"  # 王五
    li_before = {f.code for f in before.findings if f.item == "guards" and f.row == 1}
    li_now = [f for f in now.findings if f.item == "guards" and f.row == 1]
    assert li_now and {f.code for f in li_now} <= li_before
    assert all(comparison.change_of(f) == "recurring" for f in li_now)
    resolved = [r for r in comparison.resolved if r.finding.code == "over_55_on_post"]
    assert len(resolved) == 1
    assert resolved[0].row_label == "张三（441900********0011）"  # the ID number masked
    counts = comparison.counts()
    assert counts["resolved"] >= 1 and counts["new"] >= 1 and counts["recurring"] >= 2


def test_carry_forward_brings_the_photos_that_still_apply(
    db: Database, imported: int, checklists: dict[str, Checklist], tmp_path
) -> None:
    """Item photos, and photos of findings that recur, on the same row; a photo of a finding
    that no longer arises (here: one that does not arise on that row) stays behind."""
    from models.ops.photos import attach_photo, list_photos, photo_path
    from tests.models.photo_helpers import phone_jpeg

    def photo(name: str, seed: int):  # type: ignore[no-untyped-def]
        path = tmp_path / name
        path.write_bytes(phone_jpeg(640, 480, seed=seed))
        return path

    with db.session() as s, s.begin():
        old_findings = {(f.code, f.row) for f in evaluate_assessment(s, imported).findings}
        assert ("over_55_on_post", 0) in old_findings and ("over_55_on_post", 1) not in old_findings
        attach_photo(s, imported, "psychology", "staffing_plan", photo("计划.jpg", 1), user="t")
        attach_photo(s, imported, "psychology", "fulltime_psych_teachers", photo("招聘.jpg", 2),
                     code="fulltime_psych_teacher_missing", user="t")  # fmt: skip
        attach_photo(s, imported, "guards", "guards", photo("张三.jpg", 3),
                     code="over_55_on_post", row=0, user="t")  # fmt: skip
        attach_photo(s, imported, "guards", "guards", photo("李四.jpg", 4),
                     code="over_55_on_post", row=1, user="t")  # fmt: skip
        new_id = carry_forward(s, imported, SPRING, user="t", checklists=checklists)
    with db.session() as s:
        old = {p.name: p for p in list_photos(s, imported)}
        new = {p.name: p for p in list_photos(s, new_id)}
        assert set(new) == {"计划.jpg", "招聘.jpg", "张三.jpg"}
        for name, ref in new.items():
            was = old[name]
            assert (ref.checklist, ref.item, ref.code, ref.row, ref.sha256, ref.taken_at) == (
                was.checklist, was.item, was.code, was.row, was.sha256, was.taken_at)  # fmt: skip
            assert photo_path(s, ref).is_file()
        (guard,) = [f for f in evaluate_assessment(s, new_id).findings
                    if f.code == "over_55_on_post" and f.row == 0]  # fmt: skip
        assert (
            export_document(s, new_id).checklists["guards"]["guards"][guard.row]["name"] == "张三"
        )
    assert len(old) == 4  # the old period keeps all of its photos


def test_the_current_term_and_its_last_day() -> None:
    assert current_term(date(2024, 3, 1)) == ("2024年春季学期", date(2024, 7, 31))
    assert current_term(date(2024, 7, 31)) == ("2024年春季学期", date(2024, 7, 31))
    assert current_term(date(2024, 8, 1)) == ("2024年秋季学期", date(2025, 1, 31))
    assert current_term(date(2025, 1, 5), "en") == ("Autumn term 2024", date(2025, 1, 31))
    # the next period after the current one is the calendar's next term
    assert next_period_name(current_term(date(2024, 9, 10))[0]) == "2025年春季学期"
    assert next_period_name(current_term(date(2025, 3, 1), "en")[0]) == "Autumn term 2025"
