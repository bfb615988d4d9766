"""The supervision office's aggregation (Qt-free): check many signed reports, store, summarise.

    with open_store(url, data_dir=data_dir) as store:
        run = aggregate_paths([folder], store, progress=callback, should_stop=cancelled)
        summary = build_summary(store, trusted=fingerprints, require_trust=False, failed=run.failed)
        write_summary_xlsx(summary, Path("summary.xlsx"), lang="zh")  # findings read from store

Names are imported on first use, so a worker process that only checks files never loads
SQLAlchemy or openpyxl.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reports.aggregate.database import DB_NAME, OfficeStore, default_url, open_store
    from reports.aggregate.facts import FileOutcome
    from reports.aggregate.inputs import find_report_files, trusted_fingerprints
    from reports.aggregate.jsondoc import summary_to_json
    from reports.aggregate.pool import default_workers
    from reports.aggregate.rows import (
        ChecklistCell,
        CodeRow,
        FindingRow,
        RejectedRow,
        SchoolRow,
        Summary,
        SupersededRow,
    )
    from reports.aggregate.run import ProgressCallback, RunResult, aggregate_paths
    from reports.aggregate.summary import build_summary
    from reports.aggregate.words import REASON_TEXT, reasons_text
    from reports.aggregate.xlsx import write_summary_xlsx

_HOMES = {
    "reports.aggregate.database": ("DB_NAME", "OfficeStore", "default_url", "open_store"),
    "reports.aggregate.facts": ("FileOutcome",),
    "reports.aggregate.inputs": ("find_report_files", "trusted_fingerprints"),
    "reports.aggregate.jsondoc": ("summary_to_json",),
    "reports.aggregate.pool": ("default_workers",),
    "reports.aggregate.run": ("ProgressCallback", "RunResult", "aggregate_paths"),
    "reports.aggregate.rows": (
        "ChecklistCell", "CodeRow", "FindingRow", "RejectedRow", "SchoolRow", "Summary",
        "SupersededRow",
    ),
    "reports.aggregate.summary": ("build_summary",),
    "reports.aggregate.words": ("REASON_TEXT", "reasons_text"),
    "reports.aggregate.xlsx": ("write_summary_xlsx",),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = [
    "DB_NAME",
    "REASON_TEXT",
    "ChecklistCell",
    "CodeRow",
    "FileOutcome",
    "FindingRow",
    "OfficeStore",
    "ProgressCallback",
    "RejectedRow",
    "RunResult",
    "SchoolRow",
    "Summary",
    "SupersededRow",
    "aggregate_paths",
    "build_summary",
    "default_url",
    "default_workers",
    "find_report_files",
    "open_store",
    "reasons_text",
    "summary_to_json",
    "trusted_fingerprints",
    "write_summary_xlsx",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` the first time it is asked for."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'reports.aggregate' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
