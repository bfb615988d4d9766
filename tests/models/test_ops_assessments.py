"""Assessments: school profiles, snapshots, the status flow, signed = read-only, amend, list, delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from checklists.answers import Rectification, School
from checklists.foundation.errors import AnswersError, InputError
from checklists.registry import load_definition
from models.backup import list_backups
from models.errors import NotFound, ReadOnlyAssessment
from models.ops.answers import get_answers, set_answer, set_item_note
from models.ops.assessments import (
    assessment_checklists,
    delete_assessment,
    get_assessment,
    list_assessments,
    mark_signed,
    start_assessment,
)
from models.ops.evaluation import evaluate_assessment
from models.ops.evidence import attach_evidence, remove_evidence
from models.ops.exchange import export_document
from models.ops.findings import explain_finding, set_rectification
from models.ops.history import list_history
from models.ops.revisions import amend
from models.ops.rows import (
    add_row,
    delete_row,
    list_rows,
    reorder_rows,
    replace_table_rows,
    update_cell,
)
from models.ops.school import create_school, get_school, save_school, update_school
from tests.models.conftest import write_demo


def test_school_profiles_are_validated(db) -> None:
    with pytest.raises(AnswersError, match="school.code"), db.session() as s, s.begin():
        create_school(s, School("x", "123", "primary", 10))
    with pytest.raises(AnswersError, match="school.stage"), db.session() as s, s.begin():
        create_school(s, School("x", "4419000001", "university", 10))


def test_save_school_creates_then_updates_by_code(db) -> None:
    profile = School("学校", "4419000005", "junior", 900)
    with db.session() as s, s.begin():
        first = save_school(s, profile)
        second = save_school(s, replace(profile, enrollment=1100, principal="陈校长"))
    assert first == second
    with db.session() as s:
        assert get_school(s, first).enrollment == 1100


def test_a_new_profile_reaches_drafts_but_not_signed_assessments(
    db, school_id: int, draft: int, checklists
) -> None:
    with db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 0)
        signed = start_assessment(
            s,
            school_id,
            period="2020年秋季学期",
            reference_date=date(2020, 12, 31),
            checklist_ids=["psychology"],
            checklists=checklists,
        )
        set_answer(s, signed, "psychology", "fulltime_psych_teachers", 0)
        mark_signed(s, signed)
    assert "fulltime_psych_teacher_missing" in _codes(
        db, draft
    )  # 1250 pupils, primary, no full-time teacher
    with db.session() as s, s.begin():
        update_school(
            s,
            school_id,
            School("东莞市示例小学", "4419000001", "primary", 800, "南城街道"),
            user="u",
        )
    assert "fulltime_psych_teacher_missing" not in _codes(db, draft)
    assert "fulltime_psych_teacher_missing" in _codes(db, signed)
    with db.session() as s:
        assert export_document(s, signed).school.enrollment == 1250
        assert [e.action for e in list_history(s, draft)][-1] == "profile"


def _codes(db, aid: int) -> set[str]:
    with db.session() as s:
        return {f.code for f in evaluate_assessment(s, aid).findings}


def test_a_period_is_one_line(db, school_id: int, checklists) -> None:
    """A tab or a line break in the period is refused at the start, as in the document, and
    nothing is started."""
    for period in ("2026年\t秋季", "2026年\n秋季"):
        with pytest.raises(InputError, match="period: 文本应为一行"), db.session() as s, s.begin():
            start_assessment(
                s,
                school_id,
                period=period,
                reference_date="2021-12-31",
                checklist_ids=["guards"],
                checklists=checklists,
            )
    with db.session() as s:
        assert list_assessments(s) == []


def test_start_needs_known_checklists_and_a_period(db, school_id: int, checklists) -> None:
    with pytest.raises(InputError, match="未知的清单"), db.session() as s, s.begin():
        start_assessment(
            s,
            school_id,
            period="p",
            reference_date="2021-12-31",
            checklist_ids=["nope"],
            checklists=checklists,
        )
    with pytest.raises(InputError), db.session() as s, s.begin():
        start_assessment(
            s,
            school_id,
            period=" ",
            reference_date="2021-12-31",
            checklist_ids=["guards"],
            checklists=checklists,
        )
    with pytest.raises(NotFound), db.session() as s, s.begin():
        start_assessment(
            s,
            99,
            period="p",
            reference_date="2021-12-31",
            checklist_ids=["guards"],
            checklists=checklists,
        )


def test_a_later_checklist_version_never_changes_an_old_assessment(
    db, school_id: int, tmp_path: Path
) -> None:
    v1 = load_definition(write_demo(tmp_path / "v1"))
    extra = """\
      - id: plan_reviewed
        type: yes_no
        label: {zh: 已审议, en: Reviewed}
        clauses: [72]
