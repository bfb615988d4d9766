"""Argument parsing and the one place where errors become words and exit codes."""

from __future__ import annotations

import argparse
import errno
import importlib
import io
import logging
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, cast

from checklists.foundation.errors import InputError, UserFacingError
from cli.context import CliContext, path_arg

# Each command group, a module of this package, exposes register(subparsers) and registers the
# commands listed here (tests/cli/test_command_groups.py holds the two lists equal, and the
# standalone build takes every module of the package); every subcommand sets func(args, ctx) ->
# exit code. A command line imports and registers the group of its command alone: the other
# groups' imports are no part of what it waits for.
COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "cli.cmd_checklists": ("checklists", "validate", "evaluate"),
    "cli.cmd_storage": ("import", "export-json", "list", "history", "backup", "restore"),
    "cli.cmd_periods": ("new-period", "amend", "compare"),
    "cli.cmd_photos": ("attach-photo", "photos", "remove-photo"),
    "cli.cmd_reports": ("export-pdf",),
    "cli.cmd_excel": ("template", "import-table", "export-xlsx"),
    "cli.cmd_identity": ("identity",),
    "cli.cmd_verify": ("verify", "trust"),
    "cli.cmd_aggregate": ("aggregate",),
    "cli.cmd_school_list": ("school-list",),
    "cli.cmd_xlsform": ("export-checklist",),
}

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


def program_name() -> str:
    """How the user started the program: ``CampusSelfCheck`` when frozen, else ``main.py``."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).name
    return "main.py"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The full parser with every available command registered; with ``command``, the parser
    of a command line naming it (``command_of``): only its group is registered, and the
    command line is read exactly as the full parser reads it."""

    parser = _Parser(prog=program_name(), description="校园自查 Campus Self-Check")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("version", help="显示版本 / show the version")
    p.set_defaults(func=cmd_version)
    for name, commands in COMMAND_GROUPS.items():
        if command is None or command in commands:
            importlib.import_module(name).register(sub)
    return parser


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=path_arg, default=None, help="数据文件夹 / data folder")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="语言 / language")
    parser.add_argument("--version", action="store_true", help="显示版本 / show the version")


class _Unread(Exception):
    """A command line the probe leaves to the full parser."""


