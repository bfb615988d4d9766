"""The office's school list keeps the answers document's rules: name ≤ 100, period and other
texts ≤ 200, no control characters, codes NFKC-normalised then 10 ASCII digits, the row limit."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from checklists.foundation import limits
from checklists.foundation.errors import InputError
from reports.aggregate.database import open_store
from reports.aggregate.expected import (
    ExpectedEntry,
    expected_lists,
    read_school_list,
    set_school_list,
)
from reports.excel.problems import ImportRejected

HEADER = ["学校代码", "学校名称", "镇街", "学段", "联系人及电话"]


def _book(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (["4419012345", "名" * 101, "", "", ""], "at most 100"),
        (["4419012345", "A\nB", "", "", ""], "U+000A"),
        (["4419012345", "A", "镇" * 201, "", ""], "at most 200"),
        (["4419012345", "A", "", "", "x\ty"], "U+0009"),
        (["441901234X", "A", "", "", ""], "10 digits"),
        (["٤٤١٩٠١٢٣٤٥", "A", "", "", ""], "10 digits"),
    ],
)
def test_rows_breaking_the_document_rules_are_refused(
    tmp_path: Path, row: list[object], says: str
) -> None:
    with pytest.raises(ImportRejected) as exc:
        read_school_list(_book(tmp_path / "l.xlsx", [row]))
    assert any(says in p.en for p in exc.value.problems)


def test_full_width_code_is_read_as_ascii_digits(tmp_path: Path) -> None:
    (entry,) = read_school_list(_book(tmp_path / "l.xlsx", [["４４１９０１２３４５", "A"]]))
    assert entry.code == "4419012345"


def test_more_rows_than_the_table_limit_are_refused(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [f"44{n:08d}", f"学校{n}"] for n in range(limits.MAX_TABLE_ROWS + 1)
    ]
    with pytest.raises(ImportRejected) as exc:
        read_school_list(_book(tmp_path / "l.xlsx", rows))
    assert f"more than {limits.MAX_TABLE_ROWS}" in exc.value.problems[0].en


@pytest.mark.parametrize(("period", "says"), [("P" * 201, "at most 200"), ("P\x01", "U+0001")])
def test_period_breaking_the_document_rules_is_refused(
    tmp_path: Path, period: str, says: str
) -> None:
    with open_store(data_dir=tmp_path) as store:
        with pytest.raises(InputError) as exc:
            set_school_list(store, period, [ExpectedEntry("4419012345", "A")])
        assert says in exc.value.en
        with store.connect() as s:
            assert expected_lists(s) == {}
