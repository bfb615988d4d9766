"""X.509 helpers: self-signed school certificates, fingerprints and what a subject says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.foundation.files import read_input_bytes

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


# X.520's upper bound for a common name (cryptography refuses a longer one) and a title.
MAX_SUBJECT_TEXT = 64


def subject_name(*, signer: str, title: str, school: str, subject_serial: str) -> x509.Name:
    """The subject (and issuer) of a school certificate: CN signer, title, O school,
    serialNumber ``<school code>-<8 hex>``."""
    attrs = [
        x509.NameAttribute(NameOID.COMMON_NAME, signer),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, school),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, subject_serial),
    ]
    if title:
        attrs.insert(1, x509.NameAttribute(NameOID.TITLE, title))
    return x509.Name(attrs)


def refused_name_values(name_der: bytes) -> list[tuple[str, str]]:
    """The (attribute type, value) pairs of the DER-encoded X.509 name ``name_der`` that
    certificate name comparison cannot prepare: asn1crypto's RFC 4518 preparation (which
    pyHanko and certvalidator use to compare names) refuses them, so a signature whose
    certificate carries one can never be checked."""
    from asn1crypto import x509 as asn1_x509

    refused = []
    for rdn in asn1_x509.Name.load(name_der).chosen:
        for pair in rdn:
            try:
                pair.prepped_value  # noqa: B018 - preparing is the check
            except Exception:  # ValueError for a refused string; anything else as well
                value = pair["value"].native
                refused.append((str(pair["type"].native), value if isinstance(value, str) else ""))
    return refused


def name_value_problem(value: str) -> tuple[str, str]:
    """Why RFC 4518 preparation refuses ``value`` (zh, en), naming the character at fault."""
    import stringprep
    import unicodedata

    kinds = (
        (stringprep.in_table_a1, "在证书名称比较所依据的 Unicode 3.2 中尚未收录",
         "is not in Unicode 3.2, which certificate name comparison is based on"),
        (stringprep.in_table_c3, "是私用区字符", "is a private-use character"),
        (stringprep.in_table_c4, "是非字符码位", "is a noncharacter code point"),
        (stringprep.in_table_c5, "是代理码位", "is a surrogate code point"),
        (stringprep.in_table_c8, "是改变显示方向或已废弃的字符",
         "is a display-changing or deprecated character"),
        (lambda c: c == "\ufffd", "是替换字符", "is the replacement character"),
    )  # fmt: skip
    for position, char in enumerate(value, 1):
        for prepared in unicodedata.normalize("NFKC", char):
            for test, zh, en in kinds:
                if test(prepared):
                    shown = f"U+{ord(char):04X}"
                    return (
                        f"第 {position} 个字符（{shown}）{zh}，证书中不能使用；请改用其他写法",
                        f"character {position} ({shown}) {en}: it cannot be used in a"
                        " certificate; write it another way",
                    )
    return (
        "从右到左书写的文字（如阿拉伯文、希伯来文）不能与其他方向的文字（如汉字、拉丁字母）混在"
        "一起，且须以从右到左的文字开头和结尾",
        "right-to-left text (such as Arabic or Hebrew) cannot be mixed with left-to-right text"
        " (such as Chinese or Latin letters), and must begin and end the name",
    )


# The subject's fields, as the person entered them.
_SUBJECT_FIELDS = {
    "common_name": ("签署人", "signer"),
    "organization_name": ("学校名称", "school name"),
    "title": ("职务", "title"),
}


def subject_problem(name: x509.Name) -> tuple[str, str] | None:
    """Why a certificate with the subject ``name`` could never be verified (zh, en), or None:
    certificate name comparison (RFC 4518 preparation, as asn1crypto does it for pyHanko)
    refuses one of its values — e.g. right-to-left text mixed with other text, a noncharacter,
    a character newer than Unicode 3.2."""
    refused = refused_name_values(name.public_bytes())
    if not refused:
        return None
    kind, value = refused[0]
    what_zh, what_en = _SUBJECT_FIELDS.get(kind, (kind, kind))
    why_zh, why_en = name_value_problem(value)
    return (
        f"{what_zh}“{value}”无法写入签名证书：{why_zh}（证书名称比较无法处理它，用它签署的报告"
        "将无法验证）。",
        f"The {what_en} {value!r} cannot go into the signing certificate: {why_en} (certificate"
        " name comparison cannot handle it, so reports signed with it could not be verified).",
    )


def check_subject(name: x509.Name) -> None:
    """InputError when ``name`` has a subject_problem."""
    problem = subject_problem(name)
    if problem is not None:
        raise InputError(*problem)


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
    name = subject_name(signer=signer, title=title, school=school, subject_serial=subject_serial)
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


def read_certificate_file(path: Path) -> x509.Certificate:
    """The certificate in the file ``path`` (given with --trust): a regular file of at most
    MAX_KEY_FILE_BYTES, PEM or DER; an InputError naming the file otherwise."""
    data = read_input_bytes(path, limits.MAX_KEY_FILE_BYTES, "证书", "certificate")
    try:
        return load_certificate(data)
    except InputError as exc:
        raise InputError(f"{path}：{exc.text('zh')}", f"{path}: {exc.text('en')}") from exc


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
