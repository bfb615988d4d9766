"""A school's campus.db is never taken for the office's store, nor office.db for a school's:
each is refused with a sentence saying what it is (exit 2), and neither file is changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli
from tests.models.conftest import file_hash


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("stores")
    assert run_cli("import", str(SAMPLE), data_dir=root / "school").returncode == 0
    proc = run_cli("aggregate", str(SAMPLE.parent), "--out", str(root / "summary.xlsx"),
                   data_dir=root / "office")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return root / "school" / "campus.db", root / "office" / "office.db"


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_aggregate_refuses_a_schools_database(stores: tuple[Path, Path], tmp_path: Path) -> None:
    school = tmp_path / "campus.db"
    shutil.copyfile(stores[0], school)
    before, tables = file_hash(school), _tables(school)
    proc = run_cli("--lang", "en", "aggregate", str(SAMPLE.parent), "--db", f"sqlite:///{school}",
                   "--out", str(tmp_path / "s.xlsx"), data_dir=tmp_path / "data")  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "is a school's self-check database (campus.db)" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "s.xlsx").exists()
    assert file_hash(school) == before and _tables(school) == tables


def test_aggregate_refuses_another_programs_sqlite_file(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    proc = run_cli("--lang", "en", "aggregate", str(SAMPLE.parent), "--db", f"sqlite:///{other}",
                   "--out", str(tmp_path / "s.xlsx"), data_dir=tmp_path / "data")  # fmt: skip
    assert proc.returncode == 2 and "another program's tables (e.g. notes)" in proc.stderr
    assert _tables(other) == {"notes"}


def test_a_school_command_refuses_an_office_store(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(stores[1], data_dir / "campus.db")
    before = file_hash(data_dir / "campus.db")
    proc = run_cli("--lang", "en", "list", data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert "is the supervision office's aggregation database (office.db)" in proc.stderr
    assert file_hash(data_dir / "campus.db") == before


def test_restore_refuses_an_office_store(stores: tuple[Path, Path], tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(stores[0], data_dir / "campus.db")
    before = file_hash(data_dir / "campus.db")
    proc = run_cli("--lang", "en", "restore", str(stores[1]), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert "not a backup of a school's database; nothing was restored" in proc.stderr
    assert file_hash(data_dir / "campus.db") == before


def test_a_db_url_with_undecodable_bytes_is_an_invalid_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/\udcff.db"  # the byte 0xff on the command line
    proc = run_cli("--lang", "en", "aggregate", str(SAMPLE.parent), "--db", url,
                   "--out", str(tmp_path / "s.xlsx"), data_dir=tmp_path / "data")  # fmt: skip
    # refused with every argument that is not text, before any command runs
    assert proc.returncode == 2 and "is not valid text" in proc.stderr, proc.stderr
