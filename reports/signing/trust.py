"""The office's trust store: certificates of schools whose signatures it accepts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509

from checklists.foundation.errors import EnvironmentProblem, InputError
from reports.signing import _storage, certs

_LOG_NAME = "log.jsonl"


@dataclass(frozen=True)
class TrustedCertificate:
    """One certificate in the trust store."""

    fingerprint_sha256: str
    signer: str | None
    school: str | None
    school_code: str | None
    not_before: datetime
    not_after: datetime
    certificate: x509.Certificate


class SchoolAlreadyPinned(InputError):
    """The school already has another certificate: replacing it (or adding a second one) must
    be asked for explicitly. ``pinned`` lists the school's current certificates."""

    def __init__(self, entry: TrustedCertificate, pinned: list[TrustedCertificate]) -> None:
        code = entry.school_code or ""
        super().__init__(
            f"学校 {entry.school or ''}（{code}）已登记了另一张签名证书。替换它是一项需要明确确认的"
            "操作（命令行：trust import --replace）。",
            f"School {entry.school or ''} ({code}) already has another signing certificate."
            " Replacing it must be asked for explicitly (command line: trust import --replace).",
        )
        self.entry = entry
        self.pinned = pinned


class NoSchoolCode(InputError):
    """A certificate that names no school code: it can vouch for no school's report (the
    reports it signs are refused, no_school_code), so trusting it is refused too."""

    def __init__(self, entry: TrustedCertificate) -> None:
        who = "，".join(x for x in (entry.school, entry.signer) if x)
        super().__init__(
            f"该证书（{who}）没有写明学校代码，无法确认它属于哪所学校：用它签署的报告一律不被接受，"
            "因此不能加入信任列表。请让学校用本程序的签名身份签署，并导出其证书。",
            f"This certificate ({who}) names no school code, so which school it belongs to"
            " cannot be told: reports signed with it are never accepted, so it cannot be"
            " trusted. Ask the school to sign with a signing identity of this program and to"
            " export its certificate.",
        )
        self.entry = entry


def import_trusted_certificate(
    data_dir: Path,
    data: bytes,
    *,
    replace: bool = False,
    add_another: bool = False,
    now: datetime | None = None,
) -> TrustedCertificate:
    """Add a PEM or DER certificate to the trust store (importing it twice is harmless).

    A certificate that names its school code pins that school to it (like SSH's known_hosts):
    a report of that school signed with any other certificate is then refused, trusted or
    not. For a school that already has a different certificate, the import is refused
    (SchoolAlreadyPinned) unless it is explicit: ``replace`` removes the school's other
    certificates, ``add_another`` keeps them (a school with two signers). Every addition and
    replacement is recorded with its date in the trust store's log (``trust_log``). A
    certificate that names no school code is refused (NoSchoolCode): it vouches for no school.
    """
    cert = certs.load_certificate(data)
    entry = _describe(cert)
    if entry.school_code is None:
        raise NoSchoolCode(entry)
    # A certificate whose names cannot be compared can never verify a report (cert_name_unusable).
    certs.check_subject(cert.subject)
    certs.check_subject(cert.issuer)
    path = _storage.trust_dir(data_dir) / f"{entry.fingerprint_sha256}.pem"
    removed: list[TrustedCertificate] = []
    others = [
        e
        for e in list_trusted(data_dir)
        if entry.school_code is not None
        and e.school_code == entry.school_code
        and e.fingerprint_sha256 != entry.fingerprint_sha256
    ]
    if others and not (replace or add_another) and not path.exists():
        raise SchoolAlreadyPinned(entry, others)
    if replace:
        removed = [
            e
            for e in list_trusted(data_dir)
            if e.school_code == entry.school_code
            and e.fingerprint_sha256 != entry.fingerprint_sha256
        ]
    added = not path.exists()
    if added:
        _storage.write_private_file(path, certs.certificate_pem(cert).encode("ascii"))
    for old in removed:
        _storage.remove_file(_storage.trust_dir(data_dir) / f"{old.fingerprint_sha256}.pem")
    if added or removed:
        _log(
            data_dir,
            "replace" if removed else "add",
            entry,
            now,
            [e.fingerprint_sha256 for e in removed],
        )
    return entry


def pinned_fingerprints(data_dir: Path) -> dict[str, set[str]]:
    """``{school code: fingerprints}`` of the trust store's certificates that name a school."""
    pins: dict[str, set[str]] = {}
    for entry in list_trusted(data_dir):
        if entry.school_code is not None:
            pins.setdefault(entry.school_code, set()).add(entry.fingerprint_sha256)
    return pins


