"""Shared fixtures; Qt runs offscreen (set before any Qt import)."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CAMPUS_SELFCHECK_LANG", "zh")
if "CAMPUS_SELFCHECK_CACHE" not in os.environ:  # compiled checklists: never the user's cache
    _cache = tempfile.mkdtemp(prefix="campus-test-cache-")
    os.environ["CAMPUS_SELFCHECK_CACHE"] = _cache
    atexit.register(shutil.rmtree, _cache, True)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data folder for one test."""
    path = tmp_path / "data"
    path.mkdir()
    return path


def run_cli(
    *args: str, data_dir: Path | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py [--data-dir D] ARGS`` in a subprocess, as a user would."""
    cmd = [sys.executable, str(ROOT / "main.py")]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    env = dict(os.environ, CAMPUS_SELFCHECK_LANG=os.environ.get("CAMPUS_SELFCHECK_LANG", "zh"))
    return subprocess.run(
        [*cmd, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        input=input_text,
        timeout=300,
    )


@pytest.fixture
def cli():
    """The run_cli helper as a fixture."""
    return run_cli