"""
    v2 = load_definition(write_demo(tmp_path / "v2", version=2, extra=extra))
    with db.session() as s, s.begin():
        old = start_assessment(
            s,
            school_id,
            period="a",
            reference_date="2021-12-31",
            checklist_ids=["demo"],
            checklists={"demo": v1},
        )
        new = start_assessment(
            s,
            school_id,
            period="b",
            reference_date="2021-12-31",
            checklist_ids=["demo"],
            checklists={"demo": v2},
        )
    (
        tmp_path / "v1" / "demo.yaml"
    ).unlink()  # the old definition file is gone: the snapshot remains
    from models import cache

    with db.session() as s:
        cache.forget_session(s)
        assert assessment_checklists(s, old)["demo"].version == 1
        assert [i.id for i in assessment_checklists(s, old)["demo"].items()] == [
            "plan_written",
            "plan_scan",
        ]
        assert assessment_checklists(s, new)["demo"].version == 2
        assert evaluate_assessment(s, old).checklists["demo"].version == 1


def test_status_flow_and_signed_is_read_only(db, imported: int, tmp_path: Path) -> None:
    with db.session() as s, s.begin():
        set_answer(s, imported, "psychology", "fulltime_psych_teachers", 0)
        mark_signed(s, imported)
    with db.session() as s:
        assert get_assessment(s, imported).status == "signed"
        row_id = list_rows(s, imported, "guards", "guards")[0].id
    source = tmp_path / "a.pdf"
    source.write_bytes(b"x")
    writes = [
        lambda s: set_answer(s, imported, "psychology", "fulltime_psych_teachers", 1),
        lambda s: set_item_note(s, imported, "psychology", "staffing_plan", "x"),
        lambda s: add_row(s, imported, "guards", "guards", {"name": "x"}),
        lambda s: update_cell(s, imported, row_id, "name", "y"),
        lambda s: delete_row(s, imported, row_id),
        lambda s: reorder_rows(s, imported, "guards", "guards", [row_id]),
        lambda s: replace_table_rows(s, imported, "guards", "guards", []),
        lambda s: explain_finding(
            s,
            imported,
            "psychology",
            "fulltime_psych_teacher_missing",
            "fulltime_psych_teachers",
            None,
            "x",
        ),
        lambda s: set_rectification(
            s,
            imported,
            "psychology",
            "fulltime_psych_teacher_missing",
            "fulltime_psych_teachers",
            None,
            None,
        ),
        lambda s: mark_signed(s, imported),
        lambda s: delete_assessment(s, imported),
        lambda s: attach_evidence(s, imported, "psychology", "x", source),
        lambda s: remove_evidence(s, imported, 1),
    ]
    before = _doc(db, imported)
    for write in writes:
        with (
            pytest.raises(ReadOnlyAssessment, match="已签名，只读；请使用“修订”"),
            db.session() as s,
            s.begin(),
        ):
            write(s)
    assert _doc(db, imported) == before


def _doc(db, aid: int):
    with db.session() as s:
        return export_document(s, aid)


def test_amend_copies_everything_into_a_new_draft_revision(db, imported: int) -> None:
    with db.session() as s, s.begin():
        set_rectification(
            s,
            imported,
            "guards",
            "over_55_on_post",
            "guards",
            0,
            Rectification("调岗", "主任", date(2022, 1, 31), "open"),
        )
        mark_signed(s, imported)
        revision = amend(s, imported, user="u")
    with db.session() as s:
        summary = get_assessment(s, revision)
        assert (summary.status, summary.revision, summary.amended_from) == ("draft", 2, imported)
        assert export_document(s, revision) == export_document(s, imported)
        assert evaluate_assessment(s, revision) == evaluate_assessment(s, imported)
    with db.session() as s, s.begin():
        set_answer(s, revision, "psychology", "fulltime_psych_teachers", 3)
    with db.session() as s:
        assert get_answers(s, imported, "psychology")["fulltime_psych_teachers"] == 0


def test_only_signed_assessments_are_amended(db, imported: int) -> None:
    with pytest.raises(InputError, match="尚未签名"), db.session() as s, s.begin():
        amend(s, imported)


def test_list_shows_progress_and_finding_counts(db, draft: int, imported: int) -> None:
    with db.session() as s:
        rows = {a.id: a for a in list_assessments(s)}
        results = evaluate_assessment(s, imported)
    assert rows[draft].progress == 0.0 < rows[imported].progress
    assert rows[imported].findings == {
        sev: sum(1 for f in results.findings if f.severity == sev)
        for sev in ("critical", "major", "minor")
    }
    assert rows[imported].school_code == "4419000123" and rows[imported].status == "draft"
    assert rows[draft].checklists == ("safety", "psychology", "lighting", "guards")


def test_delete_writes_a_backup_first_and_keeps_the_history(
    db, data_dir: Path, imported: int
) -> None:
    with db.session() as s, s.begin():
        delete_assessment(s, imported, user="u")
    assert len(list_backups(data_dir)) == 1
    with db.session() as s:
        assert imported not in {a.id for a in list_assessments(s)}
        assert list_history(s, imported)[-1].action == "delete"
        with pytest.raises(NotFound):
            get_assessment(s, imported)


def test_listing_stored_figures_needs_no_evaluator(data_dir: Path) -> None:
    """The home list reads the stored figures: opening a data folder and listing its self-checks
    imports no evaluator (start-up time), while a change stores the figures it shows."""
    import subprocess
    import sys

    from models.database import open_database
    from tests.conftest import ROOT

    with open_database(data_dir) as db, db.session() as s, s.begin():
        school = create_school(s, School("东莞市测试小学", "4419000321", "primary", 800))
        start_assessment(s, school, period="2021年秋季学期", reference_date="2021-12-31",
                         checklist_ids=["safety", "psychology"])  # fmt: skip
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from models.database import open_database\n"
        "from models.ops.assessments import list_assessments\n"
        f"db = open_database(Path({str(data_dir)!r}), backup_on_open=False)\n"
        "with db.session() as s:\n"
        "    rows = list_assessments(s)\n"
        "db.close()\n"
        "print(len(rows), rows[0].open_items > 0, rows[0].compliance)\n"
        "print('EVAL:', sorted(m for m in sys.modules if m in ('checklists.evaluator', 'models.ops.evaluation')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 True None" in proc.stdout
    assert "EVAL: []" in proc.stdout


def test_the_list_read_with_sql_equals_the_mapped_rows(db, draft: int, imported: int) -> None:
    """list_assessments, list_schools and get_school read with SQL; each line equals what the
    mapped classes give (get_assessment), dates and times as the ORM reads them."""
    from models.ops.school import list_schools
    from models.tables import School as SchoolRow

    with db.session() as s, s.begin():
        set_answer(s, draft, "psychology", "fulltime_psych_teachers", 2, user="t")
    with db.session() as s:
        rows = list_assessments(s)
        assert [a.id for a in rows] == [draft, imported]  # the one changed last first
        assert rows == [get_assessment(s, a.id) for a in rows]
        assert isinstance(rows[0].reference_date, date) and rows[0].updated_at.microsecond
        assert rows[0].checklists == ("safety", "psychology", "lighting", "guards")
        mapped = {r.id: r for r in s.query(SchoolRow)}
        schools = list_schools(s)
        assert [i for i, _ in schools] == sorted(mapped, key=lambda i: (mapped[i].name, i))
        for school_id, school in schools:
            assert school == get_school(s, school_id)
            assert school.name == mapped[school_id].name
            assert school.enrollment == mapped[school_id].enrollment


def test_the_sql_reads_see_a_change_not_yet_flushed(db, school_id: int) -> None:
    """As a query of the mapped classes would (autoflush): a change made through the ORM in the
    same session is seen by the SQL reads."""
    from models.ops.school import list_schools
    from models.tables import School as SchoolRow

    with db.session() as s, s.begin():
        row = s.get(SchoolRow, school_id)
        assert row is not None
        row.name = "东莞市改名小学"
        assert get_school(s, school_id).name == "东莞市改名小学"
        assert [school.name for _, school in list_schools(s)] == ["东莞市改名小学"]


def test_the_home_page_needs_no_orm_mapping(data_dir: Path) -> None:
    """Start-up: what the home page reads (assessments, schools) configures no ORM mapping; the
    first self-check opened does (it is paid after the first paint)."""
    import subprocess
    import sys

    from models.database import open_database
    from tests.conftest import ROOT

    with open_database(data_dir) as db, db.session() as s, s.begin():
        school = create_school(s, School("东莞市测试小学", "4419000321", "primary", 800))
        start_assessment(s, school, period="2021年秋季学期", reference_date="2021-12-31",
                         checklist_ids=["safety", "psychology"])  # fmt: skip
    code = (
        "from pathlib import Path\n"
        "from models.database import open_database\n"
        "from models.ops.assessments import get_assessment, list_assessments\n"
        "from models.ops.school import get_school, list_schools\n"
        "from models.tables import Assessment\n"
        f"db = open_database(Path({str(data_dir)!r}), backup_on_open=False)\n"
        "with db.session() as s:\n"
        "    rows = list_assessments(s)\n"
        "    schools = list_schools(s)\n"
        "    school = get_school(s, rows[0].school_id)\n"
        "    print('HOME', len(rows), len(schools), school.name, Assessment.__mapper__.configured)\n"
        "    get_assessment(s, rows[0].id)\n"
        "    print('OPENED', Assessment.__mapper__.configured)\n"
        "db.close()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "HOME 1 1 东莞市测试小学 False" in proc.stdout
    assert "OPENED True" in proc.stdout
