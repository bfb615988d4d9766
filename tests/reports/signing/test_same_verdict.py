"""The quick comparison of a checklist's fresh results with the embedded ones
(report_checks._same_verdict) says exactly what the full one (_verdict on both sides) says:
for the same findings in another order, a finding changed, swapped for another, repeated, a
number written as 1 or 1.0, errors added, odd entries and odd shapes."""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

from reports.signing.report_checks import _same_verdict, _verdict
from tests.reports.signing.real_reports import RealReport


def _entries(real_report: RealReport) -> list[Any]:
    from reports.signing import verify_pdf

    results = json.loads(verify_pdf(real_report.data).attachments["results.json"])
    guards = results["checklists"]["guards"]
    assert len(guards["findings"]) >= 3
    out: list[Any] = [guards]

    def changed(change: Any) -> None:
        entry = copy.deepcopy(guards)
        change(entry)
        out.append(entry)

    changed(lambda e: e["findings"].reverse())
    changed(lambda e: e["findings"][1].update(code="another_code"))
    changed(lambda e: e["findings"][1].update(message={"zh": "别的话", "en": "other words"}))
    changed(lambda e: e["findings"].pop())
    changed(lambda e: e["findings"].__setitem__(0, copy.deepcopy(e["findings"][1])))
    changed(lambda e: e["findings"][0].update(row=1.0 if e["findings"][0].get("row") == 1 else 1))
    changed(lambda e: e["findings"][0].update(row=True))
    changed(lambda e: e.update(errors=[{"item": "guards", "row": 0, "where": "name"}]))
    changed(lambda e: e.update(errors={"item": "guards", "row": 0, "where": "name"}))
    changed(lambda e: e.update(status="pass"))
    changed(lambda e: e["findings"].append("not an object"))
    changed(lambda e: e.update(findings=None))
    changed(lambda e: e.update(findings={"code": "x"}))
    changed(lambda e: e["findings"][2].pop("severity"))
    out.extend([None, "text", []])
    return out


def test_the_quick_comparison_agrees_with_the_full_one(real_report: RealReport) -> None:
    entries = _entries(real_report)
    same = 0
    for a, b in itertools.product(entries, repeat=2):
        expected = _verdict(a) == _verdict(b)
        assert _same_verdict(a, b) is expected, (a, b)
        same += expected
    assert same > len(entries)  # the reversed order and the message change count as the same
