"""A blank self-check (just started, all four checklists, nothing answered) cannot be signed,
and its unsigned report says 草稿 / 未完成 on every page and never "未发现问题"."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from checklists.answers import School
from models.database import open_database
from models.ops.assessments import get_assessment, start_assessment
from models.ops.school import create_school
from reports.export_ops import IncompleteForSigning, SigningRequest, export_report
from reports.signing import create_identity

PASSPHRASE = "a long passphrase for the blank test"


def _pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_a_blank_self_check_cannot_be_signed_and_is_a_draft_on_every_page(
    data_dir: Path, tmp_path: Path
) -> None:
    identity = create_identity(data_dir, school_name="东莞市空白测试小学", school_code="4419000555",
                               signer="林校长", title="校长", passphrase=PASSPHRASE)  # fmt: skip
    with open_database(data_dir) as db:
        with db.session() as s, s.begin():
            school = create_school(s, School("东莞市空白测试小学", "4419000555", "primary", 800))
            aid = start_assessment(s, school, period="2021年秋季学期", reference_date="2021-12-31",
                                   checklist_ids=["safety", "psychology", "lighting", "guards"])  # fmt: skip
        with db.session() as s:
            listed = get_assessment(s, aid)
        assert listed.progress == 0.0 and listed.compliance is None and listed.open_items > 0

        signed = tmp_path / "signed.pdf"
        with pytest.raises(IncompleteForSigning) as refused:
            export_report(db, aid, signed, now=datetime.now().astimezone(),
                          signing=SigningRequest(identity.identity_id, PASSPHRASE))  # fmt: skip
        assert not signed.exists()
        assert "不能签名" in refused.value.zh
        with db.session() as s:
            assert get_assessment(s, aid).status == "draft"

        draft = tmp_path / "draft.pdf"
        export_report(db, aid, draft, now=datetime.now().astimezone())
    pages = _pages(draft)
    assert len(pages) >= 4
    for number, page in enumerate(pages, 1):
        assert "草稿 / 未完成" in page, f"page {number} lacks the draft mark"
    text = "\n".join(pages)
    assert f"未完成：{listed.open_items} 项未填写" in text
    assert "未发现问题。" not in text
    assert "0.0%" not in text  # nothing judged: no 符合率 of 0 %
