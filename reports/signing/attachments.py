"""Files embedded in a signed PDF, read from the signed revision, and the report's JSON contract."""

from __future__ import annotations

import hashlib
from typing import Any

# Attachment names the PDF report writes (its contract with the office's verifier).
ANSWERS_NAME = "answers.json"
RESULTS_NAME = "results.json"
META_NAME = "report_meta.json"
# Name trees nest; a loop or absurd depth means a hostile file, not a report.
_MAX_DEPTH = 32


def embedded_files(handler: Any) -> dict[str, bytes]:
    """The embedded files of the document that ``handler`` (a pyHanko reader or historical
    revision) shows, keyed by their name in the EmbeddedFiles name tree."""
    try:
        tree = handler.root["/Names"]["/EmbeddedFiles"]
    except KeyError:
        return {}
    found: dict[str, bytes] = {}
    _walk(tree.get_object(), found, 0)
    return found


def _walk(node: Any, found: dict[str, bytes], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        for i in range(0, len(names) - 1, 2):
            data = _file_data(names[i + 1].get_object())
            if data is not None:
                found.setdefault(str(names[i]), data)
    kids = node.get("/Kids")
    if kids is not None:
        for kid in kids.get_object():
            _walk(kid.get_object(), found, depth + 1)


def _file_data(spec: Any) -> bytes | None:
    try:
        ef = spec["/EF"]
        stream = ef.get("/UF") or ef["/F"]
        return bytes(stream.get_object().data)
    except (KeyError, TypeError, AttributeError):
        return None


def report_facts(attachments: dict[str, bytes]) -> dict[str, Any]:
    """What the office reads from a report's attachments.

    ``answers_digest_ok`` / ``results_digest_ok``: whether SHA-256(answers.json) /
    SHA-256(results.json) equals report_meta.json's ``answers_sha256`` / ``results_sha256``
    (None when either is missing; the verdict counts a mismatch: report_checks). ``results_summary``: each checklist's
    ``summary`` from results.json, as is (None when absent). ``missing_checklists``: the
    built-in checklists the report's results leave out, in the registry's order (a note: the
    self-check is incomplete; None when the report has no results).
    """
    meta = _json(attachments.get(META_NAME))
    meta = meta if isinstance(meta, dict) else {}
    digests = {}
    for name, key in ((ANSWERS_NAME, "answers_sha256"), (RESULTS_NAME, "results_sha256")):
        data, expected = attachments.get(name), meta.get(key)
        digests[key] = (
            None
            if data is None or not isinstance(expected, str)
            else digest_matches(data, expected)
        )
    summary = _summary(attachments)
    return {
        "answers_digest_ok": digests["answers_sha256"],
        "results_digest_ok": digests["results_sha256"],
        "results_summary": summary,
        "missing_checklists": missing_checklists(summary) if summary is not None else None,
    }


def digest_matches(data: bytes | None, expected: Any) -> bool:
    """Whether ``data`` (an embedded file) has the SHA-256 ``expected`` (hex, as
    report_meta.json records it); a missing file or digest never matches."""
    return (
        data is not None
        and isinstance(expected, str)
        and hashlib.sha256(data).hexdigest() == expected.strip().lower()
    )


def missing_checklists(included: Any) -> list[str]:
    """The built-in checklists (checklists.registry) not among the ids ``included``."""
    from checklists.registry import builtin_checklists

    return [cid for cid in builtin_checklists() if cid not in included]


def signed_report_facts(attachments: dict[str, bytes]) -> dict[str, Any] | None:
    """What the signed report says about itself (from the signed attachments only): report id,
    school code and name, period, the store's revision and the history head it anchors."""
    meta = _json(attachments.get(META_NAME))
    answers = _json(attachments.get(ANSWERS_NAME))
    if not isinstance(meta, dict):
        return None
    school = answers.get("school") if isinstance(answers, dict) else None
    school = school if isinstance(school, dict) else {}
    return {
        "report_id": meta.get("report_id"),
        "school_code": meta.get("school_code"),
        "school_name": school.get("name"),
        "period": meta.get("period"),
        "revision": meta.get("revision"),
        "history": meta.get("history"),
        "generated_at": meta.get("generated_at"),
    }


def _summary(attachments: dict[str, bytes]) -> dict[str, Any] | None:
    """``{checklist id: summary}`` from results.json's ``{"checklists": {ID: {"summary": …}}}``."""
    results = _json(attachments.get(RESULTS_NAME))
    checklists = results.get("checklists") if isinstance(results, dict) else None
    if not isinstance(checklists, dict):
        return None
    return {
        str(cid): entry.get("summary")
        for cid, entry in checklists.items()
        if isinstance(entry, dict)
    }


def _json(data: bytes | None) -> Any:
    """The embedded JSON object, read strictly (reports.signing.embedded); None when it is
    missing or outside the limits, so nothing a hostile file holds reaches the output."""
    from reports.signing.embedded import EmbeddedError, read_object

    if data is None:
        return None
    try:
        return read_object(data, "")
    except EmbeddedError:
        return None
