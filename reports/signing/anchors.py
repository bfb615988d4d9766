"""History anchors in signed reports: the chain head a report embeds, read back for
``history --verify`` (only from reports whose signature holds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checklists.errors import InputError
from models.ops.history import Anchor
from reports.signing.attachments import META_NAME


def report_anchor(path: Path, school_code: str, period: str) -> Anchor | None:
    """The history anchor of the signed report at ``path`` when it is a report of
    ``school_code`` and ``period`` whose signature holds (trusted or not); else None."""
    from reports.signing.verify import verify_pdf

    try:
        data = path.read_bytes()
        result = verify_pdf(data, report_checks=False)
    except (OSError, InputError):
        return None
    if not result.ok():
        return None
    try:
        meta: Any = json.loads(result.attachments.get(META_NAME, b"null"))
    except ValueError:
        return None
    history = meta.get("history") if isinstance(meta, dict) else None
    if not isinstance(history, dict) or meta.get("school_code") != school_code:
        return None
    entries, head = history.get("entries"), history.get("head_sha256")
    if meta.get("period") != period or not isinstance(entries, int) or not isinstance(head, str):
        return None
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
