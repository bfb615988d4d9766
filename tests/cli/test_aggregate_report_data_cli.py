"""``main.py aggregate`` on reports whose embedded data lies or is built to crash the reader:
each is rejected with its reason, the run goes on, and a checklist that cannot be re-evaluated
keeps a report out of a --require-trust summary, as it keeps it from `verify --require-trust`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from reports.signing import sign_pdf
from tests.reports.signing.signing_helpers import (
    PASSPHRASE,
    SCHOOL_CODE,
    make_pdf,
    new_identity,
    report_attachments,
)
from tests.reports.signing.test_report_data_attacks import _forged, _unknown_checklist, _whitewash


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a folder of signed reports of one school, its certificate as PEM)."""
    root = tmp_path_factory.mktemp("lying")
    ident = new_identity(root / "school")
    reports = root / "reports"
    reports.mkdir()

    def newer_with_unknown(meta: dict[str, Any], answers: dict[str, Any], results: Any) -> None:
        _unknown_checklist(answers, results)
        meta["revision"] = 2

    def whitewashed(meta: dict[str, Any], answers: dict[str, Any], results: Any) -> None:
        _whitewash(results)
        _unknown_checklist(answers, results)
        meta["revision"] = 3

    raw_meta = {
        "deep.pdf": b'{"format": "campus-selfcheck/report@1", "x": ' + b"[" * 3000 + b"]" * 3000 + b"}",
        "int64.pdf": b'{"format": "campus-selfcheck/report@1", "revision": 9223372036854775808}',
        "surrogate.pdf": b'{"format": "campus-selfcheck/report@1", "report_id": "\\ud800"}',
    }  # fmt: skip
    files = {
        "genuine.pdf": report_attachments(),
        "unknown.pdf": _forged(newer_with_unknown),
        "whitewashed.pdf": _forged(whitewashed),
        **{name: {**report_attachments(), "report_meta.json": m} for name, m in raw_meta.items()},
    }
    for name, attachments in files.items():
        signed = sign_pdf(
            make_pdf(1, attachments),
            data_dir=root / "school",
            identity_id=ident.identity_id,
            passphrase=PASSPHRASE,
        ).data
        (reports / name).write_bytes(signed)
    cert = root / "school.pem"
    cert.write_bytes(ident.certificate().public_bytes(Encoding.PEM))
    return reports, cert


def _run(cli: Any, folder: tuple[Path, Path], tmp_path: Path, *extra: str) -> dict[str, Any]:
    reports, cert = folder
    proc = cli(
        "aggregate",
        str(reports),
        "--out",
        str(tmp_path / "s.xlsx"),
        "--trust",
        str(cert),
        "--json",
        "--workers",
        "1",
        *extra,
        data_dir=tmp_path / "office",
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    doc: dict[str, Any] = json.loads(proc.stdout)
    return doc


def test_lying_and_hostile_reports_are_rejected_and_the_run_goes_on(
    cli: Any, folder: tuple[Path, Path], tmp_path: Path
) -> None:
    doc = _run(cli, folder, tmp_path, "--require-trust")
    assert {Path(r["file"]).name: r["reasons"] for r in doc["rejected"]} == {
        "whitewashed.pdf": ["results_do_not_match_answers"],
        "deep.pdf": ["report_data_invalid"],
        "int64.pdf": ["report_data_invalid"],
        "surrogate.pdf": ["report_data_invalid"],
        "unknown.pdf": ["cannot_reevaluate"],
    }
    assert doc["run"]["failed"] == 0
    assert [s["code"] for s in doc["schools"]] == [SCHOOL_CODE]
    assert doc["schools"][0]["trusted"] is True


def test_without_require_trust_the_unknown_checklist_is_shown_unknown(
    cli: Any, folder: tuple[Path, Path], tmp_path: Path
) -> None:
    doc = _run(cli, folder, tmp_path)
    rejected = {Path(r["file"]).name for r in doc["rejected"]}
    assert "unknown.pdf" not in rejected and "whitewashed.pdf" in rejected
    school = doc["schools"][0]
    assert school["checklists"]["zz_future"]["known_version"] is False
