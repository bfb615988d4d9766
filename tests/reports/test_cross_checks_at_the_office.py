"""Cross-checklist rules (the safety checklist's guard count read against the guard roster,
``${guards.guards_on_post}``) are judged alike at the school and at the office: the office's
re-evaluation of the embedded answers gives the school's verdicts, findings included."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checklists.answers_doc import DocumentParser
from checklists.registry import builtin_checklists
from models.database import open_database
from models.ops.evaluation import evaluate_assessment
from models.ops.exchange import import_document
from reports.export_ops import SigningRequest, export_report
from reports.signing import create_identity, verify_pdf
from reports.signing.report_checks import MATCHED, UNKNOWN_VERSION, reevaluate
from tests.conftest import SAMPLE

PASSPHRASE = "a long passphrase for the office test"
MISMATCH_CODE = "guard_count_roster_mismatch"


def _sample(change: Any) -> dict[str, Any]:
    doc = copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))
    change(doc["checklists"])
    return doc


def _more_guards_than_the_roster(cl: dict[str, Any]) -> None:
    cl["safety"]["fulltime_guards"] = 12  # the roster has 11 guards on post


def _one_guard_moved_off_post(cl: dict[str, Any]) -> None:
    cl["guards"]["guards"][0]["on_guard_post"] = False  # 10 on post; the count still says 11


def _signed_report(root: Path, doc_json: dict[str, Any]) -> tuple[Path, set[tuple[str, str, Any]]]:
    """The school's side: the answers stored, judged by the store, the report signed."""
    data_dir = root / "school"
    identity = create_identity(
        data_dir, school_name=doc_json["school"]["name"], school_code=doc_json["school"]["code"],
        signer="林校长", title="校长", passphrase=PASSPHRASE,
    )  # fmt: skip
    db = open_database(data_dir)
    try:
        checklists = builtin_checklists()
        doc = DocumentParser(checklists).parse(doc_json)
        with db.session() as s, s.begin():
            aid = import_document(s, doc, user="tester", checklists=checklists)
        with db.session() as s:
            found = {(f.checklist, f.code, f.row) for f in evaluate_assessment(s, aid).findings}
        out = root / "reports" / "school.pdf"
        out.parent.mkdir(parents=True)
        export_report(db, aid, out, now=datetime.now().astimezone(),
                      signing=SigningRequest(identity.identity_id, PASSPHRASE))  # fmt: skip
    finally:
        db.close()
    return out, found


@pytest.mark.parametrize("change", [_more_guards_than_the_roster, _one_guard_moved_off_post])
def test_guard_count_against_the_roster_same_at_school_and_office(
    tmp_path: Path, cli, change: Any
) -> None:
    pdf, school_found = _signed_report(tmp_path, _sample(change))
    assert ("safety", MISMATCH_CODE, None) in school_found

    # Verification re-evaluates the embedded answers: the same verdicts, the finding included.
    data = pdf.read_bytes()
    result = verify_pdf(data, data_dir=tmp_path / "school")
    assert result.reevaluation == MATCHED, result.reasons
    attachments = result.attachments
    embedded = json.loads(attachments["results.json"])
    assert MISMATCH_CODE in {f["code"] for f in embedded["checklists"]["safety"]["findings"]}

    # The office's aggregation of the same report: accepted (re-evaluated alike), finding counted.
    office = tmp_path / "office"
    out = tmp_path / "summary.xlsx"
    proc = cli("aggregate", str(pdf.parent), "--out", str(out), data_dir=office)
    assert proc.returncode == 0, proc.stderr
    book = openpyxl.load_workbook(out)
    cells = [
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    ]
    assert any("保安人数与名册不一致" in c for c in cells)
    assert not any("无法重新评估" in c or "不一致的评估" in c for c in cells)


def test_with_another_version_of_the_roster_the_office_cannot_re_evaluate_the_count(
    tmp_path: Path,
) -> None:
    """An office whose guard checklist is another version cannot judge the safety checklist's
    cross-check either: "cannot re-evaluate", never a false "results do not match"."""
    pdf, _ = _signed_report(tmp_path, _sample(_more_guards_than_the_roster))
    attachments = verify_pdf(pdf.read_bytes(), data_dir=tmp_path / "school").attachments
    checklists = builtin_checklists()
    assert reevaluate(attachments, checklists) == MATCHED
    older = dict(checklists)
    older["guards"] = dataclasses.replace(
        checklists["guards"], version=checklists["guards"].version + 1
    )
    assert reevaluate(attachments, older) == UNKNOWN_VERSION
