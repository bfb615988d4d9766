"""Long tables: a 300-guard roster and 120 classrooms split across pages with the header repeated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports.pdf import ReportData, write_report
from reports.pdf.table_values import report_columns
from tests.reports.pdf.pdf_helpers import grown, page_count, pdftotext, report_data

ROSTER_HEADER = ("姓名", "公民身份号码", "入职日期")
CLASSROOM_HEADER = ("教室", "检测日期")
MASKED_ID = re.compile(r"\d{6}\*{8}[\dX]{4}")


@pytest.fixture(scope="module")
def large_data() -> ReportData:
    return report_data(grown(guards=300, classrooms=120))


@pytest.fixture(scope="module")
def large_pdf(tmp_path_factory: pytest.TempPathFactory, large_data: ReportData) -> Path:
    return write_report(large_data, tmp_path_factory.mktemp("large") / "large.pdf")


def _pages_with(pdf: Path, needle: str) -> list[int]:
    return [p for p in range(1, page_count(pdf) + 1) if needle in pdftotext(pdf, p)]


def _roster_pages(pdf: Path, data: ReportData) -> list[int]:
    """Pages that show guards' names in the roster (a name and its masked ID on one line)."""
    names = [row["name"] for row in data.document.checklists["guards"]["guards"]]
    pages = []
    for page in range(1, page_count(pdf) + 1):
        text = pdftotext(pdf, page, layout=True)
        if sum(1 for line in text.splitlines() if MASKED_ID.search(line)) >= 5:
            pages.append(page)
    assert names
    return pages


def test_roster_spans_pages_with_the_header_on_each(
    large_pdf: Path, large_data: ReportData
) -> None:
    pages = _roster_pages(large_pdf, large_data)
    assert len(pages) >= 5
    assert pages == list(range(pages[0], pages[-1] + 1))  # one run of pages
    for page in pages:
        text = pdftotext(large_pdf, page)
        for header in ROSTER_HEADER:
            assert header in text, (page, header)


def test_every_guard_is_listed_once(large_pdf: Path, large_data: ReportData) -> None:
    rows = large_data.document.checklists["guards"]["guards"]
    with_id = [i + 1 for i, row in enumerate(rows) if row.get("id_number")]
    assert 290 <= len(with_id) < 300  # the sample has a guard without an ID number
    lines = [
        line for line in pdftotext(large_pdf, layout=True).splitlines() if MASKED_ID.search(line)
    ]
    # One roster line per guard with an ID, in order, and masked IDs nowhere else.
    assert [int(line.split()[0]) for line in lines] == with_id


def test_classroom_table_repeats_its_header(large_pdf: Path) -> None:
    pages = [p for p in _pages_with(large_pdf, "班") if "检测日期" in pdftotext(large_pdf, p)]
    assert len(pages) >= 4
    for page in pages:
        text = pdftotext(large_pdf, page)
        assert all(h in text for h in CLASSROOM_HEADER)


def test_failing_cells_are_marked(large_pdf: Path, large_data: ReportData) -> None:
    shown = set()
    tables_with_marks = set()
    for finding in large_data.results.findings:
        checklist = large_data.checklists[finding.checklist]
        if finding.row is None:
            continue
        visible = {c.id for c in report_columns(checklist, checklist.item(finding.item))}
        cells = {(finding.item, finding.row, c) for c in finding.columns if c in visible}
        shown |= cells
        tables_with_marks.add(finding.item)
    assert len(shown) > 100
    # Every failing cell carries one ✗, and each table's legend explains it once.
    assert pdftotext(large_pdf).count("✗") == len(shown) + len(tables_with_marks)


def test_a_long_table_is_drawn_in_blocks_each_with_its_header_and_its_own_marks() -> None:
    """reportlab re-measures the whole rest of a table at each page break: one table of n rows
    costs n²; blocks of CHUNK_ROWS keep a table at the row limit linear."""
    from reportlab.platypus import Table

    from reports.pdf.context import build_context
    from reports.pdf.tables import CHUNK_ROWS, FAIL_FILL, render_table

    data = report_data(grown(guards=CHUNK_ROWS * 2 + 50))
    checklist = data.checklists["guards"]
    item = checklist.item("guards")
    rendered = render_table(
        build_context(data), checklist, item, data.results.checklists["guards"].item("guards")
    )
    assert rendered is not None
    tables = [f for f in rendered.flowables if isinstance(f, Table)]
    assert [len(t._cellvalues) for t in tables] == [CHUNK_ROWS + 1, CHUNK_ROWS + 1, 51]
    numbers = [int(str(row[0])) for t in tables for row in t._cellvalues[1:]]
    assert numbers == list(range(1, CHUNK_ROWS * 2 + 51))
    assert all(t.repeatRows == 1 for t in tables)
    headers = {tuple(c.getPlainText() for c in t._cellvalues[0]) for t in tables}
    assert len(headers) == 1  # the same header on every block
    # every failing cell is filled red in its own block, at its row within the block
    shown = {c.id for c in report_columns(checklist, item)}
    failing_rows = sorted(
        {
            f.row
            for f in data.results.findings
            if f.item == "guards" and f.row is not None and shown & set(f.columns)
        }
    )
    assert any(r >= CHUNK_ROWS for r in failing_rows)
    for row in failing_rows:
        block, at = divmod(row, CHUNK_ROWS)
        fills = [c for c in tables[block]._bkgrndcmds if c[0] == "BACKGROUND" and c[3] == FAIL_FILL]
        assert any(c[1][1] == at + 1 for c in fills), row
