"""The summary workbook read back with openpyxl: every sheet's rows, languages, layout, safety."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checklists.foundation.errors import InputError
from reports.aggregate import Summary, write_summary_xlsx
from tests.reports.aggregate.helpers import (
    SHEETS_EN,
    SHEETS_ZH,
    records,
    run_and_summarise,
    sheet_rows,
)
from tests.reports.aggregate.report_set import SCHOOLS, ReportSet


@pytest.fixture(scope="module")
def summary(report_set: ReportSet, tmp_path_factory: pytest.TempPathFactory) -> Summary:
    """The summary of the mixed folder with the trusted certificate."""
    data_dir = tmp_path_factory.mktemp("xlsx") / "data"
    return run_and_summarise(
        [report_set.folder],
        data_dir=data_dir,
        trust=[report_set.trusted_cert, report_set.trusted_y_cert],
    )[1]


@pytest.fixture(scope="module")
def book(summary: Summary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese workbook of that summary."""
    return write_summary_xlsx(summary, tmp_path_factory.mktemp("out") / "summary.xlsx")


def test_sheets_in_order(book: Path) -> None:
    assert load_workbook(book, read_only=True).sheetnames == SHEETS_ZH


def test_schools_sheet(book: Path, report_set: ReportSet) -> None:
    rows = records(book, "学校")
    assert [r["学校代码"] for r in rows] == [SCHOOLS["Y"][0], SCHOOLS["X"][0], SCHOOLS["Z"][0]]
    y, x, z = rows
    assert (x["学校名称"], x["镇街"], x["学段"], x["在校生数"], x["检查周期"]) == (
        SCHOOLS["X"][1],
        "南城街道",
        "小学",
        1350,
        "2021年秋季学期",
    )
    assert x["报告编号"].startswith(SCHOOLS["X"][0]) and x["签署人"] == "王校长"
    assert (x["签名有效"], x["证书受信任"], z["证书受信任"]) == ("是", "是", "否")
    assert isinstance(x["签署时间"], datetime) and isinstance(x["收到时间"], datetime)
    # One word everywhere (符合率), as the app, the PDF and the Excel export say it.
    assert (x["学校保安队伍符合率(%)"], x["学校安全工作符合率(%)"]) == (88.9, 94.4)
    assert not any("达标率" in key for key in x)
    severity = (x["严重"], x["较重"], x["一般"], x["问题合计"], x["总体状态"])
    assert severity == (0, 11, 6, 17, "不达标")
    # y-new answered the bullying survey: one minor finding fewer than the sample.
    assert (y["一般"], y["问题合计"], y["被取代的报告"]) == (5, 16, 1)
    assert y["文件"] == str(report_set.path("sub/y-new.pdf"))
    assert x["备注"] is None and y["备注"] is None and z["备注"] is None


def test_findings_sheet_has_one_row_per_school_and_code(book: Path) -> None:
    rows = records(book, "问题明细")
    assert len(rows) == 17 + 16 + 17
    keys = [(r["学校代码"], r["清单"], r["问题代码"]) for r in rows]
    assert len(set(keys)) == len(keys)
    over_55 = next(
        r for r in rows if r["学校代码"] == SCHOOLS["X"][0] and r["问题代码"] == "over_55_on_post"
    )
    assert (over_55["清单"], over_55["程度"], over_55["处数"], over_55["条款"]) == (
        "学校保安队伍",
        "较重",
        1,
        "第75条",
    )
    assert "57 周岁" in over_55["问题说明"] and "保安公司" in over_55["学校解释"]
    assert over_55["检查项"]  # the item's label from the checklist
    assert over_55["问题"] == "超过55周岁仍在保安岗位"  # the code's title for people
    # The school's rectification plan travels with the finding.
    assert over_55["整改措施"].startswith("2022年1月起调整至后勤绿化岗位")
    assert (over_55["责任人"], over_55["整改状态"]) == ("总务主任 何建华", "整改中")
    assert over_55["整改期限"].date() == date(2022, 1, 31)
    no_plan = next(r for r in rows if r["问题代码"] == "new_hire_over_45")
    assert (no_plan["整改措施"], no_plan["整改状态"]) == (None, "无整改计划")
    assert list(rows[0])[-1] == "问题代码"  # the code is a secondary column, last


def test_overdue_sheet_of_the_sample(book: Path) -> None:
    rows = records(book, "整改逾期")
    # Two plans of the sample are not done and due in 2022: overdue for each of X, Y, Z.
    assert {(r["学校代码"], r["问题代码"]) for r in rows} == {
        (SCHOOLS[k][0], code)
        for k in "XYZ"
        for code in (
            "over_55_on_post",
            "assessment_failed_still_on_post",
            "fulltime_psych_teacher_missing",
        )
    }
    assert [r["镇街"] for r in rows] == sorted(
        (r["镇街"] for r in rows), key=lambda d: d != "东城街道"
    )


