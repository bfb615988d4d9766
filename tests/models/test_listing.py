"""The home page's lists read with SQL on a connection (models.listing) equal the Session's reads."""

from __future__ import annotations

import sqlite3

import pytest

from checklists.answers import School
from models.database import Database
from models.errors import StoredDataDamaged
from models.listing import HomeList, assessment_list, home_list
from models.ops.assessments import get_assessment, list_assessments
from models.ops.common import state
from models.ops.evaluation import figures_now
from models.ops.school import create_school, get_school, list_schools


def _session_home(db: Database) -> HomeList:
    with db.session() as s, s.begin():
        rows = list_assessments(s)
        schools = list_schools(s)
        school = (rows[0].school_id, get_school(s, rows[0].school_id)) if rows else schools[0]
        return HomeList(school, len(schools), rows)


def test_an_empty_folder_lists_nothing(db: Database) -> None:
    with db.reading() as conn:
        assert home_list(conn) == HomeList(None, 0, [])


def test_a_school_without_self_checks_is_the_school_shown(db: Database, school_id: int) -> None:
    with db.reading() as conn:
        found = home_list(conn)
    assert found is not None and found.assessments == [] and found.schools == 1
    assert found.school is not None and found.school[0] == school_id
    assert found.school[1].name == "东莞市示例小学"


def test_the_connection_reads_what_the_session_reads(
    db: Database, draft: int, imported: int
) -> None:
    with db.session() as s, s.begin():
        other = create_school(
            s, School("东莞市另一小学", "4419000002", "primary", 800, "东城街道"), user="t"
        )
    with db.reading() as conn:
        found = home_list(conn)
    assert found == _session_home(db)
    assert found is not None and found.schools == 3  # the draft's, the imported one's, the other
    assert [a.id for a in found.assessments] == [imported, draft]  # most recently changed first
    assert found.school is not None and found.school[0] == found.assessments[0].school_id != other
    with db.session() as s, s.begin():
        assert found.assessments[1] == get_assessment(s, draft)
    imported_line = found.assessments[0]
    assert imported_line.findings["major"] > 0 and imported_line.progress > 0  # stored figures
    assert imported_line.checklists == ("psychology", "guards")


def test_a_self_check_without_stored_figures_is_left_to_the_session(
    db: Database, draft: int, imported: int
) -> None:
    before = _session_home(db)
    with sqlite3.connect(db.path) as conn:  # as the schema step that could not evaluate it left it
        conn.execute(
            "UPDATE assessments SET progress = NULL, compliance = NULL, open_items = NULL,"
            " findings_critical = NULL, findings_major = NULL, findings_minor = NULL WHERE id = ?",
            (imported,),
        )
    with db.reading() as conn:
        assert home_list(conn) is None  # no evaluate: the caller reads through a Session
    with db.session() as s, s.begin():
        evaluated = assessment_list(s.connection(), lambda a: figures_now(s, state(s, a.id)))
        assert evaluated == list_assessments(s) == before.assessments  # evaluated, not stored
    assert _session_home(db) == before


@pytest.mark.parametrize(
    ("column", "value"), [("profile_json", "{bad"), ("reference_date", "not a date")]
)
def test_a_damaged_stored_value_read_on_a_connection_is_named_as_damaged(
    db: Database, draft: int, column: str, value: str
) -> None:
    with sqlite3.connect(db.path) as conn:
        conn.execute(f"UPDATE assessments SET {column} = ? WHERE id = ?", (value, draft))
    with pytest.raises(StoredDataDamaged), db.reading() as conn:
        home_list(conn)
    with pytest.raises(StoredDataDamaged), db.session() as s:  # as the Session's read names it
        list_assessments(s)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("progress", "abc"),  # a figure the list formats as a number (it crashed the home page)
        ("compliance", "abc"),
        ("findings_major", "x"),
        ("open_items", "many"),
        ("revision", "abc"),
        ("profile_json", "{}"),  # JSON, but not a school profile
        ("profile_json", "[1]"),
        ("profile_json", '{"name": 1, "code": "4419"}'),
        ("status", "weird"),  # past its CHECK constraint, as a tool that ignores it can write
        ("period", b"\x00"),  # a blob: TEXT affinity keeps it as bytes
    ],
)
def test_a_list_value_of_the_wrong_kind_is_named_as_damaged(
    db: Database, imported: int, column: str, value: str | bytes
) -> None:
    with sqlite3.connect(db.path) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(f"UPDATE assessments SET {column} = ? WHERE id = ?", (value, imported))
    with pytest.raises(StoredDataDamaged, match=f"assessments.{column}"), db.reading() as conn:
        home_list(conn)
    with pytest.raises(StoredDataDamaged, match=f"assessments.{column}"), db.session() as s:
        list_assessments(s)


def test_a_deleted_school_row_leaves_its_self_checks_listed_under_their_own_profile(
    db: Database, imported: int
) -> None:
    before = _session_home(db)
    with sqlite3.connect(db.path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM schools")
    with db.reading() as conn:
        found = home_list(conn)
    assert found is not None and found.schools == 0
    assert found.assessments == before.assessments
    assert found.school is not None and found.school[1] == before.school[1]  # type: ignore[index]
