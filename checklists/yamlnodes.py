"""Reading YAML as a node tree with line numbers, so every definition error can name its line."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import Reader
from yaml.resolver import Resolver

from checklists.foundation import limits

# A mapping node's entries: key → (key node, value node).
Nodes = dict[str, tuple[yaml.Node, yaml.Node]]


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

    def add_mark(self, mark: yaml.Mark | None, zh: str, en: str) -> None:
        """Record a problem at a parser position (1-based line)."""
        line = mark.line + 1 if mark is not None else 1
        self.items.append((f"{self.file}:{line}", zh, en))


class _Refused(yaml.MarkedYAMLError):
    """A limit of :mod:`checklists.foundation.limits` was met; ``zh``/``en`` say which."""

    def __init__(self, mark: Any, zh: str, en: str) -> None:
        super().__init__(problem=en, problem_mark=mark)
        self.zh = zh
        self.en = en


class _StrictChecks(yaml.composer.Composer):
    # the event source (a parser) and dispose() come from the class this is mixed into
    check_event: Any
    peek_event: Any
    get_event: Any
    dispose: Any

    """A SafeLoader's composer that refuses aliases, foreign tags, deep nesting and huge trees.

    The checks run while the node tree is built, so a hostile file stops at its first
    offending node: nothing is expanded, nothing is constructed.
    """

    _depth = 0
    _nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                event.start_mark,
                f"不支持 YAML 别名（*{event.anchor}）：清单格式不需要它，它却能让小文件展开成巨大的数据",
                f"YAML aliases (*{event.anchor}) are not accepted: the checklist format never "
                "needs them, and they can blow a small file up to gigabytes",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and _full_tag(tag) not in limits.YAML_ALLOWED_TAGS:
            raise _Refused(
                event.start_mark,
                f"不支持的 YAML 标签 {tag[:60]}：只接受文本、数字、是/否、日期、列表和映射",
                f"YAML tag {tag[:60]} is not accepted: only text, numbers, booleans, dates, "
                "lists and mappings are",
            )
        self._nodes += 1
        if self._nodes > limits.MAX_YAML_NODES:
            raise _Refused(
                event.start_mark,
                f"文件内容过多（超过 {limits.MAX_YAML_NODES} 个节点）",
                f"too much content (more than {limits.MAX_YAML_NODES} nodes)",
            )
        self._depth += 1
        if self._depth > limits.MAX_YAML_DEPTH:
            raise _Refused(event.start_mark, *_too_deep())
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(node)
        return node


# A plain scalar that reads as a number to a person but as text to YAML 1.1 (``1e400``, ``1e5``).
_NUMBER_LIKE = re.compile(r"[-+]?(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9_]+)[eE][-+]?[0-9]+")
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"


def _check_scalar(node: yaml.ScalarNode) -> None:
    """Refuse numbers that are not finite and dates that do not exist, at their line.

    ``.nan``, ``.inf`` and ``1.0e+400`` (infinite once read) would compare false with every
    value and so switch a rule off; ``2021-02-30`` would stay text and do the same.
    """
    if node.tag == _FLOAT_TAG:
        try:
            value = _constructor.construct_yaml_float(node)
        except ValueError:
            return  # left to the type check at the value's use
        if not math.isfinite(value):
            raise _Refused(
                node.start_mark,
                f"数字 {str(node.value)[:40]} 不是有限数（不接受 .nan、.inf 或超出范围的数）",
                f"the number {str(node.value)[:40]} is not finite (.nan, .inf and numbers out "
                "of range are not accepted)",
            )
    elif node.tag == _TIMESTAMP_TAG:
        try:
            _constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise _Refused(
                node.start_mark,
                f"日期 {str(node.value)[:40]} 不存在",
                f"the date {str(node.value)[:40]} does not exist",
            ) from None
    elif node.tag == _STR_TAG and not node.style and _NUMBER_LIKE.fullmatch(node.value):
        raise _Refused(
            node.start_mark,
            f"{node.value[:40]} 看似数字，但 YAML 把它读作文本：请写成普通数字（如 45、0.5），"
            "或加引号表示文本",
            f"{node.value[:40]} looks like a number but YAML reads it as text: write a plain "
            "number (such as 45 or 0.5), or quote it to mean text",
        )


class _StrictLoader(_StrictChecks, yaml.SafeLoader):
    """The pure-Python reader, scanner and parser, with the strict composer."""


class _FastStrictLoader(_StrictChecks, SafeConstructor, Resolver):
    """libyaml's parser (C, about 25× faster) feeding the same strict composer.

    The events are the same as the pure-Python parser's; the text is first checked for
    characters YAML does not allow by the pure-Python reader, whose message names the
    character and its position in characters (libyaml counts bytes).
    """

    def __init__(self, stream: str) -> None:
        Reader(stream)  # raises ReaderError at the first character YAML does not allow
        self._parser = _CParser(stream)
        # the parser's own methods, bound once: the composer calls them for every node
        self.check_event = self._parser.check_event
        self.peek_event = self._parser.peek_event
        self.get_event = self._parser.get_event
        self.dispose = self._parser.dispose
        yaml.composer.Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


try:
    from yaml._yaml import CParser as _CParser

    _HAVE_LIBYAML = True
except ImportError:  # a PyYAML without libyaml: the pure-Python parser alone
    _HAVE_LIBYAML = False


def _loader(text: str) -> _StrictChecks:
    return _FastStrictLoader(text) if _HAVE_LIBYAML else _StrictLoader(text)


def _too_deep() -> tuple[str, str]:
    return (
        f"嵌套过深（超过 {limits.MAX_YAML_DEPTH} 层）",
        f"nested too deeply (more than {limits.MAX_YAML_DEPTH} levels)",
    )


def _full_tag(tag: str) -> str:
    return "tag:yaml.org,2002:" + tag[2:] if tag.startswith("!!") else tag


def compose(text: str, problems: Problems) -> yaml.Node | None:
    """Parse YAML text into nodes; syntax errors and refused content become problems.

    Refused (each at its line): aliases, tags other than the YAML core types, nesting deeper
    than ``MAX_YAML_DEPTH`` and more than ``MAX_YAML_NODES`` nodes (see checklists.foundation.limits).
    """
    loader = None
    try:
        loader = _loader(text)  # reads the text: a control character fails here
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        problems.items.append(
            (
                f"{problems.file}:{line}",
                f"不允许的控制字符 #x{exc.character:04x}",
                f"control character #x{exc.character:04x} is not allowed",
            )
        )
    except _Refused as exc:
        problems.add_mark(exc.problem_mark, exc.zh, exc.en)
    except yaml.MarkedYAMLError as exc:
        if exc.problem == "exceeded maximum nesting depth":  # libyaml's own bound (1,000)
            problems.add_mark(exc.problem_mark, *_too_deep())
            return None
        problems.add_mark(
            exc.problem_mark, f"YAML 语法错误：{exc.problem}", f"YAML syntax error: {exc.problem}"
        )
    except yaml.YAMLError as exc:
        problems.items.append((f"{problems.file}:1", f"YAML 错误：{exc}", f"YAML error: {exc}"))
    finally:
        if loader is not None:
            loader.dispose()
    return None


_constructor = SafeConstructor()


def scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node (int, float, bool, str, date or None).

    A scalar that looks like a number or a date but is not one (``2021-02-30``, an integer of
    thousands of digits) stays text, so the type check at that line reports it.
    """
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError):
        return str(node.value)
    finally:
        _constructor.constructed_objects.clear()


def mapping(node: yaml.Node, problems: Problems, what: tuple[str, str]) -> Nodes | None:
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
