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
from reports.aggregate.store import ReportFinding, Submission
from tests.reports.aggregate.helpers import all_cells, run_and_summarise
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
    with open_store(pg_url) as store, store.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 8
        assert s.scalar(select(func.count()).select_from(ReportFinding)) > 40
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
