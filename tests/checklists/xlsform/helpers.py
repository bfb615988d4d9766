"""Building XLSForm workbooks for tests with openpyxl (rows as dicts, a fixed column order)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl

from checklists.model import Checklist
from checklists.xlsform import load_xlsform_bytes

ZH, EN = "label::中文 (zh)", "label::English (en)"
# Fixed survey columns so a cell's letter is known: A type, B name, C label zh, D label en,
# E clause, F required, G relevant, H constraint, I/J constraint_message zh/en, K rule,
# L severity, M calculation, N default, O appearance, P hint (plain). Extra keys follow.
SURVEY_HEADER = [
    "type", "name", ZH, EN, "clause", "required", "relevant", "constraint",
    "constraint_message::中文 (zh)", "constraint_message::English (en)", "rule", "severity",
    "calculation", "default", "appearance", "hint",
]  # fmt: skip
SETTINGS = {
    "form_id": "fixture",
    "version": 2021120101,
    "form_title::中文 (zh)": "测试清单",
    "form_title::English (en)": "Test checklist",
    "source_document::中文 (zh)": "东莞市教育局2022年工作要点",
    "source_document::English (en)": "Dongguan Education Bureau, 2022 work plan",
}
YES_NO = [
    {"list_name": "yes_no", "name": "yes", ZH: "是", EN: "Yes"},
    {"list_name": "yes_no", "name": "no", ZH: "否", EN: "No"},
]


def q(
    kind: str, name: str, zh: str = "", en: str = "", clause: Any = 75, **extra: Any
) -> dict[str, Any]:
    """A survey row: type, name, label (zh, en defaults derived from name) and clause."""
    row: dict[str, Any] = {
        "type": kind,
        "name": name,
        ZH: zh or f"{name}（中文）",
        EN: en or f"{name} (en)",
    }
    if clause is not None:
        row["clause"] = clause
    row.update(extra)
    return row


def group(name: str, *rows: dict[str, Any], zh: str = "", en: str = "") -> list[dict[str, Any]]:
    """begin_group … end_group around ``rows``."""
    return [
        {"type": "begin_group", "name": name, ZH: zh or f"分节{name}", EN: en or f"Section {name}"},
        *rows,
        {"type": "end_group"},
    ]


def sheet_rows(rows: list[dict[str, Any]], header: list[str] | None = None) -> list[list[Any]]:
    """A header row then the values; keys not in ``header`` are appended as new columns."""
    columns = list(header or [])
    for row in rows:
        columns += [k for k in row if k not in columns]
    return [columns, *[[row.get(c) for c in columns] for row in rows]]


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An .xlsx with the given sheets (each a list of rows, the first the header)."""
    book = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def form(
    survey: list[dict[str, Any]],
    choices: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
    constants: list[dict[str, Any]] | None = None,
    **sheets: list[list[Any]],
) -> bytes:
    """An XLSForm workbook: survey rows, choices (yes_no by default), settings, constants."""
    all_sheets = {"survey": sheet_rows(survey, SURVEY_HEADER)}
    all_sheets["choices"] = sheet_rows(
        YES_NO if choices is None else choices, ["list_name", "name", ZH, EN]
    )
    merged = dict(SETTINGS) if settings is None else settings
    all_sheets["settings"] = sheet_rows([merged])
    if constants is not None:
        all_sheets["constants"] = sheet_rows(constants, ["name", "value"])
    all_sheets.update(sheets)
    return workbook(all_sheets)


def load(data: bytes, origin: str = "form.xlsx") -> Checklist:
    """Load workbook bytes as ``form.xlsx``."""
    return load_xlsform_bytes(data, origin)


def save(data: bytes, path: Path) -> Path:
    """Write workbook bytes to ``path``."""
    path.write_bytes(data)
    return path
