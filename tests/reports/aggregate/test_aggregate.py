"""The mixed folder through the whole core: verdicts, rows per school, superseded, idempotence."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from checklists.foundation.errors import InputError
from reports.aggregate import aggregate_paths, open_store
from reports.aggregate.facts import CHECK_VERSION
from reports.signing import verify_pdf
from tests.reports.aggregate.helpers import run_and_summarise
from tests.reports.aggregate.report_set import ACCEPTED, REJECTED, SCHOOLS, ReportSet


def _table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        tables = ("submissions", "reports", "report_checklists", "report_findings")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_mixed_folder_gives_one_row_per_school_and_lists_every_rejection(
    report_set: ReportSet, data_dir: Path
) -> None:
    run, summary = run_and_summarise(
        [report_set.folder],
        data_dir=data_dir,
        trust=[report_set.trusted_cert, report_set.trusted_y_cert],
    )

    assert (run.files, run.accepted, run.rejected, run.known, run.failed) == (8, 4, 4, 0, [])
    assert [s.school_code for s in summary.schools] == [
        SCHOOLS["Y"][0],
        SCHOOLS["X"][0],
        SCHOOLS["Z"][0],
    ]
    rejected = {Path(r.path).name: r.reasons for r in summary.rejected}
    assert rejected == {name: (code,) for name, code in REJECTED.items()}
    y = summary.schools[0]
    assert y.path == str(report_set.path("sub/y-new.pdf"))
    assert y.superseded == 1
    assert [Path(r.path).name for r in summary.superseded] == ["y-old.pdf"]
    assert summary.superseded[0].by_path == y.path
    trusted = {s.school_code: s.trusted for s in summary.schools}
    assert trusted == {SCHOOLS["X"][0]: True, SCHOOLS["Y"][0]: True, SCHOOLS["Z"][0]: False}


def test_trust_is_judged_exactly_as_verify_judges_it(report_set: ReportSet, data_dir: Path) -> None:
    from reports.signing import certs

    cert = certs.load_certificate(report_set.trusted_cert.read_bytes())
    _, summary = run_and_summarise(
        [report_set.folder], data_dir=data_dir, trust=[report_set.trusted_cert]
    )
    for school in summary.schools:
        result = verify_pdf(Path(school.path).read_bytes(), trusted=[cert])
        assert school.trusted is result.trusted
        assert school.signer == result.signer


def test_trust_store_of_the_data_folder_counts(report_set: ReportSet, data_dir: Path) -> None:
    from reports.signing import import_trusted_certificate

    import_trusted_certificate(data_dir, report_set.untrusted_cert.read_bytes())
    _, summary = run_and_summarise([report_set.folder], data_dir=data_dir, require_trust=True)
    assert [s.school_code for s in summary.schools] == [SCHOOLS["Z"][0]]
    untrusted = sorted(Path(r.path).name for r in summary.rejected if r.reasons == ("untrusted",))
    assert untrusted == ["x-valid.pdf", "y-new.pdf", "y-old.pdf"]


def test_require_trust_rejects_the_untrusted_report(report_set: ReportSet, data_dir: Path) -> None:
    _, summary = run_and_summarise(
        [report_set.folder], data_dir=data_dir, trust=[report_set.trusted_cert], require_trust=True
    )
    assert SCHOOLS["Z"][0] not in {s.school_code for s in summary.schools}
    rejected = {Path(r.path).name: r.reasons for r in summary.rejected}
    assert rejected["z-untrusted.pdf"] == ("untrusted",)
    assert "不在信任列表中" in next(
        r for r in summary.rejected if r.reasons == ("untrusted",)
    ).reason("zh")


def test_rerun_changes_nothing(report_set: ReportSet, data_dir: Path) -> None:
    first_run, first = run_and_summarise([report_set.folder], data_dir=data_dir)
    before = _table_counts(data_dir / "office.db")
    second_run, second = run_and_summarise([report_set.folder], data_dir=data_dir)
    assert (second_run.known, second_run.accepted, second_run.rejected) == (8, 0, 0)
    assert _table_counts(data_dir / "office.db") == before
    assert before["submissions"] == 8 and before["reports"] == 4
    assert second == first


def test_the_later_signed_report_wins_whatever_the_order_of_arrival(
    report_set: ReportSet, data_dir: Path
) -> None:
    run_and_summarise([report_set.path("sub/y-new.pdf")], data_dir=data_dir)
    _, summary = run_and_summarise([report_set.path("y-old.pdf")], data_dir=data_dir)
    assert [Path(s.path).name for s in summary.schools] == ["y-new.pdf"]
    assert [Path(r.path).name for r in summary.superseded] == ["y-old.pdf"]


def test_a_copy_elsewhere_is_the_same_submission(
    report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    folder = report_set.copy_to(tmp_path / "in")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "again.pdf").write_bytes((folder / "x-valid.pdf").read_bytes())
    run_and_summarise([folder, inbox], data_dir=data_dir)
    assert (
        _stored_paths(data_dir)[str(folder / "x-valid.pdf")] == 1
    )  # "in/…" sorts before "inbox/…"
    assert len(_stored_paths(data_dir)) == 8
    # Once the stored file is gone, the path follows the copy; otherwise nothing changes.
    (folder / "x-valid.pdf").unlink()
    run_and_summarise([inbox], data_dir=data_dir)
    assert str(inbox / "again.pdf") in _stored_paths(data_dir)
    assert len(_stored_paths(data_dir)) == 8


def _stored_paths(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "office.db") as conn:
        return {path: 1 for (path,) in conn.execute("SELECT path FROM submissions")}


def test_unreadable_file_is_listed_not_stored(
    report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    folder = report_set.copy_to(tmp_path / "in")
    (folder / "gone.pdf").symlink_to(
        tmp_path / "deleted-meanwhile.pdf"
    )  # unreadable, even for root
    run, summary = run_and_summarise([folder], data_dir=data_dir)
    assert [Path(o.path).name for o in run.failed] == ["gone.pdf"]
    failed = next(r for r in summary.rejected if Path(r.path).name == "gone.pdf")
    assert failed.reasons == ("unreadable",)
    assert failed.reason("en").startswith("The file cannot be read.")
    assert _table_counts(data_dir / "office.db")["submissions"] == 8


def test_unreadable_files_and_oddities_never_stop_the_run(
    report_set: ReportSet, data_dir: Path, tmp_path: Path
) -> None:
    folder = report_set.copy_to(tmp_path / "in")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(report_set.path("x-valid.pdf").read_bytes()[:5000])
    (folder / "readme.txt").write_text("not scanned: only *.pdf in folders")
    (folder / ".hidden.pdf").write_bytes(b"skipped")
    run, summary = run_and_summarise([folder], data_dir=data_dir)
    assert run.files == 10
    reasons = {Path(r.path).name: r.reasons for r in summary.rejected}
    assert reasons["empty.pdf"] == ("not_pdf",)
    assert reasons["truncated.pdf"][0] in ("not_pdf", "tampered")
    assert len(summary.schools) == 3


def test_stale_check_version_is_checked_again(report_set: ReportSet, data_dir: Path) -> None:
    run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    with sqlite3.connect(data_dir / "office.db") as conn:
        conn.execute("UPDATE submissions SET check_version = ?", (CHECK_VERSION - 1,))
    run, summary = run_and_summarise([report_set.path("x-valid.pdf")], data_dir=data_dir)
    assert (run.known, run.accepted) == (0, 1)
    assert _table_counts(data_dir / "office.db")["submissions"] == 1
    assert len(summary.schools) == 1


def test_parallel_workers_give_the_same_summary(report_set: ReportSet, tmp_path: Path) -> None:
    _, serial = run_and_summarise([report_set.folder], data_dir=tmp_path / "a", workers=0)
    run, parallel = run_and_summarise([report_set.folder], data_dir=tmp_path / "b", workers=2)
    assert run.done == 8
    assert [s.school_code for s in parallel.schools] == [s.school_code for s in serial.schools]
    assert [(Path(r.path).name, r.reasons) for r in parallel.rejected] == [
        (Path(r.path).name, r.reasons) for r in serial.rejected
    ]
    assert list(parallel.findings()) == list(serial.findings())


def test_stop_ends_the_run_and_keeps_what_was_checked(
    report_set: ReportSet, data_dir: Path
) -> None:
    seen: list[str] = []
    with open_store(None, data_dir=data_dir) as store:
        run = aggregate_paths(
            [report_set.folder],
            store,
            workers=0,
            progress=lambda d, t, o: seen.append(o.path),
            should_stop=lambda: len(seen) >= 3,
        )
    assert run.cancelled and run.done == 3
    assert _table_counts(data_dir / "office.db")["submissions"] == 3


def test_progress_is_reported_for_every_file(report_set: ReportSet, data_dir: Path) -> None:
    calls: list[tuple[int, int]] = []
    with open_store(None, data_dir=data_dir) as store:
        aggregate_paths(
            [report_set.folder], store, workers=0, progress=lambda d, t, o: calls.append((d, t))
        )
    assert calls == [(i, 8) for i in range(1, 9)]


def test_missing_path_is_an_input_error(data_dir: Path, tmp_path: Path) -> None:
    with open_store(None, data_dir=data_dir) as store, pytest.raises(InputError, match="找不到"):
        aggregate_paths([tmp_path / "nowhere"], store)


def test_accepted_files_are_the_signed_reports(report_set: ReportSet, data_dir: Path) -> None:
    _, summary = run_and_summarise([report_set.folder], data_dir=data_dir)
    shown = {Path(s.path).name for s in summary.schools} | {
        Path(r.path).name for r in summary.superseded
    }
    assert shown == {Path(name).name for name in ACCEPTED}


def test_workers_judge_with_the_parents_checklists_as_with_their_own(
    report_set: ReportSet,
) -> None:
    """The pool sends the parent's checklists pickled; every file of the mixed folder gets
    the same verdict (reasons, facts, findings) as when a worker loads the definitions."""
    from reports.aggregate.worker import check_file, init_worker, shipped_checklists

    names = sorted(str(p) for p in report_set.folder.rglob("*.pdf"))
    try:
        init_worker(frozenset())
        own = [check_file(name) for name in names]
        init_worker(frozenset(), shipped_checklists())
        shipped = [check_file(name) for name in names]
    finally:
        init_worker(frozenset())
    assert shipped == own
    assert {o.status for o in shipped} == {"accepted", "rejected"}
    assert any(o.report is not None and o.report.findings for o in shipped)
