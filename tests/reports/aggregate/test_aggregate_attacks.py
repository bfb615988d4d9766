"""The office's aggregation rejects every forgery that verify rejects, with the same reason."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from checklists.results import Results
from reports.signing import export_certificate
from tests.reports.aggregate.helpers import run_and_summarise
from tests.reports.aggregate.report_set import answers, report_pdf
from tests.reports.signing.attacks import append_update, gap_bytes, wrap_signature
from tests.reports.signing.real_reports import RealReport, build_real_report, school_identity
from tests.reports.signing.test_report_checks import _report


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> RealReport:
    return build_real_report(tmp_path_factory.mktemp("real"))


def _no_findings(results: Results) -> Results:
    return Results(
        {
            cid: dataclasses.replace(r, findings=(), status="compliant")
            for cid, r in results.checklists.items()
        }
    )


def _files(real: RealReport, folder: Path) -> dict[str, bytes]:
    genuine = real.data
    return {
        "genuine.pdf": genuine,
        "wrapped.pdf": wrap_signature(genuine, {"results.json": b'{"checklists": {}}'}),
        "gap.pdf": gap_bytes(genuine, b"%forged"),
        "appended.pdf": append_update(genuine, {"results.json": b'{"checklists": {}}'}),
        "other-school-key.pdf": real.sign(report_pdf(real.doc), real.y),
        "lying.pdf": real.sign(_report(real.doc, _no_findings), real.x),
    }


EXPECTED = {
    "wrapped.pdf": "signature_gap_invalid",
    "gap.pdf": "signature_gap_invalid",
    "appended.pdf": "modified_after_signing",
    "other-school-key.pdf": "school_mismatch",
    "lying.pdf": "results_do_not_match_answers",
}


@pytest.mark.parametrize("require_trust", [False, True])
def test_every_attack_is_rejected(real: RealReport, tmp_path: Path, require_trust: bool) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in _files(real, folder).items():
        (folder / name).write_bytes(data)
    cert = export_certificate(real.data_dir, real.x.identity_id, tmp_path / "x.pem")
    _, summary = run_and_summarise(
        [folder], data_dir=tmp_path / "office", trust=[cert], require_trust=require_trust
    )
    rejected = {Path(r.path).name: r.reasons for r in summary.rejected}
    for name, reason in EXPECTED.items():
        assert reason in rejected[name], (name, rejected.get(name))
    assert [Path(s.path).name for s in summary.schools] == ["genuine.pdf"]
    assert summary.schools[0].trusted


def test_pinned_school_impostor_is_rejected_without_require_trust(
    real: RealReport, tmp_path: Path
) -> None:
    impostor_dir = tmp_path / "impostor"
    impostor = school_identity(impostor_dir, "X")
    forged = RealReport(impostor_dir, impostor, impostor, real.doc, b"").sign(
        _report(answers("X", "safety.bullying_survey")), impostor
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "genuine.pdf").write_bytes(real.data)
    (folder / "impostor.pdf").write_bytes(forged)
    cert = export_certificate(real.data_dir, real.x.identity_id, tmp_path / "x.pem")
    _, summary = run_and_summarise([folder], data_dir=tmp_path / "office", trust=[cert])
    rejected = {Path(r.path).name: r.reasons for r in summary.rejected}
    assert rejected == {"impostor.pdf": ("not_the_schools_certificate",)}
    assert [Path(s.path).name for s in summary.schools] == ["genuine.pdf"]


def test_same_revision_twice_is_a_conflict_not_a_silent_pick(
    real: RealReport, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(real.data)
    other = real.sign(report_pdf(answers("X", "safety.bullying_survey")), real.x)
    (folder / "b.pdf").write_bytes(other)
    _, summary = run_and_summarise([folder], data_dir=tmp_path / "office")
    assert summary.schools == []
    rejected = {Path(r.path).name: r.reasons for r in summary.rejected}
    assert rejected == {"a.pdf": ("revision_conflict",), "b.pdf": ("revision_conflict",)}
    assert "b.pdf" in next(r for r in summary.rejected if r.path.endswith("a.pdf")).reason("zh")


def test_higher_revision_wins_whatever_the_signing_clock(real: RealReport, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    folder = tmp_path / "in"
    folder.mkdir()
    amended = real.sign(
        report_pdf(answers("X", "safety.bullying_survey"), revision=2),
        real.x,
        now=datetime.now(UTC) - timedelta(hours=5),  # an earlier clock than the first report
    )
    (folder / "first.pdf").write_bytes(real.data)
    (folder / "amended.pdf").write_bytes(amended)
    _, summary = run_and_summarise([folder], data_dir=tmp_path / "office")
    assert [Path(s.path).name for s in summary.schools] == ["amended.pdf"]
    assert [Path(r.path).name for r in summary.superseded] == ["first.pdf"]
