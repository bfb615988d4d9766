"""The command line's import (sqlite3, models.writing) stores exactly what the Session's import
stores: the same workbook imported both ways into two copies of one store gives the same rows in
every table, the moments of writing aside; a refused import writes nothing on either path."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy.orm import Session

from checklists.answers import Rectification
from checklists.answers_doc import read_answers_file
from checklists.idnumber import check_character
from checklists.model import Checklist
from models.database import open_database
from models.errors import ReadOnlyAssessment
from models.ops.assessments import mark_signed, start_assessment
from models.ops.evaluation import evaluate_assessment
from models.ops.exchange import import_document
from models.ops.findings import explain_finding, set_rectification
from models.ops.history import verify_history
from reports.excel.ops import ImportOutcome, import_table, import_table_into
from reports.excel.problems import ImportRejected
from reports.excel.template import write_template
from tests.conftest import ROOT, SAMPLE
from tests.reports.excel.helpers import fill_sheet

T = TypeVar("T")

# Written at the moment of the change on either path: compared only for being there.
MOMENTS = {
    "answers": {"updated_at"},
    "table_rows": {"updated_at"},
    "assessments": {"updated_at"},
    "history": {"at", "hash", "prev_hash"},
}


def roster(
    tmp_path: Path, guards: Checklist, count: int, *, skip: int = 0, name: str = "r"
) -> Path:
    """A filled guard template: ``count`` guards from number ``skip``; every third lacks an
    assessment, every fifth has no training (findings on rows), all with real ID numbers."""
    rows = []
    for i in range(skip, skip + count):
        birth = date(1960, 1, 1) + timedelta(days=(i * 37) % 12000)
        first17 = f"441900{birth:%Y%m%d}{i % 1000:03d}"
        hire = date(2010, 1, 1) + timedelta(days=(i * 11) % 4000)
        assessed = hire + timedelta(days=300) if i % 3 else None
        rows.append(
            [
                f"保安{i:05d}",
                first17 + check_character(first17),
                None,
                hire,
                "是" if i % 5 else "否",
                assessed,
                ("是" if i % 2 else "否") if assessed else None,
                f"粤莞保字{2010 + i % 12}A{i:05d}",
            ]
        )
    path = tmp_path / f"{name}.xlsx"
    write_template(guards, "guards", path)
    return fill_sheet(path, rows)


def dump(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the folder's store, in rowid order, moments of writing left
    out (but whether they are there kept)."""
    with contextlib.closing(sqlite3.connect(folder / "campus.db")) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            names = [d[0] for d in cursor.description]
            skip = MOMENTS.get(table, set())
            out[table] = [
                tuple((v is not None) if n in skip else v for n, v in zip(names, row, strict=True))
                for row in cursor
            ]
    return out


@pytest.fixture(scope="module")
def sample_store(
    tmp_path_factory: pytest.TempPathFactory, checklists: dict[str, Checklist]
) -> Path:
    """A data folder with the sample school as assessment 1 (never changed: tests copy it)."""
    folder = tmp_path_factory.mktemp("paths") / "sample"
    db = open_database(folder, backup_on_open=False)
    try:
        with db.session() as s, s.begin():
            import_document(s, read_answers_file(SAMPLE, checklists), checklists=checklists)
    finally:
        db.close()
    return folder


def in_session(folder: Path, change: Callable[[Session], T]) -> T:
    """``change`` made through a Session on the folder's store, committed."""
    db = open_database(folder, backup_on_open=False)
    try:
        with db.session() as s, s.begin():
            return change(s)
    finally:
        db.close()


def copy(store: Path, target: Path) -> Path:
    shutil.copytree(store, target)
    return target


def through_session(folder: Path, path: Path, assessment: int = 1) -> ImportOutcome:
    db = open_database(folder)
    try:
        with db.session() as s, s.begin():
            return import_table(s, assessment, "guards", "guards", path, user="教务处")
    finally:
        db.close()


