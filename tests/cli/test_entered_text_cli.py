"""Text the app's own edits store is text every other way in accepts: an edited roster and note
sign into a report ``verify`` accepts (real pyHanko), and a store an older version left holding a
control character is refused up front by ``export-pdf --sign`` and ``export-json``, naming the
place, with nothing written and nothing locked, until the text is entered again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from checklists.answers import tidy_typed_text
from checklists.foundation.errors import InputError
from models.database import open_database
from models.ops.answers import set_item_note
from models.ops.rows import list_rows, update_cell
from tests.cli.identity_helpers import create_identity
from tests.conftest import SAMPLE


def _edit(data_dir: Path, op) -> None:
    db = open_database(data_dir, backup_on_open=False)
    try:
        with db.session() as s, s.begin():
            op(s)
    finally:
        db.close()


def _sign(cli, data_dir: Path, identity: str, secret: Path, out: Path):
    return cli(
        "export-pdf", "1", "--out", str(out), "--sign", identity, "--passphrase-file",
        str(secret), data_dir=data_dir,
    )  # fmt: skip


@pytest.fixture
def store(cli, data_dir: Path, tmp_path: Path) -> tuple[Path, str, Path]:
    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    identity, secret = create_identity(cli, data_dir, tmp_path)
    return data_dir, identity, secret


def test_edits_with_pasted_line_breaks_sign_into_a_report_verify_accepts(
    cli, store, tmp_path: Path
) -> None:
    data_dir, identity, secret = store

    def edit(s) -> None:
        rows = list_rows(s, 1, "guards", "guards")
        with pytest.raises(InputError, match="U\\+000B"):
            update_cell(s, 1, rows[0].id, "name", "李\x0b国平")
        # What the table view and the note box save for the same paste (tidy_typed_text).
        update_cell(s, 1, rows[0].id, "name", tidy_typed_text("李\x0b国平", lines=False))
        set_item_note(
            s,
            1,
            "safety",
            "safety_meeting_held",
            tidy_typed_text("备注\x0c第二段\u2028", lines=True),
        )

    _edit(data_dir, edit)
    out = tmp_path / "signed.pdf"
    done = _sign(cli, data_dir, identity, secret, out)
    assert done.returncode == 0, done.stderr
    verified = cli("verify", str(out), "--json", data_dir=data_dir)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    exported = tmp_path / "a.json"
    # A signed self-check is read only; its answers file still exports and validates.
    assert cli("export-json", "1", "--out", str(exported), data_dir=data_dir).returncode == 0
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["checklists"]["guards"]["guards"][0]["name"] == "李 国平"
    assert doc["item_notes"]["safety"]["safety_meeting_held"] == "备注\n第二段\n"
    assert cli("validate", str(exported), data_dir=data_dir).returncode == 0


def test_a_store_holding_a_control_character_is_refused_before_anything_is_written(
    cli, store, tmp_path: Path
) -> None:
    data_dir, identity, secret = store
    with sqlite3.connect(data_dir / "campus.db") as con:  # what an older version stored
        (row_id, cells) = con.execute(
            "SELECT id, cells_json FROM table_rows WHERE item_id = 'guards' ORDER BY position"
        ).fetchone()
        con.execute(
            "UPDATE table_rows SET cells_json = ? WHERE id = ?",
            (json.dumps({**json.loads(cells), "name": "李\x0b国平"}), row_id),
        )
        con.execute(
            "INSERT INTO answers (assessment_id, checklist_id, item_id, explanation, updated_by,"
            " updated_at) VALUES (1, 'safety', 'safety_meeting_held', '备注\x0c结束', 't',"
            " '2022-01-01 00:00:00') ON CONFLICT (assessment_id, checklist_id, item_id)"
            " DO UPDATE SET explanation = excluded.explanation"
        )
    out = tmp_path / "signed.pdf"
    refused = _sign(cli, data_dir, identity, secret, out)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "checklists.guards.guards[0].name" in refused.stderr
    assert "第 1 行" in refused.stderr and "U+000B" in refused.stderr
    assert "item_notes.safety.safety_meeting_held" in refused.stderr and "U+000C" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not out.exists()
    exported = tmp_path / "a.json"
    json_refused = cli("export-json", "1", "--out", str(exported), data_dir=data_dir)
    assert json_refused.returncode == 2 and "U+000B" in json_refused.stderr
    assert not exported.exists()
    listing = json.loads(cli("list", "--json", data_dir=data_dir).stdout)
    assert "signed" not in json.dumps(listing)  # not locked

    def fix(s) -> None:
        rows = list_rows(s, 1, "guards", "guards")
        update_cell(s, 1, rows[0].id, "name", tidy_typed_text("李\x0b国平", lines=False))
        set_item_note(s, 1, "safety", "safety_meeting_held", "备注 结束")

    _edit(data_dir, fix)
    done = _sign(cli, data_dir, identity, secret, out)
    assert done.returncode == 0, done.stderr
    verified = cli("verify", str(out), data_dir=data_dir)
    assert verified.returncode == 0, verified.stdout + verified.stderr
