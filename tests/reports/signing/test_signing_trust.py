"""The office's trust store: import (PEM or DER), list, remove."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from checklists.foundation.errors import InputError
from reports.signing import (
    Identity,
    import_trusted_certificate,
    list_trusted,
    remove_trusted,
    trusted_certificates,
)
from tests.reports.signing.signing_helpers import new_identity


def test_import_pem_and_der_and_list(data_dir: Path, identity: Identity) -> None:
    other = new_identity(data_dir, code="4419000002")
    pem = identity.certificate_pem.encode()
    der = other.certificate().public_bytes(serialization.Encoding.DER)
    first = import_trusted_certificate(data_dir, pem)
    import_trusted_certificate(data_dir, der)
    import_trusted_certificate(data_dir, pem)  # twice is harmless
    assert first.fingerprint_sha256 == identity.fingerprint_sha256
    assert first.school_code == "1144190001" and first.signer == "王校长"
    entries = list_trusted(data_dir)
    assert {e.fingerprint_sha256 for e in entries} == {
        identity.fingerprint_sha256,
        other.fingerprint_sha256,
    }
    path = data_dir / "trust" / f"{identity.fingerprint_sha256}.pem"
    assert path.read_bytes() == pem and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert identity.certificate() in trusted_certificates(data_dir)


def test_remove_by_full_fingerprint_or_prefix(data_dir: Path, identity: Identity) -> None:
    other = new_identity(data_dir, code="4419000002")
    for ident in (identity, other):
        import_trusted_certificate(data_dir, ident.certificate_pem.encode())
    colons = ":".join(identity.fingerprint_sha256[i : i + 2] for i in range(0, 64, 2)).upper()
    assert remove_trusted(data_dir, colons).fingerprint_sha256 == identity.fingerprint_sha256
    remove_trusted(data_dir, other.fingerprint_sha256[:10])
    assert list_trusted(data_dir) == []


@pytest.mark.parametrize("fingerprint", ["", "abc", "0" * 64])
def test_remove_unknown_fingerprint_is_an_input_error(
    data_dir: Path, identity: Identity, fingerprint: str
) -> None:
    import_trusted_certificate(data_dir, identity.certificate_pem.encode())
    with pytest.raises(InputError, match="信任列表中没有"):
        remove_trusted(data_dir, fingerprint)
    assert len(list_trusted(data_dir)) == 1


def test_garbage_is_not_a_certificate(data_dir: Path) -> None:
    with pytest.raises(InputError, match="不是有效的证书"):
        import_trusted_certificate(data_dir, b"-----BEGIN CERTIFICATE-----\nnope\n")
    with pytest.raises(InputError, match="不是有效的证书"):
        import_trusted_certificate(data_dir, b"\x00\x01 random")
    assert list_trusted(data_dir) == []


def test_listing_an_absent_store_creates_nothing(tmp_path: Path) -> None:
    assert list_trusted(tmp_path / "nowhere") == []
    assert not (tmp_path / "nowhere").exists()


def test_trust_the_signer_of_a_verified_report(signed_report, tmp_path: Path) -> None:
    from reports.signing import list_trusted, verify_pdf
    from reports.signing.trust import trust_signer

    office = tmp_path / "office"
    data = signed_report.signed.data
    fingerprint = verify_pdf(data).fingerprint_sha256
    with pytest.raises(InputError, match="替换|changed"):
        trust_signer(office, data, "0" * 64)  # not the certificate that was shown
    assert list_trusted(office) == []
    trust_signer(office, data, fingerprint)
    assert [t.fingerprint_sha256 for t in list_trusted(office)] == [fingerprint]
    assert verify_pdf(data, data_dir=office).trusted
    with pytest.raises(InputError, match="签名证书|signing certificate"):
        trust_signer(office, b"%PDF-1.7\nnot signed\n%%EOF", fingerprint)
