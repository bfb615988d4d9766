"""The one atomic writer: all or nothing, clear words for full disks and missing folders."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from checklists.foundation.errors import EnvironmentProblem, InputError
from checklists.foundation.files import write_atomic


def test_writes_bytes_and_replaces_atomically(tmp_path: Path) -> None:
    out = tmp_path / "a.bin"
    out.write_bytes(b"old")
    write_atomic(out, b"new")
    assert out.read_bytes() == b"new" and list(tmp_path.iterdir()) == [out]
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()


def test_writer_function_and_private_mode(tmp_path: Path) -> None:
    out = tmp_path / "keys" / "k.p12"
    write_atomic(out, lambda f: f.write(b"secret"), private=True)
    assert out.read_bytes() == b"secret" and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist|不存在"):
        write_atomic(tmp_path / "nope" / "x", b"1")
    with pytest.raises(InputError, match="文件夹"):
        write_atomic(tmp_path, b"1")


def test_full_disk_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old report")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(EnvironmentProblem, match="磁盘空间不足") as info:
        write_atomic(
            out, b"new report", hint=("文件是否正在 Excel 中打开？", "is the file open in Excel?")
        )
    assert "Excel" not in info.value.en  # the hint is for a locked file, not for a full disk
    assert out.read_bytes() == b"old report" and list(tmp_path.iterdir()) == [out]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_read_input_bytes_refuses_devices_fifos_and_oversized_files(tmp_path: Path) -> None:
    from checklists.foundation.files import read_input_bytes

    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for bad in (link, fifo, Path("/dev/zero"), tmp_path):
        with pytest.raises(InputError) as caught:
            read_input_bytes(bad, 1024, "答案文件", "answers document")
        assert str(bad) in caught.value.zh and "not a regular file" in caught.value.en
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 1025)
    with pytest.raises(InputError, match="big.json") as caught:
        read_input_bytes(big, 1024)
    assert "too large" in caught.value.en
    exact = tmp_path / "exact.json"
    exact.write_bytes(b"y" * 1024)
    assert read_input_bytes(exact, 1024) == b"y" * 1024
    with pytest.raises(InputError, match="missing.json"):
        read_input_bytes(tmp_path / "missing.json", 1024)


def test_a_device_fifo_or_socket_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    """``--out /dev/null`` once replaced the device by a regular file (the rename of the atomic
    writer): special files are refused and stay what they were. Tested on a FIFO and, where
    mknod is allowed (root), on a private copy of the null device — never on /dev itself."""
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    targets = [fifo]
    try:
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        targets.append(tmp_path / "null")
    except (OSError, AttributeError):
        pass
    link = tmp_path / "link-to-pipe"
    link.symlink_to(fifo)
    for target in [*targets, link]:
        with pytest.raises(InputError) as caught:
            write_atomic(target, b"data")
        assert "not a regular file" in caught.value.en
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    if len(targets) == 2:
        assert stat.S_ISCHR((tmp_path / "null").lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in targets] + [link.name]
    )


def test_a_link_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
