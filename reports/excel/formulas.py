"""Formula cells without a cached result, found by streaming one worksheet's XML (defusedxml)."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO, Any

from defusedxml.ElementTree import fromstring, iterparse
from openpyxl.utils.cell import coordinate_to_tuple

_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAX_FORMULA_SHOWN = 100


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member that holds worksheet ``sheet``, via workbook.xml and its relationships."""
    workbook = fromstring(archive.read("xl/workbook.xml"))
    rel_id = None
    for node in workbook.iter():
        if _local(node.tag) == "sheet" and node.get("name") == sheet:
            rel_id = node.get(_REL_ID)
    if rel_id is None:
        return None
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for node in rels.iter():
        if _local(node.tag) == "Relationship" and node.get("Id") == rel_id:
            target = node.get("Target", "")
            return (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
    return None


def uncached_formulas(
    path: Path, sheet: str, max_row: int, max_col: int
) -> dict[tuple[int, int], str]:
    """``{(row, column): formula}`` (1-based) for formula cells that carry no cached value.

    Excel always saves a formula's last result; files written by programs often do not, and
    openpyxl's ``data_only`` mode then reads such a cell as empty, which must not pass for a
    blank cell.
    """
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        if part is None:
            return {}
        with archive.open(part) as source:
            return _scan(source, max_row, max_col)


def _scan(source: IO[bytes], max_row: int, max_col: int) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    row = col = 0
    for event, node in iterparse(source, events=("start", "end")):
        name = _local(node.tag)
        if event == "start":
            if name == "row":
                row = int(node.get("r") or row + 1)
                col = 0
                if row > max_row:
                    break
            continue
        if name == "c":
            ref = node.get("r")
            col = coordinate_to_tuple(ref)[1] if ref else col + 1
            _check_cell(node, row, col, max_col, found)
        elif name == "row":
            node.clear()
    return found


def _check_cell(
    node: Any, row: int, col: int, max_col: int, found: dict[tuple[int, int], str]
) -> None:
    if col > max_col:
        return
    formula = value = None
    for child in node:
        kind = _local(child.tag)
        if kind == "f":
            formula = child
        elif kind in ("v", "is"):
            value = child
    # A formula that yields text "" is saved as <v></v> with t="str"; an empty <v> on a number
    # cell is what programs such as openpyxl write when they never calculated the formula.
    cached = value is not None and (bool(value.text) or node.get("t") in ("str", "s", "inlineStr"))
    if formula is not None and not cached:
        found[(row, col)] = ("=" + (formula.text or ""))[:_MAX_FORMULA_SHOWN]
