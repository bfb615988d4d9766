"""Versioned schema migrations of ``campus.db``: a ``schema_version`` table and ordered steps.

Each step is raw SQL (frozen once released: never edit a step, add a new one) run in one
transaction together with the version bump, so a crash leaves the database at the old or the
new version, never between. A fresh database is built by running every step from version 0.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cache

V1_SQL = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE schools (
    id INTEGER NOT NULL, code VARCHAR(10) NOT NULL, name VARCHAR NOT NULL, stage VARCHAR NOT NULL,
    enrollment INTEGER NOT NULL, district VARCHAR NOT NULL, boarding_students INTEGER NOT NULL,
    principal VARCHAR NOT NULL, contact VARCHAR NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id), UNIQUE (code)
);
CREATE TABLE checklist_snapshots (
    sha256 VARCHAR(64) NOT NULL, checklist_id VARCHAR NOT NULL, version INTEGER NOT NULL,
    format VARCHAR(8) NOT NULL, content BLOB NOT NULL, created_at DATETIME NOT NULL,
    PRIMARY KEY (sha256),
    CONSTRAINT ck_snapshot_format CHECK (format IN ('yaml', 'xlsx'))
);
CREATE TABLE assessments (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    school_id INTEGER NOT NULL REFERENCES schools (id),
    period VARCHAR NOT NULL, reference_date DATE NOT NULL, status VARCHAR(9) NOT NULL,
    profile_json TEXT NOT NULL,
    amended_from_id INTEGER REFERENCES assessments (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    completed_at DATETIME, signed_at DATETIME,
    CONSTRAINT ck_assessment_status CHECK (status IN ('draft', 'completed', 'signed'))
);
CREATE TABLE assessment_checklists (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id VARCHAR NOT NULL,
    snapshot_sha256 VARCHAR(64) NOT NULL REFERENCES checklist_snapshots (sha256),
    position INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, checklist_id)
);
CREATE TABLE answers (
    id INTEGER NOT NULL,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
    value_json TEXT, explanation TEXT,
    updated_by VARCHAR NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_answer UNIQUE (assessment_id, checklist_id, item_id)
);
CREATE TABLE table_rows (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id VARCHAR NOT NULL, item_id VARCHAR NOT NULL, position INTEGER NOT NULL,
    cells_json TEXT NOT NULL, updated_by VARCHAR NOT NULL, updated_at DATETIME NOT NULL
);
CREATE INDEX ix_rows_item ON table_rows (assessment_id, checklist_id, item_id, position);
CREATE TABLE evidence (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id VARCHAR NOT NULL, item_id VARCHAR NOT NULL, position INTEGER NOT NULL,
    name VARCHAR NOT NULL, sha256 VARCHAR(64) NOT NULL, size INTEGER,
    added_by VARCHAR NOT NULL, added_at DATETIME NOT NULL
);
CREATE INDEX ix_evidence_item ON evidence (assessment_id, checklist_id, item_id, position);
CREATE TABLE finding_states (
    id INTEGER NOT NULL,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id VARCHAR NOT NULL, code VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
    row_id INTEGER REFERENCES table_rows (id) ON DELETE CASCADE,
    explanation TEXT NOT NULL,
    rect_status VARCHAR(11), rect_measure TEXT NOT NULL, rect_responsible VARCHAR NOT NULL,
    rect_due_date DATE, updated_by VARCHAR NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_rect_status CHECK (rect_status IS NULL OR rect_status IN ('open', 'in_progress', 'done'))
);
CREATE UNIQUE INDEX uq_finding_state
    ON finding_states (assessment_id, checklist_id, code, item_id, coalesce(row_id, 0));
CREATE TABLE history (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER, at DATETIME NOT NULL, user VARCHAR NOT NULL, action VARCHAR NOT NULL,
    checklist_id VARCHAR, item_id VARCHAR, row_id INTEGER, old_json TEXT, new_json TEXT,
    source VARCHAR NOT NULL, prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL
);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
INSERT INTO schema_version (version) VALUES (0);
"""

