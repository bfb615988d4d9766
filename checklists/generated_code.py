"""The code the evaluator generates from a checklist's rules, compiled once per machine.

The judges of rules, of table rows and of finding messages are Python source the evaluator
writes from the rules' trees (checklists.expr.codegen, checklists.evaluator) and compiles when
an item is first judged: ~150 sources, ~20 ms, in every process that judges reports (each of
the office's worker processes, every start of the app). Here the compiled code objects are kept
by their source text: in memory, and in one file of the user's cache folder (beside the
compiled checklists, named by the same fingerprint of Python and of this package's code), read
once per process. The sources a process compiled anew are added to that file when it exits
(``keep_new_code``, run at exit; the app calls it before its quick exit).

The file holds code that is run, so it is read only as the compiled checklists are: a regular
file of this user that no one else may write; anything unreadable or foreign is ignored and
replaced. A source is found by the SHA-256 of its text and name, so a file can only give the
code of the very source asked for.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
from pathlib import Path
from types import CodeType

from checklists.compiled import cache_dir, code_fingerprint, trusted_file, write_cache_file

_FORMAT = b"campus-selfcheck/generated-code@1"
_MAX_KEPT = 8192  # sources kept in the file (the built-in checklists need ~300)

_codes: dict[bytes, CodeType] | None = None  # source key → code (None: the file not read yet)
_new: set[bytes] = set()  # the keys this process compiled since it last wrote the file
_exit_registered = False


def compiled_source(source: str, name: str) -> CodeType:
    """``compile(source, name, "exec")``, or the code compiled for that very source before.
    A source that does not compile raises as compile() does (nothing is kept)."""
    global _exit_registered
    codes = _loaded()
    key = _key(source, name)
    code = codes.get(key)
    if code is None:
        code = compile(source, name, "exec")
        codes[key] = code
        _new.add(key)
        if not _exit_registered:
            atexit.register(keep_new_code)
            _exit_registered = True
    return code


def keep_new_code() -> None:
    """Add the code compiled by this process to the cache file (atomically, with what other
    processes added meanwhile); a cache that cannot be written is no error."""
    path = _path()
    if not _new or _codes is None or path is None:
        return
    kept = _read(path)
    for key in _new:
        kept[key] = _codes[key]
    if len(kept) > _MAX_KEPT:
        kept = {key: _codes[key] for key in _new}
    try:
        data = _FORMAT + b"\n" + marshal.dumps(kept)
    except ValueError:
        return
    if write_cache_file(path, data):
        _new.clear()


def forget_generated_code() -> None:
    """Drop the code held in memory, as a new process starts (tests; the file stays)."""
    global _codes
    _codes = None
    _new.clear()


def _key(source: str, name: str) -> bytes:
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.digest()


def _loaded() -> dict[bytes, CodeType]:
    global _codes
    if _codes is None:
        path = _path()
        _codes = _read(path) if path is not None else {}
    return _codes


def _path() -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"code-{code_fingerprint().hex()[:32]}.marshal"


def _read(path: Path) -> dict[bytes, CodeType]:
    """The code objects of the cache file; {} for a missing, foreign or damaged one."""
    if not trusted_file(path):
        return {}
    try:
        data = path.read_bytes()
        head, _, body = data.partition(b"\n")
        loaded = marshal.loads(body) if head == _FORMAT else None
    except Exception:  # damaged in any way (a count of a billion items is a MemoryError)
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {
        key: code
        for key, code in loaded.items()
        if isinstance(key, bytes) and len(key) == 32 and isinstance(code, CodeType)
    }
