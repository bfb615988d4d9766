"""The supervision office's aggregation (Qt-free): check many signed reports, store, summarise.

with open_store(url, data_dir=data_dir) as store:
    run = aggregate_paths([folder], store, progress=callback, should_stop=cancelled)
    with store.session() as s:
        summary = build_summary(s, trusted=fingerprints, require_trust=False, failed=run.failed)
    write_summary_xlsx(summary, Path("summary.xlsx"), lang="zh")
"""

from __future__ import annotations

from reports.aggregate.database import DB_NAME, OfficeStore, default_url, open_store
from reports.aggregate.facts import FileOutcome
from reports.aggregate.inputs import find_report_files, trusted_fingerprints
from reports.aggregate.jsondoc import summary_to_json
from reports.aggregate.pool import default_workers
from reports.aggregate.run import ProgressCallback, RunResult, aggregate_paths
from reports.aggregate.summary import (
    ChecklistCell,
    CodeRow,
    FindingRow,
    RejectedRow,
    SchoolRow,
    Summary,
    SupersededRow,
    build_summary,
)
from reports.aggregate.words import REASON_TEXT, reasons_text
from reports.aggregate.xlsx import write_summary_xlsx

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
