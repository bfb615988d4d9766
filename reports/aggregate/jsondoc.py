"""The summary as one JSON document (``aggregate --json``): counts, schools, superseded, rejected."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from reports.aggregate.rows import Summary
from reports.aggregate.xlsx import local_time


def summary_to_json(summary: Summary, lang: str = "zh") -> dict[str, Any]:
    """``{"counts", "checklists", "schools", "superseded", "rejected", "reporting", "overdue"}``;
    moments in local ISO 8601."""
    return {
        "counts": summary.counts(),
        "checklists": [
            {"id": c, "title": summary.checklist_title(c, lang)} for c in summary.checklists
        ],
        "schools": [_school(s, lang) for s in summary.schools],
        "superseded": [
            {**asdict(r), "signed_at": _iso(r.signed_at), "by_signed_at": _iso(r.by_signed_at)}
            for r in summary.superseded
        ],
        "rejected": [
            {"file": r.path, "reasons": list(r.reasons), "reason": r.reason(lang)}
            for r in summary.rejected
        ],
        "reporting": [
            {
                "period": r.period,
                "code": r.school_code,
                "school": r.school_name,
                "district": r.district,
                "status": r.status,
                "deadline": r.deadline.isoformat() if r.deadline else None,
                "received_at": _iso(r.received_at),
            }
            for r in summary.reporting
        ],
        "overdue": [
            {
                "code": f.school_code,
                "school": f.school_name,
                "district": f.district,
                "period": f.period,
                "checklist": f.checklist,
                "finding": f.code,
                "item": f.item,
                "row": f.row,
                "measures": list(f.measures),
                "responsible": list(f.owners),
                "due_date": f.due_date.isoformat() if f.due_date else None,
                "status": f.rect_status,
            }
            for f in summary.overdue
        ],
    }


def _school(s: Any, lang: str) -> dict[str, Any]:
    return {
        "school": s.school_name,
        "code": s.school_code,
        "district": s.district,
        "stage": s.stage,
        "enrollment": s.enrollment,
        "period": s.period,
        "report_id": s.report_id,
        "revision": s.revision,
        "signer": s.signer,
        "signed_at": _iso(s.signed_at),
        "verified": True,
        "trusted": s.trusted,
        "status": s.status,
        "notes": s.note_list(lang),
        "missing_checklists": list(s.missing_checklists),
        "unknown_versions": list(s.unknown_versions),
        "compliance": s.compliance,
        "open_items": s.open_items,
        "progress": s.progress,
        "checklists": {
            cid: {"status": c.status, "compliance": c.compliance, "known_version": c.known}
            for cid, c in s.checklists.items()
        },
        "by_severity": dict(s.by_severity),
        "findings": s.findings,
        "finding_codes": list(s.codes),
        "superseded_reports": s.superseded,
        "copies": s.copies,
        "received_at": _iso(s.received_at),
        "overdue_rectifications": s.overdue,
        "file": s.path,
        "sha256": s.sha256,
    }


def _iso(moment: Any) -> str | None:
    shown = local_time(moment)
    return shown.isoformat() if shown is not None else None
