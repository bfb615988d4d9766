"""Start the office window on its own: ``python -m ui.office [--data-dir DIR] [--lang zh|en]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Run the 督导汇总 window as a standalone application."""
    parser = argparse.ArgumentParser(prog="python -m ui.office")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=("zh", "en"))
    args = parser.parse_args(argv)
    from ui.office import open_office_window
    from ui.shell import i18n
    from ui.shell.app import make_application
    from ui.shell.errors import install_excepthook

    app = make_application()
    i18n.install_language(i18n.startup_language(args.lang))
    install_excepthook()
    window = open_office_window(None, args.data_dir)  # noqa: F841 (kept alive while the app runs)
    return int(app.exec())  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
