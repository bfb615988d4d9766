"""The same aggregation against a real PostgreSQL server: identical summary, idempotent re-run.

Needs CAMPUS_TEST_PG_URL (a role allowed to create databases; .ci/run sets it up). Each test
module creates a throwaway database and drops it afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from reports.aggregate import open_store, write_summary_xlsx
from reports.aggregate.store import REPORT_FINDINGS, SUBMISSIONS
from tests.reports.aggregate.helpers import (
    all_cells,
    run_and_summarise,
    schema_version,
    set_schema_version,
)
from tests.reports.aggregate.report_set import ReportSet

PG_URL = os.environ.get("CAMPUS_TEST_PG_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not PG_URL, reason="CAMPUS_TEST_PG_URL is not set: no PostgreSQL server to test against"
    ),
]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a fresh, empty database, dropped after the test."""
    assert PG_URL
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"campus_agg_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_postgresql_and_sqlite_give_the_same_workbook(
    report_set: ReportSet, pg_url: str, tmp_path: Path
) -> None:
    options = {"trust": [report_set.trusted_cert, report_set.trusted_y_cert], "require_trust": True}
    _, on_pg = run_and_summarise(
        [report_set.folder], url=pg_url, data_dir=tmp_path / "pg", **options
    )
    _, on_sqlite = run_and_summarise([report_set.folder], data_dir=tmp_path / "lite", **options)
    for lang in ("zh", "en"):
        pg_cells = all_cells(write_summary_xlsx(on_pg, tmp_path / f"pg-{lang}.xlsx", lang))
        sqlite_cells = all_cells(
            write_summary_xlsx(on_sqlite, tmp_path / f"lite-{lang}.xlsx", lang)
        )
        assert pg_cells == sqlite_cells
        assert len(pg_cells["学校" if lang == "zh" else "Schools"]) == 3  # header + X + Y


def test_rerun_on_postgresql_changes_nothing(
    report_set: ReportSet, pg_url: str, tmp_path: Path
) -> None:
    _, first = run_and_summarise([report_set.folder], url=pg_url, data_dir=tmp_path)
    run, second = run_and_summarise([report_set.folder], url=pg_url, data_dir=tmp_path, workers=2)
    assert (run.known, run.accepted, run.rejected) == (8, 0, 0)
    assert second == first
    with open_store(pg_url) as store, store.connect() as s:
        assert s.scalar(select(func.count()).select_from(SUBMISSIONS)) == 8
        assert s.scalar(select(func.count()).select_from(REPORT_FINDINGS)) > 40
    assert not (tmp_path / "office.db").exists()  # --db replaces the data folder's store


def test_postgresql_gives_the_same_follow_up_sheets(
    report_set: ReportSet, pg_url: str, tmp_path: Path
) -> None:
    from datetime import date

    from reports.aggregate import build_summary
    from reports.aggregate.expected import ExpectedEntry, set_school_list
    from tests.reports.aggregate.report_set import PERIOD, SCHOOLS

    listed = [ExpectedEntry(*SCHOOLS[k][:2], SCHOOLS[k][2], "primary") for k in "XW"]
    books = {}
    for name, url in (("pg", pg_url), ("lite", None)):
        data_dir = tmp_path / name
        run_and_summarise([report_set.folder], url=url, data_dir=data_dir)
        with open_store(url, data_dir=data_dir) as store:
            set_school_list(store, PERIOD, listed, deadline=date(2099, 1, 1))
            summary = build_summary(store, today=date(2024, 1, 1))
            books[name] = all_cells(write_summary_xlsx(summary, tmp_path / f"{name}.xlsx"))
    assert books["pg"] == books["lite"]
    assert len(books["pg"]["整改逾期"]) == 1 + 9 and len(books["pg"]["报送情况"]) == 1 + 4


def test_a_postgresql_store_of_schema_2_is_upgraded_to_one_row_per_finding(
    report_set: ReportSet, pg_url: str, tmp_path: Path
) -> None:
    """The findings table is rebuilt on PostgreSQL too (its primary key's name is free again
    once the old table is dropped); the merged rows are kept, the next run stores each finding."""
    from reports.aggregate.store import SCHEMA_VERSION
    from tests.reports.aggregate.test_store import _FINDINGS_OF_SCHEMA_2

    run_and_summarise([report_set.path("x-valid.pdf")], url=pg_url, data_dir=tmp_path)
    with open_store(pg_url) as store, store.connect() as s, s.begin():
        per_finding = s.scalar(select(func.count()).select_from(REPORT_FINDINGS))
        (sid,) = s.scalars(select(SUBMISSIONS.c.id)).all()
        s.execute(text("DROP TABLE report_findings"))
        s.execute(text(_FINDINGS_OF_SCHEMA_2))
        s.execute(
            text(
                "INSERT INTO report_findings VALUES (:sid, 'guards', 'over_55_on_post', 0,"
                " 'major', 2, '75', 'guards', '超龄', 'over age', '', '调岗', '总务主任',"
                " '2022-05-01', 'open')"
            ),
            {"sid": sid},
        )
        s.execute(text("UPDATE submissions SET check_version = 3"))
        set_schema_version(s, "2")
    with open_store(pg_url) as store, store.connect() as s:
        assert schema_version(s) == str(SCHEMA_VERSION)
        carried = s.execute(select(REPORT_FINDINGS.c.code, REPORT_FINDINGS.c.row_index)).all()
        assert carried == [("over_55_on_post", None)]
    run, _ = run_and_summarise([report_set.path("x-valid.pdf")], url=pg_url, data_dir=tmp_path)
    assert run.accepted == 1
    with open_store(pg_url) as store, store.connect() as s:
        assert s.scalar(select(func.count()).select_from(REPORT_FINDINGS)) == per_finding
