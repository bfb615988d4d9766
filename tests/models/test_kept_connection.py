"""The sessions of the thread that opened a data folder share one kept connection, one session
at a time: a save skips the pool's check-out and check-in. A second session open at the same
time, a session of another thread, a session after a failure and a session after the engine let
its connections go each behave as with a connection of their own."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import text

from models.database import Database, traced


def _driver(s: Any) -> Any:
    """The driver's connection the session's transaction runs on."""
    return s.connection().connection.dbapi_connection


def _count(s: Any) -> int:
    return int(s.execute(text("SELECT count(*) FROM schools")).scalar())


def _add_school(s: Any, code: str) -> None:
    s.execute(
        text(
            "INSERT INTO schools (name, code, stage, enrollment, district, boarding_students,"
            " principal, contact, created_at, updated_at)"
            " VALUES ('校', :code, 'primary', 1, '', 0, '', '', '2021-01-01 00:00:00',"
            " '2021-01-01 00:00:00')"
        ),
        {"code": code},
    )


def test_the_sessions_of_the_opening_thread_reuse_one_connection(db: Database) -> None:
    with db.session() as s, s.begin():
        first = _driver(s)
    with db.session() as s, s.begin():
        assert _driver(s) is first  # no check-out from the pool
        assert s.in_transaction()
    with db.session() as s:
        assert not s.in_transaction() and not s.info  # handed out empty


def test_a_second_session_open_at_the_same_time_has_its_own_transaction(db: Database) -> None:
    with db.session() as outer, outer.begin():
        before = _count(outer)  # a read transaction: its snapshot stays as it was
        with db.session() as inner, inner.begin():
            assert _driver(inner) is not _driver(outer)
            _add_school(inner, "4419000999")
        assert _count(outer) == before  # the other transaction's write is not in this one
    with db.session() as s:
        assert _count(s) == before + 1


def test_a_session_of_another_thread_takes_a_connection_of_its_own(db: Database) -> None:
    got: dict[str, Any] = {}

    def other() -> None:
        try:
            with db.session() as t, t.begin():
                got["driver"] = _driver(t)
                _add_school(t, "4419000998")
        except BaseException as exc:  # noqa: BLE001 - reported below
            got["error"] = exc

    with db.session() as s, s.begin():
        mine = _driver(s)
        before = _count(s)
    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert "error" not in got, got.get("error")
    assert got["driver"] is not mine
    with db.session() as s:
        assert _count(s) == before + 1
        assert _driver(s) is mine


def test_a_failed_session_lets_the_kept_connection_go(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with db.session() as s, s.begin():
        first = s.connection()
        before = _count(s)
    with pytest.raises(IntegrityError), db.session() as s, s.begin():
        _add_school(s, "4419000997")
        s.execute(text("INSERT INTO answers (assessment_id) VALUES (999)"))
    assert first.closed  # given back to the pool (which resets it), whatever its state
    with db.session() as s, s.begin():
        assert s.connection() is not first  # checked out anew
        assert _count(s) == before  # the failed transaction left nothing
        _add_school(s, "4419000996")
    with db.session() as s:
        assert _count(s) == before + 1


def test_connections_made_after_the_engine_let_its_own_go_are_used(db: Database) -> None:
    """engine.dispose(): sessions after it run on new connections (a connect listener added
    meanwhile applies to them), the kept one included."""
    from sqlalchemy import event

    with db.session() as s, s.begin():
        _driver(s)
    made: list[Any] = []
    event.listen(db.engine, "connect", lambda conn, _record: made.append(conn))
    db.engine.dispose()
    with db.session() as s, s.begin():
        assert _driver(s) in made


def test_traced_sees_the_statements_of_the_kept_connection(db: Database) -> None:
    with db.session() as s, s.begin():
        _count(s)  # the kept connection is checked out before the trace starts
    with traced(db.engine) as seen, db.session() as s, s.begin():
        _count(s)
    assert [t.split()[0].upper() for t in seen] == ["BEGIN", "SELECT", "COMMIT"]
    with db.session() as s, s.begin():
        _count(s)
    assert len(seen) == 3  # nothing traced once it ended


def test_closing_the_database_lets_the_kept_connection_go(db: Database) -> None:
    with db.session() as s, s.begin():
        driver = _driver(s)
    db.close()
    with pytest.raises(Exception, match="closed"):
        driver.execute("SELECT 1")
