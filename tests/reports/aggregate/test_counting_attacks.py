"""What counts for a school: untrusted reports never knock out a trusted one, amendments show
their revision, unknown checklist versions and left-out checklists are never 达标."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.registry import builtin_checklists
from checklists.results import Results
from reports.aggregate import (
    Summary,
    build_summary,
    open_store,
    trusted_fingerprints,
    write_summary_xlsx,
)
from reports.pdf import ReportData, build_report, make_report_id
from reports.signing import export_certificate
from tests.reports.aggregate.helpers import records, run_and_summarise
from tests.reports.aggregate.report_set import (
    answers,
    compliant_answers,
    only_checklists_of,
    report_pdf,
)
from tests.reports.signing.real_reports import RealReport, build_real_report, school_identity


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> RealReport:
    return build_real_report(tmp_path_factory.mktemp("real"))


def _impostor(real: RealReport, root: Path) -> tuple[RealReport, object]:
    """A self-made identity claiming school X (never trusted by the office)."""
    ident = school_identity(root / "impostor", "X")
    return RealReport(root / "impostor", ident, ident, real.doc, b""), ident


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _x_cert(real: RealReport, tmp_path: Path) -> Path:
    return export_certificate(real.data_dir, real.x.identity_id, tmp_path / "x.pem")


def _summaries(folder: Path, office: Path, cert: Path) -> tuple[Summary, Summary]:
    """The summary with the trusted certificate pinning its school (as every run does), and
    the one of the supersession rule alone (trusted by fingerprint, no pins)."""
    _, pinned = run_and_summarise([folder], data_dir=office, trust=[cert])
    with open_store(None, data_dir=office) as store:
        bare = build_summary(store, trusted=trusted_fingerprints([cert], office), pins={})
    return pinned, bare


@pytest.mark.parametrize("revision", [1, 2])
def test_an_untrusted_report_never_knocks_out_nor_supersedes_the_trusted_one(
    real: RealReport, tmp_path: Path, revision: int
) -> None:
    impostor, ident = _impostor(real, tmp_path)
    forged = impostor.sign(
        report_pdf(answers("X", "safety.bullying_survey"), revision=revision),
        ident,  # type: ignore[arg-type]
    )
    folder = _folder(tmp_path, {"a_forged.pdf": forged, "b_genuine.pdf": real.data})
    pinned, bare = _summaries(folder, tmp_path / "office", _x_cert(real, tmp_path))
    for summary, reason in (
        (pinned, "not_the_schools_certificate"),
        (bare, "untrusted_not_counted"),
    ):
        assert [Path(s.path).name for s in summary.schools] == ["b_genuine.pdf"]
        assert summary.schools[0].trusted
        assert summary.superseded == []
        rejected = {Path(r.path).name: r.reasons for r in summary.rejected}
        assert rejected == {"a_forged.pdf": (reason,)}
    assert "未受信任，未计入" in bare.rejected[0].reason("zh")


def test_untrusted_reports_of_different_certificates_do_not_supersede_each_other(
    real: RealReport, tmp_path: Path
) -> None:
    impostor, ident = _impostor(real, tmp_path)
    forged = impostor.sign(
        report_pdf(answers("X", "safety.bullying_survey"), revision=2),
        ident,  # type: ignore[arg-type]
    )
    folder = _folder(tmp_path, {"forged_rev2.pdf": forged, "genuine.pdf": real.data})
    _, summary = run_and_summarise([folder], data_dir=tmp_path / "office")  # nothing trusted
    assert summary.schools == [] and summary.superseded == []
    rejected = {Path(r.path).name: r.reasons for r in summary.rejected}
    assert rejected == {
        "forged_rev2.pdf": ("signers_differ",),
        "genuine.pdf": ("signers_differ",),
    }


def test_one_untrusted_certificate_still_supersedes_its_own_reports(
    real: RealReport, tmp_path: Path
) -> None:
    amended = real.sign(report_pdf(answers("X", "safety.bullying_survey"), revision=2), real.x)
    folder = _folder(tmp_path, {"first.pdf": real.data, "amended.pdf": amended})
    _, summary = run_and_summarise([folder], data_dir=tmp_path / "office")
    assert [Path(s.path).name for s in summary.schools] == ["amended.pdf"]
    assert [Path(r.path).name for r in summary.superseded] == ["first.pdf"]


def test_the_revision_stands_beside_the_report_id(real: RealReport, tmp_path: Path) -> None:
    amended = real.sign(report_pdf(answers("X", "safety.bullying_survey"), revision=2), real.x)
    folder = _folder(tmp_path, {"first.pdf": real.data, "amended.pdf": amended})
    _, summary = run_and_summarise([folder], data_dir=tmp_path / "office")
    school, old = summary.schools[0], summary.superseded[0]
    assert school.revision == 2 and old.revision == 1 and old.by_revision == 2
    out = write_summary_xlsx(summary, tmp_path / "s.xlsx")
    row = records(out, "学校")[0]
    assert row["报告编号"] == f"{school.report_id} 修订2"
    superseded = records(out, "已被取代")[0]
    assert superseded["报告编号"] == f"{old.report_id} 修订1"
    assert superseded["取代它的报告"] == f"{old.by_report_id} 修订2"
    english = records(write_summary_xlsx(summary, tmp_path / "e.xlsx", lang="en"), "Superseded")
    assert english[0]["Superseded by"] == f"{old.by_report_id} rev. 2"


def _report_of(doc_json: dict, change=None, revision: int = 1) -> bytes:  # type: ignore[no-untyped-def,type-arg]
    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(doc_json)
    results = evaluate_document(doc, checklists)
    if change is not None:
        results = change(results)
    return build_report(
        ReportData(
            document=doc,
            results=results,
            checklists=checklists,
            report_id=make_report_id(doc, results),
            generated_at=datetime(2022, 1, 5, 10, 0),
            revision=revision,
        )
    )


def test_an_unknown_checklist_version_is_never_counted_as_compliant(
    real: RealReport, tmp_path: Path
) -> None:
    def newer_guards_without_findings(results: Results) -> Results:
        guards = results.checklists["guards"]
        hidden = dataclasses.replace(guards, version=99, findings=(), status="compliant")
        return Results({**results.checklists, "guards": hidden})

    signed = real.sign(_report_of(answers("X"), newer_guards_without_findings), real.x)
    folder = _folder(tmp_path, {"s5.pdf": signed})
    _, summary = run_and_summarise(
        [folder], data_dir=tmp_path / "office", trust=[_x_cert(real, tmp_path)]
    )
    school = summary.schools[0]
    assert school.unknown_versions == ("guards",)
    assert school.compliance is None
    assert "清单版本未知" in school.notes("zh") and "v99" in school.notes("zh")
    out = write_summary_xlsx(summary, tmp_path / "s.xlsx")
    row = records(out, "学校")[0]
    guards_column = next(h for h in row if h.startswith("学校保安队伍") and h.endswith("(%)"))
    assert row[guards_column] == "无法核对"
    assert "清单版本未知" in row["备注"]
    assert row["总体状态"] != "达标"


def test_an_unknown_version_alone_makes_the_school_unverified_not_compliant(
    real: RealReport, tmp_path: Path
) -> None:
    def newer_guards(results: Results) -> Results:
        guards = results.checklists["guards"]
        return Results({**results.checklists, "guards": dataclasses.replace(guards, version=99)})

    signed = real.sign(_report_of(compliant_answers("X"), newer_guards), real.x)
    folder = _folder(tmp_path, {"r.pdf": signed})
    _, summary = run_and_summarise(
        [folder], data_dir=tmp_path / "office", trust=[_x_cert(real, tmp_path)]
    )
    school = summary.schools[0]
    assert school.findings == 0 and school.status == "unverified"
    assert summary.by_district[0].by_status["compliant"] == 0
    assert summary.by_district[0].by_status["unverified"] == 1
    out = write_summary_xlsx(summary, tmp_path / "s.xlsx")
    assert records(out, "学校")[0]["总体状态"] == "无法核对"
    assert records(out, "镇街汇总")[0]["无法核对"] == 1


def test_a_report_without_every_built_in_checklist_is_incomplete(
    real: RealReport, tmp_path: Path
) -> None:
    doc = only_checklists_of(compliant_answers("X"), {"safety"})
    signed = real.sign(_report_of(doc), real.x)
    folder = _folder(tmp_path, {"only_safety.pdf": signed})
    _, summary = run_and_summarise(
        [folder], data_dir=tmp_path / "office", trust=[_x_cert(real, tmp_path)]
    )
    school = summary.schools[0]
    assert school.findings == 0
    assert school.missing_checklists == ("psychology", "lighting", "guards")
    assert school.status == "incomplete"
    out = write_summary_xlsx(summary, tmp_path / "s.xlsx")
    row = records(out, "学校")[0]
    assert row["总体状态"] == "未完成"
    assert "未包含" in row["备注"] and "学校保安队伍" in row["备注"]
    district = records(out, "镇街汇总")[0]
    assert (district["达标"], district["未完成"]) == (0, 1)
    english = records(write_summary_xlsx(summary, tmp_path / "e.xlsx", lang="en"), "Schools")
    assert "Not included" in english[0]["Notes"]


def test_every_built_in_checklist_compliant_is_compliant(real: RealReport, tmp_path: Path) -> None:
    signed = real.sign(_report_of(compliant_answers("X")), real.x)
    folder = _folder(tmp_path, {"all.pdf": signed})
    _, summary = run_and_summarise(
        [folder], data_dir=tmp_path / "office", trust=[_x_cert(real, tmp_path)]
    )
    school = summary.schools[0]
    assert (school.status, school.notes("zh"), school.compliance) == ("compliant", "", 100.0)
