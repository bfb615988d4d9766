"""X.509 helpers: self-signed school certificates, fingerprints and what a subject says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from checklists.foundation.errors import InputError

VALIDITY_YEARS = 5
# The subject's serialNumber is "<school code>-<8 hex>": unique per identity, so no two of our
# certificates share a subject (certvalidator trips over same-subject roots with other keys).
_SUBJECT_SERIAL_RE = re.compile(r"^(?P<code>.+)-(?P<hex>[0-9a-f]{8})$")

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class SubjectInfo:
    """What a certificate's subject tells about the signer."""

    signer: str | None
    school: str | None
    title: str | None
    school_code: str | None


def fingerprint_sha256(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER encoding, lowercase hex without separators."""
    return cert.fingerprint(hashes.SHA256()).hex()


def normalise_fingerprint(text: str) -> str:
    """Accept ``AB:CD…`` or ``abcd…`` spellings; return lowercase hex without separators."""
    return re.sub(r"[\s:]", "", text).lower()


def generate_key(algorithm: str) -> PrivateKey:
    """A new private key: ``"ecdsa"`` → P-256, ``"rsa"`` → RSA-3072."""
    if algorithm == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise InputError(
        f"不支持的算法：{algorithm}（可选 ecdsa、rsa）",
        f"Unsupported algorithm: {algorithm} (choose ecdsa or rsa)",
    )


def describe_key(key: object) -> str:
    """A short algorithm label such as ``ecdsa-p256`` or ``rsa-3072``; others are refused."""
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        return f"ecdsa-{key.curve.name.replace('secp', 'p').replace('r1', '')}"
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return f"rsa-{key.key_size}"
    raise InputError(
        "只支持 RSA 或 ECDSA 密钥。", "Only RSA or ECDSA keys can be used for signing."
    )


def add_years(moment: datetime, years: int) -> datetime:
    """``moment`` plus whole calendar years (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def build_self_signed(
    key: PrivateKey,
    *,
    signer: str,
    title: str,
    school: str,
    subject_serial: str,
    now: datetime,
) -> x509.Certificate:
    """A self-signed signing certificate valid for five years from ``now``.

    KeyUsage is digitalSignature + nonRepudiation (contentCommitment), critical, as PAdES
    validators expect for document signatures; the certificate is not a CA.
    """
    attrs = [
        x509.NameAttribute(NameOID.COMMON_NAME, signer),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, school),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, subject_serial),
    ]
    if title:
        attrs.insert(1, x509.NameAttribute(NameOID.TITLE, title))
    name = x509.Name(attrs)
    start = now.replace(microsecond=0)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(add_years(start, VALIDITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    return builder.sign(key, hashes.SHA256())


def _first(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    if not values:
        return None
    value = values[0].value
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def describe_subject(cert: x509.Certificate) -> SubjectInfo:
    """Signer (CN), school (O), title and — for our own certificates — the school code."""
    subject = cert.subject
    serial = _first(subject, NameOID.SERIAL_NUMBER)
    match = _SUBJECT_SERIAL_RE.match(serial) if serial else None
    return SubjectInfo(
        signer=_first(subject, NameOID.COMMON_NAME),
        school=_first(subject, NameOID.ORGANIZATION_NAME),
        title=_first(subject, NameOID.TITLE),
        school_code=match.group("code") if match else None,
    )


def subject_serial(cert: x509.Certificate) -> str | None:
    """The subject serialNumber if it has our ``<code>-<8 hex>`` shape, else None."""
    serial = _first(cert.subject, NameOID.SERIAL_NUMBER)
    return serial if serial and _SUBJECT_SERIAL_RE.match(serial) else None


def load_certificate(data: bytes) -> x509.Certificate:
    """Parse a PEM or DER certificate; anything else is an InputError."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise InputError(
            "文件不是有效的证书（需要 PEM 或 DER 格式）。",
            "The file is not a valid certificate (PEM or DER expected).",
        ) from exc


def certificate_pem(cert: x509.Certificate) -> str:
    """The certificate as PEM text."""
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def allows_signing(cert: x509.Certificate) -> bool:
    """True unless a KeyUsage extension forbids both digitalSignature and nonRepudiation."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.digital_signature or usage.content_commitment)


def validity_problem(cert: x509.Certificate, moment: datetime) -> str | None:
    """``"cert_expired"`` / ``"cert_not_yet_valid"`` if ``moment`` is outside the validity."""
    if moment > cert.not_valid_after_utc:
        return "cert_expired"
    if moment < cert.not_valid_before_utc:
        return "cert_not_yet_valid"
    return None
