"""History anchors in signed reports: the chain head a report embeds, read back for
``history --verify`` (only from reports whose signature holds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.foundation.files import read_input_bytes
from checklists.idnumber import mask_ids_in
from models.ops.history import Anchor
from reports.signing.attachments import META_NAME


def report_anchor(path: Path, school_code: str, period: str) -> Anchor | None:
    """The history anchor of the signed report at ``path`` when it is a report of
    ``school_code`` and ``period`` whose signature holds (trusted or not); else None."""
    found = read_anchor(path, school_code, period)
    return found if isinstance(found, Anchor) else None


def read_anchor(path: Path, school_code: str, period: str) -> Anchor | InputError:
    """The history anchor of the report at ``path``, or why it has none (zh and en).

    The file is read within ``limits.MAX_REPORT_BYTES`` and must be a regular file.
    """
    from reports.signing.verify import verify_pdf

    try:
        data = read_input_bytes(path, limits.MAX_REPORT_BYTES, "报告", "report")
    except InputError as exc:
        return exc
    try:
        result = verify_pdf(data, report_checks=False)
    except InputError as exc:
        return InputError(f"{path}：{exc.zh}", f"{path}: {exc.en}")
    if not result.ok():
        return InputError(
            f"{path} 不是签名有效的报告，未比对",
            f"{path} is not a report with a valid signature; not compared",
        )
    try:
        meta: Any = json.loads(result.attachments.get(META_NAME, b"null"))
    except (ValueError, RecursionError):  # nested past the parser's stack: not a report's meta
        meta = None
    history = meta.get("history") if isinstance(meta, dict) else None
    entries = history.get("entries") if isinstance(history, dict) else None
    head = history.get("head_sha256") if isinstance(history, dict) else None
    if not isinstance(meta, dict) or not isinstance(entries, int) or not isinstance(head, str):
        return InputError(
            f"{path} 中没有修改记录的锚点，未比对", f"{path} holds no history anchor; not compared"
        )
    if meta.get("school_code") != school_code or meta.get("period") not in (
        period,
        mask_ids_in(period),
    ):
        return InputError(
            f"{path} 是其他学校或其他周期的报告，未比对",
            f"{path} is a report of another school or period; not compared",
        )
    return Anchor(str(path), entries, head)


def report_files(paths: list[Path]) -> list[Path]:
    """The PDF files among ``paths`` (folders searched recursively), sorted, without repeats."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
        elif path.is_file():
            found.add(path)
    return sorted(found)
