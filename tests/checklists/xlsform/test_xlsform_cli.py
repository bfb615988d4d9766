"""CLI: export-checklist --format xlsform, validate FILE.xlsx, and distributing a workbook."""

from __future__ import annotations

from pathlib import Path

from checklists.registry import builtin_checklists
from checklists.xlsform import load_xlsform
from tests.checklists.xlsform.helpers import form, group, q, save
from tests.conftest import run_cli


def test_export_then_validate(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "f.xlsx"
    exported = run_cli(
        "export-checklist", "guards", "--format", "xlsform", "--out", str(out), data_dir=data_dir
    )
    assert exported.returncode == 0, exported.stderr
    assert "guards" in exported.stdout and out.is_file()
    assert load_xlsform(out) == builtin_checklists()["guards"]
    # a well-formed file, but the same id and version as the built-in one: every command would
    # skip it beside the built-in, so validate says so (a distributed copy needs a new version)
    checked = run_cli("validate", str(out), data_dir=data_dir)
    assert checked.returncode == 2
    assert "清单 'guards' 已存在（版本 3）" in checked.stderr and "Traceback" not in checked.stderr


def test_validate_a_broken_workbook_names_the_cell(tmp_path: Path, data_dir: Path) -> None:
    path = save(
        form([q("geopoint", "where"), q("integer", "n", clause=99)]), tmp_path / "form.xlsx"
    )
    proc = run_cli("--lang", "en", "validate", str(path), data_dir=data_dir)
    assert proc.returncode == 2
    assert "form.xlsx:survey!A2: XLSForm feature not supported: location (geopoint)" in proc.stderr
    assert "form.xlsx:survey!E3: clause 99 out of range (1..82)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_a_file_that_is_not_a_workbook(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    proc = run_cli("validate", str(path), data_dir=data_dir)
    assert proc.returncode == 2 and "不是有效的 .xlsx 工作簿" in proc.stderr


def test_export_unknown_checklist_or_wrong_suffix(tmp_path: Path, data_dir: Path) -> None:
    proc = run_cli(
        "--lang",
        "en",
        "export-checklist",
        "nope",
        "--out",
        str(tmp_path / "x.xlsx"),
        data_dir=data_dir,
    )
    assert proc.returncode == 2 and "no checklist 'nope'; available: safety" in proc.stderr
    proc = run_cli(
        "--lang",
        "en",
        "export-checklist",
        "guards",
        "--out",
        str(tmp_path / "x.csv"),
        data_dir=data_dir,
    )
    assert proc.returncode == 2 and "must end in .xlsx" in proc.stderr
    assert list(tmp_path.iterdir()) == [data_dir]


def test_a_distributed_workbook_is_listed(data_dir: Path) -> None:
    (data_dir / "checklists").mkdir()
    save(form(group("g", q("select_one yes_no", "ok"))), data_dir / "checklists" / "fixture.xlsx")
    proc = run_cli("--lang", "en", "checklists", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "fixture  v2021120101  Test checklist" in proc.stdout


def test_validate_an_odk_workbook_names_the_defaults_it_took(
    tmp_path: Path, data_dir: Path
) -> None:
    from tests.checklists.xlsform.corpus import CORPUS, workbook_bytes

    kobo = next(f for f in CORPUS if f.name == "kobo_household.xlsx")
    path = tmp_path / kobo.name
    path.write_bytes(workbook_bytes(kobo))
    proc = run_cli("--lang", "en", "validate", str(path), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert f"{path}:settings: note: no settings values" in proc.stdout
    assert f"{path}:survey!A2: note: metadata type 'start'" in proc.stdout
    assert f"{path}: OK" in proc.stdout


def test_validate_an_old_xls_workbook(tmp_path: Path, data_dir: Path) -> None:
    from tests.checklists.xlsform.corpus import CORPUS, workbook_bytes

    for name in ("facilities_old_spellings.xls", "interview_media.xls"):
        form_ = next(f for f in CORPUS if f.name == name)
        (tmp_path / name).write_bytes(workbook_bytes(form_))
    ok = run_cli("validate", str(tmp_path / "facilities_old_spellings.xls"), data_dir=data_dir)
    assert ok.returncode == 0, ok.stderr
    bad = run_cli(
        "--lang", "en", "validate", str(tmp_path / "interview_media.xls"), data_dir=data_dir
    )
    assert bad.returncode == 2
    assert "interview_media.xls:survey!A2: XLSForm feature not supported: audio" in bad.stderr
    assert "utf-8" not in bad.stderr


def test_an_odk_workbook_in_the_data_folder_reaches_the_pdf(tmp_path: Path, data_dir: Path) -> None:
    """No settings, no clauses, ${name} in a label: imported, judged and printed."""
    import json
    import subprocess

    from tests.checklists.xlsform.corpus import CORPUS, workbook_bytes

    form_ = next(f for f in CORPUS if f.name == "principal_label_refs.xlsx")
    (data_dir / "checklists").mkdir()
    (data_dir / "checklists" / form_.name).write_bytes(workbook_bytes(form_))
    root = Path(__file__).resolve().parents[3]
    doc = json.loads((root / "resources/samples/sample_school.json").read_text(encoding="utf-8"))
    doc["checklists"]["principal_label_refs"] = {"school_name": "示例小学", "principal": "王五"}
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    imported = run_cli("import", str(answers), data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    pdf = tmp_path / "r.pdf"
    exported = run_cli("export-pdf", imported.stdout.strip(), "--out", str(pdf), data_dir=data_dir)
    assert exported.returncode == 0, exported.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    assert "Principal of 示例小学" in text.stdout
    assert "${school_name}" not in text.stdout
    assert "未注明条款" in text.stdout and "未注明依据文件" in text.stdout
