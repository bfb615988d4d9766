"""Writing files so that a crash or a full disk never leaves half of one: the one atomic writer."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from checklists.foundation.errors import EnvironmentProblem, InputError

Content = bytes | Callable[[BinaryIO], None]


def write_atomic(
    out: Path, content: Content, *, private: bool = False, hint: tuple[str, str] | None = None
) -> None:
    """Write ``content`` (bytes, or a function writing to a binary file) to ``out`` atomically.

    The bytes go to a temporary file in the same folder, are forced to disk, then renamed over
    ``out``: readers see the old file or the new one, never a part. ``private`` files (keys) get
    0600 permissions and their folder is created; other files get the usual permissions.
    ``hint`` (zh, en) is added to the message of a failed write (e.g. "is it open in Excel?").
    Failures: InputError (no such folder, ``out`` is a folder) or EnvironmentProblem (full disk,
    no permission), and no temporary file is left behind.
    """
    out = Path(out)
    if out.is_symlink():  # the link stays; the file it names is replaced
        out = Path(os.path.realpath(out))
    folder = out.parent
    if out.is_dir():
        raise InputError(f"{out} 是文件夹，请指定文件名。", f"{out} is a folder; give a file name.")
    try:
        mode = os.stat(out).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        # a device (/dev/null), a FIFO or a socket: renaming over it would replace it by a file
        raise InputError(
            f"{out} 不是普通文件（设备、管道或套接字），不能写入；请指定文件名。",
            f"{out} is not a regular file (a device, pipe or socket) and is not written; "
            "give a file name.",
        )
    try:
        if private:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        elif not folder.is_dir():
            raise InputError(f"文件夹 {folder} 不存在。", f"The folder {folder} does not exist.")
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_problem(out, exc, hint) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, bytes):
                handle.write(content)
            else:
                content(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600 if private else 0o666 & ~_umask())
        os.replace(temp, out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise write_problem(out, exc, hint) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    sync_folder(folder)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def sync_folder(folder: Path) -> None:
    """Make a rename durable where the platform allows opening folders (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_problem(
    out: Path, exc: OSError, hint: tuple[str, str] | None = None
) -> EnvironmentProblem:
    """The words for a failed write: a full disk and missing permissions get their own advice."""
    problem = _problem(out, exc)
    if hint is None or exc.errno in _FULL:
        return problem
    return EnvironmentProblem(f"{problem.zh}（{hint[0]}）", f"{problem.en} ({hint[1]})")


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _problem(out: Path, exc: OSError) -> EnvironmentProblem:
    if exc.errno in _FULL:
        return EnvironmentProblem(
            f"磁盘空间不足，无法保存 {out}。请清理磁盘后重试。",
            f"The disk is full; {out} could not be saved. Free some space and try again.",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return EnvironmentProblem(
            f"没有写入权限，无法保存 {out}。请换一个文件夹。",
            f"No permission to write {out}. Choose another folder.",
        )
    return EnvironmentProblem(
        f"无法保存 {out}：{exc.strerror or exc}", f"Cannot save {out}: {exc.strerror or exc}"
    )


def require_regular_file(path: Path, what_zh: str = "文件", what_en: str = "file") -> int:
    """The size of ``path`` after following links; InputError unless it is a regular file.

    A device (``/dev/zero``), a FIFO or a socket has no end or blocks forever when read, so
    every single-file input is checked here before it is opened.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(
            f"无法读取{what_zh} {path}：{exc.strerror or exc}",
            f"Cannot read the {what_en} {path}: {exc.strerror or exc}",
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"{path} 不是普通文件（设备、管道或文件夹），不能作为{what_zh}读取。",
            f"{path} is not a regular file (a device, pipe or folder); it cannot be read as the {what_en}.",
        )
    return info.st_size


def read_input_bytes(path: Path, limit: int, what_zh: str = "文件", what_en: str = "file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; InputError otherwise.

    Refuses devices, FIFOs and folders (links are followed first), and reads at most
    ``limit + 1`` bytes, so a file that grows while it is read is refused too.
    """
    require_regular_file(path, what_zh, what_en)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            f"无法读取{what_zh} {path}：{exc.strerror or exc}",
            f"Cannot read the {what_en} {path}: {exc.strerror or exc}",
        ) from exc
    if len(data) > limit:
        raise InputError(
            f"{what_zh} {path} 过大（上限 {_size_text(limit)}）。",
            f"The {what_en} {path} is too large (limit {_size_text(limit)}).",
        )
    return data


def _size_text(limit: int) -> str:
    return f"{limit // 1048576} MB" if limit >= 1048576 else f"{limit // 1024} KB"
