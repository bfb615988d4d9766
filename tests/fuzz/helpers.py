"""Running the command line in-process for the fuzz tests, and fingerprinting the store."""

from __future__ import annotations

import io
import sqlite3
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from cli.main import run

CORPUS = Path(__file__).resolve().parent / "corpus"
TABLES = ("schools", "assessments", "answers", "table_rows", "finding_states", "history")


def cli(data_dir: Path, *argv: str) -> tuple[int, str]:
    """Run ``main.py --data-dir D ARGV`` in this process; (exit code, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = run(["--data-dir", str(data_dir), *argv])
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    text = err.getvalue()
    if code not in (0, 2):  # a bug: show what the log caught
        log = data_dir / "logs" / "campus.log"
        text += log.read_text(encoding="utf-8") if log.exists() else ""
    return code, text


def store_state(data_dir: Path) -> tuple[int, ...]:
    """Row counts of every table a command could change (the store's fingerprint)."""
    conn = sqlite3.connect(data_dir / "campus.db")
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    finally:
        conn.close()


def assert_clean(code: int, err: str, what: str) -> None:
    """Exit 0 or 2 and no traceback: the promise every command keeps for any input."""
    assert code in (0, 2), f"{what}: exit {code}\n{err}"
    assert "Traceback" not in err, f"{what}:\n{err}"
