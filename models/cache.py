"""In-process cache of loaded assessments and their evaluations, per engine.

One process writes a data folder (the folder lock), and every write goes through models.ops,
which updates this cache as it writes. A rolled-back transaction may leave the cache ahead of
the database, so any rollback of a session that wrote drops the whole cache of its engine.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from checklists.answers import FindingNote, Rectification, School
from checklists.model import Checklist
from checklists.results import ChecklistResult

if TYPE_CHECKING:  # the evaluator is not needed to open a data folder (start-up)
    from checklists.incremental import LiveEvaluation

_DIRTY = "campus_selfcheck_dirty"


@dataclass(frozen=True)
class StateRow:
    """A stored finding state (row by id)."""

    code: str
    item: str
    row_id: int | None
    explanation: str
    rectification: Rectification | None


@dataclass
class Inputs:
    """What the evaluator needs for one checklist of one assessment, as stored."""

    values: dict[str, Any]  # item → normalised value; tables as tuples of row dicts
    row_ids: dict[str, list[int]]  # table item → its row ids in order
    item_notes: dict[str, str]
    states: list[StateRow]

    def notes(self, checklist_id: str) -> tuple[FindingNote, ...]:
        """The finding states as FindingNotes with row indexes (states of deleted rows dropped)."""
        out = []
        for st in self.states:
            row: int | None = None
            if st.row_id is not None:
                ids = self.row_ids.get(st.item, [])
                if st.row_id not in ids:
                    continue
                row = ids.index(st.row_id)
            out.append(
                FindingNote(checklist_id, st.code, st.item, row, st.explanation, st.rectification)
            )
        return tuple(out)


@dataclass
class AssessmentState:
    """A loaded assessment: its fixed parts, and per-checklist inputs and results loaded lazily."""

    id: int
    status: str
    school: School
    reference_date: date
    checklists: dict[str, Checklist]  # in the assessment's order
    inputs: dict[str, Inputs] = field(default_factory=dict)
    results: dict[str, ChecklistResult] = field(default_factory=dict)
    # The evaluation kept current edit by edit, with the inputs object it follows (inputs
    # reloaded from the database start a new one).
    live: dict[str, tuple[Inputs, LiveEvaluation]] = field(default_factory=dict)
    # The list figures as the assessments row holds them (models.ops.list_figures.figure_values;
    # None: not known), so a save that leaves them as they were does not write them again.
    stored_figures: tuple[Any, ...] | None = None
    # checklist → the checklists that read its values, directly or not (asked at every save)
    readers: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class EngineCache:
    """Everything cached for one database."""

    assessments: dict[int, AssessmentState] = field(default_factory=dict)
    chain_heads: dict[int | None, str] = field(default_factory=dict)  # chain → newest hash


_caches: weakref.WeakKeyDictionary[Engine, EngineCache] = weakref.WeakKeyDictionary()


_ENGINE = "campus_selfcheck_engine"


def engine_of(s: Session) -> Engine:
    """The engine a session writes to (asked once per session: a save asks several times)."""
    found: Engine | None = s.info.get(_ENGINE)
    if found is None:
        bind = s.get_bind()
        found = s.info[_ENGINE] = bind if isinstance(bind, Engine) else bind.engine
    return found


_HELD = "campus_selfcheck_cache"
# how many times a cache was dropped: a session's memo of its cache (s.info[_HELD]) holds while
# it is the same (a save asks for the cache several times; a weak-keyed look-up each time)
_dropped = [0]


def of(s: Session) -> EngineCache:
    """The cache of the session's database."""
    held = s.info.get(_HELD)
    if held is not None and held[0] == _dropped[0]:
        return held[1]  # type: ignore[no-any-return]
    engine = engine_of(s)
    found = _caches.get(engine)
    if found is None:
        found = _caches[engine] = EngineCache()
    s.info[_HELD] = (_dropped[0], found)
    return found


def writing(s: Session) -> EngineCache:
    """The cache, noting that this session's transaction changes it (dropped on rollback)."""
    s.info[_DIRTY] = True
    return of(s)


def forget(engine: Engine) -> None:
    """Drop everything cached for ``engine``."""
    _dropped[0] += 1  # before: no session takes the dropped cache from its memo
    _caches.pop(engine, None)


def forget_session(s: Session) -> None:
    """Drop the cache of the session's database (e.g. after writing to it with raw SQL)."""
    forget(engine_of(s))


@event.listens_for(Session, "after_commit")
def _committed(s: Session) -> None:
    s.info.pop(_DIRTY, None)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(s: Session, _previous: Any) -> None:
    if s.info.pop(_DIRTY, None):
        forget(engine_of(s))
