"""The evaluator: a pure, deterministic function from answers and checklists to results."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from checklists import expr as ex
from checklists.answers import NA, AnswersDocument, FindingNote, School
from checklists.errors import ExpressionError
from checklists.model import Checklist, Item, Rule, Text
from checklists.references import SCHOOL_FIELDS
from checklists.results import ChecklistResult, Finding, ItemResult, Results, summarize

Compiled = Callable[[Any], Any]
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


@dataclass(frozen=True)
class _RulePlan:
    rule: Rule
    test: Compiled
    columns: tuple[str, ...]


@dataclass(frozen=True)
class _ItemPlan:
    """An item with its expressions compiled once (closures, no tree walking per row)."""

    item: Item
    relevant: Compiled | None
    constraint: Compiled | None
    calculate: Compiled | None
    rules: tuple[_RulePlan, ...]
    columns: tuple[_ItemPlan, ...] = ()


_plans: dict[int, tuple[Checklist, tuple[_ItemPlan, ...]]] = {}


def _compile(e: ex.Expr | None) -> Compiled | None:
    return ex.compile_expr(e) if e is not None else None


def _plan_item(item: Item, column_ids: frozenset[str] = frozenset()) -> _ItemPlan:
    columns = tuple(_plan_item(c) for c in item.columns)
    ids = column_ids | {c.id for c in item.columns}
    rules = tuple(
        _RulePlan(r, ex.compile_expr(r.fail_if), tuple(sorted(ex.references(r.fail_if) & ids)))
        for r in item.rules
    )
    return _ItemPlan(item, _compile(item.relevant), _compile(item.constraint), _compile(item.calculate), rules, columns)


def plan_for(checklist: Checklist) -> tuple[_ItemPlan, ...]:
    """The compiled plan of a checklist, built once and cached."""
    cached = _plans.get(id(checklist))
    if cached is None or cached[0] is not checklist:
        cached = (checklist, tuple(_plan_item(i) for i in checklist.items()))
        _plans[id(checklist)] = cached
    return cached[1]


class _Scope:
    """Values visible outside table rows: answers, calculations, constants, school profile."""

    __slots__ = ("cache", "plans", "answers", "reference_date", "current", "tables")

    def __init__(self, checklist: Checklist, plans: tuple[_ItemPlan, ...], answers: Mapping[str, Any], school: School, ref: date) -> None:
        self.cache: dict[str, Any] = dict(checklist.constants)
        self.cache.update({f"school.{f}": getattr(school, f) for f in SCHOOL_FIELDS})
        self.cache["reference_date"] = ref
        self.plans = {p.item.id: p for p in plans}
        self.tables = {c.item.id: p for p in plans for c in p.columns}
        self.answers = answers
        self.reference_date = ref
        self.current: Any = None

    def get(self, name: str) -> Any:
        try:
            return self.cache[name]
        except KeyError:
            pass
        plan = self.plans.get(name)
        if plan is not None:
            value = None if not self.relevant(plan) else self._value(plan)
        elif name in self.tables:
            value = [row.get(name) for row in self.rows(self.tables[name])]
        else:
            raise KeyError(name)
        self.cache[name] = value
        return value

    def relevant(self, plan: _ItemPlan) -> bool:
        # An unknown condition (e.g. the gate question unanswered) means "not relevant", as in XLSForm.
        return plan.relevant is None or plan.relevant(self) is True

    def _value(self, plan: _ItemPlan) -> Any:
        if plan.calculate is not None:
            return plan.calculate(self)
        value = self.answers.get(plan.item.id)
        if value is None:
            value = plan.item.default
        if plan.item.is_table:
            return list(value) if isinstance(value, list | tuple) else []
        return value

    def rows(self, plan: _ItemPlan) -> list[_RowScope]:
        key = f"\0rows:{plan.item.id}"
        rows = self.cache.get(key)
        if rows is None:
            raw = self.get(plan.item.id) or ()
            rows = [_RowScope(self, plan, row) for row in raw]
            self.cache[key] = rows
        return rows


class _RowScope:
    """One table row: its cells (with defaults), calculated columns, then the outer scope."""

    __slots__ = ("cache", "parent", "plan", "reference_date", "current", "calcs")

    def __init__(self, parent: _Scope, plan: _ItemPlan, row: Mapping[str, Any]) -> None:
        self.parent = parent
        self.plan = plan
        self.reference_date = parent.reference_date
        self.current: Any = None
        cache = {c.item.id: c.item.default for c in plan.columns if c.calculate is None}
        cache.update(row)
        self.cache = cache
        self.calcs = {c.item.id: c for c in plan.columns if c.calculate is not None or c.relevant is not None}
        for c in plan.columns:
            if c.relevant is not None and c.calculate is None and not _truthy(c.relevant(self)):
                cache[c.item.id] = None

    def get(self, name: str) -> Any:
        try:
            return self.cache[name]
        except KeyError:
            pass
        column = self.calcs.get(name)
        if column is None or column.calculate is None:
            return self.parent.get(name)
        value = column.calculate(self) if column.relevant is None or _truthy(column.relevant(self)) else None
        self.cache[name] = value
        return value


def _truthy(value: Any) -> bool:
    return value is True


def _format_value(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _message(rule: Rule, scope: Any) -> Text:
    def fill(text: str, lang: str) -> str:
        def sub(match: re.Match[str]) -> str:
            try:
                return _format_value(scope.get(match.group(1)), lang)
            except KeyError:
                return match.group(0)

        return _PLACEHOLDER.sub(sub, text)

    return Text(fill(rule.message.zh, "zh"), fill(rule.message.en, "en"))


def _run(test: Compiled, scope: Any, where: str) -> Any:
    try:
        return test(scope)
    except ExpressionError as exc:
        raise ExpressionError(f"{where}：{exc.zh}", f"{where}: {exc.en}", exc.source, exc.position) from exc


class _ChecklistRun:
    """Evaluates one checklist against one set of answers."""

    def __init__(self, checklist: Checklist, answers: Mapping[str, Any], school: School, ref: date) -> None:
        self.checklist = checklist
        self.plans = plan_for(checklist)
        self.scope = _Scope(checklist, self.plans, answers, school, ref)
        self.findings: list[Finding] = []
        self.required_unanswered = 0

    def run(self) -> tuple[tuple[ItemResult, ...], tuple[Finding, ...], int]:
        results = tuple(self.item(plan) for plan in self.plans)
        return results, tuple(self.findings), self.required_unanswered

    def finding(self, plan: _ItemPlan, rp: _RulePlan, scope: Any, row: int | None) -> None:
        self.findings.append(
            Finding(rp.rule.code, self.checklist.id, plan.item.id, row, rp.rule.severity, rp.rule.clauses,
                    _message(rp.rule, scope), rp.rule.explainable, rp.columns)
        )

    def rules(self, plan: _ItemPlan, rule_plans: tuple[_RulePlan, ...], scope: Any, row: int | None) -> int:
        fired = 0
        for rp in rule_plans:
            if _run(rp.test, scope, f"{self.checklist.id}.{rp.rule.code}") is True:
                self.finding(plan, rp, scope, row)
                fired += 1
        return fired

    def item(self, plan: _ItemPlan) -> ItemResult:
        item = plan.item
        counted = item.type != "note" and (item.calculate is None or bool(item.rules))
        if item.type == "note":
            return ItemResult(item.id, "not_applicable", counted=False)
        if not self.scope.relevant(plan):
            return ItemResult(item.id, "not_applicable", counted=counted)
        value = self.scope.get(item.id)
        if value == NA:
            return ItemResult(item.id, "not_applicable", value, counted)
        if item.is_table:
            return self.table(plan, value, counted)
        self.scope.current = value
        fired = self.rules(plan, plan.rules, self.scope, None)
        invalid = value is not None and plan.constraint is not None and _run(plan.constraint, self.scope, item.id) is False
        empty = value is None or (item.type in ("evidence", "multi_choice") and not value)
        if empty and item.required and counted:
            self.required_unanswered += 1
        status = "fail" if fired else "unanswered" if empty else "invalid" if invalid else "pass"
        return ItemResult(item.id, status, value, counted, finding_count=fired)  # type: ignore[arg-type]

    def table(self, plan: _ItemPlan, value: Any, counted: bool) -> ItemResult:
        rows = self.scope.rows(plan)
        fired = 0
        invalid: list[tuple[int, str]] = []
        for index, row in enumerate(rows):
            fired += self.rules(plan, plan.rules, row, index)
            for column in plan.columns:
                cell = row.get(column.item.id)
                if cell is None:
                    continue
                row.current = cell
                if column.constraint is not None and _run(column.constraint, row, column.item.id) is False:
                    invalid.append((index, column.item.id))
                fired += self.rules(plan, column.rules, row, index)
        if not rows and plan.item.required:
            self.required_unanswered += 1
        status = "fail" if fired else "unanswered" if not rows else "invalid" if invalid else "pass"
        return ItemResult(plan.item.id, status, value, counted, tuple(invalid), fired)  # type: ignore[arg-type]


def evaluate_checklist(
    checklist: Checklist,
    answers: Mapping[str, Any],
    school: School,
    reference_date: date,
    notes: tuple[FindingNote, ...] = (),
) -> ChecklistResult:
    """Judge one checklist's answers; findings come in item, row and rule order."""
    items, findings, required_unanswered = _ChecklistRun(checklist, answers, school, reference_date).run()
    findings = _attach_notes(findings, notes)
    status, summary = summarize(items, findings, required_unanswered)
    return ChecklistResult(checklist.id, checklist.version, status, summary, items, findings)


def _attach_notes(findings: tuple[Finding, ...], notes: tuple[FindingNote, ...]) -> tuple[Finding, ...]:
    if not notes:
        return findings
    from dataclasses import replace

    by_key = {(n.checklist, n.code, n.item, n.row): n for n in notes}
    out = []
    for f in findings:
        note = by_key.get(f.key())
        out.append(replace(f, explanation=note.explanation, rectification=note.rectification) if note else f)
    return tuple(out)


def evaluate_document(doc: AnswersDocument, checklists: Mapping[str, Checklist]) -> Results:
    """Judge every checklist the document answers, in the order of ``checklists``."""
    out = {}
    for cl_id, checklist in checklists.items():
        if cl_id in doc.checklists:
            notes = tuple(n for n in doc.finding_notes if n.checklist == cl_id)
            out[cl_id] = evaluate_checklist(checklist, doc.checklists[cl_id], doc.school, doc.reference_date, notes)
    return Results(out)
