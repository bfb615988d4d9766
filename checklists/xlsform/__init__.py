"""XLSForm (ODK / KoboToolbox spreadsheet forms) as a second way to write checklists.

``load_xlsform`` reads a workbook with the sheets survey, choices, settings (and our own
constants) into the same ``Checklist`` the YAML loader builds; ``write_xlsform`` writes any
checklist back so that it loads into an equal one. The format is described in docs/xlsform.md.
"""

from __future__ import annotations

from pathlib import Path

from checklists.foundation import limits
from checklists.foundation.errors import DefinitionError, InputError
from checklists.foundation.files import read_input_bytes, write_atomic
from checklists.model import Checklist
from checklists.xlsform.read import read_workbook
from checklists.xlsform.write import xlsform_bytes

__all__ = [
    "load_xlsform",
    "load_xlsform_bytes",
    "load_xlsform_with_notices",
    "write_xlsform",
    "xlsform_bytes",
]

Notices = list[tuple[str, str, str]]


def load_xlsform(path: Path) -> Checklist:
    """Load one XLSForm workbook (.xlsx or .xls); DefinitionError lists every problem."""
    return load_xlsform_with_notices(path)[0]


def load_xlsform_with_notices(path: Path) -> tuple[Checklist, Notices]:
    """The checklist and its notices: defaults taken, columns and metadata rows left out.

    Problems raise DefinitionError as ``FILE:sheet!CELL: message``; notices are
    ``(FILE:sheet!CELL, zh, en)`` and do not stop the loading.
    """
    try:
        data = read_input_bytes(path, limits.MAX_CHECKLIST_WORKBOOK_BYTES)
    except InputError as exc:
        raise DefinitionError([(str(path), exc.zh, exc.en)]) from exc
    return read_workbook(data, str(path))


def load_xlsform_bytes(data: bytes, origin: str, default_id: str | None = None) -> Checklist:
    """Load an XLSForm workbook from bytes; ``origin`` names it in messages (and Checklist.origin).

    ``default_id`` is the id when the settings give no form_id (else the file name of ``origin``).
    """
    return read_workbook(data, origin, default_id)[0]


def write_xlsform(checklist: Checklist, out: Path) -> None:
    """Write ``checklist`` as an XLSForm workbook at ``out`` (replaced atomically)."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        data = xlsform_bytes(checklist)
    except IllegalCharacterError as exc:  # control characters Excel cannot store
        raise InputError(
            f"清单中有 Excel 无法保存的字符：{exc}",
            f"the checklist has characters Excel cannot store: {exc}",
        ) from exc
    write_atomic(out, data)
