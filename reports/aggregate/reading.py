"""Reading a verified report's embedded answers.json, results.json and report_meta.json."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from checklists.foundation.errors import AnswersError
from checklists.model import Checklist
from reports.aggregate.facts import ChecklistFacts, FindingGroup, ReportFacts
from reports.signing.attachments import ANSWERS_NAME, META_NAME, RESULTS_NAME, digest_matches
from reports.signing.embedded import EmbeddedError, read_object
from reports.signing.report_checks import parse_known_answers

REPORT_FORMAT = "campus-selfcheck/report@1"
_SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2}
_MAX_PROBLEMS = 3  # answers problems quoted in a rejection; the rest are counted


class Rejected(Exception):
    """A file that is signed correctly but is not a usable report; ``code`` names the reason."""

    def __init__(self, code: str, detail_zh: str = "", detail_en: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail_zh = detail_zh
        self.detail_en = detail_en


def read_report(
    attachments: Mapping[str, bytes], checklists: Mapping[str, Checklist]
) -> ReportFacts:
    """The facts of a report from its signed attachments, or Rejected saying why not.

    The answers digest is checked against report_meta.json; answers.json is parsed against
    ``checklists`` for the checklists whose version the app knows; results of other checklists
    (or versions) are kept as embedded.
    """
    meta = _json_object(attachments.get(META_NAME), META_NAME)
    if meta.get("format") != REPORT_FORMAT or ANSWERS_NAME not in attachments:
        raise Rejected("not_report")
    if not _digest_ok(attachments[ANSWERS_NAME], meta.get("answers_sha256")):
        raise Rejected("answers_digest_mismatch")
    results = _json_object(attachments.get(RESULTS_NAME), RESULTS_NAME).get("checklists")
    if not isinstance(results, dict):
        raise Rejected(
            "not_report", "results.json 缺少 checklists。", "results.json has no checklists."
        )
    answers = _json_object(attachments[ANSWERS_NAME], ANSWERS_NAME)
    known = {cid for cid, entry in results.items() if _known(cid, entry, checklists)}
    doc = _parse_answers(answers, {cid: checklists[cid] for cid in results if cid in known})
    if meta.get("school_code") != doc.school.code or meta.get("period") != doc.period:
        raise Rejected("inconsistent")
    return ReportFacts(
        report_id=_text(meta.get("report_id")),
        school_name=doc.school.name,
        school_code=doc.school.code,
        district=doc.school.district.strip(),
        stage=doc.school.stage,
        enrollment=doc.school.enrollment,
        period=doc.period,
        reference_date=doc.reference_date,
        generated_at=_parse_moment(meta.get("generated_at")),
        app_version=_text(meta.get("app_version")),
        checklists=tuple(_checklist(cid, entry, cid in known) for cid, entry in results.items()),
        findings=tuple(_groups(results.values())),
        revision=_revision(meta.get("revision")),
    )


def _revision(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _digest_ok(answers: bytes, expected: Any) -> bool:
    """The comparison the report checks make (reports.signing.attachments.digest_matches)."""
    return digest_matches(answers, expected)


def _json_object(data: bytes | None, name: str) -> dict[str, Any]:
    if data is None:
        raise Rejected("not_report", f"缺少 {name}。", f"{name} is missing.")
    try:
        return read_object(data, name)  # the answers' own decoder and limits, 64-bit integers
    except EmbeddedError as exc:
        raise Rejected("report_data_invalid", exc.zh, exc.en) from None


def _known(cid: str, entry: Any, checklists: Mapping[str, Checklist]) -> bool:
    checklist = checklists.get(cid)
    return (
        checklist is not None
        and isinstance(entry, dict)
        and entry.get("version") == checklist.version
    )


def _parse_answers(answers: dict[str, Any], known: Mapping[str, Checklist]) -> Any:
    """The document of the known checklists (parsed once per report: the re-evaluation's)."""
    try:
        return parse_known_answers(answers, known)
    except AnswersError as exc:
        shown = exc.problems[:_MAX_PROBLEMS]
        more = len(exc.problems) - len(shown)
        zh = "；".join(f"{p}：{z}" for p, z, _ in shown) + (f"（另有 {more} 处）" if more else "")
        en = "; ".join(f"{p}: {e}" for p, _, e in shown) + (f" (and {more} more)" if more else "")
        raise Rejected("answers_invalid", zh, en) from None


def _count(value: Any) -> int | None:
    """A count the summary may lack (reports written before it had one): None then."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _checklist(cid: str, entry: Any, known: bool) -> ChecklistFacts:
    entry = _dict(entry)
    summary = _dict(entry.get("summary"))
    severity = _dict(summary.get("by_severity"))
    compliance = summary.get("compliance")
    return ChecklistFacts(
        checklist=str(cid),
        version=_int(entry.get("version")),
        known=known,
        status=_text(entry.get("status")),
        compliance=float(compliance)
        if isinstance(compliance, int | float) and not isinstance(compliance, bool)
        else None,
        items=_int(summary.get("items")),
        passed=_int(summary.get("passed")),
        failed=_int(summary.get("failed")),
        findings=_int(summary.get("findings")),
        critical=_int(severity.get("critical")),
        major=_int(severity.get("major")),
        minor=_int(severity.get("minor")),
        applicable=_count(summary.get("applicable")),
        done=_count(summary.get("done")),
        open=_count(summary.get("open")),
    )


def _groups(entries: Iterable[Any]) -> list[FindingGroup]:
    """Every finding of the results, one per (checklist, code, item, row), in report order:
    each keeps its own explanation and rectification (two guards over age are two findings)."""
    groups: dict[tuple[str, str, str, int | None], list[dict[str, Any]]] = {}
    for entry in entries:
        findings = entry.get("findings") if isinstance(entry, dict) else None
        for f in findings if isinstance(findings, list) else []:
            if isinstance(f, dict) and isinstance(f.get("code"), str):
                key = (_text(f.get("checklist")), f["code"], _text(f.get("item")), _row(f))
                groups.setdefault(key, []).append(f)
    return [_group(*key, members) for key, members in groups.items()]


def _row(finding: dict[str, Any]) -> int | None:
    row = finding.get("row")
    return row if isinstance(row, int) and not isinstance(row, bool) and row >= 0 else None


def _group(
    checklist: str, code: str, item: str, row: int | None, members: list[dict[str, Any]]
) -> FindingGroup:
    first = members[0]
    message = _dict(first.get("message"))
    severities = [_text(m.get("severity")) for m in members]
    clauses = {
        c
        for m in members
        if isinstance(m.get("clauses"), list)
        for c in m["clauses"]
        if isinstance(c, int)
    }
    explanations = dict.fromkeys(_text(m.get("explanation")).strip() for m in members)
    plans = [p for p in (_plan(m.get("rectification")) for m in members) if p is not None]
    return FindingGroup(
        checklist=checklist,
        code=code,
        severity=min(severities, key=lambda s: _SEVERITY_RANK.get(s, 9)),
        count=len(members),
        clauses=tuple(sorted(clauses)),
        item=item,
        message_zh=_text(message.get("zh")),
        message_en=_text(message.get("en")),
        explanations=tuple(e for e in explanations if e),
        row=row,
        **_rectification(plans),
    )


_RECT_RANK = {"open": 0, "in_progress": 1, "done": 2}


def _plan(raw: Any) -> tuple[str, str, date | None, str] | None:
    """(measure, owner, due date, status) of one finding's rectification, as embedded."""
    if not isinstance(raw, dict):
        return None
    status = raw.get("status")
    due = raw.get("due_date")
    try:
        due_date = date.fromisoformat(due) if isinstance(due, str) else None
    except ValueError:
        due_date = None
    return (
        _text(raw.get("measure")).strip(),
        _text(raw.get("responsible")).strip(),
        due_date,
        status if status in _RECT_RANK else "open",
    )


def _rectification(plans: list[tuple[str, str, date | None, str]]) -> dict[str, Any]:
    """The plans of a group in one: what is still to do decides the due date and status."""
    if not plans:
        return {}
    outstanding = [p for p in plans if p[3] != "done"]
    dues = [p[2] for p in (outstanding or plans) if p[2] is not None]
    return {
        "measures": tuple(dict.fromkeys(p[0] for p in plans if p[0])),
        "owners": tuple(dict.fromkeys(p[1] for p in plans if p[1])),
        "due_date": (min(dues) if outstanding else max(dues)) if dues else None,
        "rect_status": min((p[3] for p in plans), key=_RECT_RANK.__getitem__),
    }


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _parse_moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return utc_naive(datetime.fromisoformat(value))
    except ValueError:
        return None


def utc_naive(moment: datetime) -> datetime:
    """``moment`` as naive UTC, how the store keeps every moment (SQLite keeps no time zone);
    a naive ``moment`` is taken as this computer's local time."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).replace(tzinfo=None)
