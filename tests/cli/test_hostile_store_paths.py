"""Worst-case data folders and outputs: a campus.db that is a dangling link or a link loop, a
data folder that is a file, an output that is a FIFO — each a clear sentence (exit 2), and the
link, the file or the FIFO stays what it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli


@pytest.mark.parametrize("target", ["campus.db", "/nonexistent/drive/campus.db"],
                         ids=["loop", "dangling"])  # fmt: skip
def test_a_store_link_that_cannot_be_reached_is_never_replaced(target: str, data_dir: Path) -> None:
    link = data_dir / "campus.db"
    link.symlink_to(target)
    proc = run_cli("--lang", "en", "import", str(SAMPLE), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert f"is a link to {target}, which cannot be reached" in proc.stderr
    assert link.is_symlink() and os.readlink(link) == target
    assert not (data_dir / "campus.db.new").exists()
    for command in (["list"], ["export-json", "1", "--out", str(data_dir / "x.json")]):
        proc = run_cli("--lang", "en", *command, data_dir=data_dir)
        assert proc.returncode == 2 and "cannot be reached" in proc.stderr, proc.stderr


def test_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    afile = tmp_path / "data"
    afile.write_bytes(b"not a folder")
    proc = run_cli("--lang", "en", "import", str(SAMPLE), data_dir=afile)
    assert proc.returncode == 2 and "is a file, not a folder" in proc.stderr
    assert afile.read_bytes() == b"not a folder"


@pytest.mark.parametrize("command", ["export-json", "export-xlsx", "export-pdf"])
def test_an_output_that_is_a_fifo_is_refused_and_stays(
    command: str, data_dir: Path, tmp_path: Path
) -> None:
    assert run_cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    proc = run_cli("--lang", "en", command, "1", "--out", str(fifo), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert "is not a regular file" in proc.stderr and "Traceback" not in proc.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("command", [["list"], ["checklists"], ["backup"], ["import", str(SAMPLE)]])
def test_a_data_folder_path_the_system_cannot_use(command: list[str], tmp_path: Path) -> None:
    """A name over the system's limit, or a file where a folder of the path should be."""
    afile = tmp_path / "afile"
    afile.write_bytes(b"")
    for data_dir, words in (
        (tmp_path / ("L" * 300), "File name too long"),
        (afile / "sub", "Not a directory"),
    ):
        proc = run_cli("--lang", "en", *command, data_dir=data_dir)
        assert proc.returncode == 2, proc.stderr
        assert f"The data folder's path cannot be used ({words})" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
