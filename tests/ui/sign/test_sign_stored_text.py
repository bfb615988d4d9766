"""Signing from the window a self-check an older version left holding a control character (a
Word line break in a guard's name): refused before the sign dialog opens, the place named, no
file written, nothing locked."""

from __future__ import annotations

import json
from pathlib import Path

from models import cache
from ui.sign import actions as sign_actions
from ui.sign.sign_dialog import SignDialog


def _store_as_an_older_version_did(store, assessment_id: int) -> None:
    def write(s) -> None:
        connection = s.connection()
        row_id, cells = connection.exec_driver_sql(
            "SELECT id, cells_json FROM table_rows WHERE assessment_id = ? AND item_id = 'guards'"
            " ORDER BY position",
            (assessment_id,),
        ).first()
        connection.exec_driver_sql(
            "UPDATE table_rows SET cells_json = ? WHERE id = ?",
            (json.dumps({**json.loads(cells), "name": "李\x0b国平"}, ensure_ascii=False), row_id),
        )

    store.call(write)
    cache.forget(store.db.engine)


def test_signing_a_store_holding_a_control_character_is_refused_up_front(
    opened, store, shown_errors, tmp_path: Path, monkeypatch
) -> None:
    assessment_id = opened.assessment.assessment_id
    _store_as_an_older_version_did(store, assessment_id)
    monkeypatch.setattr(SignDialog, "exec", lambda _self: (_ for _ in ()).throw(AssertionError))
    assert sign_actions.sign_and_export(opened) is None
    assert len(shown_errors) == 1
    message = shown_errors[0].text("zh")
    assert "学校保安队伍 › 保安员名册 › 第 1 行 › 姓名" in message and "U+000B" in message
    assert not opened.assessment.read_only
    assert list(tmp_path.glob("*.pdf")) == []
