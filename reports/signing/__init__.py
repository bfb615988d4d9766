"""Qt-free signing layer: school identities, the office's trust store, PAdES signing and verification.

Names are imported on first use: a module that needs only, say, the reason words
(reports.signing.reasons) does not load cryptography and pyHanko with the package.
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
    from reports.signing.verify import VerificationResult, reason_text, verify_pdf

_HOMES = {
    "reports.signing.attachments": ("report_facts",),
    "reports.signing.identities": (
        "Identity", "create_identity", "delete_identity", "export_certificate", "get_identity",
        "import_identity", "list_identities",
    ),
    "reports.signing.sign": ("SignedPdf", "sign_pdf"),
    "reports.signing.stamp": ("StampInfo",),
    "reports.signing.trust": (
        "TrustedCertificate", "import_trusted_certificate", "list_trusted", "remove_trusted",
        "trusted_certificates",
    ),
    "reports.signing.verify": ("VerificationResult", "reason_text", "verify_pdf"),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

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


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` the first time it is asked for."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'reports.signing' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
