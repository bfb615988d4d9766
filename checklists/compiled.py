"""Compiled checklists cached by the content hash of their definition: each file parsed once.

Parsing the four built-in YAML definitions with the pure-Python YAML parser takes a quarter of
a second, and a new self-check used to parse them twice (the built-ins, then their snapshots),
every start and every export again. Here a definition's bytes are hashed (with a fingerprint of
the loader's code, so a changed loader never reads an old result) and the loaded ``Checklist``
is kept in memory and, pickled, in the user's cache folder. Only what the loader accepted is
cached: a broken file is parsed (and refused) every time, with its messages and line numbers.

The cache folder is the user's own (``platformdirs.user_cache_dir``, or
``$CAMPUS_SELFCHECK_CACHE``; an empty value turns the disk cache off). A cache file is read
only when it is a regular file owned by the user and not writable by others, since unpickling
runs code; anything unreadable, stale or foreign is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from checklists.model import Checklist

CACHE_ENV = "CAMPUS_SELFCHECK_CACHE"
_FORMAT = b"campus-selfcheck/compiled-checklist@1"

_memory: dict[str, Checklist] = {}  # key → the checklist as first loaded
_by_origin: dict[tuple[str, str], Checklist] = {}  # (key, origin) → the object handed out


def cache_root() -> Path | None:
    """The app's cache folder (None: caching on disk is off)."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) if env else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("CampusSelfCheck", appauthor=False))


def cache_dir() -> Path | None:
    """The folder of cached checklists (None: no disk cache)."""
    root = cache_root()
    return root / "checklists" if root is not None else None


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """What the loaded form depends on besides the file: the app version, Python, and the size
    and time of every module of this package (a changed loader or model makes new keys)."""
    parts = [_FORMAT, sys.version.encode()]
    package = Path(__file__).resolve().parent
    try:
        modules = sorted(package.glob("*.py"))
    except OSError:
        modules = []
    for path in modules:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    if not modules:  # a standalone build: no sources beside it, its version names the code
        from checklists.foundation.appinfo import app_version

        parts.append(app_version().encode())
    return hashlib.sha256(b"\0".join(parts)).digest()


def content_key(content: bytes, fmt: str) -> str:
    """The cache key of a definition's bytes in a format ('yaml' or 'xlsx'); a workbook without
    a form_id takes its id from its file's name or the id stored beside it, so for workbooks the
    format carries that too ('xlsx@NAME', 'xlsx#ID')."""
    digest = hashlib.sha256(code_fingerprint())
    digest.update(fmt.encode() + b"\0")
    digest.update(content)
    return digest.hexdigest()


def compiled(content: bytes, fmt: str, origin: str, parse: Callable[[], Checklist]) -> Checklist:
    """The checklist ``content`` defines: from memory, from the disk cache, or ``parse()``d
    (its DefinitionError propagates, nothing is cached). ``origin`` names where it came from;
    the same content from two places gives two equal checklists with their own origins."""
    key = content_key(content, fmt)
    found = _by_origin.get((key, origin))
    if found is not None:
        return found
    base = _memory.get(key)
    if base is None:
        base = _read(key)
        if base is None:
            base = parse()
            _write(key, base)
        _memory[key] = base
    checklist = base if base.origin == origin else replace(base, origin=origin)
    _by_origin[(key, origin)] = checklist
    return checklist


def set_checked(
    keys: list[str], check: Callable[[], list[tuple[str, str, str]]]
) -> list[tuple[str, str, str]]:
    """The problems ``check()`` finds in a set of cached checklists (their keys), remembered
    when there are none: the built-ins are cross-checked once, not at every start."""
    digest = hashlib.sha256("\0".join(sorted(keys)).encode()).hexdigest()
    if digest in _checked_sets:
        return []
    path = _path(f"set-{digest}")
    marker = path.with_suffix(".ok") if path is not None else None
    if marker is not None and trusted_file(marker):
        _checked_sets.add(digest)
        return []
    problems = check()
    if not problems:
        _checked_sets.add(digest)
        if marker is not None:
            try:
                marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                marker.touch(mode=0o600)
            except OSError:
                pass
    return problems


_checked_sets: set[str] = set()


def _path(key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{key}.pickle" if folder is not None else None


def trusted_file(path: Path) -> bool:
    """A regular file of this user that no one else may write (POSIX); any regular file elsewhere."""
    try:
        st = path.lstat()
    except OSError:
        return False
    if not path.is_file() or path.is_symlink():
        return False
    if hasattr(os, "getuid"):
        return st.st_uid == os.getuid() and not st.st_mode & 0o022
    return True


def _read(key: str) -> Checklist | None:
    path = _path(key)
    if path is None or not trusted_file(path):
        return None
    try:
        loaded = pickle.loads(path.read_bytes())
    except Exception:  # a cache file from elsewhere or half-written: parse again and replace it
        return None
    return loaded if isinstance(loaded, Checklist) else None


def _write(key: str, checklist: Checklist) -> None:
    """Keep ``checklist`` on disk (a cache that cannot be written is no error)."""
    path = _path(key)
    if path is None:
        return
    try:
        data = pickle.dumps(checklist, protocol=pickle.HIGHEST_PROTOCOL)
    except pickle.PicklingError:
        return
    write_cache_file(path, data)


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to the cache file ``path`` atomically (a temporary file in its folder,
    then renamed: a reader sees the old file or the new one); False when it cannot be written
    (no error: a cache is only ever a shortcut)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def forget_memory() -> None:
    """Drop the in-memory cache (tests; the disk cache stays)."""
    _memory.clear()
    _by_origin.clear()
    _checked_sets.clear()
