"""What the printed report says: school, findings, masked IDs, labels in both languages, fonts."""

from __future__ import annotations

import re
from pathlib import Path

from checklists.idnumber import mask_id_number
from reports.pdf import ReportData
from tests.reports.pdf.pdf_helpers import page_count, pdffonts, pdftotext, sample_json


def _squeeze(text: str) -> str:
    """Extracted text without the spaces and line breaks that layout inserts."""
    return re.sub(r"\s+", "", text)


def test_school_name_and_facts_are_on_the_cover(sample_pdf: Path, sample_data: ReportData) -> None:
    cover = pdftotext(sample_pdf, 1)
    school = sample_data.document.school
    for text in (
        school.name,
        school.code,
        school.district,
        sample_data.document.period,
        "2021-12-31",
        "2022-01-05 09:30",
        sample_data.report_id,
    ):
        assert text in cover


def test_every_finding_message_is_printed(sample_pdf: Path, sample_data: ReportData) -> None:
    text = _squeeze(pdftotext(sample_pdf, raw=True))
    findings = sample_data.results.findings
    assert len(findings) >= 10
    for finding in findings:
        assert _squeeze(finding.message.zh) in text, finding.code


def test_explanations_and_rectifications_are_printed(
    sample_pdf: Path, sample_data: ReportData
) -> None:
    text = _squeeze(pdftotext(sample_pdf))
    notes = sample_data.document.finding_notes
    assert notes
    for note in notes:
        if note.explanation:
            assert _squeeze(note.explanation) in text
        if note.rectification is not None:
            assert _squeeze(note.rectification.measure) in text
            assert _squeeze(note.rectification.responsible) in text


def test_id_numbers_are_masked_never_whole(sample_pdf: Path) -> None:
    text = pdftotext(sample_pdf)
    ids = [
        g["id_number"]
        for g in sample_json()["checklists"]["guards"]["guards"]
        if g.get("id_number")
    ]
    assert len(ids) >= 5
    for number in ids:
        assert number not in text
        assert number[6:14] not in text  # not even the birth date digits
    valid = [n for n in ids if len(n) == 18]
    assert any(mask_id_number(n) in text for n in valid)
    assert all(mask_id_number(n) in text for n in valid)


def test_yes_no_answers_and_statuses_read_in_chinese(sample_pdf: Path) -> None:
    text = pdftotext(sample_pdf)
    for word in (
        "是",
        "否",
        "符合",
        "不符合",
        "不适用",
        "检查项明细",
        "发现的问题",
        "佐证材料",
        "签署",
    ):
        assert word in text


def test_footer_counts_pages(sample_pdf: Path) -> None:
    pages = page_count(sample_pdf)
    assert pages >= 8
    assert f"第 1 页 / 共 {pages} 页" in pdftotext(sample_pdf, 1)
    assert f"第 {pages} 页 / 共 {pages} 页" in pdftotext(sample_pdf, pages)


def test_header_carries_the_school_name_on_content_pages(
    sample_pdf: Path, sample_data: ReportData
) -> None:
    name = sample_data.document.school.name
    assert all(name in pdftotext(sample_pdf, page) for page in range(2, page_count(sample_pdf) + 1))


def test_every_font_is_embedded(sample_pdf: Path, english_pdf: Path) -> None:
    for pdf in (sample_pdf, english_pdf):
        rows = pdffonts(pdf)
        assert rows
        for row in rows:
            # columns: name type [type] encoding emb sub uni id gen
            assert row[-5] == "yes", row
            assert "Helvetica" not in row[0]


def test_evidence_list_shows_names_and_digests(sample_pdf: Path, sample_data: ReportData) -> None:
    text = _squeeze(pdftotext(sample_pdf))
    for ref in sample_data.evidence:
        assert ref.name in text
        assert ref.sha256 in text


def test_signature_page_names_both_signatories(sample_pdf: Path) -> None:
    last = pdftotext(sample_pdf, page_count(sample_pdf))
    for text in ("陈晓明", "安全办主任", "林思远", "校长", "数字签名", "2022-01-05"):
        assert text in last


def test_english_report_has_english_labels(english_pdf: Path) -> None:
    text = pdftotext(english_pdf)
    pages = page_count(english_pdf)
    for label in (
        "School Self-Check Report",
        "Summary",
        "Findings",
        "Items in detail",
        "Evidence",
        "Signatures",
        "Reference date",
        "Pass",
        "Fail",
        "Yes",
        f"Page 1 of {pages}",
        "Finding and response",
        "Info",
        "Guard roster",
    ):
        assert label in text, label


def test_english_report_has_no_chinese_only_labels(english_pdf: Path) -> None:
    text = pdftotext(english_pdf)
    for label in (
        "发现的问题",
        "检查项明细",
        "总体情况",
        "报告编号",
        "页 / 共",
        "符合率",
        "学校说明",
        "整改措施",
        "责任人",
        "不符合",
        "检查基准日",
        "保安员名册",
    ):
        assert label not in text, label


def test_english_findings_use_english_messages(english_pdf: Path, sample_data: ReportData) -> None:
    text = _squeeze(pdftotext(english_pdf, raw=True))
    for finding in sample_data.results.findings:
        assert _squeeze(finding.message.en) in text, finding.code
