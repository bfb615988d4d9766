"""The office's pins for a run: which certificates belong to which school code."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reports.signing import certs
from reports.signing.trust import pinned_fingerprints


def run_pins(cert_files: Iterable[Path], data_dir: Path | None) -> dict[str, set[str]]:
    """``{school code: fingerprints}`` of the data folder's trust store and of the certificates
    given for this run (``--trust``) that name their school; InputError for an unreadable one."""
    pins = pinned_fingerprints(data_dir) if data_dir is not None else {}
    for path in cert_files:
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue  # trusted_fingerprints, called first, reports the unreadable file
        cert = certs.load_certificate(data)
        code = certs.describe_subject(cert).school_code
        if code is not None:
            pins.setdefault(code, set()).add(certs.fingerprint_sha256(cert))
    return pins
