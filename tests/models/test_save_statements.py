"""One save is one short transaction: the statements it runs are counted, and what the home list
reads afterwards (the stored figures, when it was edited) equals a fresh evaluation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from checklists.answers import AnswersDocument
from checklists.model import Checklist
from models import cache
from models.database import Database, traced
from models.ops.answers import set_answer
from models.ops.assessments import get_assessment
from models.ops.evaluation import evaluate_assessment, figures, list_figures
from models.ops.exchange import import_document
from models.ops.rows import list_rows, update_cell


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    """The SQL statements SQLite runs meanwhile (their first words), COMMIT included, as
    SQLite's trace reports them: statements run on the driver's connection count too."""
    seen: list[str] = []
    with traced(db.engine) as statements:
        yield seen
    seen.extend(" ".join(text.split()[:3]).upper() for text in statements)


def _listed(db: Database, aid: int) -> tuple[Any, ...]:
    with db.session() as s:
        a = get_assessment(s, aid)
        return a.updated_at, a.progress, a.compliance, a.open_items, a.findings


def _fresh_figures(db: Database, aid: int) -> tuple[Any, ...]:
    """The list figures of a fresh evaluation (the cache forgotten)."""
    cache.forget(db.engine)
    with db.session() as s:
        results = evaluate_assessment(s, aid).checklists
        fig = list_figures(figures(dict(results)), len(results))
    return fig.progress, fig.compliance, fig.open_items, fig.findings


def _imported(db: Database, doc: AnswersDocument, checklists: dict[str, Checklist]) -> int:
    with db.session() as s, s.begin():
        aid = import_document(s, doc, user="t", checklists=checklists)
    with db.session() as s:  # the first save loads and judges; the ones after are the usual case
        evaluate_assessment(s, aid)
    return aid


def test_an_answer_is_saved_in_one_transaction_of_four_statements(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    aid = _imported(db, sample_doc, checklists)
    before = _listed(db, aid)
    with counted(db) as seen, db.session() as s, s.begin():
        set_answer(s, aid, "guards", "training_log", False, user="t")
    assert seen == [
        "BEGIN",
        "INSERT INTO ANSWERS",
        "INSERT INTO HISTORY",
        "UPDATE ASSESSMENTS SET",
        "COMMIT",
    ]
    after = _listed(db, aid)
    assert after[0] > before[0]  # edited just now: first on the home list
    assert after[1:] == _fresh_figures(db, aid)


def test_a_cell_is_saved_in_one_transaction_of_five_statements(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    aid = _imported(db, sample_doc, checklists)
    with db.session() as s:
        row = list_rows(s, aid, "guards", "guards")[1]
    before = _listed(db, aid)
    with counted(db) as seen, db.session() as s, s.begin():
        update_cell(s, aid, row.id, "licence_no", None, user="t")
    assert seen == [
        "BEGIN",
        "SELECT ASSESSMENT_ID, CHECKLIST_ID,",
        "UPDATE TABLE_ROWS SET",
        "INSERT INTO HISTORY",
        "UPDATE ASSESSMENTS SET",
        "COMMIT",
    ]
    after = _listed(db, aid)
    assert after[0] > before[0]
    assert after[1:] == _fresh_figures(db, aid)
    assert after[1:] != before[1:]  # the licence now missing is a finding the list counts


def test_an_unchanged_value_writes_nothing(
    db: Database, sample_doc: AnswersDocument, checklists: dict[str, Checklist]
) -> None:
    aid = _imported(db, sample_doc, checklists)
    with db.session() as s, s.begin():
        set_answer(s, aid, "guards", "training_log", False, user="t")
    before = _listed(db, aid)
    with counted(db) as seen, db.session() as s, s.begin():
        saved = set_answer(s, aid, "guards", "training_log", False, user="t")
    assert saved.history_id is None
    assert [x for x in seen if x.split()[0] in ("INSERT", "UPDATE", "DELETE")] == []
    assert _listed(db, aid) == before
