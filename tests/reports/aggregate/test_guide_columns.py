"""The office guide lists every sheet of the summary workbook with every column, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports.aggregate import xlsx

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "office-guide.md"
SHEETS = {
    "镇街汇总": xlsx.DISTRICT_COLUMNS,
    "报送情况": xlsx.REPORTING_COLUMNS,
    "整改逾期": xlsx.OVERDUE_COLUMNS,
    "学校": xlsx.SCHOOL_COLUMNS + xlsx.SCHOOL_TAIL,
    "问题明细": xlsx.FINDING_COLUMNS,
    "按问题": xlsx.CODE_HEAD,
    "被拒文件": xlsx.REJECTED_COLUMNS,
    "已被取代": xlsx.SUPERSEDED_COLUMNS,
}


def _listed(sheet: str) -> str:
    """The guide's bullet for ``sheet`` (its continuation lines joined)."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### 汇总表的工作表和各列", 1)[1].split("###", 1)[0]
    found = re.search(rf"^- \*\*{sheet}\*\*：(.*?)(?=^- |^\S|\Z)", section, re.M | re.S)
    assert found is not None, f"the guide does not list the sheet {sheet}"
    return "".join(line.strip() for line in found.group(1).splitlines())


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_the_guide_lists_every_column_of_the_sheet_in_order(sheet: str) -> None:
    listed = _listed(sheet)
    places = [listed.find(column.zh) for column in SHEETS[sheet]]
    missing = [c.zh for c, at in zip(SHEETS[sheet], places, strict=True) if at < 0]
    assert not missing, f"{sheet}: not in the guide: {missing}"
    assert places == sorted(places), f"{sheet}: the guide lists the columns in another order"


def test_the_guide_lists_the_sheets_the_workbook_has() -> None:
    assert [zh for _, (zh, _en), *_ in _sheet_names()] == list(SHEETS)


def _sheet_names() -> list[tuple[str, tuple[str, str]]]:
    """(key, (zh, en)) of each sheet the workbook writes, read from xlsx's sheet list."""
    source = Path(xlsx.__file__).read_text(encoding="utf-8")
    return [
        (key, (zh, en))
        for key, zh, en in re.findall(r'Sheet\("(\w+)", \("([^"]+)", "([^"]+)"\)', source)
    ]
