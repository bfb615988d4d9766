"""``verify`` and ``trust`` subcommands, run as the supervision office would."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from reports.signing import export_certificate, sign_pdf
from reports.signing.verdict import CHANGED_REASONS
from tests.reports.aggregate.report_set import report_pdf
from tests.reports.signing.signing_helpers import (
    PASSPHRASE,
    embed,
    flip,
    make_pdf,
    new_identity,
    report_attachments,
    results_doc,
    same_subject_other_key,
    signed_positions,
)


@dataclass(frozen=True)
class Files:
    """A school's signed report and certificate, and an empty office data folder."""

    report: Path
    pem: Path
    cer: Path
    office: Path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    root = tmp_path_factory.mktemp("verify-cli")
    school = root / "school"
    ident = new_identity(school)
    signed = sign_pdf(
        make_pdf(3, report_attachments()),
        data_dir=school,
        identity_id=ident.identity_id,
        passphrase=PASSPHRASE,
    )
    report = root / "report.pdf"
    report.write_bytes(signed.data)
    pem = export_certificate(school, ident.identity_id, root / "school.pem")
    cer = export_certificate(school, ident.identity_id, root / "school.cer")
    return Files(report, pem, cer, root / "office")


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_valid_report_untrusted_then_trusted(cli: Any, files: Files) -> None:
    plain = cli("verify", str(files.report), data_dir=files.office)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "签名有效" in plain.stdout and "不在信任列表" in plain.stdout
    assert plain.stderr == ""  # no pyHanko tracebacks for the self-signed chain
    strict = cli("verify", str(files.report), "--require-trust", data_dir=files.office)
    assert strict.returncode == 1 and "不在信任列表" in strict.stdout and strict.stderr == ""
    for cert in (files.pem, files.cer):
        trusted = cli(
            "verify",
            str(files.report),
            "--trust",
            str(cert),
            "--require-trust",
            data_dir=files.office,
        )
        assert trusted.returncode == 0, trusted.stdout
    assert not files.office.exists()  # verifying writes nothing


def test_json_output_carries_the_report_contract(cli: Any, files: Files) -> None:
    result = cli(
        "verify", str(files.report), "--json", "--trust", str(files.pem), data_dir=files.office
    )
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    for key in ("signed", "intact", "valid", "trusted"):
        assert doc[key] is True
    assert doc["signer"] == "王校长" and doc["school"] == "东莞市示例小学"
    assert doc["school_code"] == "1144190001" and len(doc["fingerprint_sha256"]) == 64
    assert datetime.fromisoformat(doc["signed_at"]).tzinfo is not None
    assert doc["reasons"] == []
    assert doc["answers_digest_ok"] is True
    assert doc["results_summary"] == {
        cid: e["summary"] for cid, e in results_doc()["checklists"].items()
    }


def test_json_nulls_without_report_attachments(cli: Any, tmp_path: Path) -> None:
    school = tmp_path / "school"
    ident = new_identity(school)
    signed = sign_pdf(
        make_pdf(1), data_dir=school, identity_id=ident.identity_id, passphrase=PASSPHRASE
    )
    doc = json.loads(cli("verify", _write(tmp_path, "r.pdf", signed.data), "--json").stdout)
    assert doc["answers_digest_ok"] is None and doc["results_summary"] is None


def test_trust_store_import_list_remove(cli: Any, files: Files, tmp_path: Path) -> None:
    office = tmp_path / "office"
    added = cli("trust", "import", str(files.cer), data_dir=office)
    assert added.returncode == 0, added.stderr
    [entry] = json.loads(cli("trust", "list", "--json", data_dir=office).stdout)["trusted"]
    assert entry["school_code"] == "1144190001"
    assert cli("verify", str(files.report), "--require-trust", data_dir=office).returncode == 0
    removed = cli("trust", "remove", entry["fingerprint_sha256"], data_dir=office)
    assert removed.returncode == 0
    assert cli("verify", str(files.report), "--require-trust", data_dir=office).returncode == 1
    unknown = cli("trust", "remove", entry["fingerprint_sha256"], data_dir=office)
    assert unknown.returncode == 2 and "信任列表中没有" in unknown.stderr
    garbage = cli("trust", "import", _write(tmp_path, "x.pem", b"nonsense"), data_dir=office)
    assert garbage.returncode == 2


def test_flipped_bytes_exit_1(cli: Any, files: Files, tmp_path: Path) -> None:
    data = files.report.read_bytes()
    for i, position in enumerate(signed_positions(data, 4)):
        result = cli(
            "verify",
            _write(tmp_path, f"f{i}.pdf", flip(data, position)),
            "--json",
            data_dir=files.office,
        )
        assert result.returncode == 1, position
        assert CHANGED_REASONS & set(json.loads(result.stdout)["reasons"])
    human = cli("verify", str(tmp_path / "f1.pdf"), data_dir=files.office)
    assert human.returncode == 1 and "签名后文件内容被改动过" in human.stdout


