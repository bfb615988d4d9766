"""Checks on an .xlsx file before openpyxl opens it: is it one, is it a zip bomb, does it declare entities."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import openpyxl

from checklists.foundation import limits
from checklists.foundation.errors import EnvironmentProblem
from reports.excel.problems import ImportRejected, file_problem

# The limits and their reasons: checklists.foundation.limits.
MAX_FILE_BYTES = limits.MAX_WORKBOOK_BYTES  # the file on disk
MAX_MEMBERS = limits.MAX_WORKBOOK_PARTS
MAX_MEMBER_BYTES = limits.MAX_WORKBOOK_PART_BYTES  # one part, uncompressed
MAX_TOTAL_BYTES = limits.MAX_WORKBOOK_TOTAL_BYTES  # all parts, uncompressed
MAX_RATIO = limits.MAX_WORKBOOK_RATIO  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = limits.WORKBOOK_RATIO_FLOOR
UNSIZED_SHEET_BYTES = 8 * 1024 * 1024  # above this a sheet must say its dimension up front
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_PROLOG_BYTES = 4096  # a DTD must come before the root element, so it is near the start
_DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension[\s/>]")
_FORMULA_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class XlsxFacts:
    """What the pre-check learnt: whether any worksheet holds formulas."""

    has_formulas: bool


def require_defusedxml() -> None:
    """Refuse to read untrusted workbooks unless openpyxl parses them with defusedxml."""
    if not openpyxl.DEFUSEDXML:
        raise EnvironmentProblem(
            "openpyxl 未启用 defusedxml（请安装 defusedxml，且不要设置 OPENPYXL_DEFUSEDXML=False），拒绝读取 Excel 文件",
            "openpyxl is not using defusedxml (install defusedxml and do not set "
            "OPENPYXL_DEFUSEDXML=False); refusing to read Excel files",
        )


def _not_xlsx(path: Path, head: bytes) -> ImportRejected:
    if head.startswith(OLE2_MAGIC):
        return file_problem(
            f"{path.name} 是旧版 .xls 文件或带密码的工作簿：请在 Excel 中取消密码并“另存为”.xlsx 后再导入",
            f"{path.name} is an old .xls file or a password-protected workbook: remove the password "
            "and use Save As .xlsx in Excel, then import that",
        )
    return file_problem(
        f"{path.name} 不是 Excel 工作簿（.xlsx）文件",
        f"{path.name} is not an Excel workbook (.xlsx)",
    )


def check_xlsx(path: Path) -> XlsxFacts:
    """Open ``path`` as a zip and check it before openpyxl does; ImportRejected when unsafe.

    Declared sizes are trustworthy upper bounds: Python's zipfile never returns more than a
    member's declared size. Only stored and deflated members are allowed (bzip2 and lzma
    expand whole chunks at once).
    """
    require_defusedxml()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise file_problem(
            f"无法读取文件 {path}：{exc.strerror}", f"Cannot read {path}: {exc.strerror}"
        ) from exc
    if size > MAX_FILE_BYTES:
        raise file_problem(
            f"文件过大（{size // 1048576} MB，上限 {MAX_FILE_BYTES // 1048576} MB）",
            f"The file is too large ({size // 1048576} MB, limit {MAX_FILE_BYTES // 1048576} MB)",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            _check_members(archive)
            return XlsxFacts(has_formulas=_scan_parts(archive))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        ValueError,
        NotImplementedError,
        OSError,  # a damaged offset: zipfile seeks before the start of the file
    ) as exc:
        if not head.startswith(b"PK"):
            raise _not_xlsx(path, head) from exc
        raise file_problem(
            f"{path.name} 已损坏（不完整的压缩包）：{exc}",
            f"{path.name} is damaged (an incomplete zip archive): {exc}",
        ) from exc


def _check_members(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if len(infos) > MAX_MEMBERS:
        raise file_problem(
            f"压缩包内文件过多（{len(infos)} 个）", f"Too many parts in the archive ({len(infos)})"
        )
    if any(part not in names for part in REQUIRED_PARTS):
        raise file_problem(
            "这不是 Excel 工作簿（.xlsx）：缺少工作簿部件",
            "This is not an Excel workbook (.xlsx): workbook parts are missing",
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise file_problem(
                f"不支持的压缩方式（{info.filename}）",
                f"Unsupported compression method ({info.filename})",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > RATIO_FLOOR and ratio > MAX_RATIO
        ):
            raise _bomb(info.filename, info.file_size, ratio)
    if total > MAX_TOTAL_BYTES:
        raise _bomb("*", total, 0)


def _bomb(name: str, size: int, ratio: float) -> ImportRejected:
    detail = f"{name}：解压后 {size // 1048576} MB" + (f"，压缩比 {ratio:.0f}:1" if ratio else "")
    detail_en = f"{name}: {size // 1048576} MB uncompressed" + (
        f", ratio {ratio:.0f}:1" if ratio else ""
    )
    return file_problem(
        f"文件解压后过大，疑似“压缩炸弹”，拒绝读取（{detail}）",
        f"The file expands to too much data (a possible zip bomb); refusing to read it ({detail_en})",
    )


def _scan_parts(archive: zipfile.ZipFile) -> bool:
    """Refuse DTDs in any XML part; report whether any worksheet contains a formula."""
    formulas = False
    for info in archive.infolist():
        name = info.filename
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            prolog = part.read(_PROLOG_BYTES)
            if _DTD_RE.search(_as_bytes(prolog)):
                raise file_problem(
                    f"文件含有 XML 实体声明（{name}），可能是恶意文件，拒绝读取",
                    f"The file declares XML entities ({name}); it may be malicious and will not be read",
                )
            if name.startswith("xl/worksheets/"):
                _check_dimension(name, prolog, info.file_size)
                formulas = formulas or _has_formula(prolog, part)
    return formulas


def _check_dimension(name: str, prolog: bytes, size: int) -> None:
    """Refuse a big sheet without a <dimension>: openpyxl would parse all of it just to open it."""
    if size > UNSIZED_SHEET_BYTES and not _DIMENSION_RE.search(_as_bytes(prolog)):
        raise file_problem(
            f"工作表 {name} 很大（{size // 1048576} MB）但缺少尺寸信息，可能不是由 Excel 保存的："
            "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入",
            f"Worksheet {name} is large ({size // 1048576} MB) but has no dimension record, so it was "
            "probably not saved by Excel: open it in Excel or WPS, save it as .xlsx and import that",
        )


def _as_bytes(prolog: bytes) -> bytes:
    """The prolog as ASCII-compatible bytes (UTF-16 parts are decoded first)."""
    if prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
        return prolog.decode("utf-16", errors="replace").encode("utf-8")
    return prolog


def _has_formula(first: bytes, part: IO[bytes]) -> bool:
    """Stream a worksheet part looking for a formula element (<f>), overlapping chunk edges."""
    tail = b""
    chunk = first
    while chunk:
        if _FORMULA_RE.search(tail + chunk):
            return True
        tail = chunk[-32:]
        chunk = part.read(_CHUNK)
    return False
