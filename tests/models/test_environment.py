"""A read-only data folder and a full disk give clear errors and leave nothing half-written.

Tests run as root, where chmod alone does not stop writes: the child processes here drop the
capabilities that let root ignore permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so the
read-only folder is really read-only for them. A full disk is a file size limit (RLIMIT_FSIZE)
in a child, or SQLite's max_page_count in this process.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from models.database import open_database
from models.errors import DiskFull, StorageError
from models.ops.rows import add_row
from models.tables import TableRow
from tests.conftest import ROOT
from tests.models.conftest import file_hash

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _drop_dac() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_drop_dac() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(
        [sys.executable, "-c", "pass"], preexec_fn=_drop_dac, capture_output=True
    )
    return probe.returncode == 0


def _run(
    code: str, *, drop_dac: bool = False, fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if drop_dac:
            _drop_dac()
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )


needs_dac_drop = pytest.mark.skipif(
    os.name != "posix" or (os.geteuid() == 0 and not _can_drop_dac()),
    reason="cannot make a folder read-only for root here (no prctl capability drop)",
)

OPEN_AND_REPORT = """
    import sys
    from pathlib import Path
    from models.database import open_database
    from models.errors import StorageError
    try:
        open_database(Path(sys.argv[1])).close()
    except StorageError as e:
        print(type(e).__name__); print(e.text("en")); sys.exit(9)
"""


def _read_only(path: Path) -> None:
    for p in [path, *path.iterdir()]:
        p.chmod(
            stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP
            if p.is_dir()
            else stat.S_IRUSR
        )


@needs_dac_drop
def test_a_read_only_empty_folder_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    _read_only(folder)
    try:
        proc = _run(OPEN_AND_REPORT.replace("sys.argv[1]", repr(str(folder))), drop_dac=True)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 9, proc.stderr
    assert proc.stdout.startswith("DataFolderUnwritable")
    assert "read-only" in proc.stdout
    assert list(folder.iterdir()) == []


@needs_dac_drop
def test_a_read_only_folder_with_a_database_is_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    open_database(folder).close()
    before = {p.name: file_hash(p) for p in folder.iterdir() if p.is_file()}
    _read_only(folder)
    try:
        proc = _run(OPEN_AND_REPORT.replace("sys.argv[1]", repr(str(folder))), drop_dac=True)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 9, proc.stderr
    assert proc.stdout.startswith("DataFolderUnwritable")
    assert {p.name: file_hash(p) for p in folder.iterdir() if p.is_file()} == before


def _count_rows(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(TableRow)) or 0


def test_a_full_database_raises_disk_full_and_keeps_what_was_saved(db, draft: int) -> None:
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA max_page_count = 60"))
    db.engine.dispose()
    saved = 0
    with pytest.raises(DiskFull, match="磁盘空间不足") as info:
        for i in range(10_000):
            with db.session() as s, s.begin():
                add_row(s, draft, "guards", "guards", {"name": f"{i:05d}" + "长" * 400}, user="t")
            saved += 1
    assert "disk is full" in info.value.text("en")
    assert 0 < saved < 10_000
    assert _count_rows(db) == saved
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_full_database_during_a_cell_save_raises_disk_full_and_keeps_the_cell(
    db, draft: int
) -> None:
    """A save's statements run on the driver's connection: a full database there is the
    same DiskFull as anywhere else, and the cell keeps its saved value."""
    from models.ops.rows import get_row, update_cell

    with db.session() as s, s.begin():
        row = add_row(s, draft, "guards", "guards", {"name": "甲"}, user="t").row_id
    assert row is not None
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    event.listen(
        db.engine, "connect", lambda conn, _r: conn.execute(f"PRAGMA max_page_count = {pages}")
    )
    db.engine.dispose()
    with pytest.raises(DiskFull, match="磁盘空间不足"), db.session() as s, s.begin():
        update_cell(s, draft, row, "name", "长" * 3_900, user="t")
    with db.session() as s:
        assert get_row(s, draft, "guards", "guards", row).cells["name"] == "甲"


FILL_UNTIL_FULL = """
    import sys
    from pathlib import Path
    from models.database import open_database
    from models.errors import StorageError
    from models.ops.rows import add_row
    db = open_database(Path(FOLDER), backup_on_open=False)
    saved = 0
    try:
        for i in range(100000):
            with db.session() as s, s.begin():
                add_row(s, ASSESSMENT, "guards", "guards", {"name": "x" * 3000}, user="t")
            saved += 1
    except StorageError as e:
        print(saved); print(type(e).__name__); print(e.text("en").replace("\\n", " ")); sys.exit(9)
"""


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_in_another_process_leaves_a_sound_database(
    db, data_dir: Path, draft: int
) -> None:
    db.close()
    limit = (data_dir / "campus.db").stat().st_size + 400_000
    code = FILL_UNTIL_FULL.replace("FOLDER", repr(str(data_dir))).replace("ASSESSMENT", str(draft))
    proc = _run(code, fsize=limit)
    assert proc.returncode == 9, proc.stdout + proc.stderr
    saved, kind, message = proc.stdout.splitlines()[:3]
    assert kind in ("DiskFull", "StorageError")
    assert "not saved" in message
    with open_database(data_dir) as again:
        assert _count_rows(again) == int(saved) > 0
        conn = sqlite3.connect(again.path)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_an_evidence_file_too_big_for_the_disk_leaves_no_partial_copy(
    db, data_dir: Path, demo_draft: int, tmp_path: Path
) -> None:
    db.close()
    big = tmp_path / "scan.pdf"
    big.write_bytes(os.urandom(3_000_000))
    code = f"""
        import sys
        from pathlib import Path
        from models.database import open_database
        from models.errors import StorageError
        from models.ops.evidence import attach_evidence
        db = open_database(Path({str(data_dir)!r}), backup_on_open=False)
        try:
            with db.session() as s, s.begin():
                attach_evidence(s, {demo_draft}, "demo", "plan_scan", Path({str(big)!r}), user="t")
        except StorageError as e:
            print(type(e).__name__); sys.exit(9)
    """
    before = file_hash(data_dir / "campus.db")
    proc = _run(code, fsize=1_000_000)
    assert proc.returncode == 9, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "DiskFull"
    leftovers = [p for p in (data_dir / "evidence").rglob("*") if p.is_file()]
    assert leftovers == []
    assert file_hash(data_dir / "campus.db") == before


def test_storage_errors_name_the_file(db) -> None:
    err = DiskFull(db.path)
    assert str(db.path) in err.text("zh") and str(db.path) in err.text("en")
    assert isinstance(err, StorageError)
