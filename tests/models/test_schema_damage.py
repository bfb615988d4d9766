"""A store whose file is sound SQLite but whose tables are not ours (a table dropped, a column
renamed by another program) passes integrity_check: it is refused when opened and when offered
as a backup, with a message naming what is missing, and nothing is changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from models.backup import check_backup
from models.database import open_database, restore
from models.errors import BackupError, DatabaseCorrupt
from models.schema import SCHEMA_VERSION, expected_columns
from tests.conftest import SAMPLE, run_cli
from tests.models.conftest import file_hash

DAMAGES = {
    "table-dropped": ("DROP TABLE photos", "table photos is missing"),
    "table-renamed": ("ALTER TABLE answers RENAME TO answers_old", "table answers is missing"),
    "column-renamed": (
        "ALTER TABLE schools RENAME COLUMN name TO school_name",
        "table schools lacks column(s) name",
    ),
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("stored") / "data"
    assert run_cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    return data_dir / "campus.db"


def _damaged(stored: Path, folder: Path, sql: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "campus.db"
    source = sqlite3.connect(stored)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.execute("PRAGMA foreign_keys=OFF")
    target.execute(sql)
    target.commit()
    assert target.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    target.close()
    return path


def test_the_expected_tables_are_those_the_migrations_build() -> None:
    tables = expected_columns(SCHEMA_VERSION)
    assert {"schools", "assessments", "answers", "schema_version"} <= set(tables)
    assert "name" in tables["schools"]


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_opening_a_store_with_damaged_tables_is_refused_untouched(
    damage: str, stored: Path, tmp_path: Path
) -> None:
    sql, words = DAMAGES[damage]
    path = _damaged(stored, tmp_path / "data", sql)
    before = file_hash(path)
    with pytest.raises(DatabaseCorrupt) as caught:
        open_database(path.parent)
    assert words in caught.value.en
    assert file_hash(path) == before
    proc = run_cli("--lang", "en", "export-json", "1", "--out", str(tmp_path / "x.json"),
                   data_dir=path.parent)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr and "Traceback" not in proc.stderr
    assert file_hash(path) == before and not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_backup_with_damaged_tables_is_not_restored(
    damage: str, stored: Path, tmp_path: Path
) -> None:
    sql, words = DAMAGES[damage]
    backup = _damaged(stored, tmp_path / "elsewhere", sql)
    with pytest.raises(BackupError) as caught:
        check_backup(backup)
    assert words in caught.value.en
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(stored, data_dir / "campus.db")
    before = file_hash(data_dir / "campus.db")
    with pytest.raises(BackupError):
        restore(data_dir, backup)
    proc = run_cli("--lang", "en", "restore", str(backup), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr and "nothing was restored" in proc.stderr
    assert file_hash(data_dir / "campus.db") == before


def test_a_schema_version_table_without_its_column_is_refused(stored: Path, tmp_path: Path) -> None:
    sql = "ALTER TABLE schema_version RENAME COLUMN version TO v"
    backup = _damaged(stored, tmp_path / "elsewhere", sql)
    with pytest.raises(BackupError):
        check_backup(backup)
    path = _damaged(stored, tmp_path / "data", sql)
    with pytest.raises(DatabaseCorrupt):
        open_database(path.parent)
