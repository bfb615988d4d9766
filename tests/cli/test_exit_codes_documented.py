"""The exit codes the CLI uses are the ones the repository's own docs list (README, office guide)."""

from __future__ import annotations

import re

from cli import main as cli_main
from tests.conftest import ROOT

CODES = {
    cli_main.EXIT_OK,
    cli_main.EXIT_NEGATIVE,
    cli_main.EXIT_USAGE,
    cli_main.EXIT_BUG,
    cli_main.EXIT_BROKEN_PIPE,
}


def test_the_readme_lists_every_exit_code_and_no_other() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = {int(code) for code in re.findall(r"^\| \*\*(\d+)\*\* \|", text, re.MULTILINE)}
    assert listed == CODES == {0, 1, 2, 3, 141}


def test_the_office_guide_lists_every_exit_code() -> None:
    text = (ROOT / "docs" / "office-guide.md").read_text(encoding="utf-8")
    listed = {int(code) for code in re.findall(r"^\| (\d+) \|", text, re.MULTILINE)}
    assert listed == CODES
