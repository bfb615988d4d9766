"""Signing identities: a school's key and certificate, kept as an encrypted PKCS#12 file."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from checklists.answers import normalise_school_code, school_code_problem, text_problem
from checklists.foundation import limits
from checklists.foundation.errors import EnvironmentProblem, InputError
from checklists.foundation.files import write_atomic
from reports.signing import _storage, certs

MIN_PASSPHRASE_LENGTH = 8
ALGORITHMS = ("ecdsa", "rsa")
_FORMAT = "campus-selfcheck/signing-identity@1"


@dataclass(frozen=True)
class Identity:
    """The non-secret description of a signing identity (what ``<id>.json`` holds)."""

    identity_id: str
    school: str
    school_code: str | None
    signer: str
    title: str
    algorithm: str
    fingerprint_sha256: str
    not_before: datetime
    not_after: datetime
    created: datetime
    certificate_pem: str

    def certificate(self) -> x509.Certificate:
        """The identity's X.509 certificate."""
        return x509.load_pem_x509_certificate(self.certificate_pem.encode("ascii"))

    def to_dict(self, *, with_certificate: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (ISO 8601 dates); the PEM is left out on request."""
        doc: dict[str, Any] = {
            "id": self.identity_id,
            "school": self.school,
            "school_code": self.school_code,
            "signer": self.signer,
            "title": self.title,
            "algorithm": self.algorithm,
            "fingerprint_sha256": self.fingerprint_sha256,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "created": self.created.isoformat(),
        }
        if with_certificate:
            doc["certificate_pem"] = self.certificate_pem
        return doc


@dataclass(frozen=True)
class UnlockedIdentity:
    """An identity opened with its passphrase: the private key lives only in memory."""

    identity: Identity
    key: certs.PrivateKey
    certificate: x509.Certificate
    extra_certificates: tuple[x509.Certificate, ...]


def create_identity(
    data_dir: Path,
    *,
    school_name: str,
    school_code: str,
    signer: str,
    title: str,
    passphrase: str,
    algorithm: str = "ecdsa",
    now: datetime | None = None,
) -> Identity:
    """Make a key pair and a five-year self-signed certificate and store them encrypted.

    ``algorithm`` is ``"ecdsa"`` (P-256) or ``"rsa"`` (RSA-3072). ``now`` (default: the current
    time) is the start of the validity period.
    """
    _check_passphrase(passphrase)
    school_name = _required(school_name, "学校名称", "school name", limits.MAX_NAME_LENGTH)
    signer = _required(signer, "签署人", "signer", certs.MAX_SUBJECT_TEXT)
    title = _required(title, "职务", "title", certs.MAX_SUBJECT_TEXT)
    school_code = normalise_school_code(school_code)  # full-width ０-９ as 0-9, as everywhere
    problem = school_code_problem(school_code)  # the answers document's rule: 10 digits
    if problem is not None:
        raise InputError(
            f"{problem[0]}：{school_code[:40]!r}", f"{problem[1]}: {school_code[:40]!r}"
        )
    moment = _aware(now)
    identity_id = _new_identity_id(data_dir, school_code)
    certs.check_subject(
        certs.subject_name(
            signer=signer, title=title, school=school_name, subject_serial=identity_id
        )
    )
    key = certs.generate_key(algorithm)
    cert = certs.build_self_signed(
        key, signer=signer, title=title, school=school_name, subject_serial=identity_id, now=moment
    )
    return _store(data_dir, identity_id, key, cert, (), passphrase, school_code, moment)


def subject_fields_problem(*, school_name: str, signer: str, title: str) -> tuple[str, str] | None:
    """Why create_identity would refuse these subject fields (zh, en), or None: each must be
    a non-empty line within its limit, and the certificate's name comparison must be able to
    prepare them (certs.subject_problem). The create dialog asks while the person types."""
    fields = (
        (school_name, "学校名称", "school name", limits.MAX_NAME_LENGTH),
        (signer, "签署人", "signer", certs.MAX_SUBJECT_TEXT),
        (title, "职务", "title", certs.MAX_SUBJECT_TEXT),
    )
    for value, what_zh, what_en, limit in fields:
        try:
            _required(value, what_zh, what_en, limit)
        except InputError as exc:
            return exc.text("zh"), exc.text("en")
    return certs.subject_problem(
        certs.subject_name(
            signer=signer.strip(),
            title=title.strip(),
            school=school_name.strip(),
            subject_serial="0000000000-00000000",
        )
    )


def import_identity(
    data_dir: Path,
    p12_data: bytes,
    *,
    passphrase: str,
    new_passphrase: str | None = None,
    now: datetime | None = None,
) -> Identity:
    """Import a ``.p12``/``.pfx`` (e.g. from a CA) and store it re-encrypted.

    ``passphrase`` opens the given file; the stored copy is encrypted with ``new_passphrase``
    (default: the same passphrase, which then must be at least 8 characters).
    """
    target = passphrase if new_passphrase is None else new_passphrase
    _check_passphrase(target)
    key, cert, extra = _open_pkcs12(p12_data, passphrase, "所导入的文件", "the imported file")
    if not certs.allows_signing(cert):
        raise InputError(
            "该证书的密钥用途不允许签名。", "This certificate's key usage does not allow signing."
        )
    certs.check_subject(cert.subject)
    certs.check_subject(cert.issuer)
    fingerprint = certs.fingerprint_sha256(cert)
    for known in list_identities(data_dir):
        if known.fingerprint_sha256 == fingerprint:
            raise InputError(
                f"该证书已作为签名身份 {known.identity_id} 导入。",
                f"This certificate is already imported as identity {known.identity_id}.",
            )
    info = certs.describe_subject(cert)
    identity_id = (
        certs.subject_serial(cert) or f"{info.school_code or 'imported'}-{fingerprint[:8]}"
    )
    if _json_path(data_dir, identity_id).exists():
        identity_id = f"imported-{fingerprint[:8]}"
    _storage.check_identity_id(identity_id)
    return _store(data_dir, identity_id, key, cert, extra, target, info.school_code, _aware(now))


def list_identities(data_dir: Path) -> list[Identity]:
    """Every stored identity, oldest first."""
    folder = _storage.identities_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [_read_identity(path) for path in folder.glob("*.json")]
    return sorted(found, key=lambda ident: (ident.created, ident.identity_id))


def get_identity(data_dir: Path, identity_id: str) -> Identity:
    """The identity ``identity_id``; an unknown id is an InputError."""
    path = _json_path(data_dir, _storage.check_identity_id(identity_id))
    if not path.exists():
        raise InputError(
            f"没有编号为 {identity_id} 的签名身份。", f"No signing identity with id {identity_id}."
        )
    return _read_identity(path)


def unlock_identity(data_dir: Path, identity_id: str, passphrase: str) -> UnlockedIdentity:
    """Decrypt the identity's PKCS#12 file; a wrong passphrase is an InputError."""
    identity = get_identity(data_dir, identity_id)
    p12_path = _p12_path(data_dir, identity_id)
    data = _storage.read_bytes(p12_path, "签名密钥文件", "signing key file")
    key, cert, extra = _open_pkcs12(
        data, passphrase, f"签名身份 {identity_id}", f"signing identity {identity_id}"
    )
    if certs.fingerprint_sha256(cert) != identity.fingerprint_sha256:
        raise EnvironmentProblem(
            f"签名身份 {identity_id} 的密钥文件与其描述不符。",
            f"The key file of signing identity {identity_id} does not match its description.",
        )
    return UnlockedIdentity(identity, key, cert, extra)


def export_certificate(data_dir: Path, identity_id: str, out: Path) -> Path:
    """Write the identity's certificate to ``out``: ``.pem``/``.crt`` → PEM, ``.cer``/``.der`` → DER."""
    cert = get_identity(data_dir, identity_id).certificate()
    suffix = out.suffix.lower()
    if suffix in (".pem", ".crt"):
        data = cert.public_bytes(serialization.Encoding.PEM)
    elif suffix in (".cer", ".der"):
        data = cert.public_bytes(serialization.Encoding.DER)
    else:
        raise InputError(
            "证书文件名须以 .pem 或 .cer 结尾。",
            "The certificate file name must end in .pem or .cer.",
        )
    write_atomic(out, data)  # a full disk or a crash never leaves half a certificate
    return out


def delete_identity(data_dir: Path, identity_id: str) -> None:
    """Delete the identity's key file and description."""
    get_identity(data_dir, identity_id)
    # Key first: if we stop half-way, a listed identity without key is visible and deletable.
    _storage.remove_file(_p12_path(data_dir, identity_id))
    _storage.remove_file(_json_path(data_dir, identity_id))


def _store(
    data_dir: Path,
    identity_id: str,
    key: certs.PrivateKey,
    cert: x509.Certificate,
    extra: Sequence[x509.Certificate],
    passphrase: str,
    school_code: str | None,
    created: datetime,
) -> Identity:
    info = certs.describe_subject(cert)
    identity = Identity(
        identity_id=identity_id,
        school=info.school or "",
        school_code=school_code,
        signer=info.signer or "",
        title=info.title or "",
        algorithm=certs.describe_key(key),
        fingerprint_sha256=certs.fingerprint_sha256(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        created=created.astimezone(UTC).replace(microsecond=0),
        certificate_pem=certs.certificate_pem(cert),
    )
    blob = pkcs12.serialize_key_and_certificates(
        identity_id.encode("utf-8"),
        key,
        cert,
        list(extra) or None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    _storage.write_private_file(_p12_path(data_dir, identity_id), blob)
    doc = {"format": _FORMAT, **identity.to_dict()}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    _storage.write_private_file(_json_path(data_dir, identity_id), text.encode("utf-8"))
    return identity


def _open_pkcs12(
    data: bytes, passphrase: str, what_zh: str, what_en: str
) -> tuple[certs.PrivateKey, x509.Certificate, tuple[x509.Certificate, ...]]:
    check_passphrase_characters(passphrase)
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase else None
        )
    except ValueError as exc:
        raise InputError(
            f"口令不正确（或文件已损坏），无法打开{what_zh}。",
            f"Wrong passphrase (or damaged file): cannot open {what_en}.",
        ) from exc
    if key is None or cert is None:
        raise InputError(
            f"{what_zh}中没有私钥或证书。",
            f"{what_en.capitalize()} holds no private key or certificate.",
        )
    certs.describe_key(key)  # refuses anything but RSA and EC
    assert isinstance(key, certs.PrivateKey)
    return key, cert, tuple(extra)


def _read_identity(path: Path) -> Identity:
    raw = _storage.read_bytes(path, "签名身份描述", "signing identity description")
    try:
        doc = json.loads(raw)
        return Identity(
            identity_id=doc["id"],
            school=doc["school"],
            school_code=doc.get("school_code"),
            signer=doc["signer"],
            title=doc["title"],
            algorithm=doc["algorithm"],
            fingerprint_sha256=doc["fingerprint_sha256"],
            not_before=datetime.fromisoformat(doc["not_before"]),
            not_after=datetime.fromisoformat(doc["not_after"]),
            created=datetime.fromisoformat(doc["created"]),
            certificate_pem=doc["certificate_pem"],
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise EnvironmentProblem(
            f"签名身份描述文件已损坏：{path}", f"Corrupt signing identity description: {path}"
        ) from exc


def _new_identity_id(data_dir: Path, school_code: str) -> str:
    while True:
        candidate = f"{school_code}-{secrets.token_hex(4)}"
        if (
            not _json_path(data_dir, candidate).exists()
            and not _p12_path(data_dir, candidate).exists()
        ):
            return candidate


def check_passphrase_characters(passphrase: str) -> None:
    """Refuse a passphrase with a control character (a NUL cannot pass to the key store's
    library; a stray one would make an identity that no typed passphrase ever unlocks)."""
    bad = re.search("[\x00-\x1f\x7f\ud800-\udfff]", passphrase)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise InputError(
            f"口令中有控制字符或无效字符（{code}），请只用可输入的字符。",
            f"The passphrase has a control or invalid character ({code}): use characters one "
            "can type.",
        )


def _check_passphrase(passphrase: str) -> None:
    check_passphrase_characters(passphrase)
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise InputError(
            f"口令至少需要 {MIN_PASSPHRASE_LENGTH} 个字符。",
            f"The passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters.",
        )


def _required(value: str, what_zh: str, what_en: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise InputError(f"{what_zh}不能为空。", f"The {what_en} must not be empty.")
    problem = text_problem(value, limit)  # the same limits as the answers document's texts
    if problem is not None:
        raise InputError(f"{what_zh}：{problem[0]}", f"The {what_en}: {problem[1]}")
    return value


def _aware(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    return moment if moment.tzinfo else moment.astimezone()


def _json_path(data_dir: Path, identity_id: str) -> Path:
    return _storage.identities_dir(data_dir) / f"{identity_id}.json"


def _p12_path(data_dir: Path, identity_id: str) -> Path:
    return _storage.identities_dir(data_dir) / f"{identity_id}.p12"
