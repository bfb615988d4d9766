"""``validate`` reads a file by its kind: an unknown extension is refused naming the accepted
ones, and a workbook (a zip) is never read as YAML, whatever its name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checklists.foundation.errors import DefinitionError
from checklists.registry import load_definition
from tests.checklists.xlsform.sample_forms import full_form
from tests.conftest import ROOT, run_cli


@pytest.mark.parametrize("name", ["form.xlsm", "form.xlsb", "form.ods", "form.txt", "form"])
def test_an_unknown_extension_is_refused_naming_the_accepted_ones(
    name: str, tmp_path: Path, data_dir: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(full_form())
    proc = run_cli("--lang", "en", "validate", str(path), data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert "accepted: .yaml, .yml, .xlsx, .xls, .json" in proc.stderr
    assert "YAML" not in proc.stderr and "Traceback" not in proc.stderr
    if name.endswith((".xlsm", ".xlsb", ".ods")):
        assert "save it in Excel as .xlsx" in proc.stderr


def test_a_workbook_named_yaml_is_not_read_as_yaml(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "form.yaml"
    path.write_bytes(full_form())
    proc = run_cli("--lang", "en", "validate", str(path), data_dir=data_dir)
    assert proc.returncode == 2
    assert f"{path}:1: this is an Excel workbook (or a zip file), not YAML text" in proc.stderr
    (data_dir / "checklists").mkdir()
    (data_dir / "checklists" / "form.yaml").write_bytes(full_form())
    proc = run_cli("--lang", "en", "checklists", data_dir=data_dir)
    assert proc.returncode == 0 and "not YAML text" in proc.stderr


def test_a_fifo_named_yaml_is_refused_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)  # opening a FIFO for reading would block until a writer comes
    assert "not a regular file" in caught.value.problems[0][2]


def test_validate_refuses_a_checklist_the_commands_would_skip(tmp_path: Path) -> None:
    """Sound alone, but its finding codes are the built-in guards checklist's: every command
    skips it, so validate must not call it correct."""
    folder = tmp_path / "data"
    (folder / "checklists").mkdir(parents=True)
    text = (ROOT / "checklists" / "definitions" / "guards.yaml").read_text(encoding="utf-8")
    copy = folder / "checklists" / "g2.yaml"
    copy.write_text(text.replace("\nid: guards\n", "\nid: guards2\n"), encoding="utf-8")
    proc = run_cli("validate", str(copy), data_dir=folder)
    assert proc.returncode == 2, proc.stdout
    assert "over_55_on_post" in proc.stderr and "正确" not in proc.stdout
    builtin = ROOT / "checklists" / "definitions" / "guards.yaml"
    proc = run_cli("validate", str(builtin), data_dir=tmp_path / "empty")
    assert proc.returncode == 0 and "正确" in proc.stdout, proc.stderr
