"""``identity`` subcommands, run as a user would: create, list, export, import, delete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography import x509

from tests.reports.signing.signing_helpers import ca_issued_p12

PASSPHRASE = "绝密 passphrase 2021"


def _pw(tmp_path: Path, text: str = PASSPHRASE, name: str = "pw.txt") -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def _create(cli: Any, data_dir: Path, pw: str, *extra: str) -> Any:
    return cli(
        "identity",
        "create",
        "--school-name",
        "东莞市示例小学",
        "--school-code",
        "1144190001",
        "--signer",
        "王校长",
        "--title",
        "校长",
        "--passphrase-file",
        pw,
        *extra,
        data_dir=data_dir,
    )


def test_create_list_export_delete_round_trip(cli: Any, data_dir: Path, tmp_path: Path) -> None:
    made = _create(cli, data_dir, _pw(tmp_path), "--json")
    assert made.returncode == 0, made.stderr
    created = json.loads(made.stdout)
    ident = created["id"]
    assert ident.startswith("1144190001-") and created["algorithm"] == "ecdsa-p256"

    listed = cli("identity", "list", "--json", data_dir=data_dir)
    [entry] = json.loads(listed.stdout)["identities"]
    assert entry["fingerprint_sha256"] == created["fingerprint_sha256"]
    assert entry["school"] == "东莞市示例小学" and entry["signer"] == "王校长"
    human = cli("identity", "list", data_dir=data_dir).stdout
    assert ident in human and "王校长（校长）" in human

    pem, cer = tmp_path / "school.pem", tmp_path / "school.cer"
    assert (
        cli("identity", "export-cert", ident, "--out", str(pem), data_dir=data_dir).returncode == 0
    )
    assert (
        cli("identity", "export-cert", ident, "--out", str(cer), data_dir=data_dir).returncode == 0
    )
    assert x509.load_pem_x509_certificate(pem.read_bytes()) == x509.load_der_x509_certificate(
        cer.read_bytes()
    )
    bad = cli("identity", "export-cert", ident, "--out", str(tmp_path / "x.txt"), data_dir=data_dir)
    assert bad.returncode == 2 and ".pem" in bad.stderr

    deleted = cli("identity", "delete", ident, data_dir=data_dir)
    assert deleted.returncode == 0 and ident in deleted.stdout
    assert json.loads(cli("identity", "list", "--json", data_dir=data_dir).stdout) == {
        "identities": []
    }
    again = cli("identity", "delete", ident, data_dir=data_dir)
    assert again.returncode == 2 and "没有编号为" in again.stderr


def test_rsa_create_in_english(cli: Any, data_dir: Path, tmp_path: Path) -> None:
    made = cli(
        "--lang",
        "en",
        "identity",
        "create",
        "--school-name",
        "Example School",
        "--school-code",
        "4419000001",
        "--signer",
        "Wang",
        "--title",
        "Principal",
        "--algorithm",
        "rsa",
        "--passphrase-file",
        _pw(tmp_path),
        data_dir=data_dir,
    )
    assert made.returncode == 0, made.stderr
    assert "Created signing identity 4419000001-" in made.stdout
    assert "rsa-3072" in cli("identity", "list", data_dir=data_dir).stdout


def test_passphrase_is_never_stored_or_printed(cli: Any, data_dir: Path, tmp_path: Path) -> None:
    runs = [_create(cli, data_dir, _pw(tmp_path)), cli("identity", "list", data_dir=data_dir)]
    blob, _leaf = ca_issued_p12(PASSPHRASE.encode())
    p12 = tmp_path / "ca.p12"
    p12.write_bytes(blob)
    runs.append(
        cli("identity", "import", str(p12), "--passphrase-file", _pw(tmp_path), data_dir=data_dir)
    )
    assert [r.returncode for r in runs] == [0, 0, 0], [r.stderr for r in runs]
    secret = PASSPHRASE.encode("utf-8")
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert len(files) == 4
    assert [p for p in files if secret in p.read_bytes()] == []
    assert all(PASSPHRASE not in r.stdout + r.stderr for r in runs)


def test_short_passphrase_and_no_passphrase_argument(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    short = _create(cli, data_dir, _pw(tmp_path, "1234567"))
    assert short.returncode == 2 and "至少需要 8 个字符" in short.stderr
    as_argument = cli(
        "identity",
        "create",
        "--school-name",
        "S",
        "--school-code",
        "1",
        "--signer",
        "A",
        "--title",
        "T",
        "--passphrase",
        PASSPHRASE,
        data_dir=data_dir,
    )
    assert as_argument.returncode == 2
    missing = _create(cli, data_dir, str(tmp_path / "absent.txt"))
    assert missing.returncode == 2 and "无法读取口令文件" in missing.stderr
    assert not (data_dir / "identities").exists() or not any((data_dir / "identities").iterdir())


def test_import_ca_p12_with_new_passphrase(cli: Any, data_dir: Path, tmp_path: Path) -> None:
    blob, leaf = ca_issued_p12(b"1234")
    p12 = tmp_path / "from-ca.pfx"
    p12.write_bytes(blob)
    old_pw, new_pw = _pw(tmp_path, "1234", "old.txt"), _pw(tmp_path, PASSPHRASE, "new.txt")
    wrong = cli(
        "identity",
        "import",
        str(p12),
        "--passphrase-file",
        new_pw,
        "--new-passphrase-file",
        new_pw,
        data_dir=data_dir,
    )
    assert wrong.returncode == 2 and "口令不正确" in wrong.stderr
    done = cli(
        "identity",
        "import",
        str(p12),
        "--passphrase-file",
        old_pw,
        "--new-passphrase-file",
        new_pw,
        "--json",
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout)
    assert imported["signer"] == "李四" and imported["algorithm"] == "rsa-2048"
    out = tmp_path / "leaf.cer"
    cli("identity", "export-cert", imported["id"], "--out", str(out), data_dir=data_dir)
    assert x509.load_der_x509_certificate(out.read_bytes()) == leaf
    twice = cli(
        "identity",
        "import",
        str(p12),
        "--passphrase-file",
        old_pw,
        "--new-passphrase-file",
        new_pw,
        data_dir=data_dir,
    )
    assert twice.returncode == 2 and "已作为签名身份" in twice.stderr


def test_identity_without_action_is_a_usage_error(cli: Any, data_dir: Path) -> None:
    result = cli("identity", data_dir=data_dir)
    assert result.returncode == 2 and "ACTION" in result.stderr


def test_export_cert_on_a_full_disk_says_so_and_leaves_no_part(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    """The certificate is written by the one atomic writer: a full disk leaves no half file."""
    import subprocess

    import pytest

    made = _create(cli, data_dir, _pw(tmp_path), "--json")
    ident = json.loads(made.stdout)["id"]
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:  # fmt: skip
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
    try:
        (disk / "filler").write_bytes(b"x" * 4096)
        out = disk / "school.pem"
        proc = cli("identity", "export-cert", ident, "--out", str(out), data_dir=data_dir)
        assert proc.returncode == 2, proc.stderr
        assert "磁盘空间不足" in proc.stderr and "Traceback" not in proc.stderr
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)
