"""Qt-free PDF report: build_report(ReportData) -> bytes, write_report(data, path) -> path."""

from __future__ import annotations

from reports.pdf.data import (
    ANSWERS_NAME,
    META_NAME,
    REPORT_FORMAT,
    RESULTS_NAME,
    SIGNATURE_FIELD_NAME,
    EvidenceRef,
    ReportData,
    Signatory,
    make_report_id,
    qr_payload,
)
from reports.pdf.writer import build_report, write_report

__all__ = [
    "ANSWERS_NAME",
    "META_NAME",
    "REPORT_FORMAT",
    "RESULTS_NAME",
    "SIGNATURE_FIELD_NAME",
    "EvidenceRef",
    "ReportData",
    "Signatory",
    "build_report",
    "make_report_id",
    "qr_payload",
    "write_report",
]
