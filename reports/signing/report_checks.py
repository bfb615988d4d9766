"""Checks of a signed report beyond its signature: whose certificate, pinned or not, and
whether the embedded results are what the embedded answers give."""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
from dataclasses import replace
from pathlib import Path
from typing import Any

from checklists.foundation.errors import AnswersError
from checklists.model import Checklist
from reports.signing.attachments import ANSWERS_NAME, META_NAME, RESULTS_NAME, digest_matches
from reports.signing.embedded import EmbeddedError, holds_full_id_number_in, read_object
from reports.signing.verdict import REASON_TEXT, VerificationResult

REPORT_FORMAT = "campus-selfcheck/report@1"
# Outcomes of re-evaluation (VerificationResult.reevaluation).
MATCHED = "matched"
MISMATCH = "results_do_not_match_answers"
UNKNOWN_VERSION = "cannot_reevaluate"
NOT_REPORT = "not_report"  # a signed PDF, but no report of this program: nothing to re-run
INCOMPLETE = "report_incomplete"
DATA_INVALID = "report_data_invalid"
FORMAT_UNKNOWN = "report_format_unknown"
FULL_ID = "full_id_number"
INCONSISTENT = "inconsistent"
ANSWERS_INVALID = "answers_invalid"
# report_meta.json records the SHA-256 of these two files: a file changed after the report was
# made (then signed) fails, whatever else it says.
DIGEST_REASONS = (
    (ANSWERS_NAME, "answers_sha256", "answers_digest_mismatch"),
    (RESULTS_NAME, "results_sha256", "results_digest_mismatch"),
)


def check_report(
    result: VerificationResult,
    *,
    data_dir: Path | None = None,
    checklists: Mapping[str, Checklist] | None = None,
    pins: Mapping[str, Set[str]] | None = None,
) -> VerificationResult:
    """``result`` with the report's own reasons added: report_data_invalid (embedded JSON
    outside the limits), no_school_code, school_mismatch, not_the_schools_certificate (the
    ``pins``, by default those of ``data_dir``'s trust store), report_format_unknown,
    answers_digest_mismatch and results_digest_mismatch (report_meta.json's digests),
    inconsistent (report_meta.json against answers.json), full_id_number, and the
    re-evaluation verdict (``checklists``: the ones this program knows, by default the
    built-in ones; answers_invalid when the answers do not parse).

    This is the one list of report checks: ``verify``, the app's verify page and the office's
    aggregation (reports.aggregate.worker) all take their verdict from it."""
    reasons = list(result.reasons)
    try:
        meta, answers, results = (
            _read(result.attachments, name) for name in (META_NAME, ANSWERS_NAME, RESULTS_NAME)
        )
    except EmbeddedError:
        reasons.append(DATA_INVALID)
        return replace(result, reasons=_ordered(reasons), reevaluation=DATA_INVALID)
    raw_school = answers.get("school")
    school: dict[str, Any] = raw_school if isinstance(raw_school, dict) else {}
    code = meta.get("school_code") or school.get("code")
    names_school = code is not None or school.get("name") is not None
    if names_school and result.school_code is None:
        # A certificate without a school code vouches for no school: its name (subject O) is
        # anyone's to write, and a report's code would then be unchecked.
        reasons.append("no_school_code")
    elif names_school and certificate_school_differs(result, code):
        reasons.append("school_mismatch")
    if pins is None and data_dir is not None:
        from reports.signing.trust import pinned_fingerprints

        pins = pinned_fingerprints(data_dir)
    if pins is not None and isinstance(code, str):
        pinned = pins.get(code)
        if pinned and result.fingerprint_sha256 not in pinned:
            reasons.append("not_the_schools_certificate")
    if not (meta or answers or results):
        return replace(result, reasons=_ordered(reasons), reevaluation=NOT_REPORT)
    if meta.get("format") != REPORT_FORMAT:
        reasons.append(FORMAT_UNKNOWN)
        return replace(result, reasons=_ordered(reasons), reevaluation=FORMAT_UNKNOWN)
    for name, key, reason in DIGEST_REASONS:
        if not digest_matches(result.attachments.get(name), meta.get(key)):
            reasons.append(reason)
    docs = ((META_NAME, meta), (ANSWERS_NAME, answers), (RESULTS_NAME, results))
    if any(holds_full_id_number_in(result.attachments.get(n), doc) for n, doc in docs):
        reasons.append(FULL_ID)
    if meta.get("school_code") != school.get("code") or meta.get("period") != answers.get("period"):
        reasons.append(INCONSISTENT)
    if checklists is None:
        from checklists.registry import builtin_checklists

        checklists = builtin_checklists()
    outcome = reevaluate(result.attachments, checklists)
    if outcome != MATCHED:
        reasons.append(outcome)
    return replace(result, reasons=_ordered(reasons), reevaluation=outcome)


