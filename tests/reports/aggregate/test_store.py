"""The aggregation database: where it lives, its schema, foreign keys, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text

from checklists.foundation.errors import EnvironmentProblem, InputError
from reports.aggregate import open_store
from reports.aggregate.store import (
    REPORT_CHECKLISTS,
    REPORT_FINDINGS,
    REPORTS,
    SCHEMA_VERSION,
    SUBMISSIONS,
)
from tests.reports.aggregate.helpers import run_and_summarise, schema_version, set_schema_version
from tests.reports.aggregate.report_set import ReportSet


def test_default_store_is_office_db_in_the_data_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "not-yet"
    with open_store(None, data_dir=data_dir) as store:
        assert store.shown_url.endswith("office.db")
    assert (data_dir / "office.db").is_file()


def test_any_url_is_accepted(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'elsewhere.db'}") as store, store.connect() as s:
        assert schema_version(s) == str(SCHEMA_VERSION)
    assert (tmp_path / "elsewhere.db").is_file()


def test_foreign_keys_are_on_and_deletes_cascade(report_set: ReportSet, data_dir: Path) -> None:
    run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    with open_store(None, data_dir=data_dir) as store, store.connect() as s, s.begin():
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        s.execute(delete(SUBMISSIONS))
    with open_store(None, data_dir=data_dir) as store, store.connect() as s:
        for table in (REPORTS, REPORT_CHECKLISTS, REPORT_FINDINGS):
            assert s.scalar(select(func.count()).select_from(table)) == 0


def test_store_of_a_newer_version_is_refused(data_dir: Path) -> None:
    with open_store(None, data_dir=data_dir) as store, store.connect() as s, s.begin():
        set_schema_version(s, "99")
    with pytest.raises(EnvironmentProblem, match="更新版本") as caught:
        open_store(None, data_dir=data_dir)
    assert "newer version" in caught.value.text("en")


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y"])
def test_bad_url_is_an_input_error(url: str) -> None:
    with pytest.raises(InputError, match="数据库地址无效"):
        open_store(url)


def test_unreachable_server_is_an_environment_problem() -> None:
    url = "postgresql+psycopg2://nobody:secret@127.0.0.1:9/none?connect_timeout=2"
    with pytest.raises(EnvironmentProblem) as caught:
        open_store(url)
    assert "secret" not in caught.value.text("zh")  # the password never reaches the screen
    assert "127.0.0.1:9" in caught.value.text("en")


def test_file_that_is_not_a_database(data_dir: Path) -> None:
    (data_dir / "office.db").write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(EnvironmentProblem, match="无法打开汇总数据库"):
        open_store(None, data_dir=data_dir)


def test_a_store_of_schema_1_is_upgraded_in_place(report_set: ReportSet, data_dir: Path) -> None:
    from reports.aggregate.store import UPGRADES

    run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    with open_store(None, data_dir=data_dir) as store, store.connect() as s, s.begin():
        for version in (2, 3):
            for table, column, _ in UPGRADES[version]:
                s.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        set_schema_version(s, "1")
    _, summary = run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    assert len(summary.schools) == 1  # the stored report survived the upgrade
    with open_store(None, data_dir=data_dir) as store, store.connect() as s:
        # Every later version's columns too (version 3: the progress figures per checklist).
        assert schema_version(s) == str(SCHEMA_VERSION)
        assert s.execute(text("SELECT rect_status, due_date FROM report_findings")).all()
        assert s.execute(text("SELECT applicable, done, open FROM report_checklists")).all()


def test_a_store_of_schema_2_keeps_its_reports_without_progress_figures(
    report_set: ReportSet, data_dir: Path
) -> None:
    """A report stored before version 3 has no progress figures: its school shows none (not 0),
    while its 符合率 still comes from the passed and failed counts it stored."""
    from reports.aggregate.store import UPGRADES

    _, before = run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    (fresh,) = before.schools
    assert (
        fresh.progress is not None and fresh.open_items is not None and fresh.compliance is not None
    )
    with open_store(None, data_dir=data_dir) as store, store.connect() as s, s.begin():
        for table, column, _ in UPGRADES[3]:
            s.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        set_schema_version(s, "2")
    _, summary = run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    (school,) = summary.schools
    assert school.progress is None and school.open_items is None
    assert school.compliance == fresh.compliance


_FINDINGS_OF_SCHEMA_2 = """CREATE TABLE report_findings (
    submission_id INTEGER NOT NULL REFERENCES reports (submission_id) ON DELETE CASCADE,
    checklist VARCHAR(64) NOT NULL, code VARCHAR(100) NOT NULL, position INTEGER NOT NULL,
    severity VARCHAR(16) NOT NULL, count INTEGER NOT NULL, clauses VARCHAR(255) NOT NULL,
    item TEXT NOT NULL, message_zh TEXT NOT NULL, message_en TEXT NOT NULL,
    explanations TEXT NOT NULL, measures TEXT DEFAULT '' NOT NULL, owners TEXT DEFAULT '' NOT NULL,
    due_date DATE, rect_status VARCHAR(16) DEFAULT '' NOT NULL,
    CONSTRAINT pk_report_findings PRIMARY KEY (submission_id, checklist, code))"""


def test_a_store_of_schema_2_keeps_its_merged_findings_and_is_checked_again_per_finding(
    report_set: ReportSet, data_dir: Path
) -> None:
    """Schema 2 kept one row per code with the plans merged; the upgrade keeps those rows
    (row unknown) and the next run over the files stores each finding with its own plan."""
    run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    with open_store(None, data_dir=data_dir) as store, store.connect() as s, s.begin():
        (sid,) = s.scalars(select(SUBMISSIONS.c.id)).all()
        per_finding = s.scalar(select(func.count()).select_from(REPORT_FINDINGS))
        s.execute(text("DROP TABLE report_findings"))
        s.execute(text(_FINDINGS_OF_SCHEMA_2))
        s.execute(
            text(
                "INSERT INTO report_findings VALUES (:sid, 'guards', 'over_55_on_post', 0,"
                " 'major', 2, '75', 'guards', '超龄', 'over age', '', '调岗\n解聘',"
                " '总务主任\n校长', '2022-05-01', 'open')"
            ),
            {"sid": sid},
        )
        s.execute(text("UPDATE submissions SET check_version = 3"))
        set_schema_version(s, "2")
    with open_store(None, data_dir=data_dir) as store, store.connect() as s:
        assert schema_version(s) == "3"
        carried = s.execute(
            select(REPORT_FINDINGS.c.code, REPORT_FINDINGS.c.row_index, REPORT_FINDINGS.c.count,
                   REPORT_FINDINGS.c.measures, REPORT_FINDINGS.c.owners)
        ).all()  # fmt: skip
        assert carried == [("over_55_on_post", None, 2, "调岗\n解聘", "总务主任\n校长")]
        tables = s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()
        assert "report_findings_merged" not in set(tables)
    # The file checked by an older check is checked again: one row per finding now.
    run, summary = run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    assert run.accepted == 1 and len(summary.schools) == 1
    with open_store(None, data_dir=data_dir) as store, store.connect() as s:
        assert s.scalar(select(func.count()).select_from(REPORT_FINDINGS)) == per_finding
        rows = s.execute(select(REPORT_FINDINGS.c.code, REPORT_FINDINGS.c.row_index)).all()
        assert len(rows) == len(set(rows))  # each finding once, told apart by its row


def test_an_interrupted_upgrade_to_schema_3_starts_again_from_the_copy(
    report_set: ReportSet, data_dir: Path
) -> None:
    """SQLite runs DDL outside the transaction: an upgrade stopped after copying the findings
    aside (and the table dropped) finds the copy on the next opening and loses nothing."""
    run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    with open_store(None, data_dir=data_dir) as store, store.connect() as s, s.begin():
        before = s.execute(select(REPORT_FINDINGS.c.code, REPORT_FINDINGS.c.position)).all()
        s.execute(text("CREATE TABLE report_findings_merged AS SELECT * FROM report_findings"))
        s.execute(text("DELETE FROM report_findings"))  # as if dropped and made anew, empty
        set_schema_version(s, "2")
    with open_store(None, data_dir=data_dir) as store, store.connect() as s:
        assert s.execute(select(REPORT_FINDINGS.c.code, REPORT_FINDINGS.c.position)).all() == before
