"""Rows stored through the driver's executemany (records._insert_many, on SQLite) are exactly
the rows SQLAlchemy's own insert stores: the same values, of the same SQLite types, for a whole
run over the mixed folder and for values of every column type (dates, moments, booleans,
floats, None)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, insert, select

from reports.aggregate import aggregate_paths, open_store, records
from reports.aggregate.store import (
    REPORT_CHECKLISTS,
    REPORT_FINDINGS,
    REPORT_REVISIONS,
    REPORTS,
    SUBMISSIONS,
)
from tests.reports.aggregate.report_set import ReportSet

TABLES = {
    "reports": "submission_id",
    "report_checklists": "submission_id, checklist",
    "report_findings": "submission_id, position",
    "report_revisions": "submission_id, revision",
}


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db)
    try:
        out = {}
        for table, order in TABLES.items():
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            shown = ", ".join(f"{c}, typeof({c})" for c in columns)
            out[table] = conn.execute(f"SELECT {shown} FROM {table} ORDER BY {order}").fetchall()
        return out
    finally:
        conn.close()


def _through_sqlalchemy(s: Connection, table: Any, keys: Any, rows: list[tuple[Any, ...]]) -> None:
    s.execute(insert(table), [dict(zip(keys, row, strict=True)) for row in rows])


def test_a_run_stores_what_sqlalchemys_insert_stores(
    report_set: ReportSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(None, data_dir=tmp_path / "driver") as store:
        aggregate_paths([report_set.folder], store, workers=1)
    monkeypatch.setattr(records, "_insert_many", _through_sqlalchemy)
    with open_store(None, data_dir=tmp_path / "sqlalchemy") as store:
        aggregate_paths([report_set.folder], store, workers=1)
    driver, plain = (
        _dump(tmp_path / "driver" / "office.db"),
        _dump(tmp_path / "sqlalchemy" / "office.db"),
    )
    assert driver == plain
    assert len(driver["report_findings"]) > 10 and len(driver["report_checklists"]) >= 4


def _values() -> dict[str, list[dict[str, Any]]]:
    report = {
        "submission_id": 1, "report_id": "r-1", "school_name": "东莞市示例小学",
        "school_code": "4419000001", "district": "莞城街道", "stage": "primary",
        "enrollment": 800, "period": "2026年秋季学期", "reference_date": date(2026, 9, 1),
        "generated_at": datetime(2026, 9, 2, 8, 30, 5, 123456), "app_version": "0.1.0",
    }  # fmt: skip
    checklist = {
        "submission_id": 1, "position": 0, "checklist": "guards", "version": 3, "known": True,
        "status": "fail", "compliance": 0.875, "items": 8, "passed": 7, "failed": 1,
        "findings": 2, "critical": 0, "major": 1, "minor": 1, "applicable": None, "done": 0,
        "open": 2,
    }  # fmt: skip
    unknown = dict(checklist, checklist="lighting", known=False, compliance=None, version=9)
    finding = {
        "submission_id": 1, "position": 0, "checklist": "guards", "code": "over_age",
        "row_index": 3, "severity": "major", "count": 1, "clauses": "75,77", "item": "guards",
        "message_zh": "超龄", "message_en": "over age", "explanations": "", "measures": "换人",
        "owners": "张三", "due_date": date(2026, 10, 1), "rect_status": "open",
    }  # fmt: skip
    undated = dict(finding, position=1, row_index=None, due_date=None, rect_status="")
    return {
        "reports": [report],
        "report_checklists": [checklist, unknown],
        "report_findings": [finding, undated],
        "report_revisions": [{"submission_id": 1, "revision": 4}],
    }


def test_every_column_type_is_stored_alike(tmp_path: Path) -> None:
    tables = {t.name: t for t in (REPORTS, REPORT_CHECKLISTS, REPORT_FINDINGS, REPORT_REVISIONS)}
    for name in ("driver", "sqlalchemy"):
        with open_store(None, data_dir=tmp_path / name) as store, store.connect() as s, s.begin():
            s.execute(insert(SUBMISSIONS).values(id=1, sha256="a" * 64, path="x.pdf", size=1,
                                                 check_version=1, accepted=True))  # fmt: skip
            write = records._insert_many if name == "driver" else _through_sqlalchemy
            for table, rows in _values().items():
                write(s, tables[table], list(rows[0]), [tuple(r.values()) for r in rows])
    assert _dump(tmp_path / "driver" / "office.db") == _dump(tmp_path / "sqlalchemy" / "office.db")
    with open_store(None, data_dir=tmp_path / "driver") as store, store.connect() as s:
        report = s.execute(select(REPORTS)).one()
        checklist = s.execute(
            select(REPORT_CHECKLISTS).where(REPORT_CHECKLISTS.c.checklist == "guards")
        ).one()
        finding = s.execute(select(REPORT_FINDINGS).where(REPORT_FINDINGS.c.position == 0)).one()
        assert report.generated_at == datetime(2026, 9, 2, 8, 30, 5, 123456)
        assert checklist.known is True and checklist.compliance == 0.875
        assert finding.due_date == date(2026, 10, 1)
