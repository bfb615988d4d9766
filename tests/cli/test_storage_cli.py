"""The storage CLI: import, export-json, list, history [--verify], backup, restore; bad input → exit 2."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from checklists.answers_doc import DocumentParser
from checklists.registry import builtin_checklists
from tests.conftest import SAMPLE
from tests.models.conftest import file_hash, small_doc_json


def _write(tmp_path: Path, doc: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _source(tmp_path: Path) -> Path:
    return SAMPLE if SAMPLE.exists() else _write(tmp_path, small_doc_json())


def _import(cli, data_dir: Path, path: Path) -> int:
    proc = cli("import", str(path), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return int(json.loads(proc.stdout)["assessment"])


def test_import_then_export_gives_an_equal_document(cli, data_dir: Path, tmp_path: Path) -> None:
    source = _source(tmp_path)
    assessment = _import(cli, data_dir, source)
    out = tmp_path / "out" / "exported.json"
    out.parent.mkdir()
    proc = cli("export-json", str(assessment), "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    parser = DocumentParser(builtin_checklists())
    original = parser.parse(json.loads(source.read_text(encoding="utf-8")))
    exported = DocumentParser(builtin_checklists()).parse(
        json.loads(out.read_text(encoding="utf-8"))
    )
    assert exported == original
    assert [p.name for p in out.parent.iterdir()] == ["exported.json"]  # no temporary file left


def test_import_without_json_prints_the_id(cli, data_dir: Path, tmp_path: Path) -> None:
    proc = cli("import", str(_write(tmp_path, small_doc_json())), data_dir=data_dir)
    assert proc.returncode == 0 and proc.stdout.strip() == "1"


def test_list_shows_status_progress_and_findings(cli, data_dir: Path, tmp_path: Path) -> None:
    assert cli("list", "--json", data_dir=data_dir).stdout.strip() == "[]"
    assert not list(data_dir.iterdir())  # listing an empty folder creates nothing
    doc = _write(tmp_path, small_doc_json())
    assessment = _import(cli, data_dir, doc)
    (entry,) = json.loads(cli("list", "--json", data_dir=data_dir).stdout)
    assert entry["id"] == assessment and entry["status"] == "draft"
    assert entry["school"]["code"] == "4419000123" and 0 < entry["progress"] <= 100
    assert entry["findings"]["major"] >= 1 and set(entry["findings"]) == {
        "critical",
        "major",
        "minor",
    }
    # The figures of checklists.results.Figures, as the evaluation gives them.
    fig = json.loads(cli("evaluate", str(doc), "--json", data_dir=data_dir).stdout)
    judged = sum(c["summary"]["judged"] for c in fig["checklists"].values())
    passed = sum(c["summary"]["passed"] for c in fig["checklists"].values())
    assert entry["compliance"] == round(100.0 * passed / judged, 1)
    assert entry["open_items"] == sum(c["summary"]["open"] for c in fig["checklists"].values())
    text = cli("list", data_dir=data_dir).stdout
    assert "东莞市测试小学" in text and "草稿" in text
    assert (
        f"符合率 {entry['compliance']:.1f}%" in text and f"未完成 {entry['open_items']} 项" in text
    )


def test_history_and_verify(cli, data_dir: Path, tmp_path: Path) -> None:
    assessment = _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    proc = cli("history", str(assessment), data_dir=data_dir)
    assert proc.returncode == 0 and "import" in proc.stdout
    proc = cli("history", str(assessment), "--verify", data_dir=data_dir)
    assert proc.returncode == 0 and "完整" in proc.stdout
    conn = sqlite3.connect(data_dir / "campus.db")
    conn.execute("DROP TRIGGER history_no_update")
    first = conn.execute(
        "SELECT min(id) FROM history WHERE assessment_id = ?", (assessment,)
    ).fetchone()[0]
    conn.execute("UPDATE history SET user = 'mallory' WHERE id = ?", (first,))
    conn.commit()
    conn.close()
    proc = cli("history", str(assessment), "--verify", "--json", data_dir=data_dir)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["first_broken"] == first


def test_backup_and_restore(cli, data_dir: Path, tmp_path: Path) -> None:
    _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    proc = cli("backup", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    backup = Path(proc.stdout.strip().split()[-1])
    assert backup.parent == data_dir / "backups" and backup.exists()
    _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    assert len(json.loads(cli("list", "--json", data_dir=data_dir).stdout)) == 2
    proc = cli("restore", str(backup), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(cli("list", "--json", data_dir=data_dir).stdout)) == 1


def test_restoring_a_broken_backup_exits_2_and_changes_nothing(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    broken = tmp_path / "campus-20220101-000000.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = file_hash(data_dir / "campus.db")
    proc = cli("restore", str(broken), data_dir=data_dir)
    assert proc.returncode == 2 and "备份" in proc.stderr
    assert file_hash(data_dir / "campus.db") == before


def _bad_document(tmp_path: Path, kind: str) -> Path:
    doc = small_doc_json()
    if kind == "wrong_tag":
        doc["format"] = "campus-selfcheck/answers@9"
    elif kind == "unknown":
        doc["checklists"]["nope"] = {"x": 1}
        doc["checklists"]["psychology"]["no_such_item"] = 1
    elif kind == "wrong_type":
        doc["checklists"]["psychology"]["fulltime_psych_teachers"] = "two"
        doc["checklists"]["guards"]["guards"][0]["hire_date"] = "2019-02-30"
    elif kind == "junk":
        junk = tmp_path / "junk.json"
        with junk.open("wb") as f:
            f.write(b"{" + b"\x8f" * (50 * 1024 * 1024))
        return junk
    elif kind == "not_json":
        path = tmp_path / "text.json"
        path.write_text("这不是 JSON", encoding="utf-8")
        return path
    elif kind == "missing":
        return tmp_path / "missing.json"
    return _write(tmp_path, doc, f"{kind}.json")


@pytest.mark.parametrize(
    "kind", ["wrong_tag", "unknown", "wrong_type", "junk", "not_json", "missing"]
)
def test_bad_documents_exit_2_and_leave_the_database_unchanged(
    cli, data_dir: Path, tmp_path: Path, kind: str
) -> None:
    from models.database import open_database
    from models.ops.assessments import list_assessments
    from models.ops.exchange import import_document

    doc = DocumentParser(builtin_checklists()).parse(small_doc_json())
    with open_database(data_dir) as db, db.session() as s, s.begin():
        import_document(s, doc, user="t")
    open_database(data_dir).close()  # the day's backup is made now, not during the bad import
    db_file = data_dir / "campus.db"
    before = file_hash(db_file)
    proc = cli("import", str(_bad_document(tmp_path, kind)), data_dir=data_dir)
    assert proc.returncode == 2
    assert proc.stderr.strip() and "Traceback" not in proc.stderr
    expected = {
        "wrong_tag": "format",
        "unknown": "checklists.nope",
        "wrong_type": "guards.guards[0].hire_date",
        "junk": "MB",
        "not_json": "JSON",
        "missing": "missing.json",
    }[kind]
    assert expected in proc.stderr
    assert file_hash(db_file) == before
    with open_database(data_dir) as db, db.session() as s:
        assert len(list_assessments(s)) == 1


def test_a_second_window_gets_a_clear_error(cli, data_dir: Path, tmp_path: Path) -> None:
    from models.database import open_database

    _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    with open_database(data_dir):
        proc = cli("list", data_dir=data_dir)
    assert proc.returncode == 2 and "已被另一个窗口打开" in proc.stderr


def test_a_corrupt_database_exits_2_and_names_the_backups(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    cli("backup", data_dir=data_dir)
    db = data_dir / "campus.db"
    db.write_bytes(db.read_bytes()[:2048])
    before = file_hash(db)
    proc = cli("--lang", "en", "list", data_dir=data_dir)
    assert proc.returncode == 2
    assert "damaged" in proc.stderr and str(data_dir / "backups") in proc.stderr
    assert file_hash(db) == before


def test_a_list_figure_changed_into_text_exits_2_naming_it(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    import sqlite3

    _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    conn = sqlite3.connect(data_dir / "campus.db")
    with conn:
        conn.execute("UPDATE assessments SET compliance = 'abc'")
    conn.close()  # the last connection: its changes are in the file itself
    db = data_dir / "campus.db"
    before = file_hash(db)
    proc = cli("--lang", "en", "list", data_dir=data_dir)
    assert proc.returncode == 2, proc.stderr
    assert "damaged" in proc.stderr and "assessments.compliance" in proc.stderr
    assert "Traceback" not in proc.stderr and file_hash(db) == before


def test_export_of_an_unknown_assessment_exits_2(cli, data_dir: Path, tmp_path: Path) -> None:
    _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    proc = cli("export-json", "42", "--out", str(tmp_path / "x.json"), data_dir=data_dir)
    assert proc.returncode == 2 and "#42" in proc.stderr
    assert not (tmp_path / "x.json").exists()


def test_history_masks_id_numbers_unless_asked(cli, data_dir) -> None:
    import re

    from tests.conftest import SAMPLE

    assert cli("import", str(SAMPLE), data_dir=data_dir).returncode == 0
    full = re.compile(r"\d{17}[\dX]")
    digests = re.compile(r"[0-9a-f]{32,}")  # the history's hash chain: 18 digits in a row by chance
    masked = cli("history", "1", "--json", data_dir=data_dir)
    assert masked.returncode == 0 and "********" in masked.stdout
    assert not full.search(digests.sub("", masked.stdout))
    shown = cli("history", "1", "--json", "--full-ids", data_dir=data_dir)
    assert full.search(shown.stdout)


def test_export_and_import_carry_the_photos(cli, data_dir: Path, tmp_path: Path) -> None:
    """export-json writes the photo folder beside the file; import in another data folder reads
    it; without it the import is refused on stderr (exit 2) and nothing is stored."""
    from tests.models.photo_helpers import phone_jpeg

    assessment = _import(cli, data_dir, _write(tmp_path, small_doc_json()))
    photo = tmp_path / "门岗.jpg"
    photo.write_bytes(phone_jpeg(800, 600))
    proc = cli("attach-photo", str(assessment), "guards", "guards", str(photo),
               "--code", "over_55_on_post", "--row", "1", data_dir=data_dir)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out" / "answers.json"
    out.parent.mkdir()
    proc = cli("export-json", str(assessment), "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "1 张照片已写入" in proc.stdout
    folder = tmp_path / "out" / "answers.photos"
    assert [f.name for f in folder.iterdir()] == [file_hash(photo) + ".jpg"]
    other = tmp_path / "other"
    new_id = _import(cli, other, out)
    listed = cli("photos", str(new_id), "--json", data_dir=other)
    assert listed.returncode == 0, listed.stderr
    assert "门岗.jpg" in listed.stdout
    (folder / (file_hash(photo) + ".jpg")).unlink()
    third = tmp_path / "third"
    proc = cli("import", str(out), data_dir=third)
    assert proc.returncode == 2
    assert "找不到照片“门岗.jpg”" in proc.stderr and "Traceback" not in proc.stderr
    assert cli("list", "--json", data_dir=third).stdout.strip() in ("[]", "")
