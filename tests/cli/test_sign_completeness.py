"""A blank self-check cannot be signed: export-pdf --sign lists what is open and refuses unless
each open item has a written reason; a draft says 草稿 / 未完成 on every page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.cli.identity_helpers import create_identity
from tests.conftest import SAMPLE


def _pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _blank_doc(tmp_path: Path) -> Path:
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["checklists"] = {"psychology": {}}
    doc.pop("finding_notes", None)
    doc.pop("item_notes", None)
    path = tmp_path / "blank.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _import(cli, data_dir: Path, path: Path) -> str:
    proc = cli("import", str(path), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return str(json.loads(proc.stdout)["assessment"])


def test_blank_self_check_cannot_be_signed(cli, data_dir: Path, tmp_path: Path) -> None:
    assessment = _import(cli, data_dir, _blank_doc(tmp_path))
    identity, secret = create_identity(cli, data_dir, tmp_path)
    out = tmp_path / "signed.pdf"
    proc = cli(
        "export-pdf",
        assessment,
        "--out",
        str(out),
        "--sign",
        identity,
        "--passphrase-file",
        str(secret),
        data_dir=data_dir,
    )
    assert proc.returncode == 2
    assert "不能签名" in proc.stderr and "专职心理健康教育教师人数" in proc.stderr
    assert not out.exists()
    listing = json.loads(cli("list", "--json", data_dir=data_dir).stdout)
    assert all(entry["status"] != "signed" for entry in listing)


def test_unsigned_blank_report_is_a_draft_on_every_page(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    assessment = _import(cli, data_dir, _blank_doc(tmp_path))
    out = tmp_path / "draft.pdf"
    assert cli("export-pdf", assessment, "--out", str(out), data_dir=data_dir).returncode == 0
    pages = _pages(out)
    assert len(pages) >= 3 and all("草稿 / 未完成" in page for page in pages)
    cover, summary = pages[0], pages[1]
    first_line = next(line for line in cover.splitlines() if line.strip() and "草稿" not in line)
    assert first_line.startswith("未完成：") and "项未填写" in first_line
    body = [line for line in summary.splitlines() if line.strip() and "草稿" not in line]
    title = body.index("总体情况")
    assert body[title + 1].startswith("未完成：")  # first thing under the page title
    text = "\n".join(pages)
    assert "未发现问题。" not in text
    # The blank document holds one built-in checklist: the others are named, not judged.
    assert "这些方面未经自查，不能据此认为学校没有问题" in text.replace("\n", "")


def test_complete_self_check_signs_without_the_draft_mark(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    assessment = _import(cli, data_dir, SAMPLE)
    identity, secret = create_identity(cli, data_dir, tmp_path)
    out = tmp_path / "signed.pdf"
    proc = cli(
        "export-pdf",
        assessment,
        "--out",
        str(out),
        "--sign",
        identity,
        "--passphrase-file",
        str(secret),
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert not any("草稿 / 未完成" in page for page in _pages(out))


def test_written_reasons_let_it_sign_and_are_printed(cli, data_dir: Path, tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del doc["checklists"]["psychology"]["mh_course"]
    path = tmp_path / "one_open.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assessment = _import(cli, data_dir, path)
    identity, secret = create_identity(cli, data_dir, tmp_path)
    out = tmp_path / "signed.pdf"
    sign = (
        "export-pdf",
        assessment,
        "--out",
        str(out),
        "--sign",
        identity,
        "--passphrase-file",
        str(secret),
    )
    refused = cli(*sign, data_dir=data_dir)
    assert refused.returncode == 2 and "心理健康教育课" in refused.stderr and not out.exists()

    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"psychology": {"mh_course": "  "}}), encoding="utf-8")
    assert (
        cli(*sign, "--reasons", str(empty), data_dir=data_dir).returncode == 2 and not out.exists()
    )
    wrong = tmp_path / "wrong.json"
    wrong.write_text(
        json.dumps({"psychology": {"counselling_room": "已有", "mh_course": "课表调整中"}}),
        encoding="utf-8",
    )
    bad = cli(*sign, "--reasons", str(wrong), data_dir=data_dir)
    assert bad.returncode == 2 and "counselling_room" in bad.stderr and not out.exists()

    reasons = tmp_path / "reasons.json"
    reasons.write_text(
        json.dumps({"psychology": {"mh_course": "新学期课表尚在教育局审批中"}}, ensure_ascii=False),
        encoding="utf-8",
    )
    done = cli(*sign, "--reasons", str(reasons), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    pages = _pages(out)
    text = "\n".join(pages)
    assert "新学期课表尚在教育局审批中" in text and "未完成：1 项未填写" in text
    assert all("草稿 / 未完成" in page for page in pages)  # signed, but incomplete
    answers = json.loads(PdfReader(out).attachments["answers.json"][0])
    assert answers["item_notes"]["psychology"]["mh_course"] == "新学期课表尚在教育局审批中"
