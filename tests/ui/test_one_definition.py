"""One definition of progress and of 符合率: the home list, the navigator, the dashboard, the PDF,
the Excel export and the office workbook show the same numbers for the same self-check."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl

from checklists.results import overall_figures, result_figures
from models.ops.assessments import list_assessments
from models.ops.evaluation import evaluate_assessment
from reports.export_ops import SigningRequest, export_report, record_open_reasons
from ui.assessment.navigator_model import COL_PROGRESS, NavigatorModel
from ui.dashboard.figures import checklist_figures, overall_compliance
from ui.home.home_model import (
    COL_COMPLIANCE,
    COL_CRITICAL,
    COL_MAJOR,
    COL_MINOR,
    COL_OPEN,
    AssessmentListModel,
)
from ui.home.home_model import COL_PROGRESS as HOME_PROGRESS
from ui.open_assessment import OpenAssessment
from ui.store import Store

MOMENT = datetime.fromisoformat("2022-01-05T09:30:00+08:00")


def _make_partial(store: Store, sample_id: int) -> OpenAssessment:
    """The sample with a few answers taken back and a guard row made incomplete."""
    model = OpenAssessment(store, sample_id)
    model.set_answer("safety", "drills_term", None)
    model.set_answer("psychology", "mh_course", None)
    model.set_answer("lighting", "eye_exercises", None)
    return model


def _pdf_total_row(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in text.splitlines() if line.strip().startswith("合计"))
    return line.split()


def test_every_surface_shows_the_same_progress_and_compliance(
    qtbot, store: Store, sample_id: int, tmp_path: Path
) -> None:
    model = _make_partial(store, sample_id)
    results = store.call(lambda s: evaluate_assessment(s, sample_id))
    expected = overall_figures(results.checklists.values())
    assert expected.open == 3 and expected.compliance is not None and 0 < expected.progress < 100

    # Home list: the figures stored with the self-check, and the table's cells.
    summary = store.call(lambda s: list_assessments(s))[0]
    assert summary.progress == expected.progress
    assert summary.compliance == expected.compliance
    assert summary.open_items == expected.open
    assert summary.findings == expected.severity_counts()
    home = AssessmentListModel()
    home.set_rows([summary])
    assert home.index(0, COL_COMPLIANCE).data() == f"{expected.compliance:.1f}%"
    assert home.index(0, COL_OPEN).data() == str(expected.open)
    assert home.index(0, HOME_PROGRESS).data() == f"{expected.progress:.1f}%"
    assert [home.index(0, c).data() for c in (COL_CRITICAL, COL_MAJOR, COL_MINOR)] == [
        str(n) for n in expected.severity_counts().values()
    ]

    # Navigator: done/total of each checklist, added up.
    nav = NavigatorModel(model)
    done = total = 0
    for row in range(nav.rowCount()):
        answered, of = nav.index(row, COL_PROGRESS).data().split("/")
        done, total = done + int(answered), total + int(of)
    assert (done, total) == (expected.done, expected.total)

    # Dashboard.
    figures = checklist_figures(results, model.checklists, "zh")
    assert overall_compliance(figures) == expected.compliance
    assert sum(f.unanswered for f in figures) == expected.open
    for figure in figures:
        assert figure.compliance == result_figures(results.checklists[figure.checklist]).compliance

    # PDF: the summary table's total row (适用项 已完成 符合 不符合 未完成 符合率 问题).
    pdf = tmp_path / "report.pdf"
    export_report(store.db, sample_id, pdf, now=MOMENT)
    pdf_total = _pdf_total_row(pdf)
    assert pdf_total[1:7] == [
        str(expected.total),
        str(expected.done),
        str(expected.passed),
        str(expected.failed),
        str(expected.open),
        f"{expected.compliance:.1f}%",
    ]

    # Excel export: the summary sheet's total row.
    from reports.excel.ops import export_assessment

    xlsx = tmp_path / "copy.xlsx"
    store.call(lambda s: export_assessment(s, sample_id, xlsx))
    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "检查清单")
    total_row = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "合计")
    cells = dict(zip(header, total_row, strict=False))
    assert (cells["符合率 %"], cells["未完成"], cells["进度 %"]) == (
        expected.compliance,
        expected.open,
        expected.progress,
    )


def test_office_workbook_uses_the_same_compliance(
    qtbot, store: Store, sample_id: int, tmp_path: Path, cli
) -> None:
    _make_partial(store, sample_id)
    reasons = {
        "safety": {"drills_term": "演练记录待补录"},
        "psychology": {"mh_course": "课表调整中"},
        "lighting": {"eye_exercises": "检查记录丢失"},
    }
    record_open_reasons(store.db, sample_id, reasons)
    results = store.call(lambda s: evaluate_assessment(s, sample_id))
    secret = tmp_path / "pass.txt"
    secret.write_text("a long passphrase\n", encoding="utf-8")
    made = cli(
        "identity",
        "create",
        "--school-name",
        "示例小学",
        "--school-code",
        "4419012345",
        "--signer",
        "林校长",
        "--title",
        "校长",
        "--passphrase-file",
        str(secret),
        "--json",
        data_dir=store.db.data_dir,
    )
    identity = json.loads(made.stdout)["id"]
    folder = tmp_path / "reports"
    folder.mkdir()
    export_report(
        store.db,
        sample_id,
        folder / "signed.pdf",
        now=datetime.now().astimezone(),
        signing=SigningRequest(identity, "a long passphrase"),
    )
    out = tmp_path / "summary.xlsx"
    office = tmp_path / "office"
    proc = cli("aggregate", str(folder), "--out", str(out), data_dir=office)
    assert proc.returncode == 0, proc.stderr
    rows = list(openpyxl.load_workbook(out)["学校"].iter_rows(values_only=True))
    header, school = rows[0], rows[1]
    cells = dict(zip(header, school, strict=False))
    for cl_id, result in results.checklists.items():
        title = {
            "safety": "学校安全工作",
            "psychology": "心理健康教育与心理教师配备",
            "lighting": "教室照明与近视防控",
            "guards": "学校保安队伍",
        }[cl_id]
        assert cells[f"{title}符合率(%)"] == result_figures(result).compliance
    # The report's own headline: the same 符合率, open items and progress as the home list.
    expected = overall_figures(results.checklists.values())
    summary = store.call(lambda s: list_assessments(s))[0]
    assert (cells["符合率(%)"], cells["未完成"], cells["进度(%)"]) == (
        expected.compliance, expected.open, expected.progress)  # fmt: skip
    assert (summary.compliance, summary.open_items, summary.progress) == (
        expected.compliance, expected.open, expected.progress)  # fmt: skip
    assert expected.open == 3 and 0 < expected.progress < 100


def test_a_blank_self_check_is_zero_done_everywhere(qtbot, store: Store, tmp_path: Path) -> None:
    """Nothing answered: 0 done on the home list and in every checklist of the navigator (items
    skipped by logic are not done), no 符合率 anywhere (never 0 % nor 100 %)."""
    from checklists.answers import School
    from models.ops.assessments import start_assessment
    from models.ops.school import create_school

    def make(s):  # type: ignore[no-untyped-def]
        school = create_school(s, School("东莞市空白测试小学", "4419000555", "primary", 800))
        return start_assessment(s, school, period="2021年秋季学期", reference_date="2021-12-31",
                                checklist_ids=["safety", "psychology", "lighting", "guards"])  # fmt: skip

    aid = store.call(make)
    results = store.call(lambda s: evaluate_assessment(s, aid))
    expected = overall_figures(results.checklists.values())
    assert (expected.done, expected.compliance) == (0, None) and expected.total > 0

    summary = store.call(lambda s: list_assessments(s))[0]
    assert (summary.progress, summary.compliance, summary.open_items) == (0.0, None, expected.open)

    nav = NavigatorModel(OpenAssessment(store, aid))
    shown = [nav.index(row, COL_PROGRESS).data() for row in range(nav.rowCount())]
    assert len(shown) == 4 and all(text.startswith("0/") for text in shown), shown
    assert sum(int(text.split("/")[1]) for text in shown) == expected.total

    figures = checklist_figures(results, OpenAssessment(store, aid).checklists, "zh")
    assert overall_compliance(figures) is None and all(f.compliance is None for f in figures)
