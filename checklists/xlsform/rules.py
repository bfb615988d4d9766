"""The rule columns of a survey row: the item's own constraint and its finding rules."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checklists import expr as ex
from checklists.model import SEVERITIES, Rule
from checklists.xlsform.book import Row
from checklists.xlsform.cells import boolean, cell_text, clauses, ident, text
from checklists.xlsform.expressions import YesNoScope

if TYPE_CHECKING:
    from checklists.xlsform.items import ItemBuilder

SLOT_RE = re.compile(
    r"^(rule|constraint|constraint_message|severity|explainable|rule_clause)(?:_([2-9]|[1-9][0-9]+))?$"
)
# Our own twins of ODK's expression columns: what ODK cannot evaluate (age(), days(), id_*())
# is written there by the export, so ODK's tools skip it and this app still reads it.
OWN_TWIN = "campus_"


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
        if self.row.get(OWN_TWIN + "constraint") is not None:
            found.add(1)
        return sorted(found)

    def read(self, default_clauses: tuple[int, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {"rules": ()}
        rules = []
        for n in self.numbers():
            s = "" if n == 1 else f"_{n}"
            if self.row.get("rule" + s) is not None:
                rule = self.rule(s, default_clauses)
                rules += [rule] if rule is not None else []
            elif n == 1 and self.has_constraint(""):
                out.update(self.own_constraint())
            else:
                self.orphan(n)
        out["rules"] = tuple(rules)
        return out

    def has_constraint(self, s: str) -> bool:
        """Slot ``s`` has a constraint (slot 1 also in campus_constraint)."""
        twin = self.row.get(OWN_TWIN + "constraint") if not s else None
        return self.row.get("constraint" + s) is not None or twin is not None

    def own_constraint(self) -> dict[str, Any]:
        message = text(self.row, "constraint_message", self.b.lang)
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
        if not self.has_constraint(s):
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
