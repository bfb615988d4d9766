"""Qt-free signing layer: school identities, the office's trust store, PAdES signing and verification.

Names are imported on first use: a module that needs only, say, the reason words
(reports.signing.verdict) does not load cryptography and pyHanko with the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each name is imported on first use: the report export needs only ``reports.signing.idfacts``
# and should not pay for cryptography and pyHanko, which the signing modules import.
_WHERE = {
    "Identity": "reports.signing.identities",
    "SignedPdf": "reports.signing.sign",
    "StampInfo": "reports.signing.stamp",
    "TrustedCertificate": "reports.signing.trust",
    "VerificationResult": "reports.signing.verdict",
    "create_identity": "reports.signing.identities",
    "delete_identity": "reports.signing.identities",
    "export_certificate": "reports.signing.identities",
    "get_identity": "reports.signing.identities",
    "import_identity": "reports.signing.identities",
    "import_trusted_certificate": "reports.signing.trust",
    "list_identities": "reports.signing.identities",
    "list_trusted": "reports.signing.trust",
    "reason_text": "reports.signing.verdict",
    "remove_trusted": "reports.signing.trust",
    "report_facts": "reports.signing.attachments",
    "sign_pdf": "reports.signing.sign",
    "trusted_certificates": "reports.signing.trust",
    "verify_pdf": "reports.signing.verify",
}


def __getattr__(name: str) -> Any:
    """The public name ``name``, imported from its module on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
