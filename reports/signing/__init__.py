"""Qt-free signing layer: school identities, the office's trust store, PAdES signing and verification."""

from __future__ import annotations

from reports.signing.attachments import report_facts
from reports.signing.identities import (
    Identity,
    create_identity,
    delete_identity,
    export_certificate,
    get_identity,
    import_identity,
    list_identities,
)
from reports.signing.sign import SignedPdf, sign_pdf
from reports.signing.stamp import StampInfo
from reports.signing.trust import (
    TrustedCertificate,
    import_trusted_certificate,
    list_trusted,
    remove_trusted,
    trusted_certificates,
)
from reports.signing.verdict import VerificationResult, reason_text
from reports.signing.verify import verify_pdf

__all__ = [
    "Identity",
    "SignedPdf",
    "StampInfo",
    "TrustedCertificate",
    "VerificationResult",
    "create_identity",
    "delete_identity",
    "export_certificate",
    "get_identity",
    "import_identity",
    "import_trusted_certificate",
    "list_identities",
    "list_trusted",
    "reason_text",
    "remove_trusted",
    "report_facts",
    "sign_pdf",
    "trusted_certificates",
    "verify_pdf",
]
