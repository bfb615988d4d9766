"""One vocabulary: the UI, the CLI, the PDF, the Excel copy and the office's summary say the
words of checklists.terms for the same codes.

Each surface makes its text from the same stored self-check (a junior middle school, so the
stage word differs from the common short form 初中); every word it shows for a code must be
the word checklists.terms has for that code.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.registry import builtin_checklists
from checklists.results import Results
from checklists.terms import (
    ASSESSMENT_STATUS,
    CHECKLIST_STATUS,
    ITEM_STATUS,
    NO_CLAUSE,
    NO_RECTIFICATION,
    RECTIFICATION_STATUS,
    SEVERITY,
    STAGE,
    clause_text,
    clauses_text,
    term,
)
from tests.conftest import ROOT, run_cli

LANGS = ("zh", "en")
SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"


def _flat(text: str) -> str:
    """Text without any white space: a word wrapped over two lines of a PDF cell still counts."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def school_doc() -> dict[str, object]:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["school"]["stage"] = "junior"
    return doc


@pytest.fixture(scope="module")
def results(school_doc: dict[str, object]) -> Results:
    checklists = builtin_checklists()
    return evaluate_document(DocumentParser(checklists).parse(school_doc), checklists)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, school_doc: dict[str, object]) -> Path:
    """A data folder holding the school's self-check as #1."""
    folder = tmp_path_factory.mktemp("vocabulary")
    data = folder / "data"
    data.mkdir()
    answers = folder / "answers.json"
    answers.write_text(json.dumps(school_doc, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("import", str(answers), data_dir=data)
    assert proc.returncode == 0, proc.stderr
    return data


def _statuses(results: Results, judged_only: bool = False) -> tuple[set[str], set[str], set[str]]:
    """(item statuses, checklist statuses, severities) the results contain; ``judged_only``:
    the statuses of items that are judged (the PDF shows the others as for information)."""
    items = {
        r.status
        for c in results.checklists.values()
        for r in c.items
        if r.counted or not judged_only
    }
    lists = {c.status for c in results.checklists.values()}
    severities = {f.severity for f in results.findings}
    return items, lists, severities


def test_the_sample_shows_enough_codes(results: Results) -> None:
    items, lists, severities = _statuses(results)
    assert {"pass", "fail"} <= items and len(lists) >= 1 and len(severities) >= 2


@pytest.mark.parametrize("lang", LANGS)
def test_ui_words_are_the_core_words(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import words
    from ui.shell import i18n

    monkeypatch.setitem(i18n._state, "lang", lang)
    for table, show in (
        (STAGE, words.stage_text),
        (ASSESSMENT_STATUS, words.assessment_status_text),
        (ITEM_STATUS, words.item_status_text),
        (SEVERITY, words.severity_word),
    ):
        assert {code: show(code) for code in table} == {
            code: term(table, code, lang) for code in table
        }
    assert words.clause_word(75) == clause_text(75, lang)


def test_ui_table_words_are_the_core_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The findings and rectification columns (Chinese: their English comes from Qt's files)."""
    from ui.shell import i18n
    from ui.tables import texts

    monkeypatch.setitem(i18n._state, "lang", "zh")
    for clauses in ((), (75,), (75, 77)):
        assert texts.clauses_text(clauses) == clauses_text(clauses)
    assert texts.clauses_text(()) == NO_CLAUSE[0]
    for code in RECTIFICATION_STATUS:
        assert texts.status_text(code) == term(RECTIFICATION_STATUS, code)
    assert texts.status_text(None) == NO_RECTIFICATION[0]
    assert {s: texts.severity_text(s) for s in SEVERITY} == {s: term(SEVERITY, s) for s in SEVERITY}


@pytest.mark.parametrize("lang", LANGS)
def test_cli_list_says_the_core_words(stored: Path, lang: str) -> None:
    proc = run_cli("--lang", lang, "list", data_dir=stored)
    assert proc.returncode == 0, proc.stderr
    assert term(ASSESSMENT_STATUS, "draft", lang) in proc.stdout
    for severity in SEVERITY:
        assert term(SEVERITY, severity, lang) in proc.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_says_the_core_words(stored: Path, results: Results, lang: str, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    proc = run_cli("--lang", lang, "export-pdf", "1", "--out", str(out), data_dir=stored)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = _flat(text)
    items, lists, severities = _statuses(results, judged_only=True)
    expected = [
        term(STAGE, "junior", lang),
        *(term(ITEM_STATUS, s, lang) for s in items),
        *(term(CHECKLIST_STATUS, s, lang) for s in lists),
        *(term(SEVERITY, s, lang) for s in severities),
        clauses_text(results.findings[0].clauses, lang),
    ]
    assert [w for w in expected if _flat(w) not in flat] == []
    if lang == "zh":
        assert "初中" not in text.replace("初级中学", "")  # the short form is nowhere


@pytest.mark.parametrize("lang", LANGS)
def test_excel_says_the_core_words(
    stored: Path, results: Results, lang: str, tmp_path: Path
) -> None:
    out = tmp_path / "export.xlsx"
    proc = run_cli("--lang", lang, "export-xlsx", "1", "--out", str(out), data_dir=stored)
    assert proc.returncode == 0, proc.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    cells = {
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    }
    book.close()
    items, lists, severities = _statuses(results)
    expected = [
        *(term(ITEM_STATUS, s, lang) for s in items),
        *(term(CHECKLIST_STATUS, s, lang) for s in lists),
        *(term(SEVERITY, s, lang) for s in severities),
        clauses_text(results.findings[0].clauses, lang),
    ]
    assert [w for w in expected if w not in cells] == []


@pytest.mark.parametrize("lang", LANGS)
def test_office_summary_says_the_core_words(lang: str, tmp_path: Path) -> None:
    from reports.aggregate.rows import Summary
    from reports.aggregate.xlsx import write_summary_xlsx

    summary = Summary([], [], [], [], [], [], {})
    out = write_summary_xlsx(summary, tmp_path / "summary.xlsx", lang)
    book = openpyxl.load_workbook(out, read_only=True)
    cells = {
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    }
    book.close()
    expected = [term(SEVERITY, s, lang) for s in SEVERITY]
    expected += [term(CHECKLIST_STATUS, s, lang) for s in CHECKLIST_STATUS]
    assert [w for w in expected if w not in cells] == []
