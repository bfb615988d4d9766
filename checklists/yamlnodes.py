"""Reading YAML as a node tree with line numbers, so every definition error can name its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from yaml.constructor import SafeConstructor


@dataclass
class Problems:
    """Collects ``FILE:LINE`` problems in zh and en; the loader raises them all at once."""

    file: str
    items: list[tuple[str, str, str]] = field(default_factory=list)
    # id() of a built object (item, rule, expression) → the node it came from, for later checks
    where: dict[int, yaml.Node] = field(default_factory=dict)

    def at(self, obj: object, node: yaml.Node) -> None:
        """Remember that ``obj`` was built from ``node``."""
        self.where[id(obj)] = node

    def add_at(self, obj: object, zh: str, en: str) -> None:
        """Record a problem at the line ``obj`` was built from."""
        self.add(self.where.get(id(obj)), zh, en)

    def add(self, node: yaml.Node | None, zh: str, en: str) -> None:
        """Record a problem at ``node``'s line (1-based)."""
        line = node.start_mark.line + 1 if node is not None else 1
        self.items.append((f"{self.file}:{line}", zh, en))


def compose(text: str, problems: Problems) -> yaml.Node | None:
    """Parse YAML text into nodes; a YAML syntax error becomes a problem, not an exception."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 1
        problems.items.append(
            (
                f"{problems.file}:{line}",
                f"YAML 语法错误：{exc.problem}",
                f"YAML syntax error: {exc.problem}",
            )
        )
    except yaml.YAMLError as exc:
        problems.items.append((f"{problems.file}:1", f"YAML 错误：{exc}", f"YAML error: {exc}"))
    return None


_constructor = SafeConstructor()


def scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node (int, float, bool, str, date or None)."""
    value = _constructor.construct_object(node, deep=True)
    if isinstance(value, datetime):
        return value
    return value


def mapping(
    node: yaml.Node, problems: Problems, what: tuple[str, str]
) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
    """A mapping node as {key: (key node, value node)}; duplicate or non-text keys are problems."""
    if not isinstance(node, yaml.MappingNode):
        problems.add(
            node, f"{what[0]}应为映射（键: 值）", f"{what[1]} must be a mapping (key: value)"
        )
        return None
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(key_node, "键应为文本", "keys must be text")
            continue
        key = str(key_node.value)
        if key in out:
            problems.add(key_node, f"重复的键 '{key}'", f"duplicate key '{key}'")
            continue
        out[key] = (key_node, value_node)
    return out


def check_keys(
    node: yaml.Node,
    found: dict[str, tuple[yaml.Node, yaml.Node]],
    allowed: set[str],
    required: set[str],
    problems: Problems,
    what: tuple[str, str],
) -> None:
    """Report unknown keys (at their own line) and missing required keys (at the mapping)."""
    for key, (key_node, _) in found.items():
        if key not in allowed:
            problems.add(
                key_node, f"{what[0]}中有未知的键 '{key}'", f"unknown key '{key}' in {what[1]}"
            )
    for key in sorted(required - set(found)):
        problems.add(
            node, f"{what[0]}缺少必需的键 '{key}'", f"missing required key '{key}' in {what[1]}"
        )


def is_date(value: object) -> bool:
    """True for a YAML date (not a timestamp with a time)."""
    return isinstance(value, date) and not isinstance(value, datetime)
