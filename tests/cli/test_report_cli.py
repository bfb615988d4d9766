"""CLI export-pdf: a stored assessment becomes a report file; bad input exits 2 and writes nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from checklists.answers_doc import DocumentParser
from checklists.registry import builtin_checklists
from reports.signing.idfacts import protect_answers, stand_in_answers
from tests.cli.identity_helpers import create_identity
from tests.conftest import SAMPLE

MOMENT = "2022-01-05T09:30:00+08:00"


def _import_sample(cli, data_dir: Path) -> int:
    proc = cli("import", str(SAMPLE), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return int(json.loads(proc.stdout)["assessment"])


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_export_pdf_writes_the_report(cli, data_dir: Path, tmp_path: Path) -> None:
    assessment = _import_sample(cli, data_dir)
    out = tmp_path / "out" / "报告.pdf"
    out.parent.mkdir()
    proc = cli("export-pdf", str(assessment), "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "已导出到" in proc.stdout and "报告编号" in proc.stdout
    assert [p.name for p in out.parent.iterdir()] == ["报告.pdf"]
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert sample["school"]["name"] in _text(out)
    answers = json.loads(PdfReader(out).attachments["answers.json"][0])
    registry = builtin_checklists()
    # The embedded answers are the sample's, ID numbers replaced by what the rules need.
    reference = DocumentParser(registry).parse(sample).reference_date
    assert answers == protect_answers(sample, registry, reference)
    assert (
        DocumentParser(registry).parse(stand_in_answers(answers, registry)).school.code
        == (sample["school"]["code"])
    )


def test_export_pdf_json_english_and_reproducible(cli, data_dir: Path, tmp_path: Path) -> None:
    assessment = _import_sample(cli, data_dir)
    outputs = []
    for name in ("a.pdf", "b.pdf"):
        proc = cli(
            "export-pdf",
            str(assessment),
            "--out",
            str(tmp_path / name),
            "--lang",
            "en",
            "--generated-at",
            MOMENT,
            "--json",
            data_dir=data_dir,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(json.loads(proc.stdout))
    assert outputs[0]["sha256"] == outputs[1]["sha256"]
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert outputs[0]["lang"] == "en" and outputs[0]["report_id"].startswith("4419012345-2021秋-")
    text = _text(tmp_path / "a.pdf")
    assert "Findings" in text and "发现的问题" not in text
    meta = json.loads(PdfReader(tmp_path / "a.pdf").attachments["report_meta.json"][0])
    assert meta["generated_at"] == MOMENT and meta["report_id"] == outputs[0]["report_id"]


def test_report_language_follows_the_global_language(cli, data_dir: Path, tmp_path: Path) -> None:
    assessment = _import_sample(cli, data_dir)
    out = tmp_path / "r.pdf"
    proc = cli("--lang", "en", "export-pdf", str(assessment), "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Exported to" in proc.stdout
    assert "Summary" in _text(out)


def test_unknown_assessment_exits_2(cli, data_dir: Path, tmp_path: Path) -> None:
    _import_sample(cli, data_dir)
    proc = cli("export-pdf", "99", "--out", str(tmp_path / "r.pdf"), data_dir=data_dir)
    assert proc.returncode == 2
    assert proc.stderr.strip()
    assert not (tmp_path / "r.pdf").exists()


def test_no_database_exits_2_and_creates_nothing(cli, data_dir: Path, tmp_path: Path) -> None:
    proc = cli("export-pdf", "1", "--out", str(tmp_path / "r.pdf"), data_dir=data_dir)
    assert proc.returncode == 2 and "数据库" in proc.stderr
    assert list(data_dir.iterdir()) == []


def test_missing_output_folder_exits_2(cli, data_dir: Path, tmp_path: Path) -> None:
    assessment = _import_sample(cli, data_dir)
    proc = cli(
        "export-pdf", str(assessment), "--out", str(tmp_path / "nope" / "r.pdf"), data_dir=data_dir
    )
    assert proc.returncode == 2 and "不存在" in proc.stderr
    assert not (tmp_path / "nope").exists()


def test_bad_time_is_a_usage_error(cli, data_dir: Path, tmp_path: Path) -> None:
    proc = cli(
        "export-pdf",
        "1",
        "--out",
        str(tmp_path / "r.pdf"),
        "--generated-at",
        "yesterday",
        data_dir=data_dir,
    )
    assert proc.returncode == 2 and "ISO 8601" in proc.stderr


def test_export_pdf_sign_then_verify_and_locked(cli, data_dir: Path, tmp_path: Path) -> None:
    """Issue 6: export-pdf --sign → verify exit 0, pdfsig valid, assessment locked, history."""
    import shutil

    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    identity, secret = create_identity(cli, data_dir, tmp_path)
    out = tmp_path / "signed.pdf"
    no_pass = cli("export-pdf", "1", "--out", str(out), "--sign", identity, data_dir=data_dir)
    assert no_pass.returncode == 2 and "--passphrase-file" in no_pass.stderr and not out.exists()
    done = cli(
        "export-pdf",
        "1",
        "--out",
        str(out),
        "--sign",
        identity,
        "--passphrase-file",
        str(secret),
        "--json",
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout)
    assert facts["signed"] and len(facts["fingerprint_sha256"]) == 64
    verified = cli("verify", str(out), "--json", data_dir=data_dir)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert json.loads(verified.stdout)["answers_digest_ok"] is True
    if shutil.which("pdfsig"):
        sig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True)
        assert "Signature is Valid." in sig.stdout
    listing = cli("list", "--json", data_dir=data_dir)
    assert '"signed"' in listing.stdout
    history = cli("history", "1", "--verify", data_dir=data_dir)
    assert history.returncode == 0
    again = cli(
        "export-pdf",
        "1",
        "--out",
        str(tmp_path / "again.pdf"),
        "--sign",
        identity,
        "--passphrase-file",
        str(secret),
        data_dir=data_dir,
    )
    assert again.returncode == 2 and not (tmp_path / "again.pdf").exists()


def test_export_pdf_refuses_another_schools_identity(cli, data_dir: Path, tmp_path: Path) -> None:
    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    identity, secret = create_identity(
        cli, data_dir, tmp_path, school_name="东莞市另一所小学", school_code="4419099999"
    )
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
    assert proc.returncode == 2 and "另一所学校" in proc.stderr and "4419099999" in proc.stderr
    assert not out.exists()
    assert '"signed"' not in cli("list", "--json", data_dir=data_dir).stdout  # still editable


@pytest.mark.parametrize("big", ["1e+300", "9007199254740993", "1e+16"])
def test_a_huge_number_already_in_the_store_is_printed_not_a_crash(
    cli: Any, data_dir: Path, tmp_path: Path, big: str
) -> None:
    """A number beyond the import limits, stored before they held (or written by hand): the
    table wraps it instead of squeezing the other columns to a negative width."""
    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    con = sqlite3.connect(data_dir / "campus.db")
    with con:
        (row_id, cells), *_ = con.execute(
            "SELECT id, cells_json FROM table_rows WHERE item_id = 'classrooms' ORDER BY id"
        ).fetchall()
        stored = json.loads(cells)
        stored["desk_lux"] = "BIG"
        text = json.dumps(stored).replace('"BIG"', big)
        con.execute("UPDATE table_rows SET cells_json = ? WHERE id = ?", (text, row_id))
    con.close()
    out = tmp_path / "report.pdf"
    proc = cli("export-pdf", "1", "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert stored["room"] in text
