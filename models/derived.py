"""What is derived from a stored self-check's content (its evaluation, its calculated cells,
its embedded answers), kept in its data folder under the hash of that content, for the next
report of it.

A report of an unchanged self-check (a draft looked at, exported again; the final copy after
the draft) judges the same answers with the same checklists and code again. Here the result
is kept under a key that is the SHA-256 of everything it is made from: the answers document as
read from the store (answers, table rows, notes, finding states, school profile, period and
reference date), each checklist's id and snapshot digest, and a fingerprint of the code that
derives it (the size and time of every module of ``checklists/`` and of the modules named in
``_CODE``; Python's and the app's version). Any change to any of them is another key, so a
kept result is only ever used for exactly the content it was made from.

What is kept holds personal data (full ID numbers, as the store does), so it stays in the data
folder beside the database (``<data_dir>/derived``), never in a shared cache folder. A file is
read only when it is a regular file of this user that no one else may write (unpickling runs
code); anything unreadable is ignored and made again; a folder that cannot be written keeps
nothing. Only the newest :data:`KEEP` results are kept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_FORMAT = b"campus-selfcheck/derived@1"
FOLDER = "derived"  # in the data folder
KEEP = 24  # results kept (a few self-checks, a few kinds each); the oldest go first

_ROOT = Path(__file__).resolve().parent.parent
# Besides checklists/ (the evaluator, the expressions, the model): the modules whose code
# makes the stored content into what is derived from it.
_CODE = (
    "models/reading.py",
    "models/stored.py",
    "reports/pdf/data.py",
    "reports/pdf/from_storage.py",
    "reports/pdf/table_values.py",
    "reports/signing/idfacts.py",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """The code a derived result depends on: Python, the app's version, and the size and time
    of every module of ``checklists/`` (all levels) and of the modules in ``_CODE``."""
    from checklists.foundation.appinfo import app_version

    parts = [_FORMAT, sys.version.encode(), app_version().encode()]
    try:
        modules = sorted((_ROOT / "checklists").rglob("*.py"))
    except OSError:
        modules = []
    for path in [*modules, *(_ROOT / name for name in _CODE)]:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.relative_to(_ROOT)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return hashlib.sha256(b"\0".join(parts)).digest()


def content_key(kind: str, parts: Iterable[bytes]) -> str:
    """The key of a derived result of ``kind`` made from ``parts`` (with the code fingerprint)."""
    digest = hashlib.sha256(code_fingerprint())
    digest.update(kind.encode() + b"\0")
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def derived(data_dir: Path, key: str, kind: type[T], make: Callable[[], T]) -> T:
    """The result kept in ``data_dir`` under ``key`` when it is a ``kind``, else ``make()``'s
    (then kept)."""
    folder = data_dir / FOLDER
    found = _read(folder, key)
    if isinstance(found, kind):
        return found
    made = make()
    _write(folder, key, made)
    return made


def _read(folder: Path, key: str) -> Any:
    path = folder / f"{key}.pickle"
    try:
        st = path.lstat()
        if not path.is_file() or path.is_symlink():
            return None
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            return None  # unpickling runs code: only a file no one else could have written
        return pickle.loads(path.read_bytes())
    except Exception:  # absent, half-written or from elsewhere: made again and replaced
        return None


def _write(folder: Path, key: str, value: Any) -> None:
    """Keep ``value`` (atomically); the oldest results beyond KEEP go. Failing is no error."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, folder / f"{key}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _prune(folder: Path) -> None:
    kept = []
    for path in folder.glob("*.pickle"):
        try:
            kept.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    kept.sort(reverse=True)
    for _, path in kept[KEEP:]:
        path.unlink(missing_ok=True)
