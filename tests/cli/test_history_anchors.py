"""``history --verify`` against the chain heads signed reports embed and against backups."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from checklists.foundation import limits
from tests.cli.identity_helpers import create_identity
from tests.conftest import SAMPLE


def _signed_export(cli: Any, data_dir: Path, tmp_path: Path) -> Path:
    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    identity, secret = create_identity(
        cli, data_dir, tmp_path, school_name="东莞市南城示例实验小学"
    )
    out = tmp_path / "signed.pdf"
    done = cli(
        "export-pdf",
        "1",
        "--out",
        str(out),
        "--sign",
        identity,
        "--passphrase-file",
        str(secret),
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    return out


def _sql(data_dir: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    conn = sqlite3.connect(data_dir / "campus.db")
    conn.execute("DROP TRIGGER IF EXISTS history_no_update")
    conn.execute("DROP TRIGGER IF EXISTS history_no_delete")
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_intact_chain_agrees_with_its_signed_report(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    out = _signed_export(cli, data_dir, tmp_path)
    proc = cli("history", "1", "--verify", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stdout
    anchors = json.loads(proc.stdout)["anchors"]
    assert [a["source"] for a in anchors if a["source"].endswith(".pdf")] == [str(out.resolve())]
    assert all(a["problem"] == "" for a in anchors)


def test_cut_chain_is_found_by_the_signed_report(cli: Any, data_dir: Path, tmp_path: Path) -> None:
    out = _signed_export(cli, data_dir, tmp_path)
    # The attacker deletes the newest entries (here: all): what is left still chains up.
    _sql(data_dir, ("DELETE FROM history WHERE assessment_id = 1", ()))
    proc = cli("history", "1", "--verify", "--reports", str(out), "--json", data_dir=data_dir)
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1 and doc["first_broken"] is None  # the chain alone looks fine
    assert {a["problem"] for a in doc["anchors"] if a["source"].endswith(".pdf")} == {
        "entries_removed"
    }
    text = cli("history", "1", "--verify", data_dir=data_dir)
    assert text.returncode == 1 and "删减" in text.stdout


def test_rehashed_chain_is_found_by_the_signed_report(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    from models.database import open_database
    from models.ops.history import GENESIS, entry_hash
    from models.tables import HistoryEntry

    _signed_export(cli, data_dir, tmp_path)
    with open_database(data_dir, backup_on_open=False) as db, db.session() as s:
        entries = list(s.query(HistoryEntry).filter_by(assessment_id=1).order_by(HistoryEntry.id))
        rows, prev = [], GENESIS
        for i, e in enumerate(entries):
            user = "mallory" if i == 0 else e.user
            digest = entry_hash(
                prev,
                e.assessment_id,
                e.at,
                user,
                e.action,
                e.checklist_id,
                e.item_id,
                e.row_id,
                e.old_json,
                e.new_json,
                e.source,
            )
            rows.append((user, prev, digest, e.id))
            prev = digest
    _sql(
        data_dir,
        *[("UPDATE history SET user = ?, prev_hash = ?, hash = ? WHERE id = ?", r) for r in rows],
    )
    proc = cli("history", "1", "--verify", "--json", data_dir=data_dir)
    doc = json.loads(proc.stdout)
    assert doc["first_broken"] is None and doc["reason"] == ""  # re-hashed: the chain holds
    assert proc.returncode == 1
    assert "rewritten" in {a["problem"] for a in doc["anchors"]}


def test_each_file_named_that_is_no_usable_report_is_said_so(
    cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    out = _signed_export(cli, data_dir, tmp_path)
    text = tmp_path / "text.pdf"
    text.write_text("not a pdf\n", encoding="utf-8")
    sparse = tmp_path / "sparse.pdf"
    with sparse.open("wb") as handle:  # larger than any report, costs no disk (sparse)
        handle.truncate(limits.MAX_REPORT_BYTES + 1)
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    named = [text, sparse, fifo, out]
    proc = cli(
        "--lang", "en", "history", "1", "--verify", "--reports", *map(str, named), data_dir=data_dir
    )
    assert proc.returncode == 0, proc.stderr
    said = proc.stderr.splitlines()
    assert said == [
        f"{text}: The file is not a PDF (or is damaged). It cannot be verified.",
        f"The report {sparse} is too large (limit 64 MB).",
        f"{fifo} is not a regular file (a device, pipe or folder); it cannot be read as the report.",
    ], proc.stderr
    assert f"{out.resolve()}: " in proc.stdout or f"{out}: " in proc.stdout
