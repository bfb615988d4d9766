"""Checks of a signed report beyond its signature: whose certificate, pinned or not, and
whether the embedded results are what the embedded answers give."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from checklists.errors import AnswersError
from checklists.model import Checklist
from reports.signing.attachments import ANSWERS_NAME, META_NAME, RESULTS_NAME
from reports.signing.verify import VerificationResult

REPORT_FORMAT = "campus-selfcheck/report@1"
# Outcomes of re-evaluation (VerificationResult.reevaluation).
MATCHED = "matched"
MISMATCH = "results_do_not_match_answers"
UNKNOWN_VERSION = "cannot_reevaluate"
NOT_REPORT = "not_report"  # a signed PDF, but no report of this program: nothing to re-run


def check_report(
    result: VerificationResult,
    *,
    data_dir: Path | None = None,
    checklists: Mapping[str, Checklist] | None = None,
) -> VerificationResult:
    """``result`` with the report's own reasons added: school_mismatch,
    not_the_schools_certificate (pins of ``data_dir``'s trust store) and the re-evaluation
    verdict (``checklists``: the ones this program knows, by default the built-in ones)."""
    meta = _json(result.attachments.get(META_NAME))
    answers = _json(result.attachments.get(ANSWERS_NAME))
    raw_school = answers.get("school")
    school: dict[str, Any] = raw_school if isinstance(raw_school, dict) else {}
    code = meta.get("school_code") or school.get("code")
    reasons = list(result.reasons)
    names_school = code is not None or school.get("name") is not None
    if names_school and certificate_school_differs(result, code, school.get("name")):
        reasons.append("school_mismatch")
    if data_dir is not None and isinstance(code, str):
        from reports.signing.trust import pinned_fingerprints

        pins = pinned_fingerprints(data_dir).get(code)
        if pins and result.fingerprint_sha256 not in pins:
            reasons.append("not_the_schools_certificate")
    if checklists is None:
        from checklists.registry import builtin_checklists

        checklists = builtin_checklists()
    outcome = reevaluate(result.attachments, checklists)
    if outcome in (MISMATCH, UNKNOWN_VERSION):
        reasons.append(outcome)
    return replace(result, reasons=_ordered(reasons), reevaluation=outcome)


def certificate_school_differs(
    result: VerificationResult, report_code: Any, report_name: Any
) -> bool:
    """True when the certificate names a school other than the report's: by school code when
    the certificate carries one, else by school name (the subject's O)."""
    if result.school_code is not None:
        return bool(result.school_code != report_code)
    return not (isinstance(report_name, str) and result.school == report_name)


def reevaluate(attachments: Mapping[str, bytes], checklists: Mapping[str, Checklist]) -> str:
    """Re-run the evaluator on the embedded answers with the checklist versions the report
    names; MATCHED, MISMATCH, UNKNOWN_VERSION (a version, or checklist, this program lacks)
    or NOT_REPORT (report_meta.json does not name this program's report format).

    Findings are compared by (checklist, code, item, row) and each checklist's status: the
    public evaluator API (checklists.evaluator.evaluate_document) decides, so a rule that
    changes meaning changes its version and lands in UNKNOWN_VERSION, never in a silent pass.
    """
    from checklists.answers_doc import DocumentParser
    from checklists.evaluator import evaluate_document
    from checklists.results import results_to_json
    from reports.signing.idfacts import stand_in_answers

    if _json(attachments.get(META_NAME)).get("format") != REPORT_FORMAT:
        return NOT_REPORT
    results = _json(attachments.get(RESULTS_NAME)).get("checklists")
    answers = _json(attachments.get(ANSWERS_NAME))
    if not isinstance(results, dict) or not answers:
        return MISMATCH
    chosen = {}
    for cid, entry in results.items():
        checklist = checklists.get(cid)
        if checklist is None or not isinstance(entry, dict):
            return UNKNOWN_VERSION
        if entry.get("version") != checklist.version:
            return UNKNOWN_VERSION
        chosen[cid] = checklist
    try:
        doc = DocumentParser(chosen).parse(stand_in_answers(answers, chosen))
    except AnswersError:
        return MISMATCH
    answered = set(_only(answers.get("checklists")))
    if answered != set(chosen):
        return MISMATCH
    fresh = results_to_json(evaluate_document(doc, chosen))["checklists"]
    return MATCHED if _verdicts(fresh) == _verdicts(results) else MISMATCH


def _verdicts(results: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for cid, entry in results.items():
        findings = entry.get("findings") if isinstance(entry, dict) else None
        keys = sorted(
            (
                str(f.get("code")),
                str(f.get("item")),
                f.get("row") if isinstance(f.get("row"), int) else -1,
            )
            for f in (findings if isinstance(findings, list) else [])
            if isinstance(f, dict)
        )
        out[cid] = (entry.get("status") if isinstance(entry, dict) else None, keys)
    return out


def _only(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _json(data: bytes | None) -> dict[str, Any]:
    if data is None:
        return {}
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _ordered(reasons: list[str]) -> list[str]:
    """Reasons once each, in REASON_TEXT's order."""
    from reports.signing.verify import REASON_TEXT

    order = {code: i for i, code in enumerate(REASON_TEXT)}
    return sorted(dict.fromkeys(reasons), key=lambda r: order.get(r, len(order)))