def _read(attachments: Mapping[str, bytes], name: str) -> dict[str, Any]:
    data = attachments.get(name)
    return {} if data is None else read_object(data, name)


def certificate_school_differs(result: VerificationResult, report_code: Any) -> bool:
    """True when the certificate names a school other than the report's (by school code); a
    certificate without a code names no school, so it differs from every report's."""
    return result.school_code is None or result.school_code != report_code


def reevaluate(attachments: Mapping[str, bytes], checklists: Mapping[str, Checklist]) -> str:
    """Re-run the evaluator on the embedded answers with the checklist versions the report
    names; MATCHED, MISMATCH, INCOMPLETE (answers and results do not name the same, non-empty
    set of checklists), UNKNOWN_VERSION (every known checklist matches, but a version, or
    checklist, this program lacks is left) or NOT_REPORT (report_meta.json does not name this
    program's report format).

    Every known checklist is re-run, whatever else the report holds, except one that reads the
    values of a checklist the report holds in an unknown version (it cannot be judged alike
    here, so it counts as unknown too). Per checklist its
    version, status, item verdicts and summary figures are compared, and per finding its
    checklist, code, item, row, severity, clauses and columns (as a multiset, so the counts
    too). Explanations and rectification plans are the school's own words, not derived. The
    public evaluator API (checklists.evaluator.evaluate_document) decides, so a rule that
    changes meaning changes its version and lands in UNKNOWN_VERSION, never in a silent pass.
    """
    from checklists.evaluator import evaluate_document
    from checklists.results import results_to_json

    try:
        meta, answers, results_doc = (
            _read(attachments, name) for name in (META_NAME, ANSWERS_NAME, RESULTS_NAME)
        )
    except EmbeddedError:
        return DATA_INVALID
    if meta.get("format") != REPORT_FORMAT:
        return NOT_REPORT
    results = results_doc.get("checklists")
    answered = answers.get("checklists")
    if not isinstance(results, dict) or not isinstance(answered, dict):
        return INCOMPLETE
    if not results or set(results) != set(answered):
        return INCOMPLETE
    known = {
        cid: checklists[cid]
        for cid, entry in results.items()
        if cid in checklists
        and isinstance(entry, dict)
        and entry.get("version") == checklists[cid].version
    }
    known = _judgeable(known, set(results))
    try:
        # Parsed even when no checklist is known: the school and period the office reads.
        doc = parse_known_answers(answers, known)
    except AnswersError:
        return ANSWERS_INVALID
    if known:
        fresh = results_to_json(evaluate_document(doc, known), with_items=True)["checklists"]
        if any(not _same_verdict(fresh.get(cid), results[cid]) for cid in known):
            return MISMATCH
    return UNKNOWN_VERSION if len(known) < len(results) else MATCHED


def _judgeable(known: dict[str, Checklist], reported: set[str]) -> dict[str, Checklist]:
    """The known checklists that can be judged here: one that reads the values of a checklist
    the report holds in a version this program lacks (directly or not; e.g. the safety
    checklist's guard count against the guard roster) cannot, as the school judged it with
    values this program cannot reproduce. A checklist the report does not hold is unknown at
    the school as well, so reading it does not matter."""
    from checklists.evaluator import linked_checklists

    out = dict(known)
    changed = True
    while changed:
        changed = False
        for cid, checklist in list(out.items()):
            lacking = [o for o in linked_checklists(checklist) if o in reported and o not in out]
            if lacking:
                del out[cid]
                changed = True
    return out


# What a finding says that the rules derive (explanation and rectification are the school's).
_FINDING_KEYS = ("checklist", "code", "item", "row", "severity", "clauses", "columns")
# An answer the rules could not judge: where it is (its message quotes the answer).
_ERROR_KEYS = ("item", "row", "where")


