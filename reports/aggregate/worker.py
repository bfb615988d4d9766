"""Checking one file inside a worker process: read, hash, verify the signature, read the report."""

from __future__ import annotations

import gc
import hashlib
import pickle
import re
from collections.abc import Mapping, Set
from pathlib import Path
from typing import TYPE_CHECKING

from checklists.foundation import limits
from reports.aggregate.facts import FileOutcome, SignatureFacts
from reports.aggregate.process import end_with_parent, keep_what_is_loaded

if TYPE_CHECKING:
    from checklists.model import Checklist
    from reports.signing.verdict import VerificationResult

# The checking itself (pyHanko, the checklists, the evaluator) is imported on the first file,
# in the worker: the process that hands out the files and stores the verdicts never loads it.

MAX_FILE_BYTES = limits.MAX_REPORT_BYTES  # the reason: checklists.foundation.limits

# Set once per worker process by init_worker: the SHA-256 of files the store already holds.
_KNOWN: Set[str] = frozenset()


# The checklists reports are re-evaluated against: the parent's, sent pickled (unpickling
# them is ~50 times quicker than loading the definitions again in every worker).
_CHECKLISTS: Mapping[str, Checklist] | None = None


def init_worker(known: Set[str], checklists: bytes | None = None) -> None:
    """Process-pool initializer: remember which files need no checking, and take the
    built-in checklists as the parent pickled them (None: load them here when needed)."""
    global _KNOWN, _CHECKLISTS
    _KNOWN = frozenset(known)
    _CHECKLISTS = pickle.loads(checklists) if checklists is not None else None


def start_checking(known: Set[str], checklists: bytes | None = None) -> None:
    """Process-pool initializer of a worker process: init_worker, and the worker ends with the
    process that started it (end_with_parent)."""
    end_with_parent()
    init_worker(known, checklists)


def shipped_checklists() -> bytes:
    """The built-in checklists, pickled for init_worker (the parent loads them anyway: the
    summary names checklists and findings by their titles)."""
    from checklists.registry import builtin_checklists

    return pickle.dumps(builtin_checklists(), protocol=pickle.HIGHEST_PROTOCOL)


# The setup file this worker took last (check_batch_set_up).
_SETUP: str | None = None


def write_setup(path: str, known: Set[str]) -> None:
    """Write what init_worker takes (the known files, the pickled checklists) to ``path``."""
    with open(path, "wb") as handle:
        pickle.dump((frozenset(known), shipped_checklists()), handle, pickle.HIGHEST_PROTOCOL)


def check_batch_set_up(setup: str, paths: list[str]) -> list[FileOutcome]:
    """``check_batch`` in a worker of a pool started ahead: the setup file (write_setup) is
    taken on the first batch."""
    global _SETUP
    if setup != _SETUP:
        with open(setup, "rb") as handle:
            init_worker(*pickle.load(handle))
        _SETUP = setup
        keep_what_is_loaded()  # a worker of a pool started ahead serves one command
    return check_batch(paths)


def _checklists() -> Mapping[str, Checklist]:
    if _CHECKLISTS is None:
        from checklists.registry import builtin_checklists

        return builtin_checklists()
    return _CHECKLISTS


def check_file(path: str) -> FileOutcome:
    """Read the file at ``path`` (once, here, and let go of it) and return the verdict on it."""
    try:
        if Path(path).stat().st_size > MAX_FILE_BYTES:
            return failed(path, "too_large")
        data = Path(path).read_bytes()
    except OSError as exc:
        return failed(path, "unreadable", exc.strerror or str(exc))
    sha256, signed_sha256 = file_digests(data)
    if sha256 in _KNOWN:
        return FileOutcome(path, "known", sha256, len(data))
    try:
        return check_bytes(path, data, sha256, signed_sha256)
    except Exception as exc:  # a file no check foresaw must not stop the run
        return failed(path, "check_failed", f"{type(exc).__name__}: {exc}")


def check_batch(paths: list[str]) -> list[FileOutcome]:
    """``check_file`` for a few files in turn (one pool task): one file in memory at a time.
    Only in a worker process (the process serves one command, single-threaded)."""
    _settle_in()
    outcomes = []
    for path in paths:
        outcome = check_file(path)
        outcomes.append(outcome)
        if outcome.status != "known":  # a known file was only hashed: nothing to collect
            _collect_garbage()
    return outcomes


# Garbage collection in a worker process: checking a file makes and drops tens of thousands of
# objects, and the collector's automatic passes (every 700 new objects) walk those still in use
# mid-check again and again. Here the young generations are collected once after each file,
# when the file's objects are gone (what it left in a cycle is then all the collector finds),
# the whole heap every _FULL_COLLECTION_EVERY files, and the automatic passes start only after
# _YOUNG_OBJECTS new objects (a file that makes that many more than it frees).
_YOUNG_OBJECTS = 50_000
_FULL_COLLECTION_EVERY = 64
_checked_since_full = 0
_settled = False


