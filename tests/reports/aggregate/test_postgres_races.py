"""PostgreSQL under stress: concurrent first runs, a server that goes away mid-run."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from checklists.foundation.errors import EnvironmentProblem
from reports.aggregate import open_store
from reports.aggregate.inputs import list_report_files
from reports.aggregate.run import aggregate_files
from tests.conftest import ROOT
from tests.reports.aggregate.report_set import ReportSet, build_report_set
from tests.reports.aggregate.test_postgres import PG_URL, pg_url, pytestmark  # noqa: F401

OPEN = "import sys; from reports.aggregate import open_store; open_store(sys.argv[1]).close()"


@pytest.fixture(scope="module")
def report_set(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return build_report_set(tmp_path_factory.getbasetemp() / "aggregate-pg-set")


def test_concurrent_first_runs_create_the_tables_once(pg_url: str) -> None:  # noqa: F811
    """Without the advisory lock, 2 of 5 tries failed with duplicate key … pg_type_typname_nsp_index."""
    for round_ in range(3):
        url = pg_url if round_ == 0 else _fresh(pg_url, round_)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN, url], cwd=ROOT, stderr=subprocess.PIPE, text=True
            )
            for _ in range(4)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err


def _fresh(base_url: str, n: int) -> str:
    """An empty schema of its own in the same throwaway database."""
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA race{n}"))
    engine.dispose()
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path=race{n}"})
    return url.render_as_string(hide_password=False)


def test_a_server_gone_mid_run_is_one_line_without_parameters(
    pg_url: str,  # noqa: F811
    report_set: ReportSet,
) -> None:
    store = open_store(pg_url)
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with store.engine.connect() as conn:  # a pooled connection the run will reuse
        conn.execute(text("SELECT 1"))
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()
    with pytest.raises(EnvironmentProblem) as caught, store:
        aggregate_files(list_report_files([report_set.folder]), store, workers=0)
    for lang in ("zh", "en"):
        message = caught.value.text(lang)
        assert "\n" not in message and "SELECT" not in message and "[parameters" not in message
        assert str(report_set.folder) not in message
    assert "The aggregation database" in caught.value.text("en")
