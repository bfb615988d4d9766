"""Table items: derived columns, masked IDs, column widths, page shape, failing-cell marks."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.platypus import Paragraph, Table

from checklists.registry import builtin_checklists
from reports.pdf import ReportData
from reports.pdf.context import build_context
from reports.pdf.layout import frame_width
from reports.pdf.table_values import report_columns, table_rows
from reports.pdf.tables import FAIL_MARK, HEAD_SIZES, plan_widths, render_table
from tests.reports.pdf.pdf_helpers import grown, id_number, report_data, sample_json


def _cells(table: Table) -> list[list[str]]:
    out = []
    for row in table._cellvalues:
        out.append([c.getPlainText() if isinstance(c, Paragraph) else str(c) for c in row])
    return out


def _rendered(
    data: ReportData, checklist_id: str, item_id: str
) -> tuple[list[list[str]], bool, list]:  # type: ignore[type-arg]
    checklist = data.checklists[checklist_id]
    result = data.results.checklists[checklist_id]
    rendered = render_table(
        build_context(data), checklist, checklist.item(item_id), result.item(item_id)
    )
    assert rendered is not None
    table = next(f for f in rendered.flowables if isinstance(f, Table))
    return _cells(table), rendered.landscape, rendered.flowables


def test_guard_roster_shows_age_on_the_reference_date() -> None:
    doc = sample_json()
    doc["checklists"]["guards"]["guards"] = [
        {
            "name": "甲",
            "id_number": id_number(date(1966, 1, 1), 1),
            "hire_date": "2015-03-01",
            "licence_no": "X1",
        },
        {
            "name": "乙",
            "id_number": id_number(date(1965, 12, 31), 2),
            "hire_date": "2015-03-01",
            "licence_no": "X2",
        },
        {"name": "丙", "birth_date": "1980-06-01", "hire_date": "2015-03-01", "licence_no": "X3"},
    ]
    # Notes on rows the shortened roster no longer has would be refused as pointing nowhere.
    doc["finding_notes"] = [
        n for n in doc.get("finding_notes", []) if n.get("row") is None or n.get("row", 0) < 3
    ]
    data = report_data(doc)
    registry = builtin_checklists()
    rows = table_rows(registry["guards"], registry["guards"].item("guards"), data.document)
    assert [r["age"] for r in rows] == [55, 56, 41]  # 56th birthday on the reference date
    cells, _landscape, _ = _rendered(data, "guards", "guards")
    header = cells[0]
    assert header[:4] == [
        "#",
        "姓名",
        "公民身份号码",
        "基准日周岁年龄",
    ]  # unit already in the label
    assert cells[1][2] == "441900********" + cells[1][2][-4:]
    assert cells[2][3] == FAIL_MARK + "56"  # over 55 on a post: the age cell is marked
    assert cells[3][3] == "41"


def test_roster_never_shows_a_whole_id_number() -> None:
    data = report_data()
    cells, _landscape, _ = _rendered(data, "guards", "guards")
    ids = {
        g["id_number"]
        for g in sample_json()["checklists"]["guards"]["guards"]
        if g.get("id_number")
    }
    assert not any(number in cell for row in cells for cell in row for number in ids)


def test_row_without_a_birth_date_shows_an_empty_age() -> None:
    data = report_data()
    registry = builtin_checklists()
    rows = table_rows(registry["guards"], registry["guards"].item("guards"), data.document)
    missing = [r for r in rows if not r.get("id_number") and not r.get("birth_date")]
    assert missing and all(r["age"] is None for r in missing)


def test_guard_roster_uses_its_tailored_columns() -> None:
    checklist = builtin_checklists()["guards"]
    ids = [c.id for c in report_columns(checklist, checklist.item("guards"))]
    assert ids == [
        "name",
        "id_number",
        "age",
        "hire_date",
        "on_guard_post",
        "assessment_date",
        "assessment_passed",
        "licence_no",
    ]


def test_any_other_table_shows_every_column() -> None:
    checklist = builtin_checklists()["psychology"]
    table = checklist.item("psych_teachers")
    assert report_columns(checklist, table) == table.columns
    data = report_data()
    cells, landscape, _ = _rendered(data, "psychology", "psych_teachers")
    assert len(cells[0]) == len(table.columns) + 2  # row number and findings
    assert not landscape


def test_wide_classroom_table_goes_landscape_and_marks_failing_cells() -> None:
    data = report_data()
    cells, landscape, flowables = _rendered(data, "lighting", "classrooms")
    assert landscape
    failing = [
        f
        for f in data.results.checklists["lighting"].findings
        if f.item == "classrooms" and f.columns
    ]
    assert failing
    columns = [
        c.id
        for c in report_columns(
            data.checklists["lighting"], data.checklists["lighting"].item("classrooms")
        )
    ]
    for finding in failing:
        row = cells[finding.row + 1]
        for column in finding.columns:
            assert row[columns.index(column) + 1].startswith(FAIL_MARK), (finding.code, column)
        assert build_context(data).finding_ref(finding) in row[-1]
    legend = [f.getPlainText() for f in flowables if isinstance(f, Paragraph)]
    assert any("✗" in text for text in legend)


def test_table_without_rows_renders_nothing() -> None:
    doc = sample_json()
    doc["checklists"]["psychology"].pop("psych_teachers")
    data = report_data(doc)
    checklist = data.checklists["psychology"]
    assert (
        render_table(build_context(data), checklist, checklist.item("psych_teachers"), None) is None
    )


@pytest.mark.parametrize("count", [1, 40])
def test_widths_fill_the_page_exactly(count: int) -> None:
    headers = ["#", "姓名", "日期"]
    cells = [[str(i) for i in range(count)], ["张三"] * count, ["2021-12-31"] * count]
    plan = plan_widths(headers, cells, [False, True, False])
    widths = plan.widths
    assert not plan.landscape
    assert sum(widths) == pytest.approx(frame_width())
    assert widths[2] > widths[1] > widths[0] > 0


def test_too_many_columns_turn_the_page() -> None:
    headers = [f"列{i}" for i in range(16)]
    cells = [["2021-12-31"] * 3 for _ in headers]
    plan = plan_widths(headers, cells, [False] * 16)
    assert plan.landscape
    assert sum(plan.widths) == pytest.approx(frame_width(landscape=True))


def test_dates_and_numbers_never_wrap_while_text_may() -> None:
    long_text = "很长的备注文字" * 12
    headers = ["日期", "备注", "数量"]
    cells = [["2021-12-31"], [long_text], ["12345"]]
    widths = plan_widths(headers, cells, [False, True, False]).widths
    from reports.pdf.styles import DATA_PAD, DATA_SIZE, text_width

    assert widths[0] >= text_width("2021-12-31", DATA_SIZE) + 2 * DATA_PAD
    assert widths[1] < text_width(long_text, DATA_SIZE)


def test_large_roster_keeps_row_numbers_to_300() -> None:
    data = report_data(grown(guards=300))
    _cells_first, _landscape, flowables = _rendered(data, "guards", "guards")
    cells = [row for f in flowables if isinstance(f, Table) for row in _cells(f)[1:]]
    assert len(cells) == 300 and cells[-1][0] == "300"


def test_an_english_header_with_room_breaks_between_its_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The psychology teachers' table has room to spare: every word of its English headers is
    printed whole ("part-time", "Professional"), none broken across lines inside it."""
    import re

    from reports.pdf import write_report
    from reports.pdf.tables import _header_text
    from tests.reports.pdf.pdf_helpers import pdftotext

    data = report_data(sample_json(), lang="en")
    checklist = data.checklists["psychology"]
    columns = report_columns(checklist, checklist.item("psych_teachers"))
    words = {w for c in columns for w in _header_text(c, "en").split()}
    assert {"part-time", "Professional", "mental-health"} <= words
    text = pdftotext(write_report(data, tmp_path / "report.pdf"))
    printed = set(re.findall(r"\S+", text))
    assert words <= printed, sorted(words - printed)


