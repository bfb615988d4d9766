"""Single-file inputs that are devices, FIFOs or links to them: refused at once (exit 2), never read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE


def _run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # A FIFO opened for reading blocks until a writer comes: the timeout turns a hang into a failure.
    cmd = [
        sys.executable,
        str(ROOT / "main.py"),
        "--lang",
        "en",
        "--data-dir",
        str(data_dir),
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("special") / "data"
    data_dir.mkdir()
    assert _run(data_dir, "import", str(SAMPLE)).returncode == 0
    (data_dir.parent / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(data_dir.parent / "fifo.json")
    (data_dir.parent / "zero.json.yaml").symlink_to("/dev/zero")
    os.mkfifo(data_dir.parent / "fifo.json.yaml")
    (data_dir.parent / "pw.txt").write_text("secret passphrase\n", encoding="utf-8")
    return data_dir


COMMANDS = {
    "validate": (["validate", "{bad}"], "answers document"),
    "evaluate": (["evaluate", "{bad}"], "answers document"),
    "import": (["import", "{bad}"], "answers document"),
    "import-table": (["import-table", "1", "guards", "guards", "{bad}"], "workbook"),
    "verify": (["verify", "{bad}"], "{bad}"),
    "trust import": (["trust", "import", "{bad}"], "{bad}"),
    "identity import": (["identity", "import", "{bad}", "--passphrase-file", "{pw}"], "identity file"),
    "passphrase": (
        ["identity", "create", "--school-name", "A", "--school-code", "4419012345", "--signer", "S",
         "--title", "T", "--passphrase-file", "{bad}"],
        "passphrase file",
    ),
    "reasons": (["export-pdf", "1", "--out", "{out}", "--reasons", "{bad}"], "reasons file"),
    "restore": (["restore", "{bad}"], "backup"),
    "attach-photo": (["attach-photo", "1", "safety", "safety_meeting_held", "{bad}"], "photo"),
    "validate checklist": (["validate", "{bad}.yaml"], "checklist file"),
    "school-list import": (["school-list", "import", "{bad}", "--period", "2022年春季学期"], "school list"),
}  # fmt: skip


@pytest.mark.parametrize("kind", ["zero.json", "fifo.json"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_device_or_fifo_is_refused_by_name(imported: Path, name: str, kind: str) -> None:
    bad = str(imported.parent / kind)
    values = {
        "bad": bad,
        "pw": str(imported.parent / "pw.txt"),
        "out": str(imported.parent / "r.pdf"),
    }
    command, named = COMMANDS[name]
    before = (imported / "campus.db").read_bytes()
    proc = _run(imported, *(part.format(**values) for part in command))
    assert proc.returncode == 2, proc.stderr
    assert "not a regular file" in proc.stderr and bad in proc.stderr, proc.stderr
    assert named.format(**values) in proc.stderr and "Traceback" not in proc.stderr
    assert (imported / "campus.db").read_bytes() == before
    assert not (imported.parent / "r.pdf").exists()


HOSTILE_REASONS = {
    "deep": ("[" * 100_000 + "]" * 100_000, ":1:17: nested too deeply"),
    "duplicate key": ('{"psychology": {"mh_course": "a"}, "psychology": {}}', "psychology: duplicate key"),
    "control character": ('{"psychology": {"mh_course": "a\\u0007"}}', "psychology.mh_course: the text has a control"),
    "long text": (
        '{"psychology": {"mh_course": "' + "x" * 5000 + '"}}',
        "psychology.mh_course: text too long",
    ),
    "wrong shape": ('{"psychology": ["a"]}', "must be {checklist: {item: reason}}"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE_REASONS))
def test_a_hostile_reasons_file_is_exit_2_naming_the_place(
    imported: Path, tmp_path: Path, name: str
) -> None:
    text, said = HOSTILE_REASONS[name]
    reasons = tmp_path / "reasons.json"
    reasons.write_text(text, encoding="utf-8")
    out = tmp_path / "r.pdf"
    proc = _run(imported, "export-pdf", "1", "--out", str(out), "--reasons", str(reasons))
    assert proc.returncode == 2, proc.stderr
    assert str(reasons) in proc.stderr and said in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
