"""Excel exchange (Qt-free): import templates, table imports with all-or-nothing checks, and the Excel export."""

from __future__ import annotations

from reports.excel.export import build_export, write_export
from reports.excel.problems import ImportProblem, ImportRejected
from reports.excel.reader import read_table
from reports.excel.table_import import MAX_DATA_ROWS, TableImport
from reports.excel.template import build_template, write_template

__all__ = [
    "MAX_DATA_ROWS",
    "ImportProblem",
    "ImportRejected",
    "TableImport",
    "build_export",
    "build_template",
    "read_table",
    "write_export",
    "write_template",
]
