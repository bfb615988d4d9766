"""The aggregation database: where it lives, its schema, foreign keys, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from checklists.foundation.errors import EnvironmentProblem, InputError
from reports.aggregate import open_store
from reports.aggregate.store import (
    SCHEMA_VERSION,
    OfficeMeta,
    Report,
    ReportChecklist,
    ReportFinding,
    Submission,
)
from tests.reports.aggregate.helpers import run_and_summarise
from tests.reports.aggregate.report_set import ReportSet


def test_default_store_is_office_db_in_the_data_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "not-yet"
    with open_store(None, data_dir=data_dir) as store:
        assert store.shown_url.endswith("office.db")
    assert (data_dir / "office.db").is_file()


def test_any_url_is_accepted(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'elsewhere.db'}") as store, store.session() as s:
        assert s.scalar(select(OfficeMeta.value).where(OfficeMeta.key == "schema_version")) == str(
            SCHEMA_VERSION
        )
    assert (tmp_path / "elsewhere.db").is_file()


def test_foreign_keys_are_on_and_deletes_cascade(report_set: ReportSet, data_dir: Path) -> None:
    run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    with open_store(None, data_dir=data_dir) as store, store.session() as s, s.begin():
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        s.delete(s.scalars(select(Submission)).one())
    with open_store(None, data_dir=data_dir) as store, store.session() as s:
        for table in (Report, ReportChecklist, ReportFinding):
            assert s.scalar(select(func.count()).select_from(table)) == 0


def test_store_of_a_newer_version_is_refused(data_dir: Path) -> None:
    with open_store(None, data_dir=data_dir) as store, store.session() as s, s.begin():
        s.get(OfficeMeta, "schema_version").value = "99"  # type: ignore[union-attr]
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
    with open_store(None, data_dir=data_dir) as store, store.session() as s, s.begin():
        for version in (2, 3):
            for table, column, _ in UPGRADES[version]:
                s.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        s.get(OfficeMeta, "schema_version").value = "1"  # type: ignore[union-attr]
    _, summary = run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    assert len(summary.schools) == 1  # the stored report survived the upgrade
    with open_store(None, data_dir=data_dir) as store, store.session() as s:
        # Every later version's columns too (version 3: the progress figures per checklist).
        assert s.scalar(select(OfficeMeta.value).where(OfficeMeta.key == "schema_version")) == str(
            SCHEMA_VERSION
        )
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
    with open_store(None, data_dir=data_dir) as store, store.session() as s, s.begin():
        for table, column, _ in UPGRADES[3]:
            s.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        s.get(OfficeMeta, "schema_version").value = "2"  # type: ignore[union-attr]
    _, summary = run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    (school,) = summary.schools
    assert school.progress is None and school.open_items is None
    assert school.compliance == fresh.compliance
