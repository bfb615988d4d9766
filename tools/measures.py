"""Print the size measures of the app's code: module lines (median, p90) and function lines (median, p90).

The review that set the targets (module median <= 200, p90 <= 400; function median <= 12)
counted every line of each module of the app, tests, benchmarks and tools excluded, and each
function from its ``def`` line to its last line (nested functions counted on their own too).
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGES = ("checklists", "models", "reports", "cli", "ui")
APP_FILES = ("main.py",)


def app_modules(root: Path) -> list[Path]:
    """The app's own Python files under ``root`` (no tests, tools, benchmarks or virtualenvs)."""
    files = [root / name for name in APP_FILES if (root / name).is_file()]
    for package in APP_PACKAGES:
        files.extend(sorted((root / package).rglob("*.py")))
    return files


def function_lengths(tree: ast.AST) -> list[int]:
    """Lines of every function or method in ``tree``, from ``def`` (decorators excluded) to its end."""
    return [
        (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def p90(values: list[int]) -> float:
    """The 90th percentile (inclusive method, as the review computed it)."""
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def measure(root: Path) -> dict[str, float]:
    """Module and function size figures for the app under ``root``."""
    module_lines: list[int] = []
    functions: list[int] = []
    for path in app_modules(root):
        text = path.read_text(encoding="utf-8")
        module_lines.append(len(text.splitlines()))
        functions.extend(function_lengths(ast.parse(text, filename=str(path))))
    return {
        "modules": len(module_lines),
        "module_median": statistics.median(module_lines),
        "module_p90": p90(module_lines),
        "functions": len(functions),
        "function_median": statistics.median(functions),
        "function_p90": p90(functions),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="measures", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=ROOT, help="the tree to measure")
    args = parser.parse_args(argv)
    m = measure(args.root)
    print(f"modules {m['modules']}: median {m['module_median']:g} lines, p90 {m['module_p90']:g}")
    print(
        f"functions {m['functions']}: median {m['function_median']:g} lines, "
        f"p90 {m['function_p90']:g}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
