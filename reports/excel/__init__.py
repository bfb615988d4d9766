"""Excel exchange (Qt-free): import templates, table imports with all-or-nothing checks, and the Excel export.

The names below load their module on first use: an import of a table needs neither the
export nor the template writer (nor what they import).
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {
    "MAX_DATA_ROWS": "reports.excel.table_import",
    "ImportProblem": "reports.excel.problems",
    "ImportRejected": "reports.excel.problems",
    "TableImport": "reports.excel.table_import",
    "build_export": "reports.excel.export",
    "build_template": "reports.excel.template",
    "read_table": "reports.excel.reader",
    "write_export": "reports.excel.export",
    "write_template": "reports.excel.template",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
