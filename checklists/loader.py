"""The one strict loader: YAML checklist definitions → immutable ``Checklist`` objects."""

from __future__ import annotations

import re
from typing import Any

import yaml

from checklists import expr as ex
from checklists.foundation import limits
from checklists.foundation.errors import DefinitionError, ExpressionError
from checklists.loader_items import ITEM_KEYS, build_item
from checklists.model import (
    PLAN_CLAUSES,
    SEVERITIES,
    Checklist,
    Choice,
    Item,
    Rule,
    Section,
    Source,
    Text,
)
from checklists.references import check_references
from checklists.yamlnodes import Problems, check_keys, compose, is_date, mapping, scalar

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TOP_KEYS = {"id", "version", "title", "source", "description", "constants", "sections"}
SECTION_KEYS = {"id", "title", "items", "help"}
RULE_KEYS = {"code", "fail_if", "severity", "message", "clauses", "explainable"}


class _Builder:  # satisfies loader_items.NodeReader
    """Turns one file's node tree into a Checklist, recording every problem on the way."""

    def __init__(self, problems: Problems) -> None:
        self.p = problems

    # -- scalars -------------------------------------------------------------
    def text(self, node: yaml.Node, what: str) -> Text | None:
        found = mapping(node, self.p, (f"{what} ", what))
        if found is None:
            return None
        check_keys(node, found, {"zh", "en"}, {"zh", "en"}, self.p, (what, what))
        values = {}
        for lang in ("zh", "en"):
            if lang in found:
                value = (
                    scalar(found[lang][1]) if isinstance(found[lang][1], yaml.ScalarNode) else None
                )
                if not isinstance(value, str) or not value.strip():
                    self.p.add(
                        found[lang][1],
                        f"{what}.{lang} 应为非空文本",
                        f"{what}.{lang} must be non-empty text",
                    )
                values[lang] = value if isinstance(value, str) else ""
        return Text(values.get("zh", ""), values.get("en", "")) if len(values) == 2 else None

    def value(self, node: yaml.Node, kinds: tuple[type, ...], what: str) -> Any:
        value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if not ok:
            names = "/".join(k.__name__ for k in kinds)
            self.p.add(node, f"{what} 的类型应为 {names}", f"{what} must be of type {names}")
            return None
        return value

    def ident(self, node: yaml.Node, what: str) -> str:
        value = self.value(node, (str,), what)
        if isinstance(value, str) and not ID_RE.match(value):
            self.p.add(
                node,
                f"{what} '{value}' 应由小写字母、数字和下划线组成",
                f"{what} '{value}' must match [a-z][a-z0-9_]*",
            )
        return value if isinstance(value, str) else ""

    def clauses(self, node: yaml.Node, what: str) -> tuple[int, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.p.add(
                node,
                f"{what} 应为条款编号列表，如 [75]",
                f"{what} must be a list of clause numbers, e.g. [75]",
            )
            return ()
        out = []
        for entry in node.value:
            value = self.value(entry, (int,), what)
            if isinstance(value, int) and value not in PLAN_CLAUSES:
                self.p.add(
                    entry,
                    f"条款 第{value}条 超出范围（1–82）",
                    f"clause {value} out of range (1..82)",
                )
            elif isinstance(value, int):
                out.append(value)
        return tuple(out)

    def expression(self, node: yaml.Node, what: str) -> ex.Expr | None:
        source = self.value(node, (str,), what)
        if not isinstance(source, str):
            return None
        try:
            parsed = ex.parse(source)
            self.p.at(parsed, node)
            return parsed
        except ExpressionError as exc:
            self.p.add(node, f"{what} 表达式错误：{exc.zh}", f"{what} expression error: {exc.en}")
            return None

    # -- structure -----------------------------------------------------------
    def checklist(self, root: yaml.Node, origin: str) -> Checklist | None:
        found = mapping(root, self.p, ("清单", "checklist"))
        if found is None:
            return None
        check_keys(
            root,
            found,
            TOP_KEYS,
            TOP_KEYS - {"description", "constants"},
            self.p,
            ("清单", "checklist"),
        )

        def get(key: str) -> yaml.Node:
            return found[key][1]

        cl_id = self.ident(get("id"), "id") if "id" in found else ""
        version = self.value(get("version"), (int,), "version") if "version" in found else None
        if isinstance(version, int) and version < 1:
            self.p.add(get("version"), "version 应不小于 1", "version must be at least 1")
        elif isinstance(version, int) and version > limits.MAX_CHECKLIST_VERSION:
            self.p.add(
                get("version"),
                f"version 过大（最多 {limits.MAX_CHECKLIST_VERSION}）",
                f"version too large (at most {limits.MAX_CHECKLIST_VERSION})",
            )
            version = None
        title = self.text(get("title"), "title") if "title" in found else None
        description = (
            self.text(get("description"), "description") if "description" in found else None
        )
        source = self.source(get("source")) if "source" in found else None
        constants = self.constants(get("constants")) if "constants" in found else ()
        sections = self.sections(get("sections")) if "sections" in found else ()
        if not (cl_id and isinstance(version, int) and title and source):
            return None
        checklist = Checklist(
            cl_id, version, title, source, sections, description, constants, origin
        )
        return checklist

    def source(self, node: yaml.Node) -> Source | None:
        found = mapping(node, self.p, ("source ", "source"))
        if found is None:
            return None
        check_keys(
            node,
            found,
            {"document", "clauses"},
            {"document", "clauses"},
            self.p,
            ("source", "source"),
        )
        doc = self.text(found["document"][1], "source.document") if "document" in found else None
        clauses = self.clauses(found["clauses"][1], "source.clauses") if "clauses" in found else ()
        return Source(doc, clauses) if doc else None

    def constants(self, node: yaml.Node) -> tuple[tuple[str, Any], ...]:
        found = mapping(node, self.p, ("constants ", "constants"))
        out = []
        for key, (key_node, value_node) in (found or {}).items():
            if not ID_RE.match(key):
                self.p.add(
                    key_node,
                    f"常量名 '{key}' 不合规",
                    f"constant name '{key}' must match [a-z][a-z0-9_]*",
                )
            value = scalar(value_node) if isinstance(value_node, yaml.ScalarNode) else None
            if not (isinstance(value, bool | int | float | str) or is_date(value)):
                self.p.add(
                    value_node,
                    f"常量 '{key}' 应为数字、文本、布尔值或日期",
                    f"constant '{key}' must be a number, text, boolean or date",
                )
                continue
            out.append((key, value))
        return tuple(out)

    def sections(self, node: yaml.Node) -> tuple[Section, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.p.add(node, "sections 应为非空列表", "sections must be a non-empty list")
            return ()
        out = []
        for entry in node.value:
            section = self.section(entry)
            if section is not None:
                out.append(section)
        return tuple(out)

    def section(self, node: yaml.Node) -> Section | None:
        found = mapping(node, self.p, ("分节", "section"))
        if found is None:
            return None
        check_keys(node, found, SECTION_KEYS, {"id", "title", "items"}, self.p, ("分节", "section"))
        sec_id = self.ident(found["id"][1], "section id") if "id" in found else ""
        title = self.text(found["title"][1], "title") if "title" in found else None
        help_ = self.text(found["help"][1], "help") if "help" in found else None
        items = self.items(found["items"][1], column=False) if "items" in found else ()
        if not title:
            return None
        section = Section(sec_id, title, items, help_)
        self.p.at(section, node)
        return section

    def items(self, node: yaml.Node, column: bool) -> tuple[Item, ...]:
        what = "columns" if column else "items"
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.p.add(node, f"{what} 应为非空列表", f"{what} must be a non-empty list")
            return ()
        out = []
        for entry in node.value:
            item = self.item(entry, column)
            if item is not None:
                out.append(item)
        return tuple(out)

    def item(self, node: yaml.Node, column: bool) -> Item | None:
        what = ("列", "column") if column else ("检查项", "item")
        found = mapping(node, self.p, what)
        if found is None:
            return None
        allowed = ITEM_KEYS - {"columns"} if column else ITEM_KEYS
        required = {"id", "type", "label"} if column else {"id", "type", "label", "clauses"}
        check_keys(node, found, allowed, required, self.p, what)
        return build_item(self, node, found, column)

    def rules(self, node: yaml.Node, default_clauses: tuple[int, ...]) -> tuple[Rule, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.p.add(node, "rules 应为列表", "rules must be a list")
            return ()
        out = []
        for entry in node.value:
            rule = self.rule(entry, default_clauses)
            if rule is not None:
                out.append(rule)
        return tuple(out)

    def rule(self, node: yaml.Node, default_clauses: tuple[int, ...]) -> Rule | None:
        found = mapping(node, self.p, ("规则", "rule"))
        if found is None:
            return None
        check_keys(
            node,
            found,
            RULE_KEYS,
            {"code", "fail_if", "severity", "message"},
            self.p,
            ("规则", "rule"),
        )
        code = self.ident(found["code"][1], "code") if "code" in found else ""
        cond = self.expression(found["fail_if"][1], "fail_if") if "fail_if" in found else None
        severity = (
            self.value(found["severity"][1], (str,), "severity") if "severity" in found else None
        )
        if severity is not None and severity not in SEVERITIES:
            self.p.add(
                found["severity"][1],
                "severity 应为 critical / major / minor",
                "severity must be critical, major or minor",
            )
            severity = None
        message = self.text(found["message"][1], "message") if "message" in found else None
        clauses = (
            self.clauses(found["clauses"][1], "clauses") if "clauses" in found else default_clauses
        )
        explainable = (
            self.value(found["explainable"][1], (bool,), "explainable")
            if "explainable" in found
            else False
        )
        if not (code and cond is not None and severity and message):
            return None
        rule = Rule(code, cond, severity, message, clauses, bool(explainable))
        self.p.at(rule, node)
        return rule

    def choices(self, node: yaml.Node) -> tuple[Choice, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.p.add(node, "choices 应为非空列表", "choices must be a non-empty list")
            return ()
        out: list[Choice] = []
        for entry in node.value:
            found = mapping(entry, self.p, ("选项", "choice"))
            if found is None:
                continue
            check_keys(
                entry, found, {"value", "label"}, {"value", "label"}, self.p, ("选项", "choice")
            )
            value = self.value(found["value"][1], (str,), "value") if "value" in found else None
            label = self.text(found["label"][1], "label") if "label" in found else None
            if isinstance(value, str) and any(c.value == value for c in out):
                self.p.add(entry, f"重复的选项 '{value}'", f"duplicate choice '{value}'")
            elif isinstance(value, str) and label:
                out.append(Choice(value, label))
        return tuple(out)


def load_text(text: str, origin: str) -> Checklist:
    """Load one checklist from YAML text; DefinitionError lists every problem."""
    problems = Problems(origin)
    root = compose(text, problems)
    checklist = _Builder(problems).checklist(root, origin) if root is not None else None
    if checklist is not None:
        check_references(checklist, problems)
    if problems.items or checklist is None:
        if not problems.items:
            problems.items.append((f"{origin}:1", "清单为空", "empty checklist"))
        raise DefinitionError(problems.items)
    return checklist


def cross_check(checklists: list[Checklist]) -> list[tuple[str, str, str]]:
    """Checklist ids and finding codes must be unique across all loaded checklists."""
    problems = []
    ids: dict[str, str] = {}
    codes: dict[str, str] = {}
    for checklist in checklists:
        where = f"{checklist.origin}:1"
        if checklist.id in ids:
            problems.append(
                (
                    where,
                    f"清单编号 '{checklist.id}' 与 {ids[checklist.id]} 重复",
                    f"checklist id '{checklist.id}' also used by {ids[checklist.id]}",
                )
            )
        ids.setdefault(checklist.id, checklist.origin)
        for _, _, rule in checklist.rules():
            other = codes.get(rule.code)
            if other is not None and other != checklist.id:
                problems.append(
                    (
                        where,
                        f"问题代码 '{rule.code}' 与清单 {other} 重复",
                        f"finding code '{rule.code}' also used by checklist {other}",
                    )
                )
            codes.setdefault(rule.code, checklist.id)
    return problems
