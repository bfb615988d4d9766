"""A command line registers only its command's group, and reads exactly as with every group."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cli import main as cli_main
from tests.conftest import ROOT


def test_each_group_registers_the_commands_listed_for_it() -> None:
    modules = {f"cli.{p.stem}" for p in (ROOT / "cli").glob("cmd_*.py")}
    assert set(cli_main.COMMAND_GROUPS) == modules
    for name, commands in cli_main.COMMAND_GROUPS.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        __import__(name, fromlist=["register"]).register(sub)
        assert tuple(sub.choices) == commands, name
    everything = [c for commands in cli_main.COMMAND_GROUPS.values() for c in commands]
    assert len(everything) == len(set(everything))


COMMAND_LINES = [
    [],
    ["-h"],
    ["--help"],
    ["--he", "list"],
    ["--version"],
    ["--version", "list"],
    ["version"],
    ["list"],
    ["--lang", "en", "list"],
    ["--lang", "xx", "list"],
    ["--lang=en", "--data-dir=/tmp/folder", "list"],
    ["--data", "/tmp/folder", "list"],
    ["--data-dir"],
    ["--data-dir", "import-table"],
    ["--bogus", "list"],
    ["list", "--bogus"],
    ["nonsense"],
    ["--", "list"],
    ["import-table"],
    ["import-table", "-h"],
    ["import-table", "1", "guards", "guards", "roster.xlsx", "--json"],
    ["--data-dir", "/tmp/d", "import-table", "x", "guards", "guards", "roster.xlsx"],
    ["import-table", "1", "guards", "guards", "roster.xlsx", "--lang", "en"],
    ["template", "guards", "guards", "--out", "t.xlsx", "--lang", "en"],
    ["export-pdf", "1", "--out", "r.pdf"],
    ["aggregate", "--help"],
    ["verify", "report.pdf"],
    ["school-list", "-h"],
]


def _read(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[Any, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            found: Any = vars(parser.parse_args(argv))
        except SystemExit as exc:
            found = ("exit", exc.code)
    return found, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=[" ".join(a) or "-" for a in COMMAND_LINES])
def test_a_command_line_reads_the_same_with_its_group_alone(argv: list[str]) -> None:
    full = _read(cli_main.build_parser(), argv)
    command = cli_main.command_of(argv)
    assert _read(cli_main.build_parser(command), argv) == full
    parsed = full[0]
    if isinstance(parsed, dict) and not parsed["version"] and parsed["command"] != "version":
        assert command == parsed["command"]  # a command line that parses names its command


def test_an_import_loads_no_other_command_group(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from cli.main import run\n"
        f"code = run(['--data-dir', {str(tmp_path)!r}, 'import-table', '1', 'guards', 'guards',"
        f" {str(tmp_path / 'r.xlsx')!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('cli.cmd_')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split(None, 1) == ["2", "['cli.cmd_excel']\n"]
    assert "数据库" in done.stderr  # refused as before: the folder holds no database
