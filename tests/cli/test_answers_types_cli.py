"""``import`` and ``validate`` of an answers file whose finding notes have values of the wrong
type: exit 2 with the place named, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"


@pytest.mark.parametrize("command", ["import", "validate"])
def test_finding_note_checklist_object_is_exit_2(
    cli: Any, data_dir: Path, tmp_path: Path, command: str
) -> None:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["finding_notes"][0]["checklist"] = {}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = cli(command, str(path), data_dir=data_dir)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "finding_notes[0]" in proc.stderr and "Traceback" not in proc.stderr