def test_changes_after_signing_exit_1(cli: Any, files: Files, tmp_path: Path) -> None:
    later = embed(files.report.read_bytes(), {"extra.json": b"{}"})
    result = cli(
        "--lang",
        "en",
        "verify",
        _write(tmp_path, "later.pdf", later),
        "--trust",
        str(files.pem),
        data_dir=files.office,
    )
    assert result.returncode == 1
    assert "Changes were appended after signing" in result.stdout


def test_unsigned_exit_1_and_foreign_file_exit_2(cli: Any, tmp_path: Path) -> None:
    unsigned = cli("verify", _write(tmp_path, "u.pdf", make_pdf(1)))
    assert unsigned.returncode == 1 and "没有数字签名" in unsigned.stdout
    foreign = cli("verify", _write(tmp_path, "r.pdf", os.urandom(5000)))
    assert foreign.returncode == 2 and "文件不是 PDF" in foreign.stderr
    missing = cli("verify", str(tmp_path / "absent.pdf"))
    assert missing.returncode == 2 and "无法读取" in missing.stderr


def test_impostor_certificate_is_untrusted_without_crash(
    cli: Any, files: Files, tmp_path: Path
) -> None:
    from cryptography import x509

    real = x509.load_pem_x509_certificate(files.pem.read_bytes())
    impostor = same_subject_other_key(real).public_bytes(serialization.Encoding.PEM)
    result = cli(
        "verify",
        str(files.report),
        "--require-trust",
        "--trust",
        _write(tmp_path, "impostor.pem", impostor),
        data_dir=files.office,
    )
    assert result.returncode == 1 and "不在信任列表" in result.stdout
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_expired_certificate_exit_1(cli: Any, tmp_path: Path) -> None:
    school = tmp_path / "school"
    old = new_identity(school, now=datetime(2015, 1, 1, tzinfo=UTC))
    signed = sign_pdf(
        make_pdf(1),
        data_dir=school,
        identity_id=old.identity_id,
        passphrase=PASSPHRASE,
        now=datetime(2016, 1, 1, tzinfo=UTC),
    )
    result = cli("verify", _write(tmp_path, "old.pdf", signed.data), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["reasons"] == ["cert_expired", "untrusted"]


def test_attacks_through_the_cli(cli: Any, tmp_path: Path) -> None:
    """Each attack: exit 1 with its reason; --json reports only signed data."""
    from tests.reports.signing.attacks import append_update, wrap_signature
    from tests.reports.signing.real_reports import build_real_report

    real = build_real_report(tmp_path / "school")
    x_pem = export_certificate(real.data_dir, real.x.identity_id, tmp_path / "x.pem")
    y_pem = export_certificate(real.data_dir, real.y.identity_id, tmp_path / "y.pem")
    office = tmp_path / "office"
    genuine = _write(tmp_path, "genuine.pdf", real.data)
    ok = cli(
        "verify",
        genuine,
        "--trust",
        str(y_pem),
        str(x_pem),
        "--require-trust",
        "--json",
        data_dir=office,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    doc = json.loads(ok.stdout)
    assert doc["reasons"] == [] and doc["reevaluation"] == "matched"
    assert doc["report"]["school_code"] == "4419000101" and doc["report"]["revision"] == 1
    assert doc["signed_bytes"] == len(real.data)
    forged_results = b'{"checklists": {}}'
    cases = {
        "wrapped.pdf": (wrap_signature(real.data, {"results.json": forged_results}),
                        "signature_gap_invalid"),
        "appended.pdf": (append_update(real.data, {"results.json": forged_results}),
                         "modified_after_signing"),
        "y-key.pdf": (real.sign(report_pdf(real.doc), real.y), "school_mismatch"),
    }  # fmt: skip
    for name, (data, reason) in cases.items():
        path = _write(tmp_path, name, data)
        out = cli("verify", path, "--trust", str(x_pem), str(y_pem), "--json", data_dir=office)
        assert out.returncode == 1, name
        doc = json.loads(out.stdout)
        assert reason in doc["reasons"], (name, doc["reasons"])
        summary = doc["results_summary"]
        assert summary is None or summary != {}, name  # never the forged (empty) results
        text = cli("verify", path, "--trust", str(x_pem), data_dir=office)
        assert text.returncode == 1 and "验证未通过" in text.stdout


def test_trust_import_replace_and_log(cli: Any, tmp_path: Path) -> None:
    from tests.reports.signing.real_reports import school_identity

    a = school_identity(tmp_path / "a", "X")
    b = school_identity(tmp_path / "b", "X")
    pem_a = export_certificate(tmp_path / "a", a.identity_id, tmp_path / "a.pem")
    pem_b = export_certificate(tmp_path / "b", b.identity_id, tmp_path / "b.pem")
    office = tmp_path / "office"
    assert cli("trust", "import", str(pem_a), data_dir=office).returncode == 0
    assert cli("trust", "import", str(pem_b), "--replace", data_dir=office).returncode == 0
    listed = json.loads(cli("trust", "list", "--json", data_dir=office).stdout)["trusted"]
    assert [e["fingerprint_sha256"] for e in listed] == [b.fingerprint_sha256]
    log = json.loads(cli("trust", "log", "--json", data_dir=office).stdout)["log"]
    assert [e["action"] for e in log] == ["add", "replace"]
    text = cli("trust", "log", data_dir=office).stdout
    assert "替换" in text and a.fingerprint_sha256 in text


def test_json_of_a_report_with_lone_surrogates_is_valid_json(
    cli: Any, files: Files, tmp_path: Path
) -> None:
    school = tmp_path / "school"
    ident = new_identity(school)
    attachments = report_attachments()
    attachments["report_meta.json"] = (
        b'{"format": "campus-selfcheck/report@1", "report_id": "\\ud800", "school_code": "\\udfff"}'
    )
    attachments["results.json"] = b'{"checklists": {"guards": {"summary": {"\\ud800": 1}}}}'
    signed = sign_pdf(
        make_pdf(1, attachments),
        data_dir=school,
        identity_id=ident.identity_id,
        passphrase=PASSPHRASE,
    ).data
    path = _write(tmp_path, "surrogate.pdf", signed)
    proc = cli("--lang", "en", "verify", path, "--json", data_dir=files.office)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert "report_data_invalid" in doc["reasons"]
    assert "\\ud800" not in proc.stdout and "Traceback" not in proc.stderr


def test_json_output_escapes_what_utf_8_cannot_carry() -> None:
    import io

    from cli.context import CliContext

    out = io.StringIO()
    CliContext(Path("."), stdout=out).out_json({"text": "a\ud800b", "中": "文"})
    assert json.loads(out.getvalue()) == {"text": "a\ud800b", "中": "文"}
    out.getvalue().encode("utf-8")


def test_trust_import_refuses_a_certificate_without_a_school_code(cli: Any, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import pkcs12

    from tests.reports.signing.signing_helpers import no_code_p12

    _key, cert, _ = pkcs12.load_key_and_certificates(no_code_p12(b"12345678", "学校"), b"12345678")
    assert cert is not None
    pem = _write(tmp_path, "c.pem", cert.public_bytes(serialization.Encoding.PEM))
    office = tmp_path / "office"
    refused = cli("trust", "import", pem, data_dir=office)
    assert refused.returncode == 2 and "没有写明学校代码" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert "学校" not in cli("trust", "list", data_dir=office).stdout


def test_verify_notes_the_built_in_checklists_a_report_leaves_out(cli: Any, tmp_path: Path) -> None:
    from tests.reports.aggregate.report_set import compliant_answers, only_checklists_of
    from tests.reports.signing.real_reports import build_real_report

    real = build_real_report(tmp_path / "real")
    only = only_checklists_of(compliant_answers("X"), {"safety"})
    path = Path(_write(tmp_path, "only_safety.pdf", real.sign(report_pdf(only), real.x)))
    cert = export_certificate(real.data_dir, real.x.identity_id, tmp_path / "x.pem")
    shown = cli("verify", str(path), "--trust", str(cert), data_dir=tmp_path / "office")
    assert shown.returncode == 0, shown.stderr  # a note, not a failed verification
    assert (
        "注意：报告未包含内置检查表：心理健康教育与心理教师配备、教室照明与近视防控、学校保安队伍"
        in (shown.stdout)
    )
    as_json = cli("verify", str(path), "--json", data_dir=tmp_path / "office")
    assert json.loads(as_json.stdout)["missing_checklists"] == ["psychology", "lighting", "guards"]
    whole = cli("verify", str(real_whole(real, tmp_path)), "--json", data_dir=tmp_path / "office")
    assert json.loads(whole.stdout)["missing_checklists"] == []


def real_whole(real: Any, tmp_path: Path) -> Path:
    from tests.reports.aggregate.report_set import compliant_answers

    return Path(_write(tmp_path, "all.pdf", real.sign(report_pdf(compliant_answers("X")), real.x)))


@pytest.mark.parametrize("kind", ["not-a-certificate", "too-large"])
def test_a_trust_file_that_is_no_certificate_is_named(
    cli: Any, files: Files, tmp_path: Path, kind: str
) -> None:
    """verify --trust reads a certificate file as aggregate --trust does (a regular file of at
    most 1 MB) and names the one that is no certificate."""
    data = "这不是证书".encode() if kind == "not-a-certificate" else b"0" * (1024 * 1024 + 1)
    bad = _write(tmp_path, f"{kind}.pem", data)
    proc = cli(
        "verify", str(files.report), "--trust", str(files.pem), bad, data_dir=files.office
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0 and bad in proc.stderr, proc.stderr
