"""A store that another program holds, or whose tables or values were changed outside the app:
a plain sentence and exit 2 on every path (list, the reading export, a change), the file as it was."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli


@pytest.fixture
def stored(data_dir: Path) -> Path:
    proc = run_cli("import", str(SAMPLE), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return data_dir


def _digest(folder: Path) -> str:
    return hashlib.sha256((folder / "campus.db").read_bytes()).hexdigest()


def _sql(folder: Path, *statements: str) -> None:
    with contextlib.closing(sqlite3.connect(folder / "campus.db", isolation_level=None)) as c:
        for statement in statements:
            c.execute(statement)


@contextlib.contextmanager
def _held(folder: Path) -> Iterator[None]:
    """Another program holding an exclusive transaction on the store (rollback journal)."""
    _sql(folder, "PRAGMA journal_mode=DELETE")
    conn = sqlite3.connect(folder / "campus.db", isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


COMMANDS = [
    ("list",),
    ("export-pdf", "1", "--out", "{out}"),
    ("export-json", "1", "--out", "{out}"),
]


def _run(folder: Path, tmp_path: Path, command: tuple[str, ...]):  # type: ignore[no-untyped-def]
    out = tmp_path / ("out.pdf" if command[0] == "export-pdf" else "out.json")
    return run_cli(*(a.format(out=out) for a in command), data_dir=folder), out


def test_a_store_held_by_another_program_is_named_so(stored: Path, tmp_path: Path) -> None:
    with _held(stored):
        for command in COMMANDS[:2]:
            proc, out = _run(stored, tmp_path, command)
            assert proc.returncode == 2, proc.stderr
            assert "数据库被其他程序占用" in proc.stderr and "Traceback" not in proc.stderr
            assert not out.exists()
    proc, _ = _run(stored, tmp_path, COMMANDS[0])
    assert proc.returncode == 0, proc.stderr  # free again: it works


@pytest.mark.parametrize("version", [4, 1])
def test_tables_that_do_not_match_their_version_are_refused_untouched(
    stored: Path, tmp_path: Path, version: int
) -> None:
    _sql(stored, f"UPDATE schema_version SET version = {version}")
    before = _digest(stored)
    for command in COMMANDS:
        proc, out = _run(stored, tmp_path, command)
        assert proc.returncode == 2, proc.stderr
        assert "数据库已损坏或版本不符" in proc.stderr, proc.stderr
        assert not out.exists()
    assert _digest(stored) == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [("evaluate", "nonexist.json"), ("verify", "/nonexistent.pdf")], ids=["eval", "verify"]
)
def test_an_unwritable_stderr_keeps_the_exit_code_of_the_error(
    data_dir: Path, args: tuple[str, ...]
) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *args],
            stdout=subprocess.DEVNULL,
            stderr=full,
            cwd=ROOT,
            timeout=120,
        )
    assert proc.returncode == 2


TAMPERED = {
    "cells": "UPDATE table_rows SET cells_json = '{bad'",
    "due": "UPDATE finding_states SET rect_due_date = '2022-1-31'",
    "due_number": "UPDATE finding_states SET rect_due_date = 20220131",
    "reference": "UPDATE assessments SET reference_date = '2021-12-1'",
    "revision": "UPDATE assessments SET revision = 'abc'",
}


@pytest.mark.parametrize("change", list(TAMPERED), ids=list(TAMPERED))
def test_values_changed_outside_the_app_are_damage_not_a_bug(
    stored: Path, tmp_path: Path, change: str
) -> None:
    set_rectification = (
        "UPDATE finding_states SET rect_status = 'in_progress', rect_measure = 'm',"
        " rect_responsible = 'r'"
    )
    _sql(stored, set_rectification, TAMPERED[change])
    before = _digest(stored)
    # the reading paths (the JSON export does not read the revision)
    for command in COMMANDS[1:2] if change == "revision" else COMMANDS[1:]:
        proc, out = _run(stored, tmp_path, command)
        assert proc.returncode == 2, proc.stderr
        assert "数据库中的数据已损坏" in proc.stderr and "campus.log" not in proc.stderr
        assert not out.exists()
    workbook = tmp_path / "guards.xlsx"
    proc = run_cli("export-xlsx", "1", "--out", str(workbook), data_dir=stored)
    if proc.returncode == 0:  # the writing path, when the workbook could be made at all
        proc = run_cli("import-table", "1", "guards", "guards", str(workbook), data_dir=stored)
    assert proc.returncode == 2 and "数据库中的数据已损坏" in proc.stderr, proc.stderr
    if change == "reference":  # a date the Session path reads for the list too
        proc = run_cli("list", data_dir=stored)
        assert proc.returncode == 2 and "数据库中的数据已损坏" in proc.stderr, proc.stderr
    assert _digest(stored) == before


MESSAGE_CHECKLIST = """\
id: msgx
version: 1
title: {zh: 测试, en: Test}
source:
  document: {zh: 文件, en: Doc}
  clauses: [75]
sections:
  - id: s
    title: {zh: 节, en: Section}
    items:
      - id: t
        type: table
        label: {zh: 表, en: Table}
        clauses: [75]
        columns:
          - id: n
            type: text
            label: {zh: 丙, en: C}
          - id: bad
            type: integer
            label: {zh: 丁, en: D}
            calculate: "${n} + 1"
        rules:
          - code: msg_bad
            fail_if: "true"
            severity: minor
            message: {zh: "值{bad}", en: "value {bad}"}
"""


def test_a_message_naming_a_failing_calculation_leaves_the_item_unjudged(
    data_dir: Path, tmp_path: Path
) -> None:
    """Like a failing rule: that item is open, the evaluation and the import go through."""
    import json

    (data_dir / "checklists").mkdir(parents=True)
    (data_dir / "checklists" / "msgx.yaml").write_text(MESSAGE_CHECKLIST, encoding="utf-8")
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["checklists"] = {"msgx": {"t": [{"n": "abc"}, {"n": "x"}]}}
    doc.pop("finding_notes", None)
    doc.pop("item_notes", None)
    path = tmp_path / "msg.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("evaluate", str(path), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)["checklists"]["msgx"]
    assert result["findings"] == [] and result["summary"]["open"] == 1
    assert [(e["row"], e["where"]) for e in result["errors"]] == [(0, "msg_bad"), (1, "msg_bad")]
    proc = run_cli("import", str(path), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
