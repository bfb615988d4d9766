"""Starting the desktop app: options, QApplication, font, language, error hook, data folder, window."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from pathlib import Path

from ui.store import Store

QUIT_AFTER_PAINT = (
    "CAMPUS_SELFCHECK_QUIT_AFTER_PAINT"  # bench/startup.py: quit after the first paint
)


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    """--data-dir DIR, --lang zh|en, --demo, --office (the supervision office's window)."""
    parser = argparse.ArgumentParser(prog="campus-selfcheck", add_help=False)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=("zh", "en"))
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--office", action="store_true")
    return parser.parse_args(argv)


def _run_office(app: object, data_dir: Path) -> int:
    """The supervision office's window on its own (``main.py --office``)."""
    from ui.office import open_office_window

    window = open_office_window(None, data_dir)
    window.show()
    resume_gc()
    return int(app.exec())  # type: ignore[attr-defined]


def make_application() -> object:
    """The QApplication with names, high-DPI policy, style and the bundled font."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ui.shell.settings import APPLICATION, ORGANIZATION
    from ui.shell.style import apply_style, register_fonts

    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
    app = existing or QApplication([sys.argv[0]])
    apply_style(app)  # type: ignore[arg-type]
    register_fonts()
    from ui.shell.font_watch import install_undrawable_watcher

    install_undrawable_watcher(app)  # type: ignore[arg-type]
    return app


def _quit_after_first_paint(window: object, started: float) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched is window:
                watched.removeEventFilter(self)
                print(f"painted {time.perf_counter() - started:.3f}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
            return False

    spy = _FirstPaint(window)  # type: ignore[arg-type]
    window.installEventFilter(spy)  # type: ignore[attr-defined]


def resume_gc() -> None:
    """Once the main window is shown: collecting cyclic garbage resumes, when main.py paused it
    for the start (``main.start_gc``; else nothing changes). What the start built lives as long
    as the window, so it is frozen out of later collections (the start's few hundred objects of
    garbage stay with it), as opening a self-check freezes what it loads."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


def _user() -> str:
    from models.stored import default_user

    return default_user(None)


def run_gui(argv: list[str]) -> int:
    """Start the GUI with the GUI options of ``argv`` and return the exit code."""
    started = time.perf_counter()
    args = parse_gui_args(argv)
    app = make_application()
    from models.errors import StoredDataDamaged
    from ui.shell import i18n
    from ui.shell.data_folder import (
        apply_pending_restore,
        offer_restore,
        open_data_folder,
        startup_data_dir,
    )
    from ui.shell.errors import install_excepthook, set_log_dir, show_error
    from ui.shell.main_window import MainWindow

    i18n.install_language(i18n.startup_language(args.lang))
    install_excepthook()
    own_dir = startup_data_dir(args.data_dir)
    if not args.demo:
        apply_pending_restore(own_dir)  # a restore chosen in the settings (errors shown)
    if args.office:
        return _run_office(app, own_dir)
    while True:
        if args.demo:
            from ui.shell.demo import open_demo_store

            store = open_demo_store(_user())
        else:
            database = open_data_folder(own_dir)
            if database is None:
                return 1
            store = Store(database, _user())
        set_log_dir(store.data_dir / "logs")
        window = MainWindow(store, demo=args.demo, own_data_dir=own_dir)
        try:
            window.start()
            break
        except StoredDataDamaged as exc:
            # the first page's list cannot be read: offered the backups, as a damaged file is
            window.close()
            store.close()
            if args.demo:
                from ui.shell.demo import forget_prepared_demo

                forget_prepared_demo(_user())  # the next start builds the sample again
                show_error(None, exc)
                return 1
            if not offer_restore(exc, own_dir):
                return 1
    if os.environ.get(QUIT_AFTER_PAINT):
        _quit_after_first_paint(window, started)
    window.show()
    resume_gc()
    try:
        return int(app.exec())  # type: ignore[attr-defined]
    finally:
        for each in (window.store, window.own_store):
            if each is not None:
                each.close()
        from PySide6.QtCore import QSettings

        QSettings().sync()
        logging.shutdown()
