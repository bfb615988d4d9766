"""The report's "与上期比较" section: new, recurring and resolved findings, ID numbers masked."""

from __future__ import annotations

from pathlib import Path

from checklists.answers_doc import DocumentParser
from checklists.registry import builtin_checklists
from models.database import open_database
from models.ops.exchange import import_document
from models.ops.revisions import carry_forward
from models.ops.rows import list_rows, update_cell
from reports.pdf import build_report
from reports.pdf.from_storage import report_data_for
from tests.reports.pdf.pdf_helpers import FROZEN, pdftotext, sample_json


def _text(data_dir: Path, assessment_id: int, tmp_path: Path, lang: str = "zh") -> str:
    with open_database(data_dir) as db, db.session() as s:
        data = report_data_for(s, data_dir, assessment_id, now=FROZEN, lang=lang)
    out = tmp_path / f"{assessment_id}-{lang}.pdf"
    out.write_bytes(build_report(data))
    return pdftotext(out)


def test_comparison_section(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    doc = DocumentParser(builtin_checklists()).parse(sample_json())
    with open_database(data_dir) as db, db.session() as s, s.begin():
        first = import_document(s, doc)
        second = carry_forward(s, first, "2022年春季学期", user="t")
        rows = list_rows(s, second, "guards", "guards")
        # 李国平 (row 1, over 55 on post) is replaced by another person.
        update_cell(s, second, rows[0].id, "id_number", "441900196001010024", user="t")
        update_cell(s, second, rows[0].id, "name", "赵新", user="t")
    first_text = _text(data_dir, first, tmp_path)
    assert "与上期比较" not in first_text  # a first period has nothing to compare with
    text = _text(data_dir, second, tmp_path)
    assert "与上期比较" in text and "上期：2021年秋季学期" in text
    flat = "".join(text.split())
    assert "已解决1个" in flat
    assert "李国平（441900********1310）" in flat  # the resolved row, ID masked
    assert "441900196405121310" not in flat
    assert "新增" in flat and "重复出现" in flat
    english = _text(data_dir, second, tmp_path, "en")
    assert "Compared with the previous period" in english and "Resolved" in english
