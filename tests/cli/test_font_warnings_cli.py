"""CLI import and export warn on stderr, naming field, row and character, when the font lacks one."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SAMPLE

NOT_IN_FONT = "𠀀"  # U+20000


def _answers(tmp_path: Path, guard_name: str) -> Path:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["school"]["name"] = "东莞市道滘镇高埗中心小学"
    doc["checklists"]["guards"]["guards"][1]["name"] = guard_name
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_and_export_warn_on_a_character_the_font_lacks(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    proc = cli("import", str(_answers(tmp_path, f"张{NOT_IN_FONT}三")), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert [u["character"] for u in result["undrawable"]] == [NOT_IN_FONT]
    assert "第 2 行" in proc.stderr and "姓名" in proc.stderr and "U+20000" in proc.stderr

    out = tmp_path / "report.pdf"
    proc = cli("export-pdf", str(result["assessment"]), "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()  # still exported
    assert "第 2 行" in proc.stderr and "𠀀 (U+20000)" in proc.stderr


def test_covered_rare_names_give_no_warning(cli, data_dir: Path, tmp_path: Path) -> None:
    proc = cli("import", str(_answers(tmp_path, "刘䶮")), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["undrawable"] == []
    assert proc.stderr == ""
