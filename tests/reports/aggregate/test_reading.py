"""Reading a report's embedded data: digests, format, unknown checklist versions, finding groups."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import pytest

from checklists.registry import builtin_checklists
from reports.aggregate.reading import Rejected, read_report
from reports.signing import verify_pdf
from tests.reports.aggregate.report_set import PERIOD, SCHOOLS, ReportSet


@pytest.fixture(scope="module")
def attachments(report_set: ReportSet) -> dict[str, bytes]:
    """The three attachments of a real, verified report."""
    return verify_pdf(report_set.path("x-valid.pdf").read_bytes()).attachments


def _with(attachments: dict[str, bytes], name: str, change: Any) -> dict[str, bytes]:
    """``attachments`` with ``name`` parsed, changed by ``change(obj)`` and written back; the
    answers digest in report_meta.json follows answers.json so only ``change`` differs."""
    out = dict(attachments)
    obj = json.loads(out[name])
    change(obj)
    out[name] = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    if name == "answers.json":
        meta = json.loads(out["report_meta.json"])
        meta["answers_sha256"] = hashlib.sha256(out[name]).hexdigest()
        out["report_meta.json"] = json.dumps(meta).encode()
    return out


def _rejected(attachments: dict[str, bytes]) -> Rejected:
    with pytest.raises(Rejected) as caught:
        read_report(attachments, builtin_checklists())
    return caught.value


def test_real_report_is_read(attachments: dict[str, bytes]) -> None:
    facts = read_report(attachments, builtin_checklists())
    code, name, district = SCHOOLS["X"]
    assert (facts.school_code, facts.school_name, facts.district, facts.period) == (
        code,
        name,
        district,
        PERIOD,
    )
    assert facts.report_id.startswith(f"{code}-2021秋-")
    assert [c.checklist for c in facts.checklists] == ["guards", "lighting", "psychology", "safety"]
    assert all(c.known for c in facts.checklists)
    guards = next(c for c in facts.checklists if c.checklist == "guards")
    assert (guards.compliance, guards.findings, guards.major, guards.minor) == (88.9, 6, 5, 1)
    assert sum(g.count for g in facts.findings) == sum(c.findings for c in facts.checklists) == 17


def test_each_finding_is_read_with_its_explanation(attachments: dict[str, bytes]) -> None:
    facts = read_report(attachments, builtin_checklists())
    over_55 = next(g for g in facts.findings if g.code == "over_55_on_post")
    assert (over_55.checklist, over_55.severity, over_55.clauses, over_55.count) == (
        "guards",
        "major",
        (75,),
        1,
    )
    assert over_55.explanations and "保安公司" in over_55.explanations[0]
    keys = [(g.checklist, g.code, g.item, g.row) for g in facts.findings]
    assert len(keys) == len(set(keys))


def test_two_findings_of_one_code_keep_their_own_rectification(
    attachments: dict[str, bytes],
) -> None:
    def double(results: dict[str, Any]) -> None:
        findings = results["checklists"]["guards"]["findings"]
        first = next(f for f in findings if f["code"] == "over_55_on_post")
        first["rectification"] = {"measure": "调岗", "responsible": "总务主任",
                                  "due_date": "2022-05-01", "status": "open"}  # fmt: skip
        findings.append({
            **first, "severity": "critical", "clauses": [75, 76], "row": 5,
            "explanation": "另一名保安",
            "rectification": {"measure": "解除合同", "responsible": "校长",
                              "due_date": "2022-07-01", "status": "done"},
        })  # fmt: skip

    facts = read_report(_with(attachments, "results.json", double), builtin_checklists())
    both = [g for g in facts.findings if g.code == "over_55_on_post"]
    assert len(both) == 2 and both[0].row != both[1].row == 5
    assert [(g.count, g.measures, g.owners, g.due_date, g.rect_status) for g in both] == [
        (1, ("调岗",), ("总务主任",), date(2022, 5, 1), "open"),
        (1, ("解除合同",), ("校长",), date(2022, 7, 1), "done"),
    ]
    assert (both[1].severity, both[1].clauses, both[1].explanations) == (
        "critical", (75, 76), ("另一名保安",),
    )  # fmt: skip


def test_answers_digest_mismatch(attachments: dict[str, bytes]) -> None:
    changed = dict(attachments)
    changed["answers.json"] = attachments["answers.json"].replace(
        "南城".encode(), "东城".encode(), 1
    )
    assert _rejected(changed).code == "answers_digest_mismatch"


@pytest.mark.parametrize("missing", ["report_meta.json", "answers.json", "results.json"])
def test_missing_attachment_is_not_a_report(attachments: dict[str, bytes], missing: str) -> None:
    changed = {k: v for k, v in attachments.items() if k != missing}
    assert _rejected(changed).code in ("not_report", "answers_digest_mismatch")


def test_foreign_format_is_not_a_report(attachments: dict[str, bytes]) -> None:
    changed = _with(attachments, "report_meta.json", lambda m: m.update(format="other/report@9"))
    assert _rejected(changed).code == "not_report"
    changed = dict(attachments, **{"results.json": b"[1, 2"})
    rejected = _rejected(changed)
    assert rejected.code == "report_data_invalid"
    assert rejected.detail_en.startswith("results.json:1:6: not valid JSON")
    for raw in (b'{"checklists": {"a": 9223372036854775808}}', b'{"checklists": "\\udc00"}'):
        rejected = _rejected(dict(attachments, **{"results.json": raw}))
        assert rejected.code == "report_data_invalid" and "results.json" in rejected.detail_en


def test_invalid_answers_quote_their_problems(attachments: dict[str, bytes]) -> None:
    changed = _with(attachments, "answers.json", lambda a: a["school"].update(code="12"))
    rejected = _rejected(changed)
    assert rejected.code == "answers_invalid"
    assert "school.code" in rejected.detail_zh and "10 digits" in rejected.detail_en


def test_meta_disagreeing_with_answers_is_inconsistent(attachments: dict[str, bytes]) -> None:
    changed = _with(attachments, "report_meta.json", lambda m: m.update(period="2022年春季学期"))
    assert _rejected(changed).code == "inconsistent"


def test_unknown_checklist_version_keeps_its_embedded_results(
    attachments: dict[str, bytes],
) -> None:
    def newer(results: dict[str, Any]) -> None:
        results["checklists"]["guards"]["version"] = 99
        results["checklists"]["fire"] = {
            "version": 1,
            "status": "compliant",
            "summary": {"compliance": 100.0},
        }

    def answers(doc: dict[str, Any]) -> None:
        doc["checklists"]["guards"] = {"an_item_of_version_99": "whatever"}
        doc["checklists"]["fire"] = {"extinguishers": 12}

    changed = _with(_with(attachments, "results.json", newer), "answers.json", answers)
    facts = read_report(changed, builtin_checklists())
    by_id = {c.checklist: c for c in facts.checklists}
    assert (by_id["guards"].known, by_id["guards"].version, by_id["guards"].compliance) == (
        False,
        99,
        88.9,
    )
    assert (by_id["fire"].known, by_id["fire"].compliance) == (False, 100.0)
    assert by_id["safety"].known
    assert any(g.checklist == "guards" for g in facts.findings)
