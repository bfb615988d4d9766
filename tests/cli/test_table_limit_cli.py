"""A self-check at the table row limit exports (PDF and Excel) and one row more is refused:
the limit is what every command can carry, in seconds (bench figures in checklists.foundation.limits)."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import openpyxl

from checklists.foundation import limits
from tests.conftest import SAMPLE, run_cli


def _with_classrooms(tmp_path: Path, count: int) -> Path:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    rooms = doc["checklists"]["lighting"]["classrooms"]
    grown = []
    for index in range(count):
        row = copy.deepcopy(rooms[index % len(rooms)])
        row["room"] = f"教室{index + 1}"
        grown.append(row)
    doc["checklists"]["lighting"]["classrooms"] = grown
    doc["checklists"]["lighting"]["classrooms_total"] = count
    path = tmp_path / f"rooms-{count}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_one_row_over_the_limit_is_refused_by_validate_and_import(
    tmp_path: Path, data_dir: Path
) -> None:
    over = _with_classrooms(tmp_path, limits.MAX_TABLE_ROWS + 1)
    for command in ("validate", "import"):
        proc = run_cli("--lang", "en", command, str(over), data_dir=data_dir)
        assert proc.returncode == 2, (command, proc.stderr)
        assert f"at most {limits.MAX_TABLE_ROWS}" in proc.stderr and "Traceback" not in proc.stderr


def test_a_self_check_at_the_limit_exports_whole(tmp_path: Path, data_dir: Path) -> None:
    at = _with_classrooms(tmp_path, limits.MAX_TABLE_ROWS)
    assert run_cli("import", str(at), data_dir=data_dir).returncode == 0
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    proc = run_cli("export-pdf", "1", "--out", str(pdf), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert f"教室{limits.MAX_TABLE_ROWS}" in text
    proc = run_cli("export-xlsx", "1", "--out", str(xlsx), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    book = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        found = any(
            f"教室{limits.MAX_TABLE_ROWS}" in row
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    finally:
        book.close()
    assert found
