"""campus-selfcheck.spec: relative paths only, every resource folder bundled, exclusions named."""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT

SPEC = ROOT / "campus-selfcheck.spec"
# What issue 11 asks the bundle to carry, as folders relative to the repository.
REQUIRED_DATA = {
    "checklists/definitions",
    "resources/fonts",
    "resources/translations",
    "resources/icons",
    "resources/samples",
    "resources/plan",
}


def _tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _strings(tree: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
    ]


def _looks_absolute(text: str) -> bool:
    return bool(
        text.startswith(("/", "~", "\\\\"))
        or re.match(r"^[A-Za-z]:[\\/]", text)
        or re.search(r"(^|[\\/])(home|Users|work|tmp|opt)[\\/]", text)
        or "site-packages" in text
        or ".venv" in text
    )


def test_spec_is_python() -> None:
    assert _tree().body


def test_no_absolute_or_machine_paths() -> None:
    offending = [s for s in _strings(_tree()) if _looks_absolute(s)]
    assert offending == []


@pytest.mark.parametrize(
    "text", ["/home/dev/x", "C:\\Users\\dev", "~/fonts", "/work/main/resources", ".venv/lib"]
)
def test_the_absolute_path_check_catches(text: str) -> None:
    assert _looks_absolute(text)


def test_paths_are_built_from_specpath() -> None:
    tree = _tree()
    root = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "ROOT" for t in n.targets)
    ]
    assert len(root) == 1
    assert ast.unparse(root[0].value) == "Path(SPECPATH)"
    for call in _calls(tree, "open"):
        pytest.fail(f"the spec opens a file directly: {ast.unparse(call)}")


def test_every_resource_folder_is_bundled_and_exists() -> None:
    folders = {
        call.args[0].value
        for call in _calls(_tree(), "tree")
        if call.args and isinstance(call.args[0], ast.Constant)
    }
    assert folders >= REQUIRED_DATA
    for folder in folders:
        assert (ROOT / folder).is_dir(), folder


def test_pyproject_is_bundled_for_the_version() -> None:
    assert '(str(ROOT / "pyproject.toml"), ".")' in SPEC.read_text(encoding="utf-8")


def test_test_tools_and_unused_gui_toolkits_are_excluded() -> None:
    strings = set(_strings(_tree()))
    for name in ("tkinter", "pytest", "hypothesis", "PySide6.QtQml", "PySide6.QtNetwork"):
        assert name in strings, name


def test_command_modules_are_collected() -> None:
    """cli/main.py imports each command group by name (only the group a command line needs), so
    the analysis cannot see them: the spec collects every submodule of cli, and the groups
    table names every command module there is."""
    text = SPEC.read_text(encoding="utf-8")
    assert 'collect_submodules("cli")' in text
    from cli.main import COMMAND_GROUPS

    named = {name.removeprefix("cli.") for name in COMMAND_GROUPS}
    written = {p.stem for p in (ROOT / "cli").glob("cmd_*.py")}
    assert written and written == named


def test_entry_point_calls_freeze_support() -> None:
    entry = ROOT / "packaging" / "frozen_main.py"
    assert '"packaging" / "frozen_main.py"' in SPEC.read_text(encoding="utf-8")
    main_block = ast.parse(entry.read_text(encoding="utf-8")).body[-1]
    assert isinstance(main_block, ast.If)
    calls = [ast.unparse(n) for n in ast.walk(main_block) if isinstance(n, ast.Call)]
    assert calls[0] == "multiprocessing.freeze_support()"
    assert "main()" in calls