# Version 2: the revision number of amendments, cached evaluation figures for the assessment
# list (filled lazily), and an index so the newest history entry of a chain is found at once.
V2_SQL = """
ALTER TABLE assessments ADD COLUMN revision INTEGER DEFAULT '1' NOT NULL;
ALTER TABLE assessments ADD COLUMN progress FLOAT;
ALTER TABLE assessments ADD COLUMN findings_critical INTEGER;
ALTER TABLE assessments ADD COLUMN findings_major INTEGER;
ALTER TABLE assessments ADD COLUMN findings_minor INTEGER;
CREATE INDEX ix_history_assessment ON history (assessment_id, id);
WITH RECURSIVE chain(id, revision) AS (
    SELECT id, 1 FROM assessments WHERE amended_from_id IS NULL
    UNION ALL
    SELECT a.id, chain.revision + 1 FROM assessments a JOIN chain ON a.amended_from_id = chain.id
)
UPDATE assessments SET revision = (SELECT revision FROM chain WHERE chain.id = assessments.id)
    WHERE id IN (SELECT id FROM chain);
"""

# Version 3: the enrolment by part of schools with a primary and a secondary part (each part is
# held to its own psychology-teacher threshold).
V3_SQL = """
ALTER TABLE schools ADD COLUMN enrollment_primary INTEGER;
ALTER TABLE schools ADD COLUMN enrollment_secondary INTEGER;
"""

# Version 4: photos on any item or finding (content-addressed like evidence, plus a downscaled
# JPEG copy for the report).
V4_SQL = """
CREATE TABLE photos (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
    code VARCHAR,
    row_id INTEGER REFERENCES table_rows (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name VARCHAR NOT NULL, sha256 VARCHAR(64) NOT NULL, size INTEGER NOT NULL,
    report_sha256 VARCHAR(64) NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
    taken_at DATETIME, caption TEXT NOT NULL DEFAULT '',
    added_by VARCHAR NOT NULL, added_at DATETIME NOT NULL
);
CREATE INDEX ix_photos_place ON photos (assessment_id, checklist_id, item_id, position);
"""

# Version 5: the list figures follow the one definition of progress and compliance
# (checklists.results.Figures): 符合率 and the count of open items join progress and the
# findings by severity. The figures stored before were computed by an older definition of
# progress, so they are cleared; opening the database computes them again for every existing
# self-check (models.ops.evaluation.store_missing_figures), without changing when it was edited.
V5_SQL = """
ALTER TABLE assessments ADD COLUMN compliance FLOAT;
ALTER TABLE assessments ADD COLUMN open_items INTEGER;
UPDATE assessments SET progress = NULL, compliance = NULL, open_items = NULL,
    findings_critical = NULL, findings_major = NULL, findings_minor = NULL;
"""

Step = Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Step:
    def run(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT first; run statement by statement inside our transaction.
        for statement in _statements(sql):
            conn.execute(statement)

    return run


def _statements(sql: str) -> list[str]:
    """Split a script into complete statements (triggers contain inner semicolons)."""
    out: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


# MIGRATIONS[n] brings a database from version n to n + 1.
MIGRATIONS: tuple[Step, ...] = tuple(
    _script(sql) for sql in (V1_SQL, V2_SQL, V3_SQL, V4_SQL, V5_SQL)
)
SCHEMA_VERSION = len(MIGRATIONS)


def read_version(conn: sqlite3.Connection) -> int | None:
    """The schema version, 0 for an empty database, None when the file holds someone else's tables."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        return 0 if not tables else None
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row is not None else None


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the steps from the database's version up to ``target``, one transaction each.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Returns the new version.
    """
    version = read_version(conn)
    if version is None or version > target:
        raise ValueError(f"cannot migrate from {version} to {target}")
    while version < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute("UPDATE schema_version SET version = ?", (version + 1,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite ends it itself on some errors (a full disk)
                conn.execute("ROLLBACK")
            raise
        version += 1
    return version


@cache
def expected_columns(version: int) -> dict[str, frozenset[str]]:
    """The tables and their columns of a database at ``version``, as the migrations build it."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, version)
        return table_columns(conn)
    finally:
        conn.close()


def table_columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """Every table of ``conn`` (SQLite's own left out) with its column names."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: frozenset(r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (name,)))
        for name in names
    }


def schema_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """What the database lacks of the tables and columns its version must have (None: nothing).

    ``integrity_check`` only proves the file is sound SQLite: a table dropped or a column
    renamed by another program passes it, and would fail later in the middle of some command.
    Extra tables or columns are left alone (nothing of ours reads them).
    """
    found = table_columns(conn)
    missing: list[str] = []
    for table, columns in sorted(expected_columns(version).items()):
        if table not in found:
            missing.append(f"table {table} is missing")
        elif columns - found[table]:
            lacking = ", ".join(sorted(columns - found[table]))
            missing.append(f"table {table} lacks column(s) {lacking}")
    if not missing:
        return None
    more = f" (+{len(missing) - 3} more)" if len(missing) > 3 else ""
    return "; ".join(missing[:3]) + more
