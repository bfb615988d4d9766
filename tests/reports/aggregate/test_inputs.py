"""Finding the files of a run and the certificates it trusts."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists.foundation.errors import InputError
from reports.aggregate import find_report_files, trusted_fingerprints
from reports.signing import certs
from tests.reports.aggregate.report_set import ReportSet


def test_folders_are_searched_recursively_for_pdfs(tmp_path: Path) -> None:
    for name in (
        "a.pdf",
        "B.PDF",
        "deep/er/c.pdf",
        "notes.txt",
        ".hidden.pdf",
        "~$lock.pdf",
        ".git/x.pdf",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_report_files([tmp_path])]
    assert found == ["B.PDF", "a.pdf", "deep/er/c.pdf"]


def test_named_files_count_whatever_their_name_and_duplicates_go(tmp_path: Path) -> None:
    (tmp_path / "report.bin").write_bytes(b"x")
    (tmp_path / "a.pdf").write_bytes(b"x")
    found = find_report_files([tmp_path / "report.bin", tmp_path, tmp_path / "a.pdf"])
    assert found == [tmp_path / "a.pdf", tmp_path / "report.bin"]
    assert all(p.is_absolute() for p in found)


def test_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere") as caught:
        find_report_files([tmp_path / "nowhere"])
    assert "does not exist" in caught.value.text("en")


def test_trusted_fingerprints_from_files_and_trust_store(
    report_set: ReportSet, data_dir: Path
) -> None:
    from reports.signing import import_trusted_certificate

    def fingerprint(path: Path) -> str:
        return certs.fingerprint_sha256(certs.load_certificate(path.read_bytes()))

    assert trusted_fingerprints([], data_dir) == frozenset()
    assert trusted_fingerprints([report_set.trusted_cert], None) == {
        fingerprint(report_set.trusted_cert)
    }
    import_trusted_certificate(data_dir, report_set.untrusted_cert.read_bytes())
    both = trusted_fingerprints([report_set.trusted_cert], data_dir)
    assert both == {fingerprint(report_set.trusted_cert), fingerprint(report_set.untrusted_cert)}


def test_unreadable_certificate_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="证书"):
        trusted_fingerprints([tmp_path / "missing.pem"], None)
    (tmp_path / "bad.pem").write_text("not a certificate")
    with pytest.raises(InputError):
        trusted_fingerprints([tmp_path / "bad.pem"], None)
