"""The sample school: imported into a data folder so a newcomer sees a filled-in self-check at once.

Importing the sample (reading it, judging every checklist, writing rows and history) is most
of what ``--demo`` used to wait for; the database it gives is built once into the user's cache
folder and then copied into each demo's temporary folder. The copy is keyed by everything that
shapes it (the sample, the built-in definitions, the storage and checklist code), so a new
version of any of them builds a fresh one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from models.database import Database
    from ui.store import Store

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_school.json"
_ROOT = Path(__file__).resolve().parents[2]


def import_sample(s: Session, sample: Path = SAMPLE_PATH, *, user: str | None = None) -> int:
    """Import the sample answers document as a new draft; returns its assessment id."""
    from checklists.answers_doc import read_answers_file
    from checklists.registry import load_checklists
    from models.ops.common import data_dir_of
    from models.ops.exchange import import_document

    checklists = load_checklists(data_dir_of(s))
    doc = read_answers_file(sample, checklists)
    return import_document(s, doc, user=user, checklists=checklists)


def demo_data_dir() -> Path:
    """A fresh temporary data folder for the demo (left to the OS's temp cleanup)."""
    return Path(tempfile.mkdtemp(prefix="campus-selfcheck-demo-"))


def _fingerprint(user: str) -> str:
    """What the prepared database depends on: the sample, the built-in definitions, the code
    that reads and stores them (sizes and times of the modules), Python, and the user."""
    from checklists.registry import definition_files, definitions_dir

    digest = hashlib.sha256(f"{sys.version}\0{user}".encode())
    files = [SAMPLE_PATH, *definition_files(definitions_dir())]
    digest.update(b"".join(hashlib.sha256(p.read_bytes()).digest() for p in files))
    for package in ("models", "checklists"):  # with their subpackages
        for path in sorted((_ROOT / package).rglob("*.py")):
            st = path.stat()
            name = path.relative_to(_ROOT).as_posix()
            digest.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    if not (_ROOT / "models").is_dir():  # a standalone build: its version names the code
        from checklists.foundation.appinfo import app_version

        digest.update(app_version().encode())
    return digest.hexdigest()[:32]


def prepared_demo_database(user: str) -> Path | None:
    """The sample school's database, built once into the cache folder (None: no cache)."""
    from checklists.compiled import cache_root

    root = cache_root()
    if root is None:
        return None
    target = root / "demo" / f"campus-{_fingerprint(user)}.db"
    if target.is_file():
        return target
    from models.backup import DB_NAME
    from models.database import open_database

    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as tmp:
            with open_database(Path(tmp), backup_on_open=False) as db, db.session() as s, s.begin():
                import_sample(s, user=user)
            built = Path(tmp) / DB_NAME
            os.replace(built, target)  # closed, so the WAL is checkpointed into the file
    except OSError:
        return None
    return target


def forget_prepared_demo(user: str) -> None:
    """Remove the prepared demo database from the cache folder (the next demo builds it again)."""
    from checklists.compiled import cache_root

    root = cache_root()
    if root is not None:
        (root / "demo" / f"campus-{_fingerprint(user)}.db").unlink(missing_ok=True)


def open_demo_database(user: str) -> Database:
    """A Database on a fresh temporary folder holding the sample school (a copy of the prepared
    database; imported afresh when there is no cache)."""
    from models.backup import DB_NAME
    from models.database import open_database
    from models.errors import StorageError

    folder = demo_data_dir()
    prepared = prepared_demo_database(user)
    if prepared is not None:
        shutil.copyfile(prepared, folder / DB_NAME)
    try:
        database = open_database(folder, backup_on_open=False)
    except StorageError:
        if prepared is None:
            raise
        # the prepared copy in the cache folder is damaged: it is built again
        forget_prepared_demo(user)
        shutil.rmtree(folder, ignore_errors=True)
        return open_demo_database(user)
    if prepared is None:
        try:
            with database.session() as s, s.begin():
                import_sample(s, user=user)
        except BaseException:
            database.close()
            raise
    return database


def open_demo_store(user: str) -> Store:
    """A Store on a fresh temporary folder holding the sample school."""
    from ui.store import Store

    return Store(open_demo_database(user), user)