def test_by_code_sheet_counts_schools_by_district(book: Path) -> None:
    header, *rows = sheet_rows(book, "按问题")
    head = ("检查周期", "清单", "检查项", "问题", "程度", "条款", "学校数", "问题代码")
    assert header[:8] == head
    assert header[8:] == ("东城街道", "南城街道")
    by_code = {r[7]: r for r in rows}
    assert by_code["over_55_on_post"][3] == "超过55周岁仍在保安岗位"
    assert by_code["over_55_on_post"][8:] == (1, 2) and by_code["over_55_on_post"][6] == 3
    assert by_code["bullying_survey_missing"][8:] == (None, 2)  # Y answered it in y-new
    totals = [r[6] for r in rows]
    assert totals == sorted(totals, reverse=True)


def test_rejected_sheet_lists_file_and_reason(book: Path, report_set: ReportSet) -> None:
    rows = {Path(r["文件"]).name: r["原因"] for r in records(book, "被拒文件")}
    assert set(rows) == {"notes.pdf", "signed-plain.pdf", "unsigned.pdf", "x-tampered.pdf"}
    assert rows["unsigned.pdf"] == "文件没有数字签名。"
    assert rows["x-tampered.pdf"].startswith("签名后文件内容被改动过")


def test_superseded_sheet(book: Path, report_set: ReportSet) -> None:
    (row,) = records(book, "已被取代")
    assert row["文件"] == str(report_set.path("y-old.pdf"))
    assert row["其文件"] == str(report_set.path("sub/y-new.pdf"))
    assert row["签署时间"] < row["其签署时间"]


def test_layout_frozen_filters_widths(book: Path) -> None:
    wb = load_workbook(book)
    for ws in wb:
        assert ws.freeze_panes in ("A2", "C2", "D2", "E2")
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$1:$1"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws.column_dimensions["A"].width >= 12
        assert ws.cell(1, 1).font.bold


def test_english_headers(summary: Summary, tmp_path: Path) -> None:
    out = write_summary_xlsx(summary, tmp_path / "en.xlsx", lang="en")
    assert load_workbook(out, read_only=True).sheetnames == SHEETS_EN
    school = records(out, "Schools")[1]
    assert (school["Stage"], school["Trusted"], school["Status"]) == (
        "Primary school",
        "Yes",
        "Non-compliant",
    )
    assert "School security guards compliance rate (%)" in school
    assert records(out, "Findings")[0]["Rectification status"]
    rejected = {Path(r["File"]).name: r["Reason"] for r in records(out, "Rejected")}
    assert rejected["unsigned.pdf"] == "The file has no digital signature."


def test_text_that_looks_like_a_formula_stays_text(summary: Summary, tmp_path: Path) -> None:
    evil = replace(summary.schools[0], school_name='=HYPERLINK("http://x","y")')
    out = write_summary_xlsx(replace(summary, schools=[evil]), tmp_path / "evil.xlsx")
    cell = load_workbook(out)["学校"]["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","y")'


def test_written_atomically(summary: Summary, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    out.write_bytes(b"old")
    write_summary_xlsx(summary, out)
    assert [p.name for p in tmp_path.iterdir()] == ["summary.xlsx"]
    with pytest.raises(InputError):
        write_summary_xlsx(summary, tmp_path / "no-such-folder" / "s.xlsx")
    with pytest.raises(InputError):
        write_summary_xlsx(summary, tmp_path)


def test_text_with_markup_and_control_characters(summary: Summary, tmp_path: Path) -> None:
    odd = replace(
        summary.schools[0], school_name='甲<b>&"乙"\x01\x1f', report_id=" 前后空格 ", revision=None
    )
    out = write_summary_xlsx(replace(summary, schools=[odd]), tmp_path / "odd.xlsx")
    ws = load_workbook(out)["学校"]
    assert ws["A2"].value == '甲<b>&"乙"'  # markup kept as text, control characters dropped
    assert ws["G2"].value == " 前后空格 "
    # Blanks at either end are marked to be kept (Excel trims them otherwise); only there.
    from zipfile import ZipFile

    with ZipFile(out) as package:
        xml = package.read("xl/worksheets/sheet4.xml").decode("utf-8")
    assert '<t xml:space="preserve"> 前后空格 </t>' in xml
    assert '<t>甲&lt;b&gt;&amp;"乙"</t>' in xml
    assert isinstance(ws["I2"].value, datetime) and ws["I2"].number_format == "yyyy-mm-dd hh:mm"
