"""Signing identities: creation, encrypted storage, import, export, listing and deletion."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from checklists.foundation.errors import EnvironmentProblem, InputError
from reports.signing import (
    Identity,
    create_identity,
    delete_identity,
    export_certificate,
    get_identity,
    import_identity,
    list_identities,
)
from reports.signing.identities import unlock_identity
from tests.reports.signing.signing_helpers import PASSPHRASE, ca_issued_p12, new_identity

IDS = Path("identities")


def test_create_stores_p12_and_description_privately(data_dir: Path, identity: Identity) -> None:
    folder = data_dir / IDS
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"{identity.identity_id}.json", f"{identity.identity_id}.p12"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    doc = json.loads((folder / f"{identity.identity_id}.json").read_text(encoding="utf-8"))
    for key in (
        "school",
        "signer",
        "title",
        "algorithm",
        "fingerprint_sha256",
        "not_before",
        "not_after",
        "created",
    ):
        assert key in doc
    assert (
        doc["school"] == "东莞市示例小学" and doc["signer"] == "王校长" and doc["title"] == "校长"
    )
    assert doc["algorithm"] == "ecdsa-p256"
    assert identity.identity_id.startswith("1144190001-") and len(identity.identity_id) == 19


def test_certificate_is_a_five_year_signing_certificate(identity: Identity) -> None:
    cert = identity.certificate()
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "王校长"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "东莞市示例小学"
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "校长"
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == identity.identity_id
    assert cert.issuer == subject
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    assert (end.year - start.year, end.month, end.day) == (5, start.month, start.day)
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)


def test_rsa_identity_uses_rsa_3072(data_dir: Path) -> None:
    ident = create_identity(
        data_dir,
        school_name="学校",
        school_code="4419000077",
        signer="甲",
        title="校长",
        passphrase=PASSPHRASE,
        algorithm="rsa",
    )
    key = ident.certificate().public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 3072
    assert ident.algorithm == "rsa-3072"


def test_subjects_are_unique_per_identity(data_dir: Path) -> None:
    first, second = new_identity(data_dir), new_identity(data_dir)
    assert first.identity_id != second.identity_id
    assert first.certificate().subject != second.certificate().subject


def test_p12_cannot_be_opened_without_passphrase(data_dir: Path, identity: Identity) -> None:
    blob = (data_dir / IDS / f"{identity.identity_id}.p12").read_bytes()
    for wrong in (None, b"", b"wrong passphrase"):
        with pytest.raises(ValueError):
            pkcs12.load_key_and_certificates(blob, wrong)
    key, _cert, _extra = pkcs12.load_key_and_certificates(blob, PASSPHRASE.encode())
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    plain = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    for path in (data_dir / IDS).iterdir():
        content = path.read_bytes()
        assert plain not in content and scalar not in content
        assert PASSPHRASE.encode() not in content
    assert bytes.fromhex("2a864886f70d01050d") in blob  # PBES2, OID 1.2.840.113549.1.5.13
    assert bytes.fromhex("60864801650304012a") in blob  # AES-256-CBC, 2.16.840.1.101.3.4.1.42


def test_wrong_passphrase_is_a_clear_input_error(data_dir: Path, identity: Identity) -> None:
    with pytest.raises(InputError, match="口令不正确") as info:
        unlock_identity(data_dir, identity.identity_id, "not the passphrase")
    assert "Wrong passphrase" in info.value.text("en")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("passphrase", "short", "至少需要 8 个字符"),
        ("school_code", "../etc", "学校代码"),
        ("school_code", "", "学校代码"),
        ("signer", "  ", "签署人不能为空"),
        ("school_name", "", "学校名称不能为空"),
        ("algorithm", "dsa", "不支持的算法"),
    ],
)
def test_create_rejects_bad_input(data_dir: Path, field: str, value: str, message: str) -> None:
    kwargs: dict[str, Any] = {
        "school_name": "学校",
        "school_code": "4419012345",
        "signer": "甲",
        "title": "校长",
        "passphrase": PASSPHRASE,
        "algorithm": "ecdsa",
    }
    kwargs[field] = value
    with pytest.raises(InputError, match=message):
        create_identity(data_dir, **kwargs)
    assert not (data_dir / IDS).exists() or not any((data_dir / IDS).iterdir())


def test_list_get_and_delete(data_dir: Path) -> None:
    assert list_identities(data_dir) == []
    first = new_identity(data_dir, now=datetime(2024, 1, 1, tzinfo=UTC))
    second = new_identity(data_dir, code="4419000002")
    assert [i.identity_id for i in list_identities(data_dir)] == [
        first.identity_id,
        second.identity_id,
    ]
    assert get_identity(data_dir, second.identity_id) == second
    delete_identity(data_dir, first.identity_id)
    assert list_identities(data_dir) == [second]
    assert not (data_dir / IDS / f"{first.identity_id}.p12").exists()
    with pytest.raises(InputError, match="没有编号为"):
        delete_identity(data_dir, first.identity_id)


@pytest.mark.parametrize("bad_id", ["../identities/x", "a/b", "", ".hidden", "x" * 80])
def test_ids_cannot_escape_the_folder(data_dir: Path, bad_id: str) -> None:
    with pytest.raises(InputError, match="签名身份编号无效"):
        get_identity(data_dir, bad_id)


def test_export_certificate_as_pem_and_der(
    data_dir: Path, identity: Identity, tmp_path: Path
) -> None:
    pem = export_certificate(data_dir, identity.identity_id, tmp_path / "school.pem")
    der = export_certificate(data_dir, identity.identity_id, tmp_path / "school.cer")
    assert pem.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert x509.load_der_x509_certificate(der.read_bytes()) == identity.certificate()
    with pytest.raises(InputError, match=r"\.pem 或 \.cer"):
        export_certificate(data_dir, identity.identity_id, tmp_path / "school.txt")


def test_import_ca_p12_reencrypts_with_new_passphrase(data_dir: Path) -> None:
    blob, leaf = ca_issued_p12(b"1234")
    ident = import_identity(data_dir, blob, passphrase="1234", new_passphrase=PASSPHRASE)
    assert ident.signer == "李四" and ident.school == "东莞市示例小学"
    assert ident.algorithm == "rsa-2048" and ident.school_code is None
    assert ident.certificate() == leaf
    stored = (data_dir / IDS / f"{ident.identity_id}.p12").read_bytes()
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(stored, b"1234")
    unlocked = unlock_identity(data_dir, ident.identity_id, PASSPHRASE)
    assert len(unlocked.extra_certificates) == 1  # the CA certificate travels along
    with pytest.raises(InputError, match="已作为签名身份"):
        import_identity(data_dir, blob, passphrase="1234", new_passphrase=PASSPHRASE)


def test_import_needs_right_passphrase_and_long_new_one(data_dir: Path) -> None:
    blob, _leaf = ca_issued_p12(b"1234")
    with pytest.raises(InputError, match="口令不正确"):
        import_identity(data_dir, blob, passphrase="4321", new_passphrase=PASSPHRASE)
    with pytest.raises(InputError, match="至少需要 8 个字符"):
        import_identity(data_dir, blob, passphrase="1234")
    with pytest.raises(InputError, match="口令不正确"):
        import_identity(data_dir, b"not a p12 file", passphrase=PASSPHRASE)
    assert list_identities(data_dir) == []


def test_import_of_own_identity_keeps_its_id(data_dir: Path, tmp_path: Path) -> None:
    ident = new_identity(data_dir)
    blob = (data_dir / IDS / f"{ident.identity_id}.p12").read_bytes()
    other = tmp_path / "other"
    imported = import_identity(other, blob, passphrase=PASSPHRASE)
    assert imported.identity_id == ident.identity_id
    assert imported.school_code == "1144190001"
    assert imported.fingerprint_sha256 == ident.fingerprint_sha256


def test_corrupt_description_is_an_environment_problem(data_dir: Path, identity: Identity) -> None:
    (data_dir / IDS / f"{identity.identity_id}.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(EnvironmentProblem, match="已损坏"):
        list_identities(data_dir)


def test_no_temporary_files_are_left_behind(data_dir: Path) -> None:
    for _ in range(3):
        new_identity(data_dir)
    assert not [p for p in (data_dir / IDS).iterdir() if p.name.startswith(".")]


def test_a_school_code_in_full_width_digits_is_stored_in_plain_digits(data_dir: Path) -> None:
    """As validate, import and the profile form read it (checklists.answers.normalise_school_code)."""
    ident = create_identity(
        data_dir,
        school_name="学校",
        school_code="４４１９０１２３４５",
        signer="甲",
        title="校长",
        passphrase=PASSPHRASE,
    )
    assert ident.school_code == "4419012345" and ident.identity_id.startswith("4419012345-")
