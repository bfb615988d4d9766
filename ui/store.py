"""Store: the UI's door to the data folder — every read and write in one session and transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from models.database import Database

T = TypeVar("T")


class Store(QObject):
    """The UI's one door to the data folder: every read and write goes through ``call``/``write``.

    Signals:
        changed(int assessment_id): an assessment's stored data changed (after the commit).
        saved(datetime): a write was committed at this local time.
    """

    changed = Signal(int)
    saved = Signal(object)

    def __init__(self, db: Database, user: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.data_dir: Path = db.data_dir

    def call(self, op: Callable[[Session], T]) -> T:
        """Run ``op`` in one session and one transaction; exceptions propagate (nothing is committed)."""
        with self.db.session() as s, s.begin():
            return op(s)

    def read(self, op: Callable[[Connection], T]) -> T:
        """Run ``op`` on a connection in one transaction: a read with SQL alone (models.listing),
        which needs no Session and so no ORM (the first page's read at start-up)."""
        with self.db.reading() as conn:
            return op(conn)

    def write(self, assessment_id: int, op: Callable[[Session], T]) -> T:
        """``call`` a change of ``assessment_id``, then announce it (changed, saved)."""
        result = self.call(op)
        self.changed.emit(assessment_id)
        self.saved.emit(datetime.now())
        return result

    def close(self) -> None:
        """Close the database and release the folder lock."""
        self.db.close()
