"""The architecture holds: the core stays free of Qt, layers only import downwards, no import circles.

The import graph is read with ``ast`` from every module of the app: imports at module level and
inside functions alike (an import inside a function is how a circle hides). Imports under
``if TYPE_CHECKING:`` are left out: they never run, so they tie no knot at run time.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ("checklists", "models", "reports", "cli")
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")
# Lower layers never import higher ones: checklists → models → reports → the two faces.
LAYERS = {"checklists": 0, "models": 1, "reports": 2, "cli": 3, "ui": 3}
# The packages whose import graph must have no circle: all of the app.
ACYCLIC = ("checklists", "models", "reports", "cli", "ui")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def app_modules(root: Path, packages: Iterable[str]) -> dict[str, tuple[Path, bool]]:
    """Dotted module name → (file, is a package's ``__init__``) for every module of ``packages``."""
    found: dict[str, tuple[Path, bool]] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = (path, is_package)
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:`` (never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def _imported_names(module: str, is_package: bool, tree: ast.AST) -> Iterable[str]:
    """The dotted name each import statement in ``tree`` names (``from a import b`` gives a.b,
    which ``import_graph`` reads as the module a.b, or as a when b is a name inside a)."""
    skipped = _type_checking_only(tree)
    base = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                anchor = base
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                source = f"{anchor}.{source}" if source else anchor
            yield from (f"{source}.{a.name}" for a in node.names)


def import_graph(modules: Mapping[str, tuple[Path, bool]]) -> dict[str, set[str]]:
    """Module → the app modules it imports (anywhere in its body)."""
    graph: dict[str, set[str]] = {}
    for module, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for name in _imported_names(module, is_package, tree):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _describe(component: list[str], graph: Mapping[str, set[str]]) -> str:
    members = set(component)
    edges = [f"{a} → {b}" for a in component for b in sorted(graph[a] & members)]
    return "; ".join(edges)


def test_core_modules_never_import_qt() -> None:
    offenders = []
    files = [p for pkg in CORE for p in (ROOT / pkg).rglob("*.py")]
    assert len(files) > 10
    for path in files:
        bad = _imports(path) & set(QT_MODULES)
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_no_import_circles() -> None:
    graph = import_graph(app_modules(ROOT, ACYCLIC))
    assert len(graph) > 100
    assert [_describe(c, graph) for c in cycles(graph)] == []


def test_layers_only_import_downwards() -> None:
    graph = import_graph(app_modules(ROOT, LAYERS))
    layer_of = {m: LAYERS[m.split(".")[0]] for m in graph}
    assert any(layer_of[m] > layer_of[t] for m, ts in graph.items() for t in ts)  # it sees edges
    upward = [
        f"{module} → {target}"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if LAYERS[target.split(".")[0]] > LAYERS[module.split(".")[0]]
        or {module.split(".")[0], target.split(".")[0]} == {"cli", "ui"}
    ]
    assert upward == []


def test_cli_loads_no_pyside6() -> None:
    code = (
        "import sys, runpy; sys.argv = ['main.py', 'checklists'];\n"
        "import main\n"
        "rc = main.main(['checklists'])\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print('QT:', bad); sys.exit(rc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "QT: []" in proc.stdout
    assert "guards" in proc.stdout


def test_detector_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport os\n")
    assert "PySide6" in _imports(sample)


def _tree(tmp_path: Path, files: Mapping[str, str]) -> dict[str, set[str]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return import_graph(app_modules(tmp_path, ["pkg"]))


def test_a_circle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import g\n",
            "pkg/b.py": "def g():\n    from pkg import a\n    return a\n",
            "pkg/c.py": "from . import a\n",
        },
    )
    assert graph["pkg.c"] == {"pkg.a"}  # a relative import resolves to the module
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


def test_type_checking_imports_tie_no_circle(tmp_path: Path) -> None:
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import g\n",
            "pkg/b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pkg.a import X\n"
                "def g(x: 'X') -> None: ...\n"
            ),
        },
    )
    assert cycles(graph) == []


def test_a_long_circle_is_found_whole(tmp_path: Path) -> None:
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from pkg.sub.x import f\n",
            "pkg/sub/x.py": "import pkg.y\ndef f(): ...\n",
            "pkg/y.py": "from pkg import z\n",
            "pkg/z.py": "from pkg.sub import f\n",
        },
    )
    assert cycles(graph) == [["pkg.sub", "pkg.sub.x", "pkg.y", "pkg.z"]]