def _settle_in() -> None:
    """Once per worker process: the collector's thresholds (above) and pyHanko's event loop kept
    (reports.signing.verify.keep_event_loop)."""
    global _settled
    if _settled:
        return
    from reports.signing.verify import keep_event_loop

    keep_event_loop()
    gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])
    _settled = True


def _collect_garbage() -> None:
    global _checked_since_full
    _checked_since_full += 1
    if _checked_since_full >= _FULL_COLLECTION_EVERY:
        gc.collect()
        _checked_since_full = 0
    else:
        gc.collect(1)


def failed(path: str, reason: str, detail: str = "") -> FileOutcome:
    """The outcome of a file that could not be read or checked this time (not stored)."""
    return FileOutcome(path, "failed", reasons=(reason,), detail_zh=detail, detail_en=detail)


def check_bytes(
    path: str, data: bytes, sha256: str, signed_sha256: str | None = None
) -> FileOutcome:
    """The verdict on a file's bytes: verified as ``verify`` does, then its embedded data read.

    Trust is left out ("untrusted" is never a reason here): the summary judges it, and the
    office's pins, from the stored fingerprint with the trust list of its own run. A checklist
    version this program does not know is no rejection: its results are kept as embedded and
    marked unknown (ChecklistFacts.known), which the summary shows. ``signed_sha256``: the
    file's signed_revision_sha256, when it is known already (file_digests).
    """
    from checklists.foundation.errors import InputError
    from reports.aggregate.reading import Rejected, read_report
    from reports.signing.report_checks import check_report
    from reports.signing.verdict import NOTE_REASONS
    from reports.signing.verify import verify_pdf

    checklists = _checklists()
    try:
        result = verify_pdf(data, report_checks=False)
    except InputError:
        return FileOutcome(path, "rejected", sha256, len(data), reasons=("not_pdf",))
    if result.intact and result.covers_whole_document:  # as verify_pdf does, with our checklists
        result = check_report(result, checklists=checklists)
    signature = _signature(result, data, signed_sha256)
    reasons = tuple(r for r in result.reasons if r not in NOTE_REASONS)
    if reasons or not result.ok():
        reasons = reasons or ("signature_invalid",)
        return FileOutcome(path, "rejected", sha256, len(data), reasons, signature=signature)
    try:
        report = read_report(result.attachments, checklists)
    except Rejected as exc:
        return FileOutcome(
            path,
            "rejected",
            sha256,
            len(data),
            (exc.code,),
            exc.detail_zh,
            exc.detail_en,
            signature,
        )
    return FileOutcome(path, "accepted", sha256, len(data), signature=signature, report=report)


def signed_revision_sha256(data: bytes) -> str | None:
    """SHA-256 of the byte ranges the (last) signature covers, i.e. the file without its
    /Contents string: copies that differ only in the unsigned padding give the same value."""
    ranges = _signed_ranges(data)
    if ranges is None:
        return None
    gap, tail, length = ranges
    digest = hashlib.sha256()
    view = memoryview(data)
    digest.update(view[:gap])
    digest.update(view[tail : tail + length])
    return digest.hexdigest()


def file_digests(data: bytes) -> tuple[str, str | None]:
    """(SHA-256 of ``data``, signed_revision_sha256(data)), the bytes both begin with (all
    before the signature's /Contents: nearly the whole file) hashed once for both."""
    ranges = _signed_ranges(data)
    if ranges is None:
        return hashlib.sha256(data).hexdigest(), None
    gap, tail, length = ranges
    view = memoryview(data)
    whole = hashlib.sha256(view[:gap])
    signed = whole.copy()
    whole.update(view[gap:])
    signed.update(view[tail : tail + length])
    return whole.hexdigest(), signed.hexdigest()


def _signed_ranges(data: bytes) -> tuple[int, int, int] | None:
    """(gap, tail, length) of the last /ByteRange [0 gap tail length] when it lies in ``data``."""
    found = _BYTE_RANGE.match(data, max(data.rfind(b"/ByteRange"), 0))
    if found is None:
        return None
    start, gap, tail, length = (int(n) for n in found.groups())
    if start != 0 or gap > tail or tail + length > len(data):
        return None
    return gap, tail, length


_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


def _signature(
    result: VerificationResult, data: bytes, signed_sha256: str | None = None
) -> SignatureFacts | None:
    from reports.aggregate.reading import utc_naive

    if result.fingerprint_sha256 is None:
        return None
    return SignatureFacts(
        fingerprint=result.fingerprint_sha256,
        signer=result.signer,
        school=result.school,
        school_code=result.school_code,
        signed_at=utc_naive(result.signed_at) if result.signed_at else None,
        signed_sha256=signed_sha256 or signed_revision_sha256(data),
    )
