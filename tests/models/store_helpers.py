"""A data folder holding everything a report reads, for comparing the ways of reading it."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from checklists.answers import Rectification
from checklists.answers_doc import DocumentParser
from checklists.registry import builtin_checklists, load_definition
from models.database import open_database
from models.ops.answers import set_answer, set_item_note
from models.ops.assessments import get_assessment, mark_signed, start_assessment
from models.ops.evaluation import evaluate_assessment
from models.ops.evidence import add_evidence_ref, attach_evidence
from models.ops.exchange import import_document
from models.ops.findings import explain_finding, set_rectification
from models.ops.photos import attach_photo
from models.ops.revisions import amend, carry_forward
from models.ops.rows import delete_row, list_rows, reorder_rows, update_cell
from tests.models.conftest import write_demo
from tests.models.photo_helpers import phone_jpeg
from tests.reports.pdf.pdf_helpers import sample_json


def rich_folder(root: Path) -> tuple[Path, list[int]]:
    """A folder with what a report reads: two periods (a comparison), reordered and deleted rows,
    explained and rectified row findings, photos of a finding and of an item, evidence with and
    without a stored size, item notes, a signed self-check and its amendment (revision 2)."""
    data_dir = root / "data"
    data_dir.mkdir()
    scan = root / "计划扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned plan" * 100)
    demo = load_definition(write_demo(root / "defs"))
    doc = DocumentParser(builtin_checklists()).parse(sample_json())
    with open_database(data_dir) as db:
        with db.session() as s, s.begin():
            first = import_document(s, doc, user="t")
            school_id = get_assessment(s, first).school_id
            second = carry_forward(s, first, "2022年春季学期", user="t")
            rows = list_rows(s, second, "guards", "guards")
            update_cell(s, second, rows[0].id, "name", "赵新", user="t")
            update_cell(s, second, rows[0].id, "id_number", "441900196001010024", user="t")
            reorder_rows(s, second, "guards", "guards", [r.id for r in reversed(rows)], user="t")
            delete_row(s, second, rows[3].id, user="t")
            set_item_note(s, second, "psychology", "fulltime_psych_teachers", "兼职承担", user="t")
        with db.session() as s, s.begin():
            on_rows = [f for f in evaluate_assessment(s, second).findings if f.row is not None]
            f = on_rows[1]
            explain_finding(s, second, f.checklist, f.code, f.item, f.row, "交接中", user="t")
            plan = Rectification("调整岗位", "总务主任", date(2022, 3, 1), "in_progress")
            set_rectification(s, second, f.checklist, f.code, f.item, f.row, plan, user="t")
            attach_photo(s, second, f.checklist, f.item, phone_jpeg(640, 480), name="门岗.jpg",
                         code=f.code, row=f.row, caption="门岗现场", user="t")  # fmt: skip
            attach_photo(s, second, "guards", "guards", phone_jpeg(480, 640, seed=2),
                         name="名册.jpg", user="t")  # fmt: skip
        with db.session() as s, s.begin():
            demo_id = start_assessment(
                s,
                school_id,
                period="2021年秋季学期",
                reference_date="2021-12-31",
                checklist_ids=["demo"],
                checklists={"demo": demo},
                user="t",
            )
            set_answer(s, demo_id, "demo", "plan_written", False, user="t")
            attach_evidence(s, demo_id, "demo", "plan_scan", scan, user="t")
            digest = hashlib.sha256(scan.read_bytes()).hexdigest()
            add_evidence_ref(s, demo_id, "demo", "plan_scan", "旧扫描件.pdf", digest, None, "t")
            add_evidence_ref(s, demo_id, "demo", "plan_scan", "丢失.pdf", "ab" * 32, None, "t")
        with db.session() as s, s.begin():
            mark_signed(s, first, user="t")
            amended = amend(s, first, user="t")
    return data_dir, [first, second, demo_id, amended]