def pins_with(
    certificates: Sequence[x509.Certificate], data_dir: Path | None
) -> dict[str, set[str]]:
    """The pins of ``data_dir``'s trust store (none without one) and of ``certificates`` (the
    ones trusted for one run: ``verify --trust``, ``aggregate --trust``) that name a school."""
    pins = pinned_fingerprints(data_dir) if data_dir is not None else {}
    for cert in certificates:
        code = certs.describe_subject(cert).school_code
        if code is not None:
            pins.setdefault(code, set()).add(certs.fingerprint_sha256(cert))
    return pins


def trust_log(data_dir: Path) -> list[dict[str, Any]]:
    """Every recorded change of the trust store, oldest first (``at``, ``action``,
    ``school_code``, ``fingerprint_sha256``, ``replaced``)."""
    path = _storage.trust_dir(data_dir) / _LOG_NAME
    if not path.is_file():
        return []
    text = _storage.read_bytes(path, "信任记录", "trust log").decode("utf-8", "replace")
    out = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            out.append(record)
    return out


def _log(
    data_dir: Path,
    action: str,
    entry: TrustedCertificate,
    now: datetime | None,
    replaced: list[str],
) -> None:
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    record = {
        "at": moment.isoformat(),
        "action": action,
        "school_code": entry.school_code,
        "school": entry.school,
        "fingerprint_sha256": entry.fingerprint_sha256,
        "replaced": replaced,
    }
    path = _storage.trust_dir(data_dir) / _LOG_NAME
    old = path.read_bytes() if path.is_file() else b""
    line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    _storage.write_private_file(path, old + line)


def signer_certificate(pdf: bytes) -> bytes:
    """The DER certificate of the first signature of ``pdf`` — the one verify_pdf describes
    (InputError when there is none)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signature = next(iter(reader.embedded_regular_signatures))
        return bytes(signature.signer_cert.dump())
    except Exception as exc:  # pyHanko raises many kinds for a file it cannot read
        raise InputError(
            "无法从文件中读出签名证书。", "The signing certificate cannot be read from the file."
        ) from exc


def trust_signer(data_dir: Path, pdf: bytes, fingerprint: str) -> TrustedCertificate:
    """Trust the certificate that signed ``pdf``; it must be the one with ``fingerprint`` that
    was shown to the person (the file may have been swapped since it was verified)."""
    der = signer_certificate(pdf)
    if certs.fingerprint_sha256(certs.load_certificate(der)) != fingerprint:
        raise InputError(
            "文件在验证后被替换，未加入信任列表。",
            "The file changed after it was verified; nothing was trusted.",
        )
    return import_trusted_certificate(data_dir, der)


def list_trusted(data_dir: Path) -> list[TrustedCertificate]:
    """Every certificate in the trust store, sorted by school then signer."""
    entries = [_describe(_read(path)) for path in _storage.trust_files(data_dir)]
    return sorted(entries, key=lambda e: (e.school or "", e.signer or "", e.fingerprint_sha256))


def trusted_certificates(data_dir: Path) -> list[x509.Certificate]:
    """The certificates of the trust store, for verification."""
    return [entry.certificate for entry in list_trusted(data_dir)]


def remove_trusted(data_dir: Path, fingerprint: str) -> TrustedCertificate:
    """Remove the certificate whose SHA-256 fingerprint is (or starts with, ≥ 8 hex) ``fingerprint``."""
    wanted = certs.normalise_fingerprint(fingerprint)
    matches = [e for e in list_trusted(data_dir) if e.fingerprint_sha256.startswith(wanted)]
    if len(wanted) < 8 or not matches:
        raise InputError(
            f"信任列表中没有指纹为 {fingerprint} 的证书。",
            f"No certificate with fingerprint {fingerprint} in the trust store.",
        )
    if len(matches) > 1:
        raise InputError(
            f"指纹前缀 {fingerprint} 对应多个证书，请写出完整指纹。",
            f"Fingerprint prefix {fingerprint} matches several certificates; give it in full.",
        )
    entry = matches[0]
    _storage.remove_file(_storage.trust_dir(data_dir) / f"{entry.fingerprint_sha256}.pem")
    _log(data_dir, "remove", entry, None, [])
    return entry


def _read(path: Path) -> x509.Certificate:
    data = _storage.read_bytes(path, "受信任证书", "trusted certificate")
    try:
        return certs.load_certificate(data)
    except InputError as exc:
        raise EnvironmentProblem(
            f"信任列表中的证书文件已损坏：{path}", f"Corrupt certificate in the trust store: {path}"
        ) from exc


def _describe(cert: x509.Certificate) -> TrustedCertificate:
    info = certs.describe_subject(cert)
    return TrustedCertificate(
        fingerprint_sha256=certs.fingerprint_sha256(cert),
        signer=info.signer,
        school=info.school,
        school_code=info.school_code,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        certificate=cert,
    )
