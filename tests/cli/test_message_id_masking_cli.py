"""An ID number that reaches a report through a finding message's placeholder, or through the
period or school name, is masked in the PDF (unsigned and signed) and in the Excel export,
as the school's own words are; the Excel export shows it whole only when asked (--full-ids)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from checklists.idnumber import mask_id_number
from tests.cli.identity_helpers import create_identity
from tests.conftest import ROOT, SAMPLE

ID = "441900196405121310"  # the first guard in the sample: 57 on the reference date, on the post
DEFINITION = ROOT / "checklists" / "definitions" / "guards.yaml"


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _data_folder_checklist(data_dir: Path) -> None:
    """The guard checklist as a data-folder checklist whose over-55 message quotes the ID."""
    text = DEFINITION.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: guards$", "id: guardsx", text)
    text = re.sub(r"(?m)^(\s+- code: )", r"\1x_", text)
    text = text.replace(
        'zh: "{name}：现年 {age} 周岁（超过55周岁）仍在保安岗位，原则上应调整出保安岗位"',
        'zh: "{name} 号码 {id_number} 现年 {age} 周岁"',
    ).replace(
        'en: "{name}: aged {age} (over 55) and still on a guard post; should in principle be moved off guard duty"',
        'en: "{name} number {id_number} aged {age}"',
    )
    assert "号码 {id_number}" in text and "number {id_number}" in text
    (data_dir / "checklists").mkdir()
    (data_dir / "checklists" / "guardsx.yaml").write_text(text, encoding="utf-8")


def _imported(cli: Any, data_dir: Path, tmp_path: Path, **changes: str) -> None:
    _data_folder_checklist(data_dir)
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert doc["checklists"]["guards"]["guards"][0]["id_number"] == ID
    doc["checklists"]["guardsx"] = doc["checklists"].pop("guards")
    doc["finding_notes"] = [n for n in doc.get("finding_notes", []) if n["checklist"] != "guards"]
    for key, value in changes.items():
        if key == "school_name":
            doc["school"]["name"] = value
        else:
            doc[key] = value
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = cli("import", str(path), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr


def test_a_message_placeholder_of_an_id_column_is_masked_in_the_pdf(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    _imported(cli, data_dir, tmp_path)
    for lang, word in (("zh", "号码"), ("en", "number")):
        out = tmp_path / f"report-{lang}.pdf"
        proc = cli("export-pdf", "1", "--lang", lang, "--out", str(out), data_dir=data_dir)
        assert proc.returncode == 0, proc.stderr
        text = _pdftotext(out)
        assert f"{word} {mask_id_number(ID)}" in text  # the message is printed, masked
        assert ID not in text
        assert ID[6:14] not in text


def test_a_message_placeholder_of_an_id_column_is_masked_in_the_signed_pdf(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    _imported(cli, data_dir, tmp_path)
    identity, secret = create_identity(cli, data_dir, tmp_path)
    out = tmp_path / "signed.pdf"
    proc = cli(
        "export-pdf",
        "1",
        "--out",
        str(out),
        "--sign",
        identity,
        "--passphrase-file",
        str(secret),
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    text = _pdftotext(out)
    assert f"号码 {mask_id_number(ID)}" in text
    assert ID not in text
    assert ID.encode() not in out.read_bytes()  # not in the embedded files either


def _cells(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True)
    return [
        str(value)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def test_a_message_placeholder_of_an_id_column_is_masked_in_excel_unless_asked(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    _imported(cli, data_dir, tmp_path)
    out = tmp_path / "masked.xlsx"
    proc = cli("export-xlsx", "1", "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    cells = _cells(out)
    assert any(f"号码 {mask_id_number(ID)}" in c for c in cells)  # findings sheet and table sheet
    assert not [c for c in cells if ID in c]
    full = tmp_path / "full.xlsx"
    proc = cli("export-xlsx", "1", "--out", str(full), "--full-ids", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert any(f"号码 {ID}" in c for c in _cells(full))


def test_an_id_number_in_the_period_or_school_name_is_masked_on_every_page(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    _imported(
        cli,
        data_dir,
        tmp_path,
        period=f"2021年秋季学期 {ID}",
        school_name="东莞市南城示例实验小学 430524197307200534",
    )
    out = tmp_path / "report.pdf"
    proc = cli("export-pdf", "1", "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    text = _pdftotext(out)
    assert ID not in text and "430524197307200534" not in text
    assert mask_id_number(ID) in text and mask_id_number("430524197307200534") in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert ID not in info.stdout and "430524197307200534" not in info.stdout
    assert ID.encode() not in out.read_bytes()
