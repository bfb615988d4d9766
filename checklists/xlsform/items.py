"""Building checklist items from survey rows: texts, clauses, expressions, defaults and rules."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from checklists import expr as ex
from checklists.answers import check_value
from checklists.foundation.errors import ExpressionError
from checklists.model import Item, Section, Text
from checklists.text_refs import names_in
from checklists.xlsform.book import Row, Sheet, SheetProblems
from checklists.xlsform.cells import (
    boolean,
    cell_text,
    clauses,
    ident,
    number,
    plain_name,
    text,
)
from checklists.xlsform.expressions import YesNoScope, from_xlsform, rename_refs
from checklists.xlsform.rules import OWN_TWIN, SLOT_RE, RuleSlots
from checklists.xlsform.survey import Node, SectionSpec

PLAIN_COLUMNS = frozenset({
    "type", "name", "label", "hint", "required", "required_message", "relevant", "calculation",
    "default", "appearance", "value_type", "clause", "standard", "unit", "min", "max",
    "campus_relevant", "campus_constraint", "campus_calculation", "campus_name",
    "aliases", "value_aliases",
})  # fmt: skip
_REF_RE = re.compile(r"\$\{([^}]*)\}")
TRANSLATED = frozenset({"label", "hint", "required_message", "standard"})
UNSUPPORTED_COLUMNS = frozenset({
    "choice_filter", "repeat_count", "trigger", "parameters", "read_only", "readonly", "media",
    "image", "audio", "video", "big-image", "body", "bind", "instance", "guidance_hint",
    "autoplay", "intent", "note",
})  # fmt: skip
GROUP_COLUMNS = frozenset(
    {"type", "name", "label", "hint", "appearance", "relevant", "campus_relevant", "campus_name"}
)
NOT_FOR_TABLES = frozenset({"calculation", "default", "unit", "min", "max", "value_type"})
# ODK's dynamic defaults begin with one of these functions (a text default never does).
DYNAMIC_DEFAULT = re.compile(
    r"^\s*(today|now|once|concat|if|random|uuid|date|decimal-date-time|format-date|"
    r"coalesce|pulldata|position|indexed-repeat)\s*\("
)
NUMBER_ONLY = frozenset({"unit", "min", "max"})


def check_header(sheet: Sheet, p: SheetProblems) -> None:
    """Unknown survey columns and translations of untranslatable columns, at their header cell."""
    for key in sheet.columns:
        base, _, lang = key.partition("::")
        slot = SLOT_RE.match(base)
        known = base in PLAIN_COLUMNS or slot is not None or base in UNSUPPORTED_COLUMNS
        translated = base in TRANSLATED or (
            slot is not None and slot.group(1) == "constraint_message"
        )
        if not known:
            p.notice(
                sheet.header_loc(key),
                f"survey 表中的列 '{base}' 本程序不使用，已忽略",
                f"column '{base}' of the survey sheet is not used by this app; ignored",
            )
        elif lang and not translated and base not in UNSUPPORTED_COLUMNS:
            p.report(
                sheet.header_loc(key),
                f"列 '{base}' 不能分语言",
                f"column '{base}' has no translations",
            )


def check_columns(
    row: Row, allowed: frozenset[str] | None, forbidden: frozenset[str], what: str, p: SheetProblems
) -> None:
    """Every filled cell must be a column this kind of row uses."""
    for key in row.cells:
        base = key.partition("::")[0]
        known = base in PLAIN_COLUMNS or base in UNSUPPORTED_COLUMNS or SLOT_RE.match(base)
        if not known:
            continue  # ignored with a notice at its header
        if base in UNSUPPORTED_COLUMNS:
            p.report(
                row.loc(key),
                f"不支持的 XLSForm 功能：列 '{base}'",
                f"XLSForm feature not supported: the column '{base}'",
            )
        elif (allowed is not None and base not in allowed) or base in forbidden:
            p.report(
                row.loc(key),
                f"{what} 行不能填写列 '{base}'",
                f"column '{base}' cannot be used on a {what} row",
            )


@dataclass
class ItemBuilder:
    """Builds sections and items from the walked survey, recording every problem."""

    p: SheetProblems
    lang: str  # the form's default language
    # (cell, names, the row's own name) of each label or hint holding ${name}
    text_refs: list[tuple[str, set[str], str | None]] = dataclasses.field(default_factory=list)
    # inside a repeat: ODK names of columns the export renamed → their ids
    renames: dict[str, str] = dataclasses.field(default_factory=dict)

    def section(
        self, spec: SectionSpec, default_title: Text | None, scope: YesNoScope
    ) -> Section | None:
        """A Section from a top-level group (or the default section when spec.row is None)."""
        items = tuple(
            i for i in (self.item(n, scope, False, ()) for n in spec.items) if i is not None
        )
        if spec.row is None:
            return Section("main", default_title, items) if default_title and items else None
        row = spec.row
        check_columns(row, GROUP_COLUMNS, frozenset(), "begin_group", self.p)
        section_id = spec.name
        if row.get("campus_name") is not None:
            section_id = ident(row, "campus_name", "campus_name", self.p)
        title = text(row, "label", self.lang)
        if title is None and section_id:
            title = Text(section_id, section_id)
            self.p.notice(
                row.loc("label"),
                f"分组 '{section_id}' 没有 label：分节标题用其名称",
                f"group '{section_id}' has no label: the section is titled by its name",
            )
        if not spec.items:
            self.p.report(
                row.loc("type"),
                f"分组 '{spec.name or ''}' 中没有题目",
                f"group '{spec.name or ''}' has no questions",
            )
        if not (section_id and title and items):
            return None
        section = Section(section_id, title, items, text(row, "hint", self.lang))
        self.p.at_cell(section, row.loc("name"))
        return section

    def item(
        self, node: Node, scope: YesNoScope, column: bool, parent_clauses: tuple[int, ...]
    ) -> Item | None:
        """One Item (a table with its columns for a repeat)."""
        row, kind = node.row, node.kind
        if kind == "table":
            self.renames = {
                c.odk_name: c.name
                for c in node.columns
                if c.odk_name and c.name and c.name != c.odk_name
            }
        self.check_row(node)
        self.label_names(node)
        label = self.label(node)
        item_clauses = self.item_clauses(node, column)
        inner = self.table_scope(node, scope) if kind == "table" else scope
        own = dataclasses.replace(inner, current=kind == "yes_no")
        fields: dict[str, Any] = {
            "help": text(row, "hint", self.lang),
            "standard": text(row, "standard", self.lang),
            "required": boolean(row, "required", self.p),
            "relevant": self.relevant(node, scope),
            "calculate": self.calculation(node, own),
            "choices": node.choices,
            "allow_na": node.allow_na,
        }
        if kind in ("integer", "decimal"):
            fields.update(
                unit=cell_text(row.get("unit")),
                min=number(row, "min", self.p),
                max=number(row, "max", self.p),
            )
        rule_scope = dataclasses.replace(inner, current=False) if kind == "table" else own
        fields.update(RuleSlots(self, row, rule_scope).read(item_clauses or parent_clauses))
        if kind == "table":
            fields["columns"] = self.columns(node, inner, item_clauses)
            self.renames = {}
        if not (node.name and label):
            return None
        item = Item(id=node.name, type=kind, label=label, clauses=item_clauses, **fields)  # type: ignore[arg-type]
        item = self.aliases(node, item)
        if row.get("default") is not None and kind not in ("table", "note", "evidence"):
            item = dataclasses.replace(item, default=self.default(row, item))
        self.p.at_cell(item, row.loc("name"))
        return item

    def aliases(self, node: Node, item: Item) -> Item:
        """The column's Excel aliases (``aliases``, ``value_aliases`` columns), checked."""
        from checklists.loader_aliases import aliases_from_cells

        row = node.row
        found, problems = aliases_from_cells(
            cell_text(row.get("aliases")), cell_text(row.get("value_aliases")), item
        )
        for key, zh, en in problems:
            self.p.report(row.loc(key), zh, en)
        return dataclasses.replace(item, **found) if found else item

    def check_row(self, node: Node) -> None:
        """Columns that do not fit the row's type (e.g. min on a text question)."""
        forbidden = NOT_FOR_TABLES if node.kind in ("table", "note", "evidence") else frozenset()
        if node.kind not in ("integer", "decimal"):
            forbidden |= NUMBER_ONLY
        if node.xls_type not in ("calculate", "select_one"):
            forbidden |= {"value_type"}
        check_columns(node.row, None, forbidden, node.xls_type, self.p)

    def label(self, node: Node) -> Text | None:
        """The label; where pyxform allows none, the hint or else the name stands in."""
        label = text(node.row, "label", self.lang)
        if label is not None or not node.name:
            return label
        hint = text(node.row, "hint", self.lang)
        if hint is None and node.xls_type not in ("calculate", "begin_repeat"):
            self.p.report(
                node.row.loc("label"),
                f"'{node.name}' 既没有 label 也没有 hint",
                f"'{node.name}' has neither a label nor a hint",
            )
            return None
        return hint or Text(node.name, node.name)

    def item_clauses(self, node: Node, column: bool) -> tuple[int, ...]:
        """The clause cell (optional: an item without one shows as 未注明条款)."""
        return clauses(node.row, "clause", self.p)

    def relevant(self, node: Node, scope: YesNoScope) -> ex.Expr | None:
        """The row's relevant, and-ed after those of the groups around it (groups are flattened)."""
        found = [self.expression(r, "relevant", scope) for r in (*node.conditions, node.row)]
        parts = [e for e in found if e is not None]
        if not parts:
            return None
        combined = parts[0]
        for part in parts[1:]:
            combined = ex.Binary("and", combined, part, part.pos)
        if len(parts) > 1:
            self.p.at_cell(combined, node.row.loc("relevant"))
        return combined

    def label_names(self, node: Node) -> None:
        """Remember the ``${name}`` in labels and hints, checked once every item is known."""
        for base in ("label", "hint"):
            for key, value in node.row.cells.items():
                if key.partition("::")[0] == base and isinstance(value, str):
                    names = names_in(value)
                    if names:
                        self.text_refs.append((node.row.loc(key), names, node.name))

    def calculation(self, node: Node, scope: YesNoScope) -> ex.Expr | None:
        """The calculation; a calculate row must have one."""
        row = node.row
        empty = row.get("calculation") is None and row.get(OWN_TWIN + "calculation") is None
        if node.xls_type == "calculate" and empty:
            self.p.report(
                node.row.loc("calculation"),
                f"calculate 题 '{node.name or ''}' 缺少 calculation",
                f"calculate row '{node.name or ''}' has no calculation",
            )
        return self.expression(node.row, "calculation", scope)

    def columns(
        self, node: Node, scope: YesNoScope, table_clauses: tuple[int, ...]
    ) -> tuple[Item, ...]:
        if not node.columns:
            self.p.report(
                node.row.loc("type"),
                f"repeat '{node.name or ''}' 中没有题目",
                f"repeat '{node.name or ''}' has no questions",
            )
        built = (self.item(c, scope, True, table_clauses) for c in node.columns)
        return tuple(c for c in built if c is not None)

    @staticmethod
    def table_scope(node: Node, outer: YesNoScope) -> YesNoScope:
        """Inside a table row, its columns shadow items of the same name."""
        names = {c.name for c in node.columns if c.name}
        yes_no = {c.name for c in node.columns if c.name and c.kind == "yes_no"}
        return YesNoScope(frozenset((outer.names - names) | yes_no))

    def expression(self, row: Row, key: str, scope: YesNoScope) -> ex.Expr | None:
        """The parsed expression in ``key`` (or its campus_ twin), located at its cell."""
        twin = OWN_TWIN + key
        if row.get(twin) is not None and row.get(key) is not None:
            self.p.report(
                row.loc(twin),
                f"'{key}' 与 '{twin}' 只能填一个",
                f"fill in '{key}' or '{twin}', not both",
            )
            return None
        if row.get(twin) is not None:
            key = twin
        raw = row.get(key)
        if raw is None:
            return None
        source = raw if isinstance(raw, str) else cell_text(raw) or ""
        source = _REF_RE.sub(lambda m: "${" + plain_name(m.group(1)) + "}", source)
        try:
            parsed = from_xlsform(rename_refs(ex.parse(source), self.renames), scope)
        except ExpressionError as exc:
            self.p.report(
                row.loc(key), f"{key} 表达式错误：{exc.zh}", f"{key} expression error: {exc.en}"
            )
            return None
        self.p.at_cell(parsed, row.loc(key))
        return parsed

    def default(self, row: Row, item: Item) -> Any:
        """The default cell, checked against the item's type like an answer."""
        raw: Any = row.get("default")
        if isinstance(raw, str) and ("${" in raw or DYNAMIC_DEFAULT.match(raw)):
            self.p.report(
                row.loc("default"),
                "不支持的 XLSForm 功能：动态默认值（default 中的表达式）；请写固定值，或用 calculation",
                "XLSForm feature not supported: a dynamic default (an expression in default); "
                "write a fixed value, or use calculation",
            )
            return None
        words = {"yes": True, "true": True, "no": False, "false": False, "na": "na"}
        if item.type == "yes_no" and not isinstance(raw, bool):
            raw = words.get((cell_text(raw) or "").lower(), raw)
        elif item.type == "multi_choice":
            raw = (cell_text(raw) or "").split()
        elif item.type in ("integer", "decimal") and isinstance(raw, str):
            raw = _to_number(raw)
        elif item.type not in ("integer", "decimal"):
            raw = raw if isinstance(raw, str) else cell_text(raw)
        value, problems = check_value(item, raw, "default")
        for _, zh, en in problems:
            self.p.report(row.loc("default"), f"default {zh}", f"default {en}")
        return value


def _to_number(raw: str) -> Any:
    try:
        return int(raw.strip())
    except ValueError:
        try:
            return float(raw.strip())
        except ValueError:
            return raw
