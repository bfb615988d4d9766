"""Full-width digits (０-９, a Chinese input method's full-width mode) in a school code are read
as 0-9 by validate, import, the app's profile form and the office's list of expected schools
alike; other scripts' digits (which Python's \\d also takes) are refused by all of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checklists.answers import SCHOOL_CODE_RE, School, normalise_school_code
from checklists.answers_doc import read_answers_file
from checklists.foundation.errors import AnswersError
from checklists.registry import builtin_checklists
from models.ops.school import validate_school
from tests.conftest import SAMPLE, run_cli

FULL_WIDTH = "４４１９０１２３４５"  # 4419012345
ARABIC_INDIC = "٤٤١٩٠١٢٣٤٥"


def _doc(tmp_path: Path, code: str) -> Path:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["school"]["code"] = code
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_full_width_digits_are_read_as_ascii_digits(tmp_path: Path) -> None:
    assert normalise_school_code(FULL_WIDTH) == "4419012345"
    doc = read_answers_file(_doc(tmp_path, FULL_WIDTH), builtin_checklists())
    assert doc.school.code == "4419012345"
    profile = School("示例学校", FULL_WIDTH, "primary", 100)
    assert validate_school(profile).code == "4419012345"


def test_other_scripts_digits_are_refused_everywhere(tmp_path: Path) -> None:
    assert not SCHOOL_CODE_RE.match(ARABIC_INDIC)
    with pytest.raises(AnswersError):
        read_answers_file(_doc(tmp_path, ARABIC_INDIC), builtin_checklists())


def test_validate_and_import_agree_and_store_the_plain_code(tmp_path: Path, data_dir: Path) -> None:
    path = _doc(tmp_path, FULL_WIDTH)
    assert run_cli("validate", str(path), data_dir=data_dir).returncode == 0
    assert run_cli("import", str(path), data_dir=data_dir).returncode == 0
    out = tmp_path / "out.json"
    assert run_cli("export-json", "1", "--out", str(out), data_dir=data_dir).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["school"]["code"] == "4419012345"
    bad = _doc(tmp_path, ARABIC_INDIC)
    for command in ("validate", "import"):
        proc = run_cli("--lang", "en", command, str(bad), data_dir=data_dir)
        assert proc.returncode == 2 and "school.code" in proc.stderr, (command, proc.stderr)
