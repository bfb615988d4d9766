"""The engine's CLI: checklists, validate, evaluate — exit codes and JSON contracts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.checklists.helpers import document, id_number


def write(tmp_path: Path, doc: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_checklists_json_lists_items_with_clauses_and_rules(cli, data_dir: Path) -> None:
    proc = cli("checklists", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    listing = {c["id"]: c for c in json.loads(proc.stdout)}
    assert list(listing)[:4] == ["safety", "psychology", "lighting", "guards"]
    guards = next(i for i in listing["guards"]["items"] if i["id"] == "guards")
    codes = {r["code"]: r for r in guards["rules"]}
    assert {
        "new_hire_over_45",
        "over_55_on_post",
        "assessment_not_current",
        "assessment_failed_still_on_post",
        "invalid_id_number",
        "birth_date_unknown",
    } <= set(codes)
    assert codes["over_55_on_post"]["clauses"] == [75]
    assert all(isinstance(c, int) for i in listing["safety"]["items"] for c in i["clauses"])
    assert not list(data_dir.iterdir())  # a read-only command writes nothing


def test_evaluate_json(cli, tmp_path: Path) -> None:
    rows = [{"name": "老王", "id_number": id_number("1950-05-05"), "hire_date": "2010-01-01"}]
    path = write(
        tmp_path,
        document(
            {"guards": {"guards": rows}, "psychology": {"fulltime_psych_teachers": 0}},
            enrollment=1300,
        ),
    )
    proc = cli("evaluate", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)["checklists"]
    assert set(out) == {"psychology", "guards"}
    assert [f["code"] for f in out["psychology"]["findings"]] == ["fulltime_psych_teacher_missing"]
    over = next(f for f in out["guards"]["findings"] if f["code"] == "over_55_on_post")
    assert (
        over["row"] == 0
        and over["clauses"] == [75]
        and over["severity"] in ("critical", "major", "minor")
    )
    assert out["guards"]["status"] == "non_compliant"


def test_evaluate_text_is_chinese_by_default(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path, document({"psychology": {"fulltime_psych_teachers": 0}}, enrollment=1300)
    )
    proc = cli("evaluate", str(path))
    assert proc.returncode == 0 and "第17条" in proc.stdout and "不达标" in proc.stdout
    proc = cli("--lang", "en", "evaluate", str(path))
    assert "Non-compliant" in proc.stdout and "clause 17" in proc.stdout


def test_evaluate_bad_input_exits_2_with_the_path(cli, tmp_path: Path) -> None:
    doc = document({"guards": {"guards": [{"name": "a", "hire_date": "2021-02-30"}] * 4}})
    doc["checklists"]["guards"]["guards"] = [dict(r) for r in doc["checklists"]["guards"]["guards"]]
    for row in doc["checklists"]["guards"]["guards"][:3]:
        row["hire_date"] = "2021-02-01"
    proc = cli("evaluate", str(write(tmp_path, doc)))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "checklists.guards.guards[3].hire_date" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_evaluate_not_json_or_missing(cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\x00\x01 not json")
    proc = cli("evaluate", str(junk))
    assert proc.returncode == 2 and "JSON" in proc.stderr
    proc = cli("evaluate", str(tmp_path / "missing.json"))
    assert proc.returncode == 2 and "missing.json" in proc.stderr


def test_validate_definitions(cli, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    proc = cli(
        "validate", *[str(p) for p in sorted((root / "checklists/definitions").glob("*.yaml"))]
    )
    assert proc.returncode == 0, proc.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\ncolour: red\n", encoding="utf-8")
    proc = cli("validate", str(bad))
    assert proc.returncode == 2
    assert (
        "bad.yaml:3:" in proc.stderr and "colour" in proc.stderr and "Traceback" not in proc.stderr
    )


def test_unknown_command_is_usage_error(cli) -> None:
    proc = cli("frobnicate")
    assert proc.returncode == 2
