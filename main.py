"""Campus Self-Check entry point: no arguments → the desktop app; a subcommand → the headless CLI."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

# Options the GUI understands; anything else (a subcommand, --help, --version) means the CLI.
_GUI_VALUE_OPTIONS = {"--data-dir", "--lang"}
_GUI_FLAGS = {"--demo", "--office"}


def wants_gui(argv: list[str]) -> bool:
    """True when argv holds only GUI options (``--data-dir X``, ``--lang X``, ``--demo``)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if name in _GUI_VALUE_OPTIONS:
            i += 1 if "=" in arg else 2
        elif arg in _GUI_FLAGS:
            i += 1
        else:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the GUI or the CLI; the CLI path never imports Qt."""
    if getattr(sys, "frozen", False):
        # The office's verification workers in a standalone build (a no-op, and a 30 ms
        # import, anywhere else).
        import multiprocessing

        multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(args):
        # The Qt-free modules the first page needs, first: once PySide6 is loaded, its import
        # hook reads the source of every module imported after it (an import then costs twice
        # as much). The ORM (models.ops) is not needed before a self-check is opened.
        import sqlalchemy.dialects.sqlite  # noqa: F401 - the engine's dialect

        import models.database  # noqa: F401
        import models.listing  # noqa: F401
        import reports.fonts  # noqa: F401 - the bundled font, registered and watched for
        from ui.shell.app import run_gui

        code = run_gui(args)
        generated = sys.modules.get("checklists.generated_code")
        if generated is not None:  # the judges compiled this run, kept for the next (at exit)
            generated.keep_new_code()
        # Everything is saved and closed by now (run_gui closes the database and syncs the
        # settings). Skip Python's teardown of PySide6/SQLAlchemy: it takes ~0.2 s and is where
        # PySide6 6.12's reference-count bug aborts the process (see ui/shell/qtfix.py).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    from cli.main import run

    return run(args)


def one_command_gc() -> None:
    """Collect cyclic garbage rarely: a CLI command is one short process.

    Importing and then building thousands of rows (an import, a report) sets off the cyclic
    collector hundreds of times over objects that all live until the process ends: a tenth
    of an import's time. Reference counting still frees everything else at once; cycles are
    collected every 200,000 new objects instead of every 700. Only for a process started
    as ``main.py`` (a test calling ``main()`` keeps its interpreter's settings).
    """
    import gc

    gc.set_threshold(200_000, 10, 10)


def start_gc() -> None:
    """Collect no cyclic garbage while the desktop app starts (``ui.shell.app.resume_gc``
    resumes collecting once the main window is shown).

    The start builds objects that live as long as the window: modules, classes, the first
    page. Collecting meanwhile passes over them again and again (a full pass among them):
    a tenth of the start's own work, finding a few hundred objects of garbage. Only for a
    process started as ``main.py`` (a test calling ``main()`` keeps its interpreter's settings).
    """
    import gc

    gc.disable()


def end_command(code: int) -> NoReturn:
    """End a CLI process with ``code`` without the interpreter's teardown.

    When a command returns, what it wrote is closed (files renamed into place, the database
    and its lock released). Python's teardown would then free every object one at a time: a
    twentieth of a second after a report, which nobody needs. Standard output and error are
    flushed and the exit handlers run (logging, temporary folders, worker pools), as at a
    normal exit; a process with a thread still running, or whose output cannot be flushed
    (a closed pipe), or that runs under a profiler or tracer (its results are written at the
    normal exit), exits the normal way.
    """
    import atexit
    import threading

    if threading.active_count() > 1 or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):
        sys.exit(code)  # Python's own exit reports it, as before
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        pass  # messages nobody can read: the exit code still tells the error
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    if not wants_gui(sys.argv[1:]):
        one_command_gc()
        end_command(main())
    start_gc()
    sys.exit(main())
