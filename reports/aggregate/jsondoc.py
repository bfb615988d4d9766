"""The summary as one JSON document (``aggregate --json``): counts, schools, superseded, rejected."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from reports.aggregate.rows import Summary
from reports.aggregate.xlsx import local_time


def summary_to_json(summary: Summary, lang: str = "zh") -> dict[str, Any]:
    """``{"counts", "checklists", "schools", "superseded", "rejected"}``; moments in local ISO 8601."""
    return {
        "counts": summary.counts(),
        "checklists": [
            {"id": c, "title": summary.checklist_title(c, lang)} for c in summary.checklists
        ],
        "schools": [_school(s) for s in summary.schools],
        "superseded": [
            {**asdict(r), "signed_at": _iso(r.signed_at), "by_signed_at": _iso(r.by_signed_at)}
            for r in summary.superseded
        ],
        "rejected": [
            {"file": r.path, "reasons": list(r.reasons), "reason": r.reason(lang)}
            for r in summary.rejected
        ],
    }


def _school(s: Any) -> dict[str, Any]:
    return {
        "school": s.school_name,
        "code": s.school_code,
        "district": s.district,
        "stage": s.stage,
        "enrollment": s.enrollment,
        "period": s.period,
        "report_id": s.report_id,
        "signer": s.signer,
        "signed_at": _iso(s.signed_at),
        "verified": True,
        "trusted": s.trusted,
        "status": s.status,
        "checklists": {
            cid: {"status": c.status, "compliance": c.compliance, "known_version": c.known}
            for cid, c in s.checklists.items()
        },
        "by_severity": dict(s.by_severity),
        "findings": s.findings,
        "finding_codes": list(s.codes),
        "superseded_reports": s.superseded,
        "file": s.path,
        "sha256": s.sha256,
    }


def _iso(moment: Any) -> str | None:
    shown = local_time(moment)
    return shown.isoformat() if shown is not None else None
