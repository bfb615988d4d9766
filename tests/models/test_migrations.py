"""Migrations: a database made by every earlier schema upgrades, keeps its data, and is backed up first."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from models import schema
from models.backup import list_backups
from models.database import open_database
from models.ops.answers import get_answers, set_answer
from models.ops.assessments import get_assessment, list_assessments
from models.ops.evaluation import evaluate_assessment
from models.ops.history import GENESIS, entry_hash, verify_history
from models.schema import SCHEMA_VERSION, migrate, read_version
from tests.models.conftest import file_hash

FIXTURES = Path(__file__).parent / "fixtures"
PSYCHOLOGY = Path(__file__).resolve().parents[2] / "checklists" / "definitions" / "psychology.yaml"
PROFILE = {"name": "旧版本学校", "code": "4419000077", "stage": "primary", "enrollment": 1300, "district": "",
           "boarding_students": 0, "principal": "", "contact": ""}  # fmt: skip
T = "2021-11-01 08:00:00.000000"


def _history(
    conn: sqlite3.Connection, assessment_id: int, entries: list[tuple[str, str | None, str | None]]
) -> None:
    prev = GENESIS
    for action, item, new_json in entries:
        at = datetime.fromisoformat(T)
        digest = entry_hash(
            prev, assessment_id, at, "old-app", action, "psychology", item, None, None, new_json, ""
        )
        conn.execute(
            "INSERT INTO history (assessment_id, at, user, action, checklist_id, item_id, row_id, old_json, new_json,"
            " source, prev_hash, hash) VALUES (?, ?, 'old-app', ?, 'psychology', ?, NULL, NULL, ?, '', ?, ?)",
            (assessment_id, T, action, item, new_json, prev, digest),
        )
        prev = digest


def make_v1(path: Path) -> None:
    """A version-1 database with data: a school, a signed assessment and its amendment."""
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    content = PSYCHOLOGY.read_bytes()
    sha = hashlib.sha256(content).hexdigest()
    conn.execute(
        "INSERT INTO schools VALUES (1, '4419000077', '旧版本学校', 'primary', 1300, '', 0, '', '', ?, ?)",
        (T, T),
    )
    conn.execute(
        "INSERT INTO checklist_snapshots VALUES (?, 'psychology', 1, 'yaml', ?, ?)",
        (sha, content, T),
    )
    for aid, status, amended in ((1, "signed", None), (2, "draft", 1)):
        conn.execute(
            "INSERT INTO assessments (id, school_id, period, reference_date, status, profile_json, amended_from_id,"
            " created_at, updated_at) VALUES (?, 1, '2021年秋季学期', '2021-12-31', ?, ?, ?, ?, ?)",
            (aid, status, json.dumps(PROFILE, ensure_ascii=False), amended, T, T),
        )
        conn.execute("INSERT INTO assessment_checklists VALUES (?, 'psychology', ?, 0)", (aid, sha))
        conn.execute(
            "INSERT INTO answers (assessment_id, checklist_id, item_id, value_json, explanation, updated_by,"
            " updated_at) VALUES (?, 'psychology', 'fulltime_psych_teachers', '0', NULL, 'old-app', ?)",
            (aid, T),
        )
        _history(conn, aid, [("create", None, None), ("answer", "fulltime_psych_teachers", "0")])
    conn.commit()
    conn.close()


@pytest.fixture
def v1_folder(data_dir: Path) -> Path:
    make_v1(data_dir / "campus.db")
    return data_dir


def test_the_v1_fixture_is_what_migration_step_1_builds(tmp_path: Path) -> None:
    def tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
        return sorted(
            conn.execute(
                "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
        )

    fixture = sqlite3.connect(tmp_path / "a.db")
    fixture.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    fresh = sqlite3.connect(tmp_path / "b.db", isolation_level=None)
    migrate(fresh, target=1)
    assert tables(fixture) == tables(fresh)
    for _, name in tables(fresh):
        if name in {n for _, n in tables(fresh) if _ == "table"}:
            assert (
                fixture.execute(f"PRAGMA table_info({name})").fetchall()
                == fresh.execute(f"PRAGMA table_info({name})").fetchall()
            )
    assert read_version(fixture) == read_version(fresh) == 1


def test_a_v1_database_is_upgraded_and_keeps_its_data(v1_folder: Path) -> None:
    with open_database(v1_folder) as db, db.session() as s:
        assert (
            s.connection().exec_driver_sql("SELECT version FROM schema_version").scalar()
            == SCHEMA_VERSION
        )
        summaries = {a.id: a for a in list_assessments(s)}
        assert summaries[1].revision == 1 and summaries[2].revision == 2  # computed by the v2 step
        assert summaries[2].amended_from == 1
        assert (
            summaries[1].findings["major"] >= 1
        )  # figures evaluated for rows the v2 step left empty
        assert get_answers(s, 2, "psychology")["fulltime_psych_teachers"] == 0
        assert "fulltime_psych_teacher_missing" in {
            f.code for f in evaluate_assessment(s, 1).findings
        }
        assert verify_history(s, 1).ok and verify_history(s, 2).ok


def test_a_backup_is_written_before_migrating(v1_folder: Path) -> None:
    original = file_hash(v1_folder / "campus.db")
    open_database(v1_folder, backup_on_open=False).close()
    backups = list_backups(v1_folder)
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert read_version(conn) == 1
    conn.close()
    assert original != file_hash(v1_folder / "campus.db")


def test_an_upgraded_database_accepts_new_edits_and_continues_the_chain(v1_folder: Path) -> None:
    with open_database(v1_folder) as db:
        with db.session() as s, s.begin():
            set_answer(s, 2, "psychology", "fulltime_psych_teachers", 2, user="new-app")
        with db.session() as s:
            assert verify_history(s, 2).ok and verify_history(s, 2).entries == 3
            assert get_assessment(s, 2).findings["major"] == 0


def test_a_failing_step_leaves_the_database_at_the_old_version(
    v1_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE assessments ADD COLUMN revision INTEGER")
        raise RuntimeError("step failed half-way")

    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))
    with pytest.raises(RuntimeError, match="half-way"):
        open_database(v1_folder)
    conn = sqlite3.connect(v1_folder / "campus.db")
    assert read_version(conn) == 1
    assert "revision" not in {r[1] for r in conn.execute("PRAGMA table_info(assessments)")}
    conn.close()
    monkeypatch.undo()
    open_database(
        v1_folder
    ).close()  # the lock was released and a later, working version upgrades it


def test_every_step_runs_from_an_empty_database(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    assert read_version(conn) == 0
    assert migrate(conn) == SCHEMA_VERSION == len(schema.MIGRATIONS)
    assert read_version(conn) == SCHEMA_VERSION


def test_migrate_refuses_to_go_backwards(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    migrate(conn)
    with pytest.raises(ValueError):
        migrate(conn, target=1)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


@pytest.mark.parametrize("start", [2, 3])
def test_a_v2_or_v3_database_gains_the_enrolment_parts_and_the_photos_table(
    tmp_path: Path, start: int
) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    migrate(conn, target=start)
    conn.execute(
        "INSERT INTO schools (name, code, stage, enrollment, district, boarding_students, principal,"
        " contact, created_at, updated_at) VALUES (?, ?, ?, ?, '', 0, '', '', ?, ?)",
        ("旧版本学校", "4419000077", "nine_year", 1300, T, T),
    )
    assert "photos" not in {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert migrate(conn) == SCHEMA_VERSION == 4
    assert {"enrollment_primary", "enrollment_secondary"} <= _columns(conn, "schools")
    assert {"assessment_id", "code", "row_id", "report_sha256", "taken_at"} <= _columns(
        conn, "photos"
    )
    assert conn.execute("SELECT name, enrollment FROM schools").fetchall() == [("旧版本学校", 1300)]
