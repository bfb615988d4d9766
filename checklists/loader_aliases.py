"""How schools write a column in Excel: ``aliases`` (other header names) and ``value_aliases``
(other words for a value), defined once per column in the checklist definition.

```yaml
- id: on_guard_post
  type: yes_no
  aliases: [是否在岗, 在岗情况]
  value_aliases: {在岗: yes, 离岗: no}
```
For a yes/no column the target is ``yes`` or ``no``; for a choice column, one of its choice
values. Other column types take header aliases only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from checklists.model import Choice, Item, fold
from checklists.yamlnodes import Nodes, mapping, scalar

if TYPE_CHECKING:
    from checklists.loader_items import NodeReader

MAX_ALIASES = 30
MAX_ALIAS_CHARS = 40
VALUE_ALIAS_TYPES = ("yes_no", "single_choice", "multi_choice")


def aliases_of(
    b: NodeReader, found: Nodes, kind: str | None, choices: tuple[Choice, ...]
) -> dict[str, Any]:
    """The ``aliases`` and ``value_aliases`` fields of an item, checked (problems recorded)."""
    out: dict[str, Any] = {}
    if "aliases" in found:
        out["aliases"] = _aliases(b, found["aliases"][1])
    if "value_aliases" in found:
        key_node, node = found["value_aliases"]
        if kind is not None and kind not in VALUE_ALIAS_TYPES:
            b.p.add(
                key_node,
                f"类型 {kind} 不能有键 'value_aliases'（只用于是/否和选择题）",
                f"key 'value_aliases' is not allowed for type {kind} (yes/no and choices only)",
            )
            return out
        out["value_aliases"] = _value_aliases(b, node, kind, choices)
    return out


def _word(b: NodeReader, node: yaml.Node, text: object) -> str | None:
    if not isinstance(text, str) or not text.strip():
        b.p.add(node, "别名应为非空文本", "an alias must be non-empty text")
        return None
    if len(text) > MAX_ALIAS_CHARS:
        b.p.add(
            node,
            f"别名过长（上限 {MAX_ALIAS_CHARS} 字）",
            f"an alias is too long (limit {MAX_ALIAS_CHARS} characters)",
        )
        return None
    return text.strip()


def _too_many(b: NodeReader, node: yaml.Node, count: int) -> bool:
    if count > MAX_ALIASES:
        b.p.add(
            node,
            f"别名过多（{count} 个，上限 {MAX_ALIASES} 个）",
            f"too many aliases ({count}, limit {MAX_ALIASES})",
        )
        return True
    return False


def _aliases(b: NodeReader, node: yaml.Node) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        b.p.add(node, "aliases 应为非空列表", "aliases must be a non-empty list")
        return ()
    if _too_many(b, node, len(node.value)):
        return ()
    out: list[str] = []
    for entry in node.value:
        raw = scalar(entry) if isinstance(entry, yaml.ScalarNode) else None
        word = _word(b, entry, entry.value if isinstance(raw, str | bool) else raw)
        if word is None:
            continue
        if fold(word) in {fold(w) for w in out}:
            b.p.add(entry, f"重复的别名 '{word}'", f"duplicate alias '{word}'")
            continue
        out.append(word)
    return tuple(out)


def _target(
    b: NodeReader, node: yaml.Node, kind: str | None, choices: tuple[Choice, ...]
) -> str | None:
    value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if kind == "yes_no":
        if isinstance(value, bool):
            return "yes" if value else "no"
        b.p.add(node, "是/否列的别名应指向 yes 或 no", "a yes/no alias must map to yes or no")
        return None
    values = [c.value for c in choices]
    if isinstance(value, str) and value in values:
        return value
    b.p.add(
        node,
        f"别名应指向选项之一：{'、'.join(values)}",
        f"an alias must map to one of the choices: {', '.join(values)}",
    )
    return None


def _value_aliases(
    b: NodeReader, node: yaml.Node, kind: str | None, choices: tuple[Choice, ...]
) -> tuple[tuple[str, str], ...]:
    found = mapping(node, b.p, ("value_aliases ", "value_aliases"))
    if not found:
        if found is not None:
            b.p.add(node, "value_aliases 不能为空", "value_aliases must not be empty")
        return ()
    if _too_many(b, node, len(found)):
        return ()
    out: list[tuple[str, str]] = []
    for key, (key_node, value_node) in found.items():
        word = _word(b, key_node, key)
        target = _target(b, value_node, kind, choices)
        if word is None or target is None:
            continue
        if fold(word) in {fold(w) for w, _ in out}:
            b.p.add(key_node, f"重复的别名 '{word}'", f"duplicate alias '{word}'")
            continue
        out.append((word, target))
    return tuple(out)


def check_table_aliases(b: NodeReader, node: yaml.Node, columns: tuple[Item, ...]) -> None:
    """No header alias may name two columns of one table (or another column's id or label)."""
    owner: dict[str, str] = {}
    for col in columns:
        for word in (col.id, col.label.zh, col.label.en):
            owner.setdefault(fold(word), col.id)
    for col in columns:
        for alias in col.aliases:
            other = owner.setdefault(fold(alias), col.id)
            if other != col.id:
                b.p.add(
                    node,
                    f"列 {col.id} 的别名 '{alias}' 已用于列 {other}",
                    f"alias '{alias}' of column {col.id} already names column {other}",
                )


def aliases_from_cells(
    aliases: str | None, value_aliases: str | None, item: Item
) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The two fields from XLSForm cells ("身份证号; 证件号码" and "在岗=yes; 离岗=no"),
    with (cell key, zh, en) problems."""
    out: dict[str, Any] = {}
    problems: list[tuple[str, str, str]] = []
    if aliases:
        words = [w.strip() for w in aliases.split(";") if w.strip()]
        out["aliases"] = tuple(dict.fromkeys(words))
    if value_aliases:
        if item.type not in VALUE_ALIAS_TYPES:
            problems.append(
                (
                    "value_aliases",
                    "只有是/否和选择题可以有 value_aliases",
                    "only yes/no and choice questions may have value_aliases",
                ),
            )
            return out, problems
        pairs = []
        allowed = ("yes", "no") if item.type == "yes_no" else tuple(c.value for c in item.choices)
        for part in (p.strip() for p in value_aliases.split(";")):
            word, sep, target = (x.strip() for x in part.partition("="))
            if not part:
                continue
            if not sep or not word or target not in allowed:
                problems.append(
                    (
                        "value_aliases",
                        f"“{part}”应写作 词=值，值为 {'、'.join(allowed)} 之一",
                        f"'{part}' must read word=value, the value one of {', '.join(allowed)}",
                    ),
                )
                continue
            pairs.append((word, target))
        out["value_aliases"] = tuple(pairs)
    return out, problems


def aliases_to_cells(item: Item) -> dict[str, str | None]:
    """The XLSForm cells of the two fields (None when empty)."""
    return {
        "aliases": "; ".join(item.aliases) or None,
        "value_aliases": "; ".join(f"{w}={t}" for w, t in item.value_aliases) or None,
    }
