"""The Excel export: sheets per checklist and table, findings, masking, and imports back unchanged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from checklists.answers import AnswersDocument, Rectification
from checklists.answers_doc import read_answers_file
from checklists.evaluator import evaluate_document
from checklists.foundation.errors import EnvironmentProblem
from checklists.model import Checklist
from checklists.results import Results
from reports.excel.columns import META_SHEET
from reports.excel.export import write_export
from reports.excel.problems import ImportRejected
from reports.excel.reader import read_table
from tests.conftest import SAMPLE
from tests.reports.excel.helpers import GUARD_ROWS, fill_sheet


@pytest.fixture(scope="module")
def sample(checklists: dict[str, Checklist]) -> tuple[AnswersDocument, Results]:
    doc = read_answers_file(SAMPLE, checklists)
    return doc, evaluate_document(doc, checklists)


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory,
    sample: tuple[AnswersDocument, Results],
    checklists: dict[str, Checklist],
) -> Path:
    path = tmp_path_factory.mktemp("export") / "sample.xlsx"
    write_export(*sample, checklists, path)
    return path


def tables(checklists: dict[str, Checklist]) -> list[tuple[Checklist, str]]:
    return [(c, i.id) for c in checklists.values() for i in c.items() if i.is_table]


def test_sheets_one_per_checklist_and_table_then_findings(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == [
        "概况",
        "学校安全工作",
        "心理健康教育与心理教师配备",
        "心理健康教育教师名册",
        "教室照明与近视防控",
        "普通教室照明情况",
        "学校保安队伍",
        "保安员名册",
        "问题清单",
        META_SHEET,
    ]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    for name in wb.sheetnames[1:-1]:
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
        assert ws.column_dimensions["A"].width >= 8


def test_checklist_sheet_lists_items_answers_results_and_clauses(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["学校保安队伍"]
    rows = {r[8]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["guards"][2] == "12 行，见工作表“保安员名册”"
    assert rows["guards"][4] == "不符合" and rows["guards"][6] == "第75条"
    assert rows["guard_provider"][2] == "保安服务公司派驻"
    assert rows["provider_licensed"][2:5] == ("是", None, "符合")


def test_ids_are_masked_and_failing_cells_red_with_findings_beside(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["保安员名册"]
    assert ws["B2"].value == "441900********1310" and ws["B2"].number_format == "@"
    assert ws["I1"].value == "发现问题"
    assert ws["I2"].value.startswith("[较重] 李国平：现年 57 周岁")
    red = {
        c.coordinate
        for row in ws.iter_rows(min_row=2)
        for c in row
        if c.fill.fgColor.rgb == "00FFC7CE"
    }
    assert {"E2", "I2"} <= red  # on_guard_post is named by the over-55 rule
    assert "A2" not in red


def test_lighting_cells_named_by_findings_are_red(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["普通教室照明情况"]
    headers = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "二(3)班")
    lux = row[headers.index("课桌面平均照度（lx）")]
    assert lux.value == 280 and lux.fill.fgColor.rgb == "00FFC7CE"
    assert row[0].fill.fgColor.rgb != "00FFC7CE"


def test_findings_sheet_has_the_rectification_columns(
    exported: Path, sample: tuple[AnswersDocument, Results]
) -> None:
    ws = openpyxl.load_workbook(exported)["问题清单"]
    assert [c.value for c in ws[1]] == [
        "序号",
        "严重程度",
        "检查清单",
        "项目",
        "条款",
        "问题代码",
        "问题描述",
        "所在行（第几行记录）",
        "情况说明",
        "整改措施",
        "责任人",
        "整改期限",
        "整改状态",
    ]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(sample[1].findings) == 17
    planned = next(r for r in rows if r[5] == "fulltime_psych_teacher_missing")
    assert (
        planned[9].startswith("通过2022年教师公开招聘")
        and planned[11].date().isoformat() == "2022-08-31"
    )
    assert planned[12] == "整改中"
    unplanned = next(r for r in rows if r[5] == "ugr_high")
    assert unplanned[12] == "未制定"  # the app's word for "no plan yet", not a plan's 未开始
    # One numbering: the 7th classroom is row 7 here as in the app and the PDF (第7行); the
    # link still lands on its sheet row (row 8, under the header).
    lux = next(r for r in ws.iter_rows(min_row=2) if r[5].value == "desk_lux_low")
    assert lux[7].value == 7 and lux[7].hyperlink.location == "'普通教室照明情况'!A8"


def test_english_export(
    tmp_path: Path, sample: tuple[AnswersDocument, Results], checklists: dict[str, Checklist]
) -> None:
    path = tmp_path / "en.xlsx"
    write_export(*sample, checklists, path, lang="en", full_ids=True)
    wb = openpyxl.load_workbook(path)
    assert "Guard roster" in wb.sheetnames and wb.sheetnames[-2] == "Findings"
    ws = wb["Guard roster"]
    assert [c.value for c in ws[1]][:2] == ["Name", "ID number"] and ws["E2"].value == "yes"
    doc = sample[0]
    assert read_table(path, checklists["guards"], "guards").rows == tuple(
        doc.checklists["guards"]["guards"]
    )


def test_every_table_of_a_full_id_export_imports_back_unchanged(
    tmp_path: Path, sample: tuple[AnswersDocument, Results], checklists: dict[str, Checklist]
) -> None:
    path = tmp_path / "full.xlsx"
    write_export(*sample, checklists, path, full_ids=True)
    for checklist, table in tables(checklists):
        result = read_table(path, checklist, table)
        assert result.rows == tuple(sample[0].checklists[checklist.id][table]), table
        assert result.warnings == ()


def test_a_masked_export_cannot_be_imported(
    exported: Path, checklists: dict[str, Checklist]
) -> None:
    with pytest.raises(
        ImportRejected,
        match="来自隐藏了身份证号码的导出文件，不能导入；请用 export-xlsx --full-ids 重新导出",
    ):
        read_table(exported, checklists["guards"], "guards")
    assert read_table(exported, checklists["lighting"], "classrooms").rows  # no ID numbers there


def test_round_trip_template_import_export_import(
    tmp_path: Path,
    guard_template: Path,
    sample: tuple[AnswersDocument, Results],
    checklists: dict[str, Checklist],
) -> None:
    fill_sheet(
        guard_template,
        [*GUARD_ROWS, ["王五", None, "1960-05-05", "20210901", "√", None, None, '="A"&1']],
    )
    with pytest.raises(ImportRejected, match="公式没有保存计算结果"):
        read_table(guard_template, checklists["guards"], "guards")
    fill_sheet(
        guard_template,
        [["王五", None, "1960-05-05", "20210901", "√", None, None, "A1"]],
        start_row=4,
    )
    first = read_table(guard_template, checklists["guards"], "guards")
    assert len(first.rows) == 3 and first.rows[2]["hire_date"].isoformat() == "2021-09-01"
    doc, _ = sample
    answers = {**doc.checklists, "guards": {**doc.checklists["guards"], "guards": first.rows}}
    changed = dataclasses.replace(doc, checklists=answers, finding_notes=())
    path = tmp_path / "again.xlsx"
    write_export(changed, evaluate_document(changed, checklists), checklists, path, full_ids=True)
    assert read_table(path, checklists["guards"], "guards").rows == first.rows


def test_text_that_looks_like_a_formula_stays_text(
    tmp_path: Path, sample: tuple[AnswersDocument, Results], checklists: dict[str, Checklist]
) -> None:
    doc, _ = sample
    rows = [{"name": '=HYPERLINK("http://x")', "hire_date": doc.reference_date}]
    answers = {**doc.checklists, "guards": {**doc.checklists["guards"], "guards": tuple(rows)}}
    changed = dataclasses.replace(doc, checklists=answers, finding_notes=())
    path = tmp_path / "formula.xlsx"
    write_export(changed, evaluate_document(changed, checklists), checklists, path, full_ids=True)
    cell = openpyxl.load_workbook(path)["保安员名册"]["A2"]
    assert cell.data_type == "s" and cell.value == rows[0]["name"]
    assert read_table(path, checklists["guards"], "guards").rows == tuple(rows)


def test_export_is_atomic(
    tmp_path: Path,
    sample: tuple[AnswersDocument, Results],
    checklists: dict[str, Checklist],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")

    def full_disk(self: object, target: object) -> None:
        target.write(b"partial")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full_disk)
    with pytest.raises(EnvironmentProblem, match="磁盘空间不足.*out.xlsx"):
        write_export(*sample, checklists, path)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]
    monkeypatch.undo()
    write_export(*sample, checklists, path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "概况"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_an_id_number_quoted_in_a_schools_text_is_masked_unless_asked(
    tmp_path: Path, sample: tuple[AnswersDocument, Results], checklists: dict[str, Checklist]
) -> None:
    doc, results = sample
    quoted = "11010519491231002X"
    name, result = next((n, r) for n, r in results.checklists.items() if r.findings)
    finding = result.findings[0]
    rect = finding.rectification or Rectification(measure="", responsible="")
    told = dataclasses.replace(
        finding,
        explanation=f"保安 {quoted} 已调岗",
        rectification=dataclasses.replace(
            rect, measure=f"核查 {quoted}", responsible=f"张三 {quoted}"
        ),
    )
    changed = Results(
        {
            **results.checklists,
            name: dataclasses.replace(result, findings=(told, *result.findings[1:])),
        }
    )
    masked_path, full_path = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    write_export(doc, changed, checklists, masked_path)
    write_export(doc, changed, checklists, full_path, full_ids=True)

    def texts(path: Path) -> str:
        ws = openpyxl.load_workbook(path)["问题清单"]
        return "\n".join(str(c) for r in ws.iter_rows(min_row=2, values_only=True) for c in r)

    assert quoted not in texts(masked_path)
    assert "110105********002X" in texts(masked_path)
    assert texts(full_path).count(quoted) >= 1
