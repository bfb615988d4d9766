"""The Excel CLI: template, import-table (all or nothing, exit 2), export-xlsx — against a real data folder."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import ROOT, SAMPLE, run_cli
from tests.reports.excel.helpers import GUARD_ROWS, fill_sheet


@pytest.fixture
def stored(data_dir: Path) -> Path:
    """A data folder holding the sample school as assessment 1."""
    proc = run_cli("import", str(SAMPLE), data_dir=data_dir)
    assert proc.returncode == 0 and proc.stdout.strip() == "1", proc.stderr
    return data_dir


def document(data_dir: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "doc.json"
    proc = run_cli("export-json", "1", "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def history(data_dir: Path) -> list[dict[str, Any]]:
    proc = run_cli("history", "1", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def template(data_dir: Path, tmp_path: Path, *extra: str) -> Path:
    path = tmp_path / "template.xlsx"
    proc = run_cli("template", "guards", "guards", "--out", str(path), *extra, data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return path


def test_template_import_export_reimport(stored: Path, tmp_path: Path) -> None:
    path = fill_sheet(template(stored, tmp_path), GUARD_ROWS)
    proc = run_cli("import-table", "1", "guards", "guards", str(path), "--json", data_dir=stored)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["imported"], out["rows"], out["sheet"], out["warnings"]) == (
        True,
        2,
        "保安员名册",
        [],
    )
    assert "over_55_on_post" in out["findings_removed"]
    entry = history(stored)[-1]
    assert (entry["action"], entry["item"], entry["source"]) == (
        "rows_replace",
        "guards",
        "excel:template.xlsx",
    )
    first = document(stored, tmp_path)["checklists"]["guards"]["guards"]
    assert [r["name"] for r in first] == ["张三", "李四"] and first[1]["hire_date"] == "2021-03-01"

    export = tmp_path / "export.xlsx"
    proc = run_cli("export-xlsx", "1", "--out", str(export), "--full-ids", data_dir=stored)
    assert proc.returncode == 0 and "已导出到" in proc.stdout, proc.stderr
    proc = run_cli("import-table", "1", "guards", "guards", str(export), data_dir=stored)
    assert (
        proc.returncode == 0 and "已从工作表“保安员名册”导入 2 行到 guards/guards" in proc.stdout
    ), proc.stderr
    assert document(stored, tmp_path)["checklists"]["guards"]["guards"] == first


def test_a_bad_file_changes_nothing_and_lists_every_error(stored: Path, tmp_path: Path) -> None:
    before, entries = document(stored, tmp_path), len(history(stored))
    path = fill_sheet(
        template(stored, tmp_path), [GUARD_ROWS[0], ["王五", 4.41900197001e17, None, "2021-02-30"]]
    )
    proc = run_cli("import-table", "1", "guards", "guards", str(path), data_dir=stored)
    assert proc.returncode == 2
    assert proc.stderr.startswith("导入被拒绝，未导入任何数据（2 处问题）：")
    assert (
        "第 3 行，列 B 公民身份号码：身份证号码被 Excel 存成了数字（4.41900197001E+17）"
        in proc.stderr
    )
    assert "第 3 行，列 D 入职日期：日期不存在" in proc.stderr
    proc = run_cli("import-table", "1", "guards", "guards", str(path), "--json", data_dir=stored)
    assert proc.returncode == 2
    problems = json.loads(proc.stdout)["problems"]
    assert [(p["sheet"], p["row"], p["column"]) for p in problems] == [
        ("保安员名册", 3, "B 公民身份号码"),
        ("保安员名册", 3, "D 入职日期"),
    ]
    assert document(stored, tmp_path) == before and len(history(stored)) == entries


def test_hostile_file_is_refused_with_exit_2(stored: Path, tmp_path: Path) -> None:
    before = document(stored, tmp_path)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    proc = run_cli("import-table", "1", "guards", "guards", str(path), data_dir=stored)
    assert proc.returncode == 2 and "roster.xlsx 已损坏（不完整的压缩包）" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert document(stored, tmp_path) == before


def test_export_masks_ids_unless_asked_and_speaks_english(stored: Path, tmp_path: Path) -> None:
    masked, english = tmp_path / "masked.xlsx", tmp_path / "en.xlsx"
    assert run_cli("export-xlsx", "1", "--out", str(masked), data_dir=stored).returncode == 0
    assert openpyxl.load_workbook(masked)["保安员名册"]["B2"].value == "441900********1310"
    proc = run_cli(
        "export-xlsx", "1", "--out", str(english), "--lang", "en", "--json", data_dir=stored
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "out": str(english),
        "assessment": 1,
        "lang": "en",
        "full_ids": False,
    }
    wb = openpyxl.load_workbook(english)
    assert wb["Guard roster"]["A1"].value == "Name" and "Findings" in wb.sheetnames
    proc = run_cli("import-table", "1", "guards", "guards", str(masked), data_dir=stored)
    assert proc.returncode == 2 and "请用 export-xlsx --full-ids 重新导出" in proc.stderr


def test_english_template_imports(stored: Path, tmp_path: Path) -> None:
    path = template(stored, tmp_path, "--lang", "en")
    assert openpyxl.load_workbook(path).worksheets[0]["A1"].value == "Name"
    fill_sheet(path, [["Zhang San", "441900197001010010", None, "2019-03-01", "yes"]])
    proc = run_cli(
        "--lang", "en", "import-table", "1", "guards", "guards", str(path), data_dir=stored
    )
    assert (
        proc.returncode == 0
        and "Imported 1 row(s) from sheet 'Guard roster' into guards/guards" in proc.stdout
    )


def test_unknown_names_and_missing_database(stored: Path, tmp_path: Path, data_dir: Path) -> None:
    proc = run_cli("template", "nope", "guards", "--out", str(tmp_path / "x.xlsx"), data_dir=stored)
    assert proc.returncode == 2 and "没有检查清单 nope" in proc.stderr
    proc = run_cli(
        "template", "guards", "guard_provider", "--out", str(tmp_path / "x.xlsx"), data_dir=stored
    )
    assert proc.returncode == 2 and "中没有表格 guard_provider" in proc.stderr
    assert not (tmp_path / "x.xlsx").exists()
    path = fill_sheet(template(stored, tmp_path), GUARD_ROWS)
    proc = run_cli("import-table", "1", "nope", "guards", str(path), data_dir=stored)
    assert proc.returncode == 2 and "自查 1 不包含检查清单 nope" in proc.stderr
    proc = run_cli("import-table", "9", "guards", "guards", str(path), data_dir=stored)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_cli("export-xlsx", "1", "--out", str(tmp_path / "y.xlsx"), data_dir=empty)
    assert proc.returncode == 2 and "中还没有数据库" in proc.stderr
    assert not list(empty.iterdir())


def test_an_xls_with_the_schools_own_words_imports_and_says_how_it_was_read(
    stored: Path, tmp_path: Path
) -> None:
    from tests.reports.excel.test_synonyms import HEADER, ROWS, write_xls

    path = write_xls(tmp_path / "保安花名册.xls", [HEADER, *ROWS])
    proc = run_cli("import-table", "1", "guards", "guards", str(path), data_dir=stored)
    assert proc.returncode == 0, proc.stderr
    assert "已从工作表“保安员名册”导入 4 行" in proc.stdout
    assert "“考核是否达标”列的“合格”按“是”读取（2 处）" in proc.stdout
    assert "表头“身份证号”按“公民身份号码”列读取" in proc.stdout
    guards = document(stored, tmp_path)["checklists"]["guards"]["guards"]
    assert [g["on_guard_post"] for g in guards] == [True, False, True, True]
    proc = run_cli("import-table", "1", "guards", "guards", str(path), "--json", data_dir=stored)
    readings = json.loads(proc.stdout)["readings"]
    assert {
        "column": "assessment_passed",
        "written": "合格",
        "read_as": "yes",
        "count": 2,
        "header": False,
    } in readings


def test_import_table_loads_neither_the_export_nor_the_template_writer(
    stored: Path, tmp_path: Path
) -> None:
    path = fill_sheet(template(stored, tmp_path), GUARD_ROWS)
    probe = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print(*sorted(m for m in sys.modules"
        " if m.startswith('reports.excel.')), file=sys.stderr))\n"
        "sys.argv = ['main.py', *sys.argv[1:]]\n"
        "runpy.run_path('main.py', run_name='__main__')\n"
    )
    args = ["--data-dir", str(stored), "import-table", "1", "guards", "guards", str(path)]
    proc = subprocess.run(
        [sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stderr.split())
    assert {"reports.excel.reader", "reports.excel.ops"} <= loaded
    assert not loaded & {"reports.excel.export", "reports.excel.template"}


def test_import_table_pauses_the_cycle_collector_and_restores_it(
    stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import main
    from reports.excel import ops

    path = fill_sheet(template(stored, tmp_path), GUARD_ROWS)
    seen: list[bool] = []
    real = ops.read_table

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(ops, "read_table", spy)
    args = ["--data-dir", str(stored), "import-table", "1", "guards", "guards", str(path)]
    assert gc.isenabled()
    assert main.main(args) == 0
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        assert main.main(args) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    assert main.main([*args[:-1], str(broken)]) == 2  # refused: the collector is back all the same
    assert gc.isenabled()


def _classrooms(stored: Path, tmp_path: Path, desk_lux: Any, board_lux: Any) -> Path:
    """A lighting template with one classroom whose desk and blackboard illuminance are given."""
    path = tmp_path / "classrooms.xlsx"
    proc = run_cli(
        "template", "lighting", "classrooms", "--out", str(path), "--lang", "en", data_dir=stored
    )
    assert proc.returncode == 0, proc.stderr
    row = ["R1", desk_lux, 0.7, "yes", board_lux, 0.8, 16, 4000, 80, 3, 1.8, "yes", None, "no"]
    return fill_sheet(path, [row])


@pytest.mark.parametrize(
    ("desk_lux", "board_lux", "problem"),
    [
        (1e300, 5, "列 B"),
        (300, 1e16, "列 E"),
        (9007199254740993, 5, "列 B"),
        ("9007199254740993", 5, "列 B"),
        ("1" * 25, 5, "列 B"),
        (300, "1e16", "列 E"),
    ],
    ids=["1e300", "1e16", "2**53+1", "2**53+1_text", "25_digits", "1e16_text"],
)
def test_import_table_refuses_numbers_the_answers_document_refuses(
    stored: Path, tmp_path: Path, desk_lux: Any, board_lux: Any, problem: str
) -> None:
    before, entries = document(stored, tmp_path), len(history(stored))
    path = _classrooms(stored, tmp_path, desk_lux, board_lux)
    proc = run_cli("import-table", "1", "lighting", "classrooms", str(path), data_dir=stored)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("导入被拒绝，未导入任何数据（1 处问题）："), proc.stderr
    assert f"第 2 行，{problem}" in proc.stderr and "数字过" in proc.stderr
    assert document(stored, tmp_path) == before and len(history(stored)) == entries


def test_the_largest_numbers_allowed_import_and_export(stored: Path, tmp_path: Path) -> None:
    """At the limits: stored exactly, exported as an answers document the import accepts, and
    printed in the PDF."""
    path = _classrooms(stored, tmp_path, 1e15, "1,000,000,000,000,000")
    proc = run_cli("import-table", "1", "lighting", "classrooms", str(path), data_dir=stored)
    assert proc.returncode == 0, proc.stderr
    doc = document(stored, tmp_path)
    room = doc["checklists"]["lighting"]["classrooms"][0]
    assert room["desk_lux"] == 1e15 and room["board_lux"] == 1e15
    again = tmp_path / "again"
    again.mkdir()
    proc = run_cli("import", str(tmp_path / "doc.json"), data_dir=again)
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "report.pdf"
    proc = run_cli("export-pdf", "1", "--out", str(pdf), data_dir=stored)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "R1" in text


def _unknown_ids(tmp_path: Path, guards: list[dict[str, Any]], row: int) -> Path:
    """The sample school with ``guards`` (ID cells "不详") and an explanation on ``row``."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["checklists"]["guards"]["guards"] = guards
    doc["finding_notes"] = [
        {
            "checklist": "guards",
            "code": "over_55_on_post",
            "item": "guards",
            "row": row,
            "explanation": f"{guards[row]['name']}已安排接替",
        }  # fmt: skip
    ]
    path = tmp_path / "unknown_ids.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _guard(name: str, born: str) -> dict[str, Any]:
    return {"name": name, "id_number": "不详", "birth_date": born, "hire_date": "2012-09-01",
            "on_guard_post": True, "licence_no": "L" + name}  # fmt: skip


