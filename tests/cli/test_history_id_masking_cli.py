"""history --json masks an ID number however it was written: separators, invisible characters,
a digit too many or too few — the ID column wholesale, ID-like runs in free text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE

ID = "441900196405121310"  # the first guard's number in the sample
# Crosses the region code, the birth date and the sequence: in no other value of the sample.
TELL = "0196405121"
INVISIBLE = re.compile(r"[-\s\u00a0\u00ad\u200b-\u200d\u2060\ufeff]")

WRITTEN = {
    "dash": "441900-19640512-1310",
    "space": "441900 19640512 1310",
    "nineteen_digits": ID + "0",
    "seventeen_digits": ID[:17],
    "zero_width_space": "441900\u200b196405121310",
    "newline": "441900\n196405121310",
    "tab": "441900\t196405121310",
    "nbsp": "441900\u00a0196405121310",
    "soft_hyphen": "441900\u00ad196405121310",
    "word_joiner": "441900\u2060196405121310",
    "bom": "441900\ufeff196405121310",
}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _leaks(stdout: str) -> list[str]:
    return [s for s in _strings(json.loads(stdout)) if TELL in INVISIBLE.sub("", s)]


@pytest.mark.parametrize("written", WRITTEN.values(), ids=WRITTEN.keys())
def test_history_masks_an_id_number_however_written(
    cli: Any, data_dir: Path, tmp_path: Path, written: str
) -> None:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    guards = doc["checklists"]["guards"]["guards"]
    assert guards[0]["id_number"] == ID
    guards[0]["id_number"] = written
    # The school's free text may quote it too.
    doc["checklists"]["guards"]["guards"][0]["name"] = f"李国平（{written}）"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = cli("import", str(path), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    masked = cli("history", "1", "--json", data_dir=data_dir)
    assert masked.returncode == 0, masked.stderr
    assert _leaks(masked.stdout) == []
    shown = cli("history", "1", "--json", "--full-ids", data_dir=data_dir)
    assert _leaks(shown.stdout)  # asked for: shown as stored
