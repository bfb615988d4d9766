"""The office's pins for a run: which certificates belong to which school code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reports.aggregate.inputs import no_certificates


def run_pins(cert_files: Sequence[Path], data_dir: Path | None) -> dict[str, set[str]]:
    """``{school code: fingerprints}`` of the data folder's trust store and of the certificates
    given for this run (``--trust``) that name their school; InputError for an unreadable one."""
    if no_certificates(cert_files, data_dir):
        return {}
    from reports.signing.certs import read_certificate_file
    from reports.signing.trust import pins_with

    loaded = [read_certificate_file(path) for path in cert_files]
    return pins_with(loaded, data_dir)  # as verify pins with its --trust certificates