def _explained(data_dir: Path, tmp_path: Path) -> dict[str, str]:
    doc = document(data_dir, tmp_path)
    rows = doc["checklists"]["guards"]["guards"]
    return {
        rows[n["row"]]["name"]: n["explanation"]
        for n in doc.get("finding_notes", [])
        if n["item"] == "guards" and n.get("explanation")
    }


def test_a_re_import_never_moves_an_explanation_to_another_person(
    data_dir: Path, tmp_path: Path
) -> None:
    """Rows whose ID cells hold the same invalid text are not the same person: they pair by
    name and birth date; people who cannot be told apart lose the explanation, never pass it on."""
    source = _unknown_ids(tmp_path, [_guard("王甲", "1960-01-01"), _guard("赵乙", "1961-01-01")], 0)
    proc = run_cli("import", str(source), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert _explained(data_dir, tmp_path) == {"王甲": "王甲已安排接替"}
    path = template(data_dir, tmp_path)
    swapped = [
        [name, "不详", date(born, 1, 1), date(2012, 9, 1), "是", None, None, "L" + name]
        for name, born in (("赵乙", 1961), ("王甲", 1960))
    ]
    proc = run_cli("import-table", "1", "guards", "guards", str(fill_sheet(path, swapped)),
                   data_dir=data_dir)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert _explained(data_dir, tmp_path) == {"王甲": "王甲已安排接替"}
    # Two rows of the same name and birth date: whose explanation is it? Nobody's.
    twins = [
        [name, "不详", date(1960, 1, 1), date(2012, 9, 1), "是", None, None, "L" + str(i)]
        for i, name in enumerate(("王甲", "王甲"))
    ]
    path = template(data_dir, tmp_path)
    proc = run_cli("import-table", "1", "guards", "guards", str(fill_sheet(path, twins)),
                   data_dir=data_dir)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert _explained(data_dir, tmp_path) == {}
