"""A self-check without every built-in checklist never reads "未发现问题": its cover and summary
name the checklists it leaves out (未包含：…)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.reports.aggregate.report_set import compliant_answers, only_checklists_of, report_pdf


def _pages(pdf: bytes, tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / name
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_only_safety_never_says_no_findings_and_names_what_is_missing(tmp_path: Path) -> None:
    only = only_checklists_of(compliant_answers("X"), {"safety"})
    pages = _pages(report_pdf(only), tmp_path, "only_safety.pdf")
    text = "\n".join(pages)
    assert "未发现问题" not in text
    missing = "未包含：心理健康教育与心理教师配备、教室照明与近视防控、学校保安队伍"
    assert missing in pages[0].replace(" ", ""), pages[0]  # on the cover
    summary = next(p for p in pages if p.replace(" ", "").count("总体情况") and "符合率" in p)
    assert missing in summary.replace(" ", "")
    assert "未经自查" in text.replace(" ", "")


@pytest.mark.parametrize("keep", [{"safety", "psychology", "lighting", "guards"}])
def test_every_built_in_checklist_and_nothing_found_says_so(tmp_path: Path, keep: set[str]) -> None:
    pages = _pages(
        report_pdf(only_checklists_of(compliant_answers("X"), keep)), tmp_path, "all.pdf"
    )
    text = "\n".join(pages)
    assert "未发现问题。" in text
    assert "未包含" not in text
