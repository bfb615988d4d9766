"""Building checklist items from survey rows: texts, clauses, expressions, defaults and rules."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from checklists import expr as ex
from checklists.answers import check_value
from checklists.errors import ExpressionError
from checklists.model import SEVERITIES, Item, Rule, Section, Text
from checklists.xlsform_book import Row, Sheet, SheetProblems
from checklists.xlsform_cells import boolean, cell_text, clauses, ident, number, text
from checklists.xlsform_expr import YesNoScope, from_xlsform
from checklists.xlsform_survey import Node, SectionSpec

SLOT_RE = re.compile(
    r"^(rule|constraint|constraint_message|severity|explainable|rule_clause)(?:_([2-9]|[1-9][0-9]+))?$"
)
PLAIN_COLUMNS = frozenset({
    "type", "name", "label", "hint", "required", "required_message", "relevant", "calculation",
    "default", "appearance", "value_type", "clause", "standard", "unit", "min", "max",
    "aliases", "value_aliases",
})  # fmt: skip
TRANSLATED = frozenset({"label", "hint", "required_message", "standard"})
UNSUPPORTED_COLUMNS = frozenset({
    "choice_filter", "repeat_count", "trigger", "parameters", "read_only", "readonly", "media",
    "image", "audio", "video", "big-image", "body", "bind", "instance", "guidance_hint",
    "autoplay", "intent", "note",
})  # fmt: skip
GROUP_COLUMNS = frozenset({"type", "name", "label", "hint", "appearance"})
NOT_FOR_TABLES = frozenset({"calculation", "default", "unit", "min", "max", "value_type"})
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
            p.report(
                sheet.header_loc(key),
                f"survey 表中未知的列 '{base}'（以 # 开头的列会被忽略）",
                f"unknown column '{base}' in the survey sheet (columns whose header starts with # are ignored)",
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
        if base in UNSUPPORTED_COLUMNS:
            p.report(row.loc(key), f"不支持列 '{base}'", f"column '{base}' is not supported")
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
        title = text(row, "label", self.lang)
        if title is None:
            self.p.report(
                row.loc("label"),
                f"分组 '{spec.name or ''}' 缺少 label（分节标题）",
                f"group '{spec.name or ''}' has no label (the section title)",
            )
        if not spec.items:
            self.p.report(
                row.loc("type"),
                f"分组 '{spec.name or ''}' 中没有题目",
                f"group '{spec.name or ''}' has no questions",
            )
        if not (spec.name and title and items):
            return None
        section = Section(spec.name, title, items, text(row, "hint", self.lang))
        self.p.at_cell(section, row.loc("name"))
        return section

    def item(
        self, node: Node, scope: YesNoScope, column: bool, parent_clauses: tuple[int, ...]
    ) -> Item | None:
        """One Item (a table with its columns for a repeat)."""
        row, kind = node.row, node.kind
        self.check_row(node)
        label = self.label(node)
        item_clauses = self.item_clauses(node, column)
        inner = self.table_scope(node, scope) if kind == "table" else scope
        own = dataclasses.replace(inner, current=kind == "yes_no")
        fields: dict[str, Any] = {
            "help": text(row, "hint", self.lang),
            "standard": text(row, "standard", self.lang),
            "required": boolean(row, "required", self.p),
            "relevant": self.expression(row, "relevant", scope),
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
        """The label; a calculate row without one is labelled by its name."""
        label = text(node.row, "label", self.lang)
        if label is None and node.xls_type == "calculate" and node.name:
            return Text(node.name, node.name)
        if label is None:
            name = node.name or ""
            self.p.report(node.row.loc("label"), f"'{name}' 缺少 label", f"'{name}' has no label")
        return label

    def item_clauses(self, node: Node, column: bool) -> tuple[int, ...]:
        """The clause cell; required on items, optional on table columns."""
        found = clauses(node.row, "clause", self.p)
        if not column and not found and cell_text(node.row.get("clause")) is None:
            self.p.report(
                node.row.loc("clause"),
                f"'{node.name or ''}' 缺少 clause（工作要点条款，如 75）",
                f"'{node.name or ''}' needs a clause (the plan item, e.g. 75)",
            )
        return found

    def calculation(self, node: Node, scope: YesNoScope) -> ex.Expr | None:
        """The calculation; a calculate row must have one."""
        if node.xls_type == "calculate" and node.row.get("calculation") is None:
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
        """The parsed expression in ``key`` (yes/no words rewritten), located at its cell."""
        raw = row.get(key)
        if raw is None:
            return None
        source = raw if isinstance(raw, str) else cell_text(raw) or ""
        try:
            parsed = from_xlsform(ex.parse(source), scope)
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


class RuleSlots:
    """The rule columns of a row: slot 1 (rule, constraint, …) and slots 2, 3 … (rule_2, …).

    A slot with a finding code in ``rule`` is a Rule whose fail_if is not(constraint); slot 1
    without a code is the item's own constraint.
    """

    def __init__(self, b: ItemBuilder, row: Row, scope: YesNoScope) -> None:
        self.b, self.row, self.scope, self.p = b, row, scope, b.p

    def numbers(self) -> list[int]:
        found = {
            int(m.group(2) or 1)
            for key in self.row.cells
            if (m := SLOT_RE.match(key.partition("::")[0]))
        }
        return sorted(found)

    def read(self, default_clauses: tuple[int, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {"rules": ()}
        rules = []
        for n in self.numbers():
            s = "" if n == 1 else f"_{n}"
            if self.row.get("rule" + s) is not None:
                rule = self.rule(s, default_clauses)
                rules += [rule] if rule is not None else []
            elif n == 1 and self.row.get("constraint") is not None:
                out.update(self.own_constraint())
            else:
                self.orphan(n)
        out["rules"] = tuple(rules)
        return out

    def own_constraint(self) -> dict[str, Any]:
        message = text(self.row, "constraint_message", self.b.lang)
        if message is None:
            self.p.report(
                self.row.loc("constraint_message"),
                "有 constraint 时需要 constraint_message",
                "constraint needs a constraint_message",
            )
        for key in ("severity", "explainable", "rule_clause"):
            if self.row.get(key) is not None:
                self.p.report(
                    self.row.loc(key),
                    f"{key} 只用于规则：请在 rule 列填写问题代码",
                    f"{key} belongs to a rule: put a finding code in the rule column",
                )
        return {
            "constraint": self.b.expression(self.row, "constraint", self.scope),
            "constraint_message": message,
        }

    def orphan(self, n: int) -> None:
        """Slot columns filled in without a finding code in ``rule_n``."""
        s = "" if n == 1 else f"_{n}"
        filled = [
            k
            for k in self.row.cells
            if (m := SLOT_RE.match(k.partition("::")[0])) and int(m.group(2) or 1) == n
        ]
        name = filled[0] if filled else "rule" + s
        self.p.report(
            self.row.loc(name),
            f"{name.partition('::')[0]} 需要在 rule{s} 列填写问题代码",
            f"{name.partition('::')[0]} needs a finding code in the rule{s} column",
        )

    def rule(self, s: str, default_clauses: tuple[int, ...]) -> Rule | None:
        row, p = self.row, self.p
        code = ident(row, "rule" + s, "rule" + s, p)
        constraint = self.b.expression(row, "constraint" + s, self.scope)
        if row.get("constraint" + s) is None:
            p.report(
                row.loc("constraint" + s),
                f"规则 '{code or ''}' 缺少 constraint{s}",
                f"rule '{code or ''}' needs constraint{s}",
            )
        message = text(row, "constraint_message" + s, self.b.lang)
        if message is None:
            p.report(
                row.loc("constraint_message" + s),
                f"规则 '{code or ''}' 缺少 constraint_message{s}（问题描述）",
                f"rule '{code or ''}' needs constraint_message{s} (the finding's message)",
            )
        severity = cell_text(row.get("severity" + s))
        if severity not in SEVERITIES:
            p.report(
                row.loc("severity" + s),
                f"severity{s} 应为 critical / major / minor",
                f"severity{s} must be critical, major or minor",
            )
        explainable = boolean(row, "explainable" + s, p)
        rule_clauses = clauses(row, "rule_clause" + s, p) or default_clauses
        if not (code and constraint is not None and message and severity in SEVERITIES):
            return None
        fail_if = _negate(constraint)
        self.p.at_cell(fail_if, row.loc("constraint" + s))
        rule = Rule(code, fail_if, severity, message, rule_clauses, explainable)  # type: ignore[arg-type]
        self.p.at_cell(rule, row.loc("rule" + s))
        return rule


def _negate(constraint: ex.Expr) -> ex.Expr:
    """The rule's fail_if: X for a constraint not(X), else not(constraint)."""
    if isinstance(constraint, ex.Call) and constraint.name == "not" and len(constraint.args) == 1:
        return constraint.args[0]
    return ex.Call("not", (constraint,))
