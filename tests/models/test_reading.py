"""The read-only store (models.reading): the same self-check as a Session reads, the same checks on
opening, nothing written, no SQLAlchemy."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from checklists.foundation.errors import InputError
from models import reading
from models.database import open_database
from models.errors import DatabaseCorrupt, DatabaseLocked, DatabaseTooNew, NotFound
from models.ops import history
from models.ops.assessments import assessment_checklists, get_assessment
from models.ops.evaluation import evaluate_assessment
from models.ops.exchange import export_document
from models.ops.history import chain_head
from models.ops.periods import compare_with_previous
from models.reading import NoDatabase, open_for_reading
from models.schema import SCHEMA_VERSION
from tests.conftest import ROOT
from tests.models.store_helpers import rich_folder

V4_FIXTURE = Path(__file__).parent / "fixtures" / "campus_v4.db.gz"


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    return rich_folder(tmp_path_factory.mktemp("rich"))


def test_the_store_reads_what_a_session_reads(rich: tuple[Path, list[int]]) -> None:
    data_dir, ids = rich
    with open_database(data_dir) as db, db.session() as s:
        expected = {
            aid: (
                export_document(s, aid),
                evaluate_assessment(s, aid),
                assessment_checklists(s, aid),
                chain_head(s, aid),
                compare_with_previous(s, aid),
                get_assessment(s, aid).revision,
            )
            for aid in ids
        }
    with open_for_reading(data_dir) as store, store.reading():
        for aid in ids:
            stored = store.assessment(aid)
            got = (
                stored.document,
                store.evaluate(aid),
                stored.checklists,
                store.chain_head(aid),
                store.compare_with_previous(aid),
                stored.revision,
            )
            assert got == expected[aid], aid
    first, second, _demo_id, amended = ids
    assert expected[second][4] is not None and expected[first][4] is None  # compared, and not
    assert expected[amended][5] == 2
    notes = expected[second][0].finding_notes
    assert any(n.rectification is not None and n.row is not None for n in notes)


def test_an_unknown_self_check_is_not_found(rich: tuple[Path, list[int]]) -> None:
    data_dir, _ids = rich
    with open_for_reading(data_dir) as store, store.reading(), pytest.raises(NotFound):
        store.assessment(999)


def test_the_history_chain_starts_where_the_operations_start_it() -> None:
    assert reading.GENESIS == history.GENESIS


def test_reading_writes_nothing_to_the_database(rich: tuple[Path, list[int]]) -> None:
    data_dir, ids = rich
    open_database(data_dir).close()  # the WAL checkpointed into the file
    before = {p.name: p.read_bytes() for p in data_dir.glob("campus.db*")}
    with open_for_reading(data_dir, backup_on_open=False) as store, store.reading():
        for aid in ids:
            store.evaluate(aid)
            store.photos(aid)
    after = {p.name: p.read_bytes() for p in data_dir.glob("campus.db*")}
    assert before["campus.db"] == after["campus.db"]
    assert not after.get("campus.db-wal")  # no page was written to the log either


def test_a_folder_without_a_database_stays_as_it_was(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NoDatabase, match="还没有数据库"):
        open_for_reading(empty)
    assert list(empty.iterdir()) == []
    with pytest.raises(InputError):
        open_for_reading(tmp_path / "absent")
    assert not (tmp_path / "absent").exists()


def test_a_folder_another_window_holds_is_refused(rich: tuple[Path, list[int]]) -> None:
    data_dir, _ids = rich
    with open_database(data_dir), pytest.raises(DatabaseLocked):
        open_for_reading(data_dir)
    with open_for_reading(data_dir), pytest.raises(DatabaseLocked):
        open_database(data_dir)
    open_for_reading(data_dir).close()  # released


def test_a_newer_or_damaged_database_is_refused_untouched(tmp_path: Path) -> None:
    newer = tmp_path / "newer"
    newer.mkdir()
    conn = sqlite3.connect(newer / "campus.db")
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    kept = (newer / "campus.db").read_bytes()
    with pytest.raises(DatabaseTooNew):
        open_for_reading(newer)
    assert (newer / "campus.db").read_bytes() == kept
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "campus.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DatabaseCorrupt):
        open_for_reading(damaged)
    assert (damaged / "campus.db").read_bytes()[:16] == b"SQLite format 3\x00"


def test_an_older_database_is_upgraded_with_its_figures(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "campus.db").write_bytes(gzip.decompress(V4_FIXTURE.read_bytes()))
    with open_for_reading(data_dir, backup_on_open=False) as store, store.reading():
        assert store.assessment(2).status == "draft"
    conn = sqlite3.connect(data_dir / "campus.db")
    version = conn.execute("SELECT version FROM schema_version").fetchone()[0]
    figures = conn.execute("SELECT compliance, open_items FROM assessments WHERE id = 2").fetchone()
    conn.close()
    assert version == SCHEMA_VERSION
    assert figures[0] is not None and figures[1] == 3  # as the upgrade through open_database
    assert list((data_dir / "backups").iterdir())  # a backup before migrating, as always


def test_a_damaged_stored_value_is_refused_in_the_same_words(tmp_path: Path) -> None:
    data_dir, ids = rich_folder(tmp_path)
    conn = sqlite3.connect(data_dir / "campus.db")
    conn.execute(
        "UPDATE answers SET value_json = '\"many\"' WHERE assessment_id = ?"
        " AND item_id = 'fulltime_psych_teachers'",
        (ids[0],),
    )
    conn.commit()
    conn.close()
    with open_database(data_dir) as db, db.session() as s, pytest.raises(InputError) as orm:
        export_document(s, ids[0])
    with (
        open_for_reading(data_dir) as store,
        store.reading(),
        pytest.raises(InputError) as read,
    ):
        store.assessment(ids[0])
    assert read.value.zh == orm.value.zh and read.value.en == orm.value.en


def test_an_unsigned_export_imports_neither_the_orm_nor_pyhanko(
    rich: tuple[Path, list[int]], tmp_path: Path
) -> None:
    data_dir, ids = rich
    code = (
        "import sys\n"
        "from cli.main import run\n"
        f"assert run(['--data-dir', {str(data_dir)!r}, 'export-pdf', '{ids[1]}',"
        f" '--out', {str(tmp_path / 'r.pdf')!r}]) == 0\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'pyhanko'})\n"
        "print(loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