def _verdict(entry: Any) -> tuple[str, list[str]]:
    """A checklist entry of results.json as comparable text: everything but the findings'
    own words, findings sorted."""
    if not isinstance(entry, dict):
        return ("", [])
    rest = {k: v for k, v in entry.items() if k not in ("findings", "errors")}
    keys = [
        f"{name}:{_projection(f, fields)}"
        for name, fields in (("findings", _FINDING_KEYS), ("errors", _ERROR_KEYS))
        for f in _listed(entry.get(name))
    ]
    return _CANONICAL.encode(rest), sorted(keys)


def _same_verdict(fresh: Any, embedded: Any) -> bool:
    """``_verdict(fresh) == _verdict(embedded)``, told quicker when the findings (and errors)
    come in the same order on both sides, as a report of this program has them: then their
    projections, written as one JSON list each, are the same text (a JSON text reads back in one
    way only, so the same text is the same findings one by one)."""
    if not (isinstance(fresh, dict) and isinstance(embedded, dict)):
        return _verdict(fresh) == _verdict(embedded)
    rest_fresh = {k: v for k, v in fresh.items() if k not in ("findings", "errors")}
    rest_embedded = {k: v for k, v in embedded.items() if k not in ("findings", "errors")}
    if _CANONICAL.encode(rest_fresh) != _CANONICAL.encode(rest_embedded):
        return False
    for name, fields in (("findings", _FINDING_KEYS), ("errors", _ERROR_KEYS)):
        mine, theirs = _listed(fresh.get(name)), _listed(embedded.get(name))
        if len(mine) != len(theirs):
            return False
        if _projections(mine, fields) != _projections(theirs, fields):
            return _verdict(fresh) == _verdict(embedded)  # another order, or another finding
    return True


def _projections(values: list[Any], fields: tuple[str, ...]) -> str:
    """What _projection gives for each of ``values``, as one JSON list."""
    return _CANONICAL.encode(
        [[v.get(k) for k in fields] if isinstance(v, dict) else v for v in values]
    )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _projection(value: Any, fields: tuple[str, ...]) -> str:
    shown = [value.get(k) for k in fields] if isinstance(value, dict) else value
    return _CANONICAL.encode(shown)


# json.dumps(…, sort_keys=True, ensure_ascii=False), without a new encoder for every value.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


# The document parsed last: (the answers object, the checklists by id and version, the document).
_PARSED: list[tuple[dict[str, Any], tuple[tuple[str, int], ...], Any]] = []


def parse_known_answers(answers: dict[str, Any], known: Mapping[str, Checklist]) -> Any:
    """The AnswersDocument of the embedded ``answers`` (as read_object gave them: within the
    limits) for the ``known`` checklists only, ID numbers stood in for (AnswersError when they
    do not parse).

    Checking one report parses its answers twice (re-evaluation, then the office's reading of
    the school's facts); the last document is kept for the same answers object and checklists.
    """
    from checklists.answers_doc import DocumentParser
    from reports.signing.idfacts import stand_in_answers

    key = tuple((cid, c.version) for cid, c in known.items())
    if _PARSED and _PARSED[0][0] is answers and _PARSED[0][1] == key:
        return _PARSED[0][2]
    # read_object checked the limits; stand-ins (18 ASCII characters, or the masked text
    # already there) and leaving checklists out keep a document within them.
    doc = DocumentParser(known, recorded=True).parse(
        only_checklists(stand_in_answers(answers, known), set(known)), structure_checked=True
    )
    _PARSED[:] = [(answers, key, doc)]
    return doc


def only_checklists(answers: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """``answers`` restricted to the ``known`` checklists (their notes included)."""
    out = dict(answers)
    for key in ("checklists", "item_notes"):
        if isinstance(out.get(key), dict):
            out[key] = {cid: v for cid, v in out[key].items() if cid in known}
    notes = out.get("finding_notes")
    if isinstance(notes, list):
        out["finding_notes"] = [
            n
            for n in notes
            if not isinstance(n, dict)
            or not isinstance(n.get("checklist"), str)
            or n["checklist"] in known
        ]
    return out


def _ordered(reasons: list[str]) -> list[str]:
    """Reasons once each, in REASON_TEXT's order."""
    order = {code: i for i, code in enumerate(REASON_TEXT)}
    return sorted(dict.fromkeys(reasons), key=lambda r: order.get(r, len(order)))
