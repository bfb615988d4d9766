"""How the processes of an ``aggregate`` command run: the collector paused while they import and
set up, what they loaded kept out of its passes, and the start of a worker process started
ahead. Light on purpose: the command imports it before its workers start."""

from __future__ import annotations

import gc
import os
import threading
import time


def start_worker() -> None:
    """Initializer of a pool started ahead (pool.start_pool): import the checking (pyHanko's
    validation too, which verification imports on its first file) while the parent opens its
    store; what the files need (init_worker's) comes with the first batch. No collector passes
    until then (pause_collection)."""
    end_with_parent()
    pause_collection()
    import pyhanko.pdf_utils.reader  # noqa: F401
    import pyhanko.sign.validation  # noqa: F401

    import checklists.evaluator  # noqa: F401
    import reports.aggregate.reading  # noqa: F401
    import reports.signing.verify  # noqa: F401


def keep_what_is_loaded() -> None:
    """In a process that runs one command and exits (``aggregate``, its worker processes):
    what it has loaded so far (the modules: SQLAlchemy, openpyxl, pyHanko; the checklists)
    lives until it exits, so the garbage collector's full passes need not walk it again and
    again (gc.freeze: a tenth of the collector's time). Not for a long-running application:
    what is frozen is never collected. The collector paused by pause_collection runs again."""
    gc.freeze()
    resume_collection()


# Whether pause_collection turned the collector off (and resume_collection turns it on).
_paused = False


def pause_collection() -> None:
    """At the start of a process that runs one command (or a worker of one): no collector
    passes while it imports and sets up, until keep_what_is_loaded. Nearly all it makes then is
    kept (modules, the store's mappings, the checklists), and the passes would walk the growing
    heap again and again (a sixth of the time of importing pyHanko, SQLAlchemy or openpyxl)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """The collector on again if pause_collection turned it off (else left as it is)."""
    global _paused
    if _paused:
        gc.enable()
        _paused = False


def end_with_parent() -> None:
    """In a worker process: end it when the process that started it is gone (killed, out of
    memory). Its pool would wait for work forever otherwise: the pool's queue keeps its pipe
    open in every worker, so none of them sees the command's end."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