def through_sqlite(folder: Path, path: Path, assessment: int = 1) -> ImportOutcome:
    return import_table_into(folder, assessment, "guards", "guards", path, user="教务处")


def both(
    store: Path, tmp_path: Path, path: Path, assessment: int = 1
) -> tuple[ImportOutcome, ImportOutcome]:
    """Import ``path`` into two copies of ``store``, one per path; the two stores must match."""
    a, b = copy(store, tmp_path / "orm"), copy(store, tmp_path / "sqlite")
    by_session = through_session(a, path, assessment)
    by_sqlite = through_sqlite(b, path, assessment)
    assert dump(a) == dump(b)
    for folder in (a, b):
        db = open_database(folder, backup_on_open=False)
        try:
            with db.session() as s:
                assert verify_history(s, assessment).ok
        finally:
            db.close()
    return by_session, by_sqlite


def same_outcome(one: ImportOutcome, other: ImportOutcome) -> None:
    assert one.parsed == other.parsed
    assert [f.key() for f in one.saved.added] == [f.key() for f in other.saved.added]
    assert [f.key() for f in one.saved.removed] == [f.key() for f in other.saved.removed]
    assert one.saved.item == other.saved.item
    assert one.saved.history_id == other.saved.history_id


def test_a_first_import_stores_the_same_rows_states_history_and_figures(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    before = dump(sample_store)
    one, other = both(sample_store, tmp_path, roster(tmp_path, guards, 300))
    same_outcome(one, other)
    after = dump(tmp_path / "sqlite")
    assert len(after["table_rows"]) > len(before["table_rows"])
    assert len(after["history"]) == len(before["history"]) + 1
    assert one.saved.added  # the roster has findings: the comparison covers them


def test_a_table_never_answered_is_marked_answered_alike(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    store = copy(sample_store, tmp_path / "next")
    new = in_session(
        store,
        lambda s: start_assessment(
            s,
            1,
            period="2027 春",
            reference_date=date(2027, 3, 1),
            checklist_ids=["psychology", "guards"],
            user="教务处",
        ),
    )
    one, other = both(store, tmp_path, roster(tmp_path, guards, 50), assessment=new)
    same_outcome(one, other)
    answers = [row for row in dump(tmp_path / "sqlite")["answers"] if row[1] == new]
    assert [row[3] for row in answers] == ["guards"]  # the table's own answers row, made now


def _full_store_with_notes(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> tuple[Path, int]:
    """The sample with a 300-guard roster imported, and explanations and rectifications on
    findings of its rows; returns the store and how many states were written."""
    store = copy(sample_store, tmp_path / "full")
    through_session(store, roster(tmp_path, guards, 300, name="first"))
    db = open_database(store, backup_on_open=False)
    written = 0
    try:
        with db.session() as s, s.begin():
            findings = [
                f
                for f in evaluate_assessment(s, 1).checklists["guards"].findings
                if f.item == "guards" and f.row is not None
            ]
            for n, f in enumerate(findings[::7]):
                explain_finding(s, 1, "guards", f.code, f.item, f.row, f"说明{n}", user="教务处")
                written += 1
                if n % 2:
                    rect = Rectification("补训", "保卫处", date(2027, 1, 15), "in_progress")
                    set_rectification(s, 1, "guards", f.code, f.item, f.row, rect, user="校长")
    finally:
        db.close()
    assert written > 5
    return store, written


def test_a_re_import_over_a_full_roster_keeps_the_same_explanations(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    store, written = _full_store_with_notes(sample_store, tmp_path, guards)
    # 40 guards left, 40 came, the others stay (their states with them), in a new order.
    path = roster(tmp_path, guards, 300, skip=40, name="second")
    one, other = both(store, tmp_path, path)
    same_outcome(one, other)
    kept = dump(tmp_path / "sqlite")["finding_states"]
    assert 0 < len(kept) < written + written // 2 + 1
    assert one.saved.removed  # the guards who left take their findings with them


def test_a_re_import_of_the_same_roster_changes_rows_only(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    store, _ = _full_store_with_notes(sample_store, tmp_path, guards)
    one, other = both(store, tmp_path, roster(tmp_path, guards, 300, name="first"))
    same_outcome(one, other)
    assert not other.saved.added and not other.saved.removed


def test_a_roster_of_strangers_drops_every_state_alike(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    store, _ = _full_store_with_notes(sample_store, tmp_path, guards)
    one, other = both(store, tmp_path, roster(tmp_path, guards, 3, skip=1000, name="others"))
    same_outcome(one, other)
    states = dump(tmp_path / "sqlite")["finding_states"]
    assert states and not [row for row in states if row[4] == "guards"]


def test_a_rejected_workbook_writes_nothing(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    store = copy(sample_store, tmp_path / "store")
    before = dump(store)
    path = roster(tmp_path, guards, 20)
    fill_sheet(path, [["王五", None, None, "下个月"]], start_row=5)  # no date
    with pytest.raises(ImportRejected):
        through_sqlite(store, path)
    assert dump(store) == before


def test_a_failure_in_the_middle_of_the_write_writes_nothing(
    sample_store: Path, tmp_path: Path, guards: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = _full_store_with_notes(sample_store, tmp_path, guards)
    before = dump(store)
    import models.writing

    def broken(*args: Any, **kwargs: Any) -> int:
        raise sqlite3.OperationalError("disk I/O error")  # rows deleted, inserted, states kept

    monkeypatch.setattr(models.writing, "_record", broken)
    with pytest.raises(Exception, match="磁盘|disk"):
        through_sqlite(store, roster(tmp_path, guards, 250, skip=60, name="second"))
    assert dump(store) == before
    monkeypatch.undo()
    # The folder is not left locked: the next import goes through.
    assert through_sqlite(store, roster(tmp_path, guards, 10, name="third")).saved.history_id


def test_a_signed_self_check_is_refused_and_unchanged(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    store = copy(sample_store, tmp_path / "store")
    in_session(store, lambda s: mark_signed(s, 1))
    before = dump(store)
    with pytest.raises(ReadOnlyAssessment):
        through_sqlite(store, roster(tmp_path, guards, 5))
    assert dump(store) == before


def test_the_command_line_import_does_not_load_sqlalchemy(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    store = copy(sample_store, tmp_path / "store")
    path = roster(tmp_path, guards, 5)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--data-dir", str(store)]
        + ["import-table", "1", "guards", "guards", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "openpyxl" in imported  # the trace is there
    assert not {m for m in imported if m.split(".")[0] == "sqlalchemy"}


def test_the_checklists_reading_the_table_are_judged_again_for_the_figures(
    sample_store: Path, tmp_path: Path, guards: Checklist
) -> None:
    """The safety checklist reads the guards on post: an import of the roster changes its
    verdict, and the stored figures are those of judging everything afresh."""
    from checklists.results import overall_figures
    from models.ops.list_figures import figure_values, list_figures

    folder = copy(sample_store, tmp_path / "sqlite")
    before = in_session(folder, lambda s: evaluate_assessment(s, 1))
    outcome = through_sqlite(folder, roster(tmp_path, guards, 40))
    after = in_session(folder, lambda s: evaluate_assessment(s, 1))
    assert after.checklists["safety"] != before.checklists["safety"]
    assert after.checklists["lighting"] == before.checklists["lighting"]
    assert outcome.saved.result == after.checklists["guards"]
    fig = list_figures(overall_figures(after.checklists.values()), len(after.checklists))
    with contextlib.closing(sqlite3.connect(folder / "campus.db")) as conn:
        stored = conn.execute(
            "SELECT progress, compliance, open_items, findings_critical, findings_major,"
            " findings_minor FROM assessments WHERE id = 1"
        ).fetchone()
    assert stored == figure_values(fig)
