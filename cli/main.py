"""Argument parsing and the one place where errors become words and exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from checklists.errors import UserFacingError
from cli.context import CliContext

# Each module exposes register(subparsers); every subcommand sets func(args, ctx) -> exit code.
COMMAND_MODULES = (
    "cli.cmd_checklists",
    "cli.cmd_storage",
    "cli.cmd_periods",
    "cli.cmd_photos",
    "cli.cmd_reports",
    "cli.cmd_excel",
    "cli.cmd_identity",
    "cli.cmd_verify",
    "cli.cmd_aggregate",
    "cli.cmd_xlsform",
)

EXIT_OK, EXIT_NEGATIVE, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, CliContext], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 (its default) in our language."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def default_data_dir() -> Path:
    """The platform's user data folder (overridable with CAMPUS_SELFCHECK_DATA)."""
    env = os.environ.get("CAMPUS_SELFCHECK_DATA")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("CampusSelfCheck", appauthor=False))


def default_lang() -> str:
    """Chinese unless CAMPUS_SELFCHECK_LANG=en."""
    return "en" if os.environ.get("CAMPUS_SELFCHECK_LANG", "zh").lower().startswith("en") else "zh"


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every available command registered."""
    import importlib

    parser = _Parser(prog="main.py", description="校园自查 Campus Self-Check")
    parser.add_argument("--data-dir", type=Path, default=None, help="数据文件夹 / data folder")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="语言 / language")
    parser.add_argument("--version", action="store_true", help="显示版本 / show the version")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("version", help="显示版本 / show the version")
    p.set_defaults(func=cmd_version)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command group is not built yet
                continue
            raise
        module.register(sub)
    return parser


def version_text() -> str:
    """``校园自查 Campus Self-Check <version>``."""
    from checklists.appinfo import APP_NAME_EN, APP_NAME_ZH, app_version

    return f"{APP_NAME_ZH} {APP_NAME_EN} {app_version()}".strip()


def cmd_version(args: argparse.Namespace, ctx: CliContext) -> int:
    """Print the application's name and version."""
    ctx.out(version_text())
    return EXIT_OK


def run(argv: Sequence[str]) -> int:
    """Run one CLI command and return its exit code; user errors → stderr and 2."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    ctx = CliContext(data_dir=args.data_dir or default_data_dir(), lang=args.lang or default_lang())
    func: Handler | None = getattr(args, "func", None)
    if args.version:
        func = cmd_version
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return func(args, ctx)
    except UserFacingError as exc:
        ctx.err(exc.text(ctx.lang))
        return EXIT_USAGE
    except KeyboardInterrupt:
        ctx.err(ctx.t("已中断。", "Interrupted."))
        return 130
