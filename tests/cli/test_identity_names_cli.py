"""``identity create`` refuses a school name, signer or title that could not go into a
verifiable certificate (exit 2, the reason in Chinese or English, nothing created), and
``trust import`` refuses such a certificate made elsewhere."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reports.signing import certs


def _create(cli: Any, data_dir: Path, tmp_path: Path, *extra: str, **fields: str) -> Any:
    secret = tmp_path / "pass.txt"
    secret.write_text("a long passphrase\n", encoding="utf-8")
    values = {"school-name": "东莞市示例小学", "signer": "林校长", "title": "校长", **fields}
    args = [a for k, v in values.items() for a in (f"--{k}", v)]
    return cli(*extra, "identity", "create", *args, "--school-code", "4419012345",
               "--passphrase-file", str(secret), data_dir=data_dir)  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "zh"),
    [
        ("school-name", "مدرسة ABC", "学校名称“مدرسة ABC”无法写入签名证书：从右到左"),
        ("school-name", "学校\ufdd0", "第 3 个字符（U+FDD0）是非字符码位"),
        ("signer", "王𬭚", "签署人“王𬭚”无法写入签名证书"),
        ("signer", "林" * 65, "签署人：文本过长（65 字，最多 64 字）"),
    ],
)
def test_create_refuses_the_name(cli: Any, tmp_path: Path, field: str, value: str, zh: str) -> None:
    data_dir = tmp_path / "data"
    proc = _create(cli, data_dir, tmp_path, **{field: value})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert zh in proc.stderr and "意外" not in proc.stderr
    listed = cli("identity", "list", "--json", data_dir=data_dir)
    assert json.loads(listed.stdout)["identities"] == []


def test_create_refuses_in_english(cli: Any, tmp_path: Path) -> None:
    proc = _create(cli, tmp_path / "data", tmp_path, "--lang", "en", **{"school-name": "مدرسة ABC"})
    assert proc.returncode == 2
    assert "cannot go into the signing certificate: right-to-left text" in proc.stderr.replace(
        "\n", " "
    )


def test_trust_import_refuses_a_certificate_with_such_a_name(cli: Any, tmp_path: Path) -> None:
    cert = certs.build_self_signed(
        ec.generate_private_key(ec.SECP256R1()), signer="王校长", title="校长",
        school="مدرسة ABC", subject_serial="4419012345-0badf00d",
        now=datetime.now(UTC) - timedelta(days=1),
    )  # fmt: skip
    pem = tmp_path / "c.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    proc = cli("trust", "import", str(pem), data_dir=tmp_path / "office")
    assert proc.returncode == 2 and "从右到左" in proc.stderr
    listed = cli("trust", "list", "--json", data_dir=tmp_path / "office")
    assert json.loads(listed.stdout)["trusted"] == []
