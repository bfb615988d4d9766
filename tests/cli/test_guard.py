"""The CLI's top-level guard: bugs become one sentence (traceback in the log), closed pipes are quiet, full disks are words."""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.context import CliContext
from cli.main import EXIT_BROKEN_PIPE, EXIT_BUG, guarded
from tests.conftest import ROOT, SAMPLE


def _ctx(data_dir: Path) -> CliContext:
    return CliContext(data_dir=data_dir, lang="en", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_bug_is_one_sentence_and_its_traceback_goes_to_the_log(data_dir: Path) -> None:
    marker = f"marker-{uuid.uuid4().hex}"

    def buggy(args: argparse.Namespace, ctx: CliContext) -> int:
        raise KeyError(marker)

    ctx = _ctx(data_dir)
    assert guarded(buggy, argparse.Namespace(), ctx) == EXIT_BUG
    shown = ctx.stderr.getvalue()  # type: ignore[attr-defined]
    assert shown.count("\n") == 1 and "Traceback" not in shown and marker not in shown
    log = data_dir / "logs" / "campus.log"
    assert str(log) in shown
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and marker in logged and "buggy" in logged


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_no_writer_foresaw_is_words_and_exit_2(data_dir: Path, code: int) -> None:
    def writes(args: argparse.Namespace, ctx: CliContext) -> int:
        raise OSError(code, os.strerror(code), "/somewhere/out.xlsx")

    ctx = _ctx(data_dir)
    assert guarded(writes, argparse.Namespace(), ctx) == 2
    assert "The disk is full; /somewhere/out.xlsx could not be saved" in ctx.stderr.getvalue()  # type: ignore[attr-defined]


def test_a_closed_pipe_exits_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "evaluate", str(SAMPLE), "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader (``| head``) is gone before the first line
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == EXIT_BROKEN_PIPE
    assert err == ""


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KB tmpfs (Linux, root): any real file written there runs out of space."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_every_writer_on_a_full_disk_says_so_and_leaves_nothing(
    cli, data_dir: Path, full_disk: Path
) -> None:
    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    commands = {
        "export-xlsx": ["export-xlsx", "1", "--out", str(full_disk / "a.xlsx")],
        "export-pdf": ["export-pdf", "1", "--out", str(full_disk / "a.pdf")],
        "export-json": ["export-json", "1", "--out", str(full_disk / "a.json")],
        "template": ["template", "guards", "guards", "--out", str(full_disk / "t.xlsx")],
        "export-checklist": [
            "export-checklist", "safety", "--format", "xlsform", "--out", str(full_disk / "s.xlsx"),
        ],
        "aggregate": ["aggregate", str(SAMPLE.parent), "--out", str(full_disk / "summary.xlsx")],
    }  # fmt: skip
    (full_disk / "filler").write_bytes(b"x" * 12_288)  # what is on the disk already stays
    for name, command in commands.items():
        proc = cli(*command, data_dir=data_dir)
        assert proc.returncode == 2, (name, proc.stderr)
        assert "磁盘空间不足" in proc.stderr and "Traceback" not in proc.stderr, (name, proc.stderr)
        assert sorted(p.name for p in full_disk.iterdir()) == ["filler"], name


@pytest.mark.parametrize("command", [["checklists", "--json"], ["evaluate", str(SAMPLE)]])
def test_a_stdout_closed_before_the_start_is_a_closed_pipe(
    data_dir: Path, command: list[str]
) -> None:
    """``main.py … >&-``: the first line written ends the run quietly, as under ``| head``."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *command],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=60,
    )
    assert proc.returncode == EXIT_BROKEN_PIPE, proc.stderr
    assert proc.stderr == b""
    assert not (data_dir / "logs" / "campus.log").exists()


def test_a_command_that_prints_nothing_runs_with_stdout_closed(
    data_dir: Path, tmp_path: Path
) -> None:
    assert (
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "--data-dir",
                str(data_dir),
                "import",
                str(SAMPLE),
            ],
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        ).returncode
        == 0
    )
    out = tmp_path / "a.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--data-dir",
            str(data_dir),
            "export-json",
            "1",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=60,
    )
    assert proc.stderr == b"" and proc.returncode in (0, EXIT_BROKEN_PIPE)
    assert json.loads(out.read_text(encoding="utf-8"))["school"]["name"]
