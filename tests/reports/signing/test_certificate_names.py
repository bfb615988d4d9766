"""A school name (or signer, or title) that certificate name comparison cannot prepare
(RFC 4518 as asn1crypto does it for pyHanko: right-to-left text mixed with other text, a
noncharacter, a private-use character, a character newer than Unicode 3.2) would make a
certificate whose every signature verifies as invalid. Creating, importing or trusting one is
refused, signing with one made earlier too, and a report signed with one made elsewhere fails
with its own reason, never "signature invalid"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from checklists.foundation.errors import InputError
from reports.signing import (
    certs,
    create_identity,
    import_identity,
    import_trusted_certificate,
    list_identities,
    list_trusted,
    sign_pdf,
    verify_pdf,
)
from reports.signing.identities import subject_fields_problem
from tests.reports.signing.signing_helpers import (
    PASSPHRASE,
    SCHOOL_CODE,
    flip,
    make_pdf,
    report_attachments,
    signed_positions,
)

REFUSED = {
    "bidi": ("مدرسة ABC", "从右到左", "right-to-left"),
    "bidi_chinese": ("示例学校 مدرسة", "从右到左", "right-to-left"),
    "noncharacter": ("学校\ufdd0", "U+FDD0", "noncharacter"),
    "private_use": ("学校\ue000", "U+E000", "private-use"),
    "newer_than_unicode_3_2": ("王𬭚小学", "U+2CB5A", "Unicode 3.2"),
}


def _create(data_dir: Path, **fields: str) -> None:
    values = {"school_name": "东莞市示例小学", "signer": "王校长", "title": "校长", **fields}
    create_identity(
        data_dir, school_code=SCHOOL_CODE, passphrase=PASSPHRASE, **values
    )  # fmt: skip


@pytest.mark.parametrize("case", sorted(REFUSED))
@pytest.mark.parametrize("field", ["school_name", "signer", "title"])
def test_create_refuses_a_name_that_cannot_be_compared(
    tmp_path: Path, case: str, field: str
) -> None:
    value, zh, en = REFUSED[case]
    with pytest.raises(InputError) as info:
        _create(tmp_path, **{field: value})
    words = {"school_name": ("学校名称", "school name"), "signer": ("签署人", "signer"),
             "title": ("职务", "title")}[field]  # fmt: skip
    assert words[0] in info.value.text("zh") and zh in info.value.text("zh")
    assert words[1] in info.value.text("en") and en in info.value.text("en")
    assert list_identities(tmp_path) == []  # nothing written


def test_the_check_is_asn1cryptos_own_preparation() -> None:
    """Every refused value is one asn1crypto refuses, and the accepted ones it prepares."""
    from asn1crypto import x509 as asn1_x509

    def prepares(value: str) -> bool:
        name = certs.subject_name(signer="S", title="T", school=value, subject_serial="1-00000000")
        try:
            for rdn in asn1_x509.Name.load(name.public_bytes()).chosen:
                for pair in rdn:
                    pair.prepped_value  # noqa: B018
        except ValueError:
            return False
        return True

    for value, _, _ in REFUSED.values():
        assert not prepares(value)
        assert subject_fields_problem(school_name=value, signer="S", title="T") is not None
    for value in ACCEPTED:
        assert prepares(value)
        assert subject_fields_problem(school_name=value, signer="S", title="T") is None


ACCEPTED = [
    "东莞市南城示例第一小学（南城校区）",
    "مدرسة النور",
    "Dongguan No.1 School",
    "龥〇䶮学校",
]


@pytest.mark.parametrize("name", ACCEPTED)
def test_names_that_can_be_compared_sign_and_verify(tmp_path: Path, name: str) -> None:
    ident = create_identity(
        tmp_path, school_name=name, school_code=SCHOOL_CODE, signer="王校长", title="校长",
        passphrase=PASSPHRASE,
    )  # fmt: skip
    signed = sign_pdf(
        make_pdf(1, report_attachments()), data_dir=tmp_path, identity_id=ident.identity_id,
        passphrase=PASSPHRASE,
    )  # fmt: skip
    result = verify_pdf(signed.data, trusted=[ident.certificate()])
    assert result.ok(require_trust=True), result.reasons
    assert result.school == name


@pytest.mark.parametrize(
    ("fields", "zh"),
    [
        ({"signer": "王" * 65}, "签署人：文本过长（65 字，最多 64 字）"),
        ({"title": "长" * 65}, "职务：文本过长"),
        ({"school_name": "学" * 101}, "学校名称：文本过长"),
        ({"school_name": "示例\x07小学"}, "学校名称：文本含控制字符"),
        ({"school_name": "  "}, "学校名称不能为空"),
    ],
)
def test_other_limits_of_the_subject_are_refused_not_a_crash(
    tmp_path: Path, fields: dict[str, str], zh: str
) -> None:
    with pytest.raises(InputError, match=zh):
        _create(tmp_path, **fields)
    assert list_identities(tmp_path) == []


def _made_elsewhere(school: str) -> tuple[ec.EllipticCurvePrivateKey, object]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = certs.build_self_signed(
        key, signer="王校长", title="校长", school=school,
        subject_serial=f"{SCHOOL_CODE}-0badf00d", now=datetime.now(UTC) - timedelta(days=1),
    )  # fmt: skip
    return key, cert


def test_trusting_or_importing_such_a_certificate_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    key, cert = _made_elsewhere("مدرسة ABC")
    pem = cert.public_bytes(serialization.Encoding.PEM)  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="从右到左"):
        import_trusted_certificate(tmp_path / "office", pem)
    assert list_trusted(tmp_path / "office") == []
    blob = pkcs12.serialize_key_and_certificates(
        b"x",
        key,
        cert,
        None,
        BestAvailableEncryption(b"12345678"),  # type: ignore[arg-type]
    )
    with pytest.raises(InputError, match="从右到左"):
        import_identity(tmp_path / "school", blob, passphrase="12345678")
    assert list_identities(tmp_path / "school") == []


def test_signing_with_such_an_identity_made_earlier_is_refused(tmp_path: Path) -> None:
    from reports.signing.identities import _store

    key, cert = _made_elsewhere("学校\ufdd0")
    ident = _store(
        tmp_path, f"{SCHOOL_CODE}-0badf00d", key, cert, (), PASSPHRASE, SCHOOL_CODE,  # type: ignore[arg-type]
        datetime.now(UTC),
    )  # fmt: skip
    with pytest.raises(InputError, match="U\\+FDD0"):
        sign_pdf(make_pdf(1), data_dir=tmp_path, identity_id=ident.identity_id,
                 passphrase=PASSPHRASE)  # fmt: skip


def test_a_report_signed_elsewhere_with_such_a_name_gets_its_own_reason(tmp_path: Path) -> None:
    from reports.signing.identities import UnlockedIdentity, _store
    from reports.signing.sign import _sign
    from reports.signing.stamp import StampInfo

    key, cert = _made_elsewhere("مدرسة ABC")
    ident = _store(
        tmp_path, f"{SCHOOL_CODE}-0badf00d", key, cert, (), PASSPHRASE, SCHOOL_CODE,  # type: ignore[arg-type]
        datetime.now(UTC),
    )  # fmt: skip
    unlocked = UnlockedIdentity(ident, key, cert, ())  # type: ignore[arg-type]
    now = datetime.now(UTC).replace(microsecond=0)
    data = _sign(make_pdf(1, report_attachments()), unlocked, "S", StampInfo(), now)
    result = verify_pdf(data, trusted=[cert])  # type: ignore[list-item]
    assert result.reasons == ["cert_name_unusable"] and not result.ok()
    assert "signature_invalid" not in result.reasons
    assert (result.school, result.school_code) == ("مدرسة ABC", SCHOOL_CODE)  # who, as it says
    assert result.fingerprint_sha256 == certs.fingerprint_sha256(cert)  # type: ignore[arg-type]
    # One signed byte changed as well: tampering is still told (whether the name is reached
    # depends on where the changed byte falls: the key, so the layout, differs at every run).
    changed = flip(data, signed_positions(data, 3)[1])
    tampered = verify_pdf(changed, trusted=[cert])  # type: ignore[list-item]
    assert "tampered" in tampered.reasons and not tampered.ok()
