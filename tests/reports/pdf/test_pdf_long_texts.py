"""Every text the inputs accept is drawn: a table cell, an item note, a finding message, an
explanation and a rectification measure of the longest length the limits allow make a report
(a table row cannot be split across pages: a text too long for one page is shortened visibly,
its full text being in the embedded answers.json), in Chinese and in English."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from checklists.foundation.limits import MAX_TEXT_LENGTH
from reports.pdf import write_report
from tests.reports.pdf.pdf_helpers import pdftotext, report_data, sample_json

NOTE = {"zh": "（全文见附件 answers.json）", "en": "(full text in the attached answers.json)"}


def _text(start: str, char: str) -> str:
    return (start + char * MAX_TEXT_LENGTH)[:MAX_TEXT_LENGTH]


def _longest() -> dict[str, Any]:
    doc = sample_json()
    guard = doc["checklists"]["guards"]["guards"][0]  # over 55 on the post: named in a finding
    guard["name"] = _text("长名字开头", "名")
    doc["checklists"]["guards"]["guards"][1]["licence_no"] = _text("长证号开头", "证")
    doc["item_notes"]["psychology"]["staffing_plan"] = _text("长说明开头", "注")
    note = doc["finding_notes"][0]
    note["explanation"] = _text("长解释开头", "释")
    note["rectification"]["measure"] = _text("长措施开头", "措")
    for value in (guard["name"], note["explanation"], note["rectification"]["measure"]):
        assert len(value) == MAX_TEXT_LENGTH
    return doc


def _explanation_lines() -> dict[str, Any]:
    """An explanation of the longest length written as many short lines (one per paragraph)."""
    doc = sample_json()
    line = "第一行说明文字。\n"
    doc["finding_notes"][0]["explanation"] = (line * MAX_TEXT_LENGTH)[:MAX_TEXT_LENGTH]
    return doc


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_longest_texts_the_limits_allow_make_a_report(tmp_path: Path, lang: str) -> None:
    doc = _longest()
    out = write_report(report_data(doc, lang=lang), tmp_path / "report.pdf")
    text = pdftotext(out)
    flat = "".join(text.split())
    for start in ("长名字开头", "长证号开头", "长说明开头", "长解释开头", "长措施开头"):
        assert start in flat, start  # each long text is printed, from its start
    assert "".join(NOTE[lang].split()) in flat  # and shortened visibly where it cannot fit
    # The full texts are in the embedded answers.
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(out)], check=True)
    answers = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    names = [g["name"] for g in answers["checklists"]["guards"]["guards"]]
    assert doc["checklists"]["guards"]["guards"][0]["name"] in names
    assert answers["finding_notes"][0]["explanation"] == doc["finding_notes"][0]["explanation"]


def test_an_explanation_of_many_short_lines_makes_a_report(tmp_path: Path) -> None:
    out = write_report(report_data(_explanation_lines()), tmp_path / "report.pdf")
    assert "第一行说明文字。" in pdftotext(out)


def test_a_text_that_fits_is_printed_whole_without_the_note(tmp_path: Path) -> None:
    doc = sample_json()
    doc["finding_notes"][0]["explanation"] = _text("中等解释开头", "释")[:300] + "结尾"
    out = write_report(report_data(doc), tmp_path / "report.pdf")
    flat = "".join(pdftotext(out).split())
    assert "中等解释开头" in flat and "释结尾" in flat
    assert "全文见附件" not in flat


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_item_note_is_printed_as_written_markup_characters_and_all(
    tmp_path: Path, lang: str
) -> None:
    """A note holding &, < and > is printed as the school wrote it (escaped once, not shown
    as &amp; or &lt;)."""
    doc = sample_json()
    doc["item_notes"]["psychology"]["staffing_plan"] = "A & B <注> 5<6 &amp;"
    text = pdftotext(write_report(report_data(doc, lang=lang), tmp_path / "report.pdf"))
    assert "A & B <注> 5<6 &amp;" in text
    assert "&lt;" not in text and "A &amp; B" not in text
