"""tools/make_reports.py: varied, valid, signed reports and the certificates to trust them."""

from __future__ import annotations

import json
import random
from pathlib import Path

from checklists.answers_doc import DocumentParser
from checklists.registry import builtin_checklists
from reports.aggregate import trusted_fingerprints
from reports.signing import verify_pdf
from tests.conftest import SAMPLE
from tools.make_reports import make_reports, school_code, vary


def test_variations_stay_valid_and_differ() -> None:
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    parser_input = [vary(sample, i, random.Random(i)) for i in range(40)]
    docs = [DocumentParser(builtin_checklists()).parse(d) for d in parser_input]
    assert len({d.school.code for d in docs}) == 40
    assert len({d.school.district for d in docs}) > 10
    assert len({json.dumps(d["checklists"]["guards"], sort_keys=True) for d in parser_input}) > 30
    lux = {d["checklists"]["lighting"]["classrooms"][0]["desk_lux"] for d in parser_input}
    assert len(lux) > 10
    flipped = [
        sum(v != sample["checklists"]["safety"][k] for k, v in d["checklists"]["safety"].items())
        for d in parser_input
    ]
    assert any(flipped)


def test_generated_reports_verify_with_the_exported_certificates(tmp_path: Path) -> None:
    manifest = make_reports(2, tmp_path, seed=7, workers=1)
    assert manifest["reports"] == ["report-00001.pdf", "report-00002.pdf"]
    trusted = trusted_fingerprints([Path(p) for p in manifest["certs"]], None)
    assert len(trusted) == 2
    signers = set()
    for name in manifest["reports"]:
        result = verify_pdf((tmp_path / name).read_bytes())
        assert result.ok() and result.fingerprint_sha256 in trusted
        meta = json.loads(result.attachments["report_meta.json"])
        assert meta["school_code"] in (school_code(0), school_code(1))
        signers.add(result.fingerprint_sha256)
    assert len(signers) == 2  # each school its own identity
