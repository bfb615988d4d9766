"""Writing the report: atomic replace, and no file (not even a temporary one) after a failure."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from checklists.foundation import files as files_module
from checklists.foundation.errors import EnvironmentProblem, InputError
from reports.pdf import ReportData, build_report, write_report
from reports.pdf import writer as writer_module


def test_writes_the_built_bytes(tmp_path: Path, sample_data: ReportData) -> None:
    out = write_report(sample_data, tmp_path / "报告.pdf")
    assert out == tmp_path / "报告.pdf"
    assert out.read_bytes() == build_report(sample_data)
    assert os.listdir(tmp_path) == ["报告.pdf"]


def test_replaces_an_existing_file(tmp_path: Path, sample_data: ReportData) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old")
    write_report(sample_data, out)
    assert out.read_bytes().startswith(b"%PDF-")
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_full_disk_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, sample_data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the previous report")

    def full_disk(_fd: int) -> None:  # part of the report was written; forcing it to disk fails
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", full_disk)
    with pytest.raises(EnvironmentProblem) as info:
        write_report(sample_data, out)
    assert "磁盘空间不足" in info.value.zh and "disk is full" in info.value.en
    assert os.listdir(tmp_path) == ["report.pdf"]
    assert out.read_bytes() == b"the previous report"


def test_full_disk_on_a_new_file_leaves_nothing(
    tmp_path: Path, sample_data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", full_disk)
    with pytest.raises(EnvironmentProblem):
        write_report(sample_data, tmp_path / "report.pdf")
    assert os.listdir(tmp_path) == []


def test_unwritable_folder_is_an_environment_problem(
    tmp_path: Path, sample_data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission bits do not stop root (CI runs as root): the refusal is simulated where the
    # operating system would raise it, when the temporary file is created.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files_module.tempfile, "mkstemp", refuse)
    with pytest.raises(EnvironmentProblem) as info:
        write_report(sample_data, tmp_path / "report.pdf")
    assert "没有写入权限" in info.value.zh and "No permission" in info.value.en
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_folder_for_real(tmp_path: Path, sample_data: ReportData) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(EnvironmentProblem):
            write_report(sample_data, folder / "report.pdf")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o700)


def test_missing_folder_is_an_input_error(tmp_path: Path, sample_data: ReportData) -> None:
    with pytest.raises(InputError) as info:
        write_report(sample_data, tmp_path / "no such folder" / "report.pdf")
    assert "不存在" in info.value.zh and "does not exist" in info.value.en


def test_a_folder_as_target_is_an_input_error(tmp_path: Path, sample_data: ReportData) -> None:
    with pytest.raises(InputError):
        write_report(sample_data, tmp_path)


def test_a_failure_while_building_writes_nothing(
    tmp_path: Path, sample_data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: ReportData) -> bytes:
        raise EnvironmentProblem("字体损坏", "font damaged")

    monkeypatch.setattr(writer_module, "build_report", broken)
    with pytest.raises(EnvironmentProblem):
        write_report(sample_data, tmp_path / "report.pdf")
    assert os.listdir(tmp_path) == []


def test_a_reports_streams_at_its_flate_level_and_other_pdfs_at_reportlabs(
    sample_data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's streams are Flate at FLATE_LEVEL (they decompress to what reportlab wrote);
    a PDF made with reportlab outside a report, after one, keeps zlib's default level."""
    import io
    import re
    import zlib

    from reportlab.pdfgen.canvas import Canvas

    from reports.pdf.layout import FLATE_LEVEL

    pdf = build_report(sample_data)
    streams = re.findall(rb"/Filter \[? */FlateDecode.*?stream\r?\n(.*?)endstream", pdf, re.S)
    assert len(streams) > 10
    for stream in streams:
        raw = zlib.decompressobj().decompress(stream)
        assert raw and zlib.compress(raw, FLATE_LEVEL) == stream.rstrip(b"\r\n")

    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "useA85", 0)  # Flate alone, as in the report
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=1)
    canvas.drawString(72, 72, "reportlab alone " * 40)
    canvas.showPage()
    canvas.save()
    (page,) = re.findall(
        rb"/Filter \[? */FlateDecode.*?stream\r?\n(.*?)endstream", out.getvalue(), re.S
    )
    raw = zlib.decompressobj().decompress(page)
    assert zlib.compress(raw) == page.rstrip(b"\r\n")
    assert zlib.compress(raw, FLATE_LEVEL) != zlib.compress(raw)
