"""pyHanko glue for signing; imported only when a PDF is signed (pyHanko is slow to import)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko_certvalidator.registry import SimpleCertificateStore

from reports.signing.identities import UnlockedIdentity


class ClockedPdfSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is given, not read from the clock.

    pyHanko takes the session time from ``datetime.now()``; reports and tests need a fixed one,
    and the stamp text and the CMS signingTime must show the same moment.
    """

    def __init__(self, *args: Any, system_time: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._system_time = system_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        """Open the session as pyHanko does, then pin its clock."""
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._system_time
        return session


def simple_signer(unlocked: UnlockedIdentity) -> signers.SimpleSigner:
    """A pyHanko signer holding the identity's key and certificate chain in memory."""
    store = SimpleCertificateStore.from_certs(
        [translate_pyca_cryptography_cert_to_asn1(c) for c in unlocked.extra_certificates]
    )
    return signers.SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(unlocked.certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(unlocked.key),
        cert_registry=store,
    )


def pades_metadata(field_name: str) -> signers.PdfSignatureMetadata:
    """PAdES baseline B-B with SHA-256: no timestamp server exists offline."""
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )


def existing_field_filled(writer: BasePdfFileWriter, field_name: str) -> bool | None:
    """None if no signature field ``field_name`` exists, else whether it is already signed."""
    for _name, value, _ref in fields.enumerate_sig_fields(writer, with_name=field_name):
        return value is not None
    return None