class _Probe(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Unread(message)


def command_of(argv: Sequence[str]) -> str | None:
    """The command a command line names, read with the full parser's global options: None when
    it names none of the groups' commands, or when anything before the command is not one of
    those options (help, a usage error: the full parser answers those)."""
    if "--" in argv:  # where the full parser's reading of it starts differs
        return None
    probe = _Probe(prog=program_name(), add_help=False)
    _global_options(probe)
    probe.add_argument("command", nargs="?")
    probe.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        found, unknown = probe.parse_known_args(list(argv))
    except _Unread:
        return None
    if unknown or found.version or found.command is None:
        return None
    known = any(found.command in commands for commands in COMMAND_GROUPS.values())
    return str(found.command) if known else None


def cmd_version(args: argparse.Namespace, ctx: CliContext) -> int:
    """Print the application's name and version."""
    from checklists.foundation.appinfo import app_title

    ctx.out(app_title())
    return EXIT_OK


def run(argv: Sequence[str]) -> int:
    """Run one CLI command and return its exit code; user errors → stderr and 2."""
    bad = _not_text(argv)
    if bad is not None:
        lang = "en" if "en" in argv and "--lang" in argv else default_lang()
        zh = f"第 {bad} 个参数不是有效的文本（含有不是 UTF-8 的字节），没有执行任何操作。"
        en = (
            f"Argument {bad} is not valid text (it has bytes that are not UTF-8); nothing was done."
        )
        print(en if lang == "en" else zh, file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser(command_of(argv))
    args = parser.parse_args(list(argv))
    ctx = CliContext(
        data_dir=args.data_dir or default_data_dir(),
        lang=args.lang or default_lang(),
        stdout=sys.stdout if sys.stdout is not None else cast(TextIO, _ClosedOutput()),
        stderr=sys.stderr if sys.stderr is not None else io.StringIO(),
    )
    func: Handler | None = getattr(args, "func", None)
    if args.version:
        func = cmd_version
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return guarded(func, args, ctx)


def _not_text(argv: Sequence[str]) -> int | None:
    """The 1-based position of the first argument holding bytes that were not UTF-8 (Python
    keeps them as lone surrogates, which no file, database or report can take), or None."""
    for position, arg in enumerate(argv, 1):
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            return position
    return None


def guarded(func: Handler, args: argparse.Namespace, ctx: CliContext) -> int:
    """Run ``func``; whatever goes wrong becomes one plain sentence on stderr and an exit code.

    A user-facing error: its text, exit 2. A full disk or a refused write that no writer
    foresaw: the atomic writer's words, exit 2. A reader of our output that went away
    (``… | head``): silence, exit 141 like any tool killed by SIGPIPE. Anything else is a bug:
    one sentence naming the log file, which gets the traceback; exit 3.
    """
    try:
        if func is not cmd_version:
            _check_data_dir(ctx.data_dir)
        code = func(args, ctx)
        ctx.stdout.flush()  # a closed pipe shows here, not in Python's shutdown
        return code
    except UserFacingError as exc:
        ctx.err(exc.text(ctx.lang))
        return EXIT_USAGE
    except KeyboardInterrupt:
        ctx.err(ctx.t("已中断。", "Interrupted."))
        return 130
    except BrokenPipeError:
        _silence_stdout(ctx)
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        if exc.errno not in _ENVIRONMENT_ERRNOS:
            return _unexpected(exc, ctx)
        from checklists.foundation.files import write_problem

        ctx.err(write_problem(Path(exc.filename or ctx.t("文件", "a file")), exc).text(ctx.lang))
        return EXIT_USAGE
    except MemoryError:
        ctx.err(ctx.t("内存不足，操作没有完成。", "Out of memory; nothing was done."))
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes words
        return _unexpected(exc, ctx)


def _check_data_dir(data_dir: Path) -> None:
    """InputError when the data folder's path cannot name a folder at all: too long for the
    system, a link loop, or a file where a folder of the path should be. (A folder that does
    not exist yet is fine: it is made when something is stored.)"""
    try:
        found = os.stat(data_dir)
    except OSError as exc:
        if exc.errno in (errno.ENOENT,):
            return
        raise InputError(
            f"数据文件夹的路径不可用（{exc.strerror}）：{str(data_dir)[:200]}",
            f"The data folder's path cannot be used ({exc.strerror}): {str(data_dir)[:200]}",
        ) from None
    if not stat.S_ISDIR(found.st_mode):
        raise InputError(  # the same words as the store's own check
            f"数据文件夹 {str(data_dir)[:200]} 是一个文件，不是文件夹；请指定文件夹。",
            f"The data folder {str(data_dir)[:200]} is a file, not a folder; give a folder.",
        )


EXIT_BROKEN_PIPE, EXIT_BUG = 141, 3
_ENVIRONMENT_ERRNOS = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EFBIG,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
}


class _ClosedOutput(io.TextIOBase):
    """Standard output that was closed before the start (``>&-``): writing is a closed pipe.

    A command that prints nothing still runs; one that prints ends as quietly as under
    ``| head`` (exit 141), never with a traceback.
    """

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "standard output is closed")


def _silence_stdout(ctx: CliContext) -> None:
    """Point stdout at /dev/null so Python's final flush does not complain about the pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, ctx.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _unexpected(exc: BaseException, ctx: CliContext) -> int:
    where = log_exception(exc, ctx.data_dir)
    if where is None:
        ctx.err(
            ctx.t(
                "程序遇到了意外问题，操作没有完成（详情无法写入日志）。",
                "The program met an unexpected problem; nothing was done (the details could not be logged).",
            )
        )
    else:
        ctx.err(
            ctx.t(
                f"程序遇到了意外问题，操作没有完成。详情已记录在 {where}。",
                f"The program met an unexpected problem; nothing was done. The details are in {where}.",
            )
        )
    return EXIT_BUG


def log_exception(exc: BaseException, data_dir: Path) -> Path | None:
    """Append ``exc`` with its traceback to ``<data_dir>/logs/campus.log`` (the app's log file).

    Falls back to the user's log folder when the data folder cannot take it; None if neither can.
    """
    import traceback
    from datetime import datetime

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    entry = f"{datetime.now().isoformat(timespec='seconds')} ERROR command line: unexpected error\n{text}"
    for folder in (data_dir / "logs", _user_log_dir()):
        path = folder / "campus.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(entry)
            return path
        except OSError:
            continue
    return None


def _user_log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("CampusSelfCheck", appauthor=False))
