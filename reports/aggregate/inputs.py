"""What an aggregation run starts from: the PDF files under the given paths, and the trust list."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checklists.foundation.errors import InputError

REPORT_SUFFIX = ".pdf"


@dataclass(frozen=True)
class ReportFiles:
    """The files of one run, listed once: ``files`` to check, ``unlisted`` could not be.

    ``unlisted`` holds (path, zh, en): a folder that cannot be read, a file name that is not
    text. Dangling links, link loops and files that vanish stay in ``files``: reading them
    fails, and the run lists them as rejected with the system's reason.
    """

    files: list[Path] = field(default_factory=list)
    unlisted: list[tuple[str, str, str]] = field(default_factory=list)


def check_summary_target(out: Path) -> None:
    """InputError unless ``out`` can name the summary workbook: a file name in an existing
    folder, not a folder, device, pipe or socket. Asked before a run stores anything, so a
    mistyped --out costs no checking (and again by the writer)."""
    out = Path(out)
    if out.is_dir():
        raise InputError(
            f"{out} 是文件夹，请给出汇总表的文件名（如 {out / 'summary.xlsx'}）。",
            f"{out} is a folder; give the summary's file name (e.g. {out / 'summary.xlsx'}).",
        )
    if not out.parent.is_dir():
        raise InputError(
            f"无法写入 {out}：文件夹 {out.parent} 不存在。",
            f"Cannot write {out}: the folder {out.parent} does not exist.",
        )
    try:
        mode = os.stat(out).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise InputError(
            f"{out} 不是普通文件（设备、管道或套接字），不能写入；请指定文件名。",
            f"{out} is not a regular file (a device, pipe or socket) and is not written; "
            "give a file name.",
        )


def list_report_files(paths: Iterable[Path]) -> ReportFiles:
    """Every file named in ``paths`` and every ``*.pdf`` under the folders among them.

    Folders are searched recursively without following links; hidden files and Office lock
    files (``~$…``) are skipped. The list is absolute, without duplicates, sorted. A path
    given here that does not exist at all is an InputError (a typing mistake); anything found
    inside a folder is never fatal.
    """
    found: set[Path] = set()
    unlisted: list[tuple[str, str, str]] = []
    for path in paths:
        path = Path(path).absolute()
        if path.is_dir():
            found.update(_pdfs_under(path, unlisted))
        elif os.path.lexists(path):
            found.add(path)
        else:
            raise InputError(f"找不到 {path}。", f"{path} does not exist.")
    files = []
    for path in sorted(found):
        problem = _not_a_file(path)
        if problem is None:
            files.append(path)
        else:
            unlisted.append((os.fsencode(path).decode("utf-8", "replace"), *problem))
    return ReportFiles(files, unlisted)


def _not_a_file(path: Path) -> tuple[str, str] | None:
    """Why ``path`` is not checked at all: a name that is not text, or a pipe or device
    (reading a pipe would wait forever). Links that lead nowhere are left to the reading."""
    if not _is_text(str(path)):
        return ("文件名含无法识别的字符，未检查", "the file name is not valid text; not checked")
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # dangling, a loop, gone: reading it says why
    if not stat.S_ISREG(mode):
        return (
            "不是普通文件（管道或设备），未读取",
            "not a regular file (a pipe or device); not read",
        )
    return None


def find_report_files(paths: Iterable[Path]) -> list[Path]:
    """The files :func:`list_report_files` finds (those that could not be listed left out)."""
    return list_report_files(paths).files


def _is_text(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _pdfs_under(folder: Path, unlisted: list[tuple[str, str, str]]) -> Iterable[Path]:
    def unreadable(exc: OSError) -> None:
        where = os.fsencode(exc.filename or folder).decode("utf-8", "replace")
        reason = exc.strerror or str(exc)
        unlisted.append((where, f"无法读取文件夹：{reason}", f"cannot read the folder: {reason}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(REPORT_SUFFIX) and not name.startswith((".", "~$")):
                yield Path(root, name)


def no_certificates(cert_files: Sequence[Path], data_dir: Path | None) -> bool:
    """True when no certificate is given and ``data_dir``'s trust store holds none: there is
    nothing to load, and the certificate library (a few hundredths of a second to import) is
    not imported for it."""
    if cert_files:
        return False
    if data_dir is None:
        return True
    from reports.signing._storage import trust_files

    return not trust_files(data_dir)


def trusted_fingerprints(cert_files: Sequence[Path], data_dir: Path | None) -> frozenset[str]:
    """SHA-256 fingerprints of the certificates in ``cert_files`` and in ``data_dir``'s trust store
    (the same certificates ``verify --trust`` would trust)."""
    if no_certificates(cert_files, data_dir):
        return frozenset()
    from reports.signing import certs  # not needed to list files (the parent of the workers)
    from reports.signing.trust import list_trusted

    found = {certs.fingerprint_sha256(certs.read_certificate_file(p)) for p in cert_files}
    if data_dir is not None:
        found |= {entry.fingerprint_sha256 for entry in list_trusted(data_dir)}
    return frozenset(found)
