"""Lint, format, type and dead-code checks run as part of the test command, not only by hand."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where the app's code is used from: the app, and the scripts and benchmarks that drive it.
USERS = ("checklists", "models", "reports", "cli", "ui", "main.py", "tools", "packaging", "bench")
# Folders left out of the format and dead-code checks (none: the whole tree is checked).
NOT_YET_CHECKED: tuple[str, ...] = ()
# Names used by something vulture cannot see, each with the reason it is not dead.
NOT_DEAD = {
    "forget_memory": "test hook: drops the checklists compiled in memory (the disk cache stays)",
    "forget_generated_code": "test hook: drops the judges' code held in memory (its file stays)",
    "forget_session": "test hook: drops a database's cache after tests write to it with raw SQL",
    "_committed": "SQLAlchemy event listener (after_commit)",
    "_rolled_back": "SQLAlchemy event listener (after_soft_rollback)",
    "_transaction_ended": "SQLAlchemy event listener (after_transaction_end)",
    "__getattr__": "module attribute hook of reports.aggregate (lazy imports, PEP 562)",
    "afterFlowable": "reportlab calls it on the document template after each flowable",
    "avail_width": "an argument of reportlab's Flowable.wrap, which the app's flowables override",
    "avail_height": "an argument of reportlab's Flowable.wrap, which the app's flowables override",
    "*Event": "Qt calls a widget's event handlers (paintEvent, dropEvent, …) it overrides",
    "filterAcceptsRow": "Qt calls a sort/filter proxy's override",
    "updateEditorGeometry": "Qt calls an item delegate's override",
    "show_dashboard": "the page's counterpart of show_findings; the menu test drives the page with it",
    "clause_title": "the plan's clause headings, checked against the plan text by its test",
    "busy": "the verify dialog's state, which its tests wait on",
    "fact": "one fact of the verify panel by its label, which its tests read",
    "row_text": "a table row's searchable text, the reference its filter test checks Qt's pattern against",
}
# What vulture says with certainty about code (60%: functions, classes; 90%: imports; 100%:
# unreachable code, unused arguments). Unused attributes and variables are left out: setting
# openpyxl's and reportlab's attributes and declaring ORM columns is how those libraries work.
DEAD_KINDS = (
    "unused function",
    "unused method",
    "unused class",
    "unused property",
    "unused import",
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_clean() -> None:
    proc = _run("ruff", "check", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_clean() -> None:
    exclude = [arg for part in NOT_YET_CHECKED for arg in ("--exclude", f"{part}/**")]
    proc = _run("ruff", "format", "--check", *exclude, ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "already formatted" in proc.stdout  # it did look at files


def test_mypy_strict_on_the_app() -> None:
    proc = _run("mypy", "checklists", "models", "reports", "cli", "ui", "main.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def dead_code(output: str) -> list[str]:
    """The findings of vulture's ``output`` that mean dead code in the checked packages."""
    found = []
    for line in output.splitlines():
        match = re.match(
            r"(?P<path>[^:]+):\d+: (?P<what>.+?) '.*' \((?P<confidence>\d+)% confidence", line
        )
        if match is None or match["path"].startswith(tuple(f"{p}/" for p in NOT_YET_CHECKED)):
            continue
        if (
            match["what"] in DEAD_KINDS
            or match["what"] == "unreachable code"
            or match["confidence"] == "100"
        ):
            found.append(line)
    return found


def test_no_dead_code() -> None:
    proc = _run("vulture", *USERS, "--min-confidence", "60", "--ignore-names", ",".join(NOT_DEAD))
    assert proc.returncode in (0, 3), proc.stderr  # 3: vulture found something
    assert dead_code(proc.stdout) == []


def test_dead_code_check_sees_an_unused_function(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import os\n\ndef used() -> int:\n    return 1\n\n\ndef unused() -> int:\n    return used()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "vulture", "m.py", "--min-confidence", "60"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = dead_code(proc.stdout)
    assert len(found) == 2 and "'unused'" in found[0] + found[1] and "'os'" in found[0] + found[1]