def test_spare_width_goes_first_to_a_header_word_wider_than_its_column() -> None:
    from reports.pdf.styles import DATA_PAD, DATA_SIZE, text_width

    headers = ["#", "Name", "Interdisciplinary hours", *["Counts as full-time"] * 8]
    cells = [["1"], ["Li"], ["36"], *[["Yes"]] * 8]
    plan = plan_widths(headers, cells, [False, True, *[False] * 9])
    widths = plan.widths
    assert not plan.landscape and sum(widths) == pytest.approx(frame_width())
    assert widths[2] >= text_width("Interdisciplinary", DATA_SIZE) + 2 * DATA_PAD


def test_a_crowded_english_table_keeps_every_header_word_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The classroom lighting table has 17 columns in landscape: its English headers ("Blackboard
    average illuminance", "perpendicular") are set a little smaller rather than broken inside a
    word ("Blackboar-d", "illuminanc-e"), and every word is printed whole."""
    import re

    from reports.pdf import write_report
    from reports.pdf.tables import HEAD_SIZES, _header_text
    from tests.reports.pdf.pdf_helpers import pdftotext

    data = report_data(sample_json(), lang="en")
    checklist = data.checklists["lighting"]
    table = checklist.item("classrooms")
    columns = report_columns(checklist, table)
    words = {w for c in columns for w in _header_text(c, "en").split()}
    assert {"Blackboard", "illuminance", "perpendicular"} <= words
    text = pdftotext(write_report(data, tmp_path / "report.pdf"))
    printed = set(re.findall(r"\S+", text))
    assert words <= printed, sorted(words - printed)
    _cells_first, landscape, flowables = _rendered(data, "lighting", "classrooms")
    head = next(f for f in flowables if isinstance(f, Table))._cellvalues[0]
    assert landscape and HEAD_SIZES[-1] <= head[1].style.fontSize < HEAD_SIZES[0]


def test_a_header_shrinks_only_when_its_words_do_not_fit() -> None:
    headers = ["#", "Name", "Date"]
    plan = plan_widths(headers, [["1"], ["Li"], ["2021-12-31"]], [False, True, False])
    assert plan.head_size == HEAD_SIZES[0]
    # so many long words that no size lets them all stay whole: the header keeps its size and
    # breaks inside words, the table still fills the page exactly
    headers = ["#", *["Interdisciplinarity considerations"] * 30]
    plan = plan_widths(headers, [["1"]] * 31, [False] * 31)
    assert plan.landscape and plan.head_size == HEAD_SIZES[0]
    assert sum(plan.widths) == pytest.approx(frame_width(landscape=True))
