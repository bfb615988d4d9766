"""import-table quotes the offending value in its problems: never an ID number in full — the
ID column masked wholesale, an ID-like run masked wherever it stands (text and --json)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE, run_cli
from tests.reports.excel.helpers import GUARD_ROWS, fill_sheet

ID = "441900196405121310"
TELL = re.compile(r"0[\W_]*1[\W_]*9[\W_]*6[\W_]*4[\W_]*0[\W_]*5[\W_]*1[\W_]*2")  # spread out too


def _row(**cells: Any) -> list[Any]:
    row = list(GUARD_ROWS[0])
    for index, value in cells.items():
        row[int(index[1:])] = value
    return row


CASES = {
    "id_too_long": _row(c1=ID * 300),  # the ID column, longer than a cell may be
    "id_in_a_date": _row(c3=ID),
    "id_in_a_yes_no": _row(c4=ID),
    "dashed_id_in_a_date": _row(c3="441900-19640512-1310"),
    "id_in_a_long_name": _row(c0="门卫 " + ID + " " * 4000),
}


@pytest.mark.parametrize("row", CASES.values(), ids=CASES.keys())
def test_problems_never_quote_an_id_number(data_dir: Path, tmp_path: Path, row: list[Any]) -> None:
    assert run_cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    template = tmp_path / "template.xlsx"
    proc = run_cli("template", "guards", "guards", "--out", str(template), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    path = fill_sheet(template, [row])
    for extra in ((), ("--json",)):
        proc = run_cli(
            "import-table", "1", "guards", "guards", str(path), *extra, data_dir=data_dir
        )
        assert proc.returncode == 2, proc.stdout + proc.stderr
        said = proc.stdout + proc.stderr
        assert "第 2 行" in said or '"row": 2' in said  # the problem is told …
        assert not TELL.search(said), said[:2000]  # … without the number
