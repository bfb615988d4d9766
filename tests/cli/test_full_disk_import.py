"""A first import on a (nearly) full disk: one clear sentence, exit 2, and nothing left behind —
no campus.db.new, no lock file, no empty store, no data folder this run made."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli


@pytest.fixture
def small_disk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    size = getattr(request, "param", "16k")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


# 16 KB: the database cannot even be created; 64 KB: its creation fails half-way; 160 KB: the
# empty database is made and the import's transaction fails.
@pytest.mark.parametrize("small_disk", ["16k", "64k", "160k"], indirect=True)
def test_a_first_import_on_a_full_disk_leaves_nothing(small_disk: Path) -> None:
    data_dir = small_disk / "data"
    proc = run_cli("import", str(SAMPLE), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert "磁盘" in proc.stderr and "Traceback" not in proc.stderr
    assert list(small_disk.iterdir()) == []


@pytest.mark.parametrize("small_disk", ["16k"], indirect=True)
def test_an_existing_empty_folder_stays_and_stays_empty(small_disk: Path) -> None:
    data_dir = small_disk / "data"
    data_dir.mkdir()
    proc = run_cli("import", str(SAMPLE), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert list(data_dir.iterdir()) == []


@pytest.mark.parametrize("small_disk", ["1m"], indirect=True)
def test_a_store_with_data_is_never_removed_by_a_failed_import(
    small_disk: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    assert run_cli("import", str(SAMPLE), data_dir=source).returncode == 0
    data_dir = small_disk / "data"
    data_dir.mkdir()
    shutil.copyfile(source / "campus.db", data_dir / "campus.db")
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"x" * max(free - 4096, 0))
    proc = run_cli("import", str(SAMPLE), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert (data_dir / "campus.db").exists()
    (small_disk / "filler").unlink()
    listed = run_cli("list", data_dir=data_dir)
    assert listed.returncode == 0 and listed.stdout.strip(), listed.stderr


def _rows(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(folder / "campus.db")) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}


@pytest.mark.parametrize("small_disk", ["4m"], indirect=True)
def test_an_import_table_on_a_full_disk_writes_nothing(small_disk: Path, tmp_path: Path) -> None:
    from checklists.registry import builtin_checklists
    from reports.excel.template import write_template
    from tests.reports.excel.helpers import fill_sheet

    roster = tmp_path / "roster.xlsx"
    write_template(builtin_checklists()["guards"], "guards", roster)
    rows = [[f"保安{i:04d}", None, None, "2019-03-01", "是"] for i in range(3000)]
    fill_sheet(roster, rows)
    data_dir = small_disk / "data"
    assert run_cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    assert run_cli("list", data_dir=data_dir).returncode == 0  # today's backup is made
    before = _rows(data_dir)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"x" * max(free - 8192, 0))
    proc = run_cli("import-table", "1", "guards", "guards", str(roster), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert "磁盘" in proc.stderr and "Traceback" not in proc.stderr
    (small_disk / "filler").unlink()
    assert _rows(data_dir) == before
    assert (
        run_cli("import-table", "1", "guards", "guards", str(roster), data_dir=data_dir).returncode
        == 0
    )
