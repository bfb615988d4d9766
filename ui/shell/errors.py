"""The one place the UI turns errors into words: a message in the user's language, never a traceback.

UserFacingError (InputError, EnvironmentProblem) → its ``text(lang)``; anything else is written
with its traceback to ``<data_dir>/logs/campus.log`` and shown with a "copy details" button.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from checklists.foundation.errors import EnvironmentProblem, UserFacingError
from ui.shell.i18n import current_language, translate

LOG_NAME = "campus.log"
_log_state: dict[str, Path | None] = {"dir": None}
log = logging.getLogger("campus_selfcheck.ui")


def set_log_dir(folder: Path) -> None:
    """Write unexpected errors to ``folder/campus.log`` from now on (the data folder's logs/)."""
    _log_state["dir"] = folder


def log_path() -> Path:
    """The log file: in the data folder once it is open, else in the user's log folder."""
    folder = _log_state["dir"]
    if folder is None:
        from platformdirs import user_log_dir

        folder = Path(user_log_dir("CampusSelfCheck", appauthor=False))
    return folder / LOG_NAME


def details_of(exc: BaseException) -> str:
    """The technical details of an exception (type, message, traceback) for the log and the clipboard."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def log_exception(exc: BaseException) -> Path | None:
    """Append the exception with its traceback to the log file; returns the file (None if unwritable)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    try:
        log.error("unexpected error\n%s", details_of(exc))
    finally:
        log.removeHandler(handler)
        handler.close()
    return path


def message_of(exc: BaseException) -> str:
    """The words for a user-facing error in the current language."""
    if isinstance(exc, UserFacingError):
        return exc.text(current_language())
    return translate("Errors", "程序遇到了意外问题，刚才的操作没有完成。已保存的内容不受影响。")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the person: a warning for bad input, a critical box for the environment,
    and the unexpected-error dialog (logged, with "copy details") for anything else."""
    if isinstance(exc, UserFacingError):
        title = (
            translate("Errors", "无法完成")
            if not isinstance(exc, EnvironmentProblem)
            else translate("Errors", "出现问题")
        )
        icon = (
            QMessageBox.Icon.Critical
            if isinstance(exc, EnvironmentProblem)
            else QMessageBox.Icon.Warning
        )
        box = QMessageBox(icon, title, message_of(exc), QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("errorBox")
        box.exec()
        return
    from ui.dialogs.error_details_dialog import ErrorDetailsDialog

    path = log_exception(exc)
    ErrorDetailsDialog(message_of(exc), details_of(exc), path, parent).exec()


def _active_window() -> QWidget | None:
    app = QApplication.instance()
    return app.activeWindow() if isinstance(app, QApplication) else None


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    if issubclass(kind, BrokenPipeError):  # a console that went away: nothing to tell
        return
    try:
        show_error(_active_window(), exc)
    except Exception:  # the error dialog itself failed: the log keeps the traceback
        where = log_exception(exc)
        print(
            f"程序遇到了意外问题，操作没有完成。详情：{where}"
            if where is not None
            else "程序遇到了意外问题，操作没有完成。",
            file=sys.stderr,
        )


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    """An exception that ends a worker thread: logged; the window learns of it through its job."""
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    log_exception(args.exc_value)


def install_excepthook() -> None:
    """Route uncaught exceptions (including those raised in slots) to ``show_error``, and those
    of worker threads to the log: no traceback ever reaches the screen or the console."""
    sys.excepthook = _hook
    threading.excepthook = _thread_hook
