"""Building one item (or table column) from its YAML node, with the type-specific checks."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, Protocol

import yaml

from checklists import expr as ex
from checklists.answers import check_value
from checklists.loader_aliases import aliases_of, check_table_aliases
from checklists.model import COLUMN_TYPES, ITEM_TYPES, Choice, Item, Rule, Text
from checklists.yamlnodes import Nodes, Problems, check_keys, mapping, scalar

ITEM_KEYS = {
    "id", "type", "label", "help", "clauses", "standard", "required", "allow_na", "choices",
    "unit", "min", "max", "default", "relevant", "constraint", "constraint_message",
    "calculate", "rules", "columns", "aliases", "value_aliases",
}  # fmt: skip
CHOICE_TYPES = ("single_choice", "multi_choice")
NUMBER_TYPES = ("integer", "decimal")


class NodeReader(Protocol):
    """What building an item needs from the checklist's reader: its scalars, rules and problems."""

    p: Problems

    def text(self, node: yaml.Node, what: str) -> Text | None: ...
    def value(self, node: yaml.Node, kinds: tuple[type, ...], what: str) -> Any: ...
    def ident(self, node: yaml.Node, what: str) -> str: ...
    def clauses(self, node: yaml.Node, what: str) -> tuple[int, ...]: ...
    def expression(self, node: yaml.Node, what: str) -> ex.Expr | None: ...
    def rules(self, node: yaml.Node, default_clauses: tuple[int, ...]) -> tuple[Rule, ...]: ...
    def choices(self, node: yaml.Node) -> tuple[Choice, ...]: ...


def build_item(
    b: NodeReader, node: yaml.Node, found: Nodes, column: bool, parent_clauses: tuple[int, ...] = ()
) -> Item | None:
    """One Item from its mapping; None when it is too broken to build (problems recorded)."""
    node_of = lambda key: found[key][1]  # noqa: E731
    item_id = b.ident(node_of("id"), "id") if "id" in found else ""
    kind = _kind(b, node_of("type"), column) if "type" in found else None
    label = b.text(node_of("label"), "label") if "label" in found else None
    clauses = b.clauses(node_of("clauses"), "clauses") if "clauses" in found else ()
    fields: dict[str, Any] = {}
    for key in ("help", "standard", "constraint_message"):
        if key in found:
            fields[key] = b.text(node_of(key), key)
    for key in ("required", "allow_na"):
        if key in found:
            fields[key] = bool(b.value(node_of(key), (bool,), key))
    for key in ("relevant", "constraint", "calculate"):
        if key in found:
            fields[key] = b.expression(node_of(key), key)
    if "unit" in found:
        fields["unit"] = b.value(node_of("unit"), (str,), "unit")
    for key in ("min", "max"):
        if key in found:
            number = b.value(node_of(key), (int, float), key)
            fields[key] = float(number) if number is not None else None
    if "choices" in found:
        fields["choices"] = b.choices(node_of("choices"))
    fields.update(aliases_of(b, found, kind, fields.get("choices", ())))
    _check_type_keys(b, node, found, kind)
    if "rules" in found:
        fields["rules"] = b.rules(node_of("rules"), clauses or parent_clauses)
    if kind == "table" and "columns" in found:
        fields["columns"] = _columns(b, node_of("columns"), clauses)
        check_table_aliases(b, node_of("columns"), fields["columns"])
    if not (item_id and kind and label):
        return None
    item = Item(id=item_id, type=kind, label=label, clauses=clauses, **fields)  # type: ignore[arg-type]
    if "default" in found:
        item = dataclasses.replace(item, default=check_default(b, node_of("default"), item))
    b.p.at(item, node)
    return item


def _kind(b: NodeReader, node: yaml.Node, column: bool) -> str | None:
    value = b.value(node, (str,), "type")
    allowed = COLUMN_TYPES if column else ITEM_TYPES
    if isinstance(value, str) and value not in allowed:
        where = ("表格列", "a table column") if column else ("检查项", "an item")
        b.p.add(
            node,
            f"{where[0]}的类型 '{value}' 无效，可用：{'、'.join(allowed)}",
            f"invalid type '{value}' for {where[1]}; allowed: {', '.join(allowed)}",
        )
        return None
    return value if isinstance(value, str) else None


def _check_type_keys(b: NodeReader, node: yaml.Node, found: Nodes, kind: str | None) -> None:
    """Keys that only make sense for some types, and keys a type requires."""
    if kind is None:
        return
    misplaced = {
        "choices": kind not in CHOICE_TYPES,
        "allow_na": kind != "yes_no",
        "unit": kind not in NUMBER_TYPES,
        "min": kind not in NUMBER_TYPES,
        "max": kind not in NUMBER_TYPES,
        "columns": kind != "table",
        "default": kind in ("table", "note", "evidence"),
        "calculate": kind in ("table", "note", "evidence"),
    }
    for key, bad in misplaced.items():
        if bad and key in found:
            b.p.add(
                found[key][0],
                f"类型 {kind} 不能有键 '{key}'",
                f"key '{key}' is not allowed for type {kind}",
            )
    needs = {"choices": kind in CHOICE_TYPES, "columns": kind == "table"}
    for key, need in needs.items():
        if need and key not in found:
            b.p.add(node, f"类型 {kind} 需要键 '{key}'", f"type {kind} needs key '{key}'")
    if "constraint" in found and "constraint_message" not in found:
        b.p.add(
            node, "有 constraint 时需要 constraint_message", "constraint needs a constraint_message"
        )


def _columns(b: NodeReader, node: yaml.Node, clauses: tuple[int, ...]) -> tuple[Item, ...]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        b.p.add(node, "columns 应为非空列表", "columns must be a non-empty list")
        return ()
    out = []
    for entry in node.value:
        found = mapping(entry, b.p, ("列", "column"))
        if found is None:
            continue
        check_keys(
            entry, found, ITEM_KEYS - {"columns"}, {"id", "type", "label"}, b.p, ("列", "column")
        )
        column = build_item(b, entry, found, True, clauses)
        if column is not None:
            out.append(column)
    return tuple(out)


def check_default(builder: NodeReader, node: yaml.Node, item: Item) -> Any:
    """The item's default, checked against its own type."""
    raw = scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(raw, date):
        raw = raw.isoformat()
    value, problems = check_value(item, raw, "default")
    for _, zh, en in problems:
        builder.p.add(node, f"default {zh}", f"default {en}")
    return value
