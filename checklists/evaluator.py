"""The evaluator: a pure, deterministic function from answers and checklists to results."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from checklists import expr as ex
from checklists.answers import NA, AnswersDocument, FindingNote, School
from checklists.expr.codegen import Fused
from checklists.expr.compiler import closures_of
from checklists.expr.nodes import Binary, Boolean, Call, Neg, Number, Ref, String
from checklists.foundation.errors import ExpressionError
from checklists.generated_code import compiled_source
from checklists.model import Checklist, Item, Rule, Text
from checklists.references import SCHOOL_FIELDS, links_of
from checklists.results import ChecklistResult, Finding, ItemResult, ItemStatus, Results, summarize
from checklists.terms import STAGE, clauses_text

Compiled = Callable[[Any], Any]
RowJudge = Callable[[Any, Any, Any, int, list[tuple[int, str]]], int]  # see _row_judge
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


@dataclass(frozen=True)
class _RulePlan:
    rule: Rule
    test: Compiled
    columns: tuple[str, ...]

    def finding_fields(self, checklist: str, item: str) -> dict[str, Any]:
        """The fields of this rule's findings but ``row`` and ``message`` (made once; copy
        before filling them in)."""
        found: tuple[str, str, dict[str, Any]] | None = self.__dict__.get("_finding_fields")
        if found is None or found[0] != checklist or found[1] != item:
            rule = self.rule
            fields = {
                "code": rule.code,
                "checklist": checklist,
                "item": item,
                "row": None,
                "severity": rule.severity,
                "clauses": rule.clauses,
                "message": None,
                "explainable": rule.explainable,
                "columns": self.columns,
                "explanation": "",
                "rectification": None,
            }
            found = (checklist, item, fields)
            object.__setattr__(self, "_finding_fields", found)
        return found[2]


@dataclass(frozen=True)
class _ItemPlan:
    """An item with its expressions compiled once (closures, no tree walking per row)."""

    item: Item
    relevant: Compiled | None
    constraint: Compiled | None
    calculate: Compiled | None
    rules: tuple[_RulePlan, ...]
    columns: tuple[_ItemPlan, ...] = ()
    # For tables, precomputed so a row costs as little as possible:
    row_defaults: tuple[tuple[str, Any], ...] = ()
    row_calcs: tuple[tuple[str, _ItemPlan], ...] = ()
    row_relevant: tuple[_ItemPlan, ...] = ()
    checked_columns: tuple[_ItemPlan, ...] = ()  # columns with a constraint or rules
    outer_refs: tuple[str, ...] = ()  # names row expressions take from outside the row
    required_ids: tuple[str, ...] = ()  # columns every row must fill in (unless not relevant)
    # For an item whose relevance depends on the school profile only: the profile fields it reads.
    scope_fields: tuple[str, ...] = ()

    # calculated columns by id, and every column by id (filled in by _plan_item)
    calc_map: Mapping[str, _ItemPlan] = field(default_factory=dict, compare=False)
    column_items: Mapping[str, Item] = field(default_factory=dict, compare=False)
    # For a table judged with generated functions: one generated function judging a row as
    # _ChecklistRun.table_row does (see _row_judge)
    row_judge: RowJudge | None = field(default=None, compare=False)

    @property
    def plain_columns(self) -> dict[str, Any]:
        """Columns a row holds as entered (neither calculated nor hidden by the row's own
        answers), with their defaults: a column of them needs no row scopes (cached)."""
        cached: dict[str, Any] | None = self.__dict__.get("_plain_columns")
        if cached is None:
            cached = {
                c.item.id: c.item.default
                for c in self.columns
                if c.calculate is None and c.relevant is None
            }
            object.__setattr__(self, "_plain_columns", cached)
        return cached


_plans: dict[int, tuple[Checklist, tuple[_ItemPlan, ...]]] = {}


_MISSING = object()


def _fold(node: ex.Expr, constants: Mapping[str, Any]) -> ex.Expr:
    """Replace references to the checklist's number/text/boolean constants by literals, so
    ``${desk_lux} < ${desk_lux_min}`` compiles like ``${desk_lux} < 300``."""
    if isinstance(node, Ref) and node.name in constants:
        value = constants[node.name]
        if isinstance(value, bool):
            return Boolean(value, node.pos)
        if isinstance(value, int | float):
            return Number(value, node.pos)
        if isinstance(value, str):
            return String(value, node.pos)
        return node
    if isinstance(node, Neg):
        return Neg(_fold(node.operand, constants), node.pos)
    if isinstance(node, Binary):
        return Binary(node.op, _fold(node.left, constants), _fold(node.right, constants), node.pos)
    if isinstance(node, Call):
        return Call(node.name, tuple(_fold(a, constants) for a in node.args), node.pos)
    return node


def _compile(
    e: ex.Expr | None, constants: Mapping[str, Any], generated: bool = False
) -> Compiled | None:
    return ex.compile_expr(_fold(e, constants), generated=generated) if e is not None else None


def _plan_item(
    item: Item,
    constants: Mapping[str, Any],
    column_ids: frozenset[str] = frozenset(),
    per_row: bool = False,
    generated: bool = False,
) -> _ItemPlan:
    """``item`` compiled; with ``generated``, what is judged on every row of a table becomes
    generated functions (see :func:`rows_plan`)."""
    columns = tuple(
        _plan_item(c, constants, per_row=True, generated=generated) for c in item.columns
    )
    per_row = per_row and generated
    ids = column_ids | {c.id for c in item.columns}
    rules = tuple(
        _RulePlan(
            r,
            _compile(r.fail_if, constants, per_row or (generated and item.is_table)),  # type: ignore[arg-type]
            tuple(sorted(ex.references(r.fail_if) & ids)),
        )
        for r in item.rules
    )
    return _ItemPlan(
        item,
        _compile(item.relevant, constants, per_row),
        _compile(item.constraint, constants, per_row),
        _compile(item.calculate, constants, per_row),
        rules,
        columns,
        row_defaults=tuple((c.item.id, c.item.default) for c in columns if c.calculate is None),
        row_calcs=tuple((c.item.id, c) for c in columns if c.calculate is not None),
        calc_map={c.item.id: c for c in columns if c.calculate is not None},
        column_items={c.id: c for c in item.columns},
        row_relevant=tuple(c for c in columns if c.relevant is not None and c.calculate is None),
        checked_columns=tuple(c for c in columns if c.constraint is not None or c.rules),
        outer_refs=_outer_refs(item) if item.is_table else (),
        required_ids=tuple(
            c.item.id for c in columns if c.item.required and c.item.calculate is None
        ),
        scope_fields=_scope_fields(item, constants),
    )


def _scope_fields(item: Item, constants: Mapping[str, Any]) -> tuple[str, ...]:
    """The school-profile fields an item's relevance reads, when it reads nothing else: such an
    item is outside the school's scope (e.g. a kindergarten), not skipped by an earlier answer."""
    if item.relevant is None:
        return ()
    names = ex.references(item.relevant) - set(constants)
    if names and all(n.startswith("school.") for n in names):
        return tuple(sorted(n.removeprefix("school.") for n in names))
    return ()


def _outer_refs(table: Item) -> tuple[str, ...]:
    """Names used inside the rows of ``table`` that are not its columns (fetched once per table)."""
    names: set[str] = set()
    for rule in table.rules:
        names |= ex.references(rule.fail_if)
    for col in table.columns:
        for e in (col.relevant, col.constraint, col.calculate, *(r.fail_if for r in col.rules)):
            if e is not None:
                names |= ex.references(e)
    return tuple(sorted(names - {c.id for c in table.columns}))


# A table's rules are compiled to generated functions (checklists/expr/codegen.py), and its rows
# to one generated function (_row_judge), once this many of its rows have been judged in the
# process (counting the rows about to be): generating costs ~11 ms for the guard roster, ~4 ms
# for the classrooms, and pays back ~8 µs and ~2.5 µs a row (a 2,000-guard roster in its first
# evaluation already; a 300-row export never).
GENERATE_AFTER_ROWS = 1000
_rows_judged: dict[int, int] = {}
_generated: dict[int, tuple[_ItemPlan, _ItemPlan]] = {}


def rows_plan(plan: _ItemPlan, rows: int, checklist: Checklist) -> _ItemPlan:
    """The plan to judge ``rows`` rows of the table of ``plan`` (of ``checklist``) with:
    ``plan`` itself, or its generated twin (same verdicts, faster) once the table's rows judged
    in this process reach GENERATE_AFTER_ROWS."""
    twin = _generated.get(id(plan))
    if twin is not None and twin[0] is plan:
        return twin[1]
    if len(_rows_judged) > 1024:
        _rows_judged.clear()
    judged = _rows_judged.get(id(plan), 0) + rows
    _rows_judged[id(plan)] = judged
    if judged < GENERATE_AFTER_ROWS:
        return plan
    if len(_generated) > 64:  # many checklist versions in one process (the office's reports)
        _generated.clear()
    fast = _plan_item(plan.item, checklist.constant_map(), generated=True)
    object.__setattr__(fast, "row_judge", _row_judge(fast, checklist.constant_map(), checklist.id))
    _generated[id(plan)] = (plan, fast)
    return fast


def _row_judge(plan: _ItemPlan, constants: Mapping[str, Any], checklist_id: str) -> RowJudge:
    """``_ChecklistRun.table_row`` for the rows of ``plan``'s table (of the checklist
    ``checklist_id``), as one generated function: the required cells looked at together (one by
    one, as table_row does, only when one is empty), each rule's generated code written out in
    order (codegen.Fused: no call per rule, a row's cells read once, its calculated columns
    computed where first needed) with its finding made in place, then each checked column with
    its constraint written out too. Same steps in the same order, so the same findings, errors
    and missing cells. (Should the whole not compile, the rules' and constraints' own functions
    are called one after the other.)"""
    try:
        return _generate_row_judge(plan, constants, checklist_id, inline=True)
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return _generate_row_judge(plan, constants, checklist_id, inline=False)


def _generate_row_judge(
    plan: _ItemPlan, constants: Mapping[str, Any], checklist_id: str, inline: bool
) -> RowJudge:
    folded = [_fold(rp.rule.fail_if, constants) for rp in plan.rules]
    constraints = [
        _fold(c.item.constraint, constants) if c.item.constraint is not None else None
        for c in plan.checked_columns
    ]
    calculated = {
        name: (
            _fold(c.item.relevant, constants) if c.item.relevant is not None else None,
            _fold(c.item.calculate, constants),  # type: ignore[arg-type]
        )
        for name, c in plan.row_calcs
    }
    read: set[str] = set()
    for e in (*folded, *constraints, *(e for pair in calculated.values() for e in pair)):
        if e is not None:
            read |= ex.references(e)
    plain = tuple(name for name, _ in plan.row_defaults if name in read) if inline else ()
    fused = Fused(plain, calculated if inline else None, closures_of)
    namespace = fused.namespace
    namespace.update(
        ExpressionError=ExpressionError, _new=_new, _set_attr=_set_attr, Finding=Finding
    )
    lines: list[str] = []
    add = lines.append

    def tested(depth: int, name: str, test: str, e: Any, where: str) -> None:
        """``name = `` the test ``e`` (written out, or its closure ``test`` called) in a try
        at ``depth`` whose error is noted for ``where``: how a rule or a constraint is run."""
        pad = "    " * depth
        body = fused.body(e, closures_of(e), depth + 1) if inline else None
        add(f"{pad}try:")
        if body is None:
            add(f"{pad}    {name} = {test}(s)")
        else:
            lines.extend(body[0])
            add(f"{pad}    {name} = {body[1]}")
        add(f"{pad}except ExpressionError as exc:")
        add(f"{pad}    run.errors.append((index, {where}, exc.zh, exc.en))")

    ids = plan.required_ids
    if len(ids) == 1:
        namespace["required_id"] = ids[0]
        add("    cell = s[required_id]")
        add("    if cell is None or cell == '':")
        add("        run.required_cells(plan, s, index)")
    elif ids:
        namespace["required_of"] = itemgetter(*ids)
        add("    cell = required_of(s)")
        add("    if None in cell or '' in cell:  # a tuple: `in` is `is None` / `== ''` for each")
        add("        run.required_cells(plan, s, index)")
    add("    fired = 0")
    for k, (rp, e) in enumerate(zip(plan.rules, folded, strict=True)):
        namespace[f"rule_test{k}"] = rp.test
        namespace[f"rule_plan{k}"] = rp
        namespace[f"rule_code{k}"] = rp.rule.code
        namespace[f"rule_fields{k}"] = rp.finding_fields(checklist_id, plan.item.id)
        namespace[f"rule_message{k}"] = _messenger(rp.rule.message)
        tested(1, "verdict", f"rule_test{k}", e, f"rule_code{k}")
        add("    else:")
        add("        if verdict is True:  # a finding, as _ChecklistRun.verdict makes it")
        add("            try:")
        add(f"                message = rule_message{k}(s)")
        add("            except ExpressionError as exc:")
        add(f"                run.errors.append((index, rule_code{k}, exc.zh, exc.en))")
        add("            else:")
        add("                found = _new(Finding)")
        add(f"                fields = rule_fields{k}.copy()")
        add("                fields['row'] = index")
        add("                fields['message'] = message")
        add("                _set_attr(found, '__dict__', fields)")
        add("                run.findings.append(found)")
        add("                run.rows_fired.add(index)")
        add("                fired += 1")
        add("        elif verdict is None:")
        add(f"            run.unjudged(plan, rule_plan{k}, s, index)")
    for j, (column, e) in enumerate(zip(plan.checked_columns, constraints, strict=True)):
        namespace[f"column{j}"] = column.item.id
        add("    try:")
        add(f"        cell = s[column{j}]")
        add("    except ExpressionError as exc:")
        add(f"        run.errors.append((index, column{j}, exc.zh, exc.en))")
        add("        cell = None")
        add("    if cell is not None:")
        add("        s.current = cell")
        if e is not None:  # as _ChecklistRun.holds judges it
            namespace[f"column_test{j}"] = column.constraint
            tested(2, "held", f"column_test{j}", e, f"column{j}")
            add("            held = False")
            add("        if held is False:")
            add(f"            invalid.append((index, column{j}))")
        if column.rules:
            namespace[f"column_rules{j}"] = column.rules
            add(f"        fired += run.rules(plan, column_rules{j}, s, index)")
    add("    return fired")
    lines[:0] = ["def judge_row(run, plan, s, index, invalid):", *fused.start(1)]
    code = compiled_source("\n".join(lines), f"<rows of {plan.item.id}>")
    exec(code, namespace)  # noqa: S102 - generated from the rules' trees, no user text as code
    judge: RowJudge = namespace["judge_row"]
    return judge


def plan_for(checklist: Checklist) -> tuple[_ItemPlan, ...]:
    """The compiled plan of a checklist, built once and cached."""
    cached = _plans.get(id(checklist))
    if cached is None or cached[0] is not checklist:
        constants = checklist.constant_map()
        cached = (checklist, tuple(_plan_item(i, constants) for i in checklist.items()))
        _plans[id(checklist)] = cached
    return cached[1]


_maps: dict[int, tuple[tuple[_ItemPlan, ...], dict[str, _ItemPlan], dict[str, _ItemPlan]]] = {}
_schools: dict[int, tuple[School, dict[str, Any]]] = {}


def _plan_maps(plans: tuple[_ItemPlan, ...]) -> tuple[dict[str, _ItemPlan], dict[str, _ItemPlan]]:
    """A plan's items by id and its tables by column id (made once per plan: every save makes
    scopes; read only)."""
    found = _maps.get(id(plans))
    if found is None or found[0] is not plans:
        if len(_maps) > 64:
            _maps.clear()
        by_id = {p.item.id: p for p in plans}
        tables = {c.item.id: p for p in plans for c in p.columns}
        found = _maps[id(plans)] = (plans, by_id, tables)
    return found[1], found[2]


def _school_values(school: School) -> dict[str, Any]:
    """The school profile's values as expressions name them (made once per profile; read
    only)."""
    found = _schools.get(id(school))
    if found is None or found[0] is not school:
        if len(_schools) > 64:
            _schools.clear()
        values = {f"school.{f}": getattr(school, f) for f in SCHOOL_FIELDS}
        found = _schools[id(school)] = (school, values)
    return found[1]


class _Scope:
    """Values visible outside table rows: answers, calculations, constants, school profile."""

    __slots__ = ("cache", "plans", "answers", "reference_date", "current", "tables")

    def __init__(
        self,
        checklist: Checklist,
        plans: tuple[_ItemPlan, ...],
        answers: Mapping[str, Any],
        school: School,
        ref: date,
        linked: Mapping[str, Any] | None = None,
    ) -> None:
        self.cache: dict[str, Any] = dict(checklist.constants)
        self.cache.update(_school_values(school))
        for name in links_of(checklist):
            self.cache[name] = (linked or {}).get(name)
        self.cache["reference_date"] = ref
        self.plans, self.tables = _plan_maps(plans)
        self.answers = answers
        self.reference_date = ref
        self.current: Any = None

    def get(self, name: str) -> Any:
        value = self.cache.get(name, _MISSING)
        if value is not _MISSING:
            return value
        plan = self.plans.get(name)
        if plan is not None:
            value = None if not self.relevant(plan) else self._value(plan)
        elif name in self.tables:
            table = self.tables[name]
            plain = table.plain_columns
            if name in plain and f"\0rows:{table.item.id}" not in self.cache:
                # a column as entered: read from the rows themselves (as a row scope would)
                default = plain[name]
                value = [row.get(name, default) for row in self.get(table.item.id) or ()]
            else:
                value = [row.get(name) for row in self.rows(table)]
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
            base = self.row_base(plan)
            rows = _RowScope.many(self, plan, raw, base)
            self.cache[key] = rows
        return rows

    def row_base(self, plan: _ItemPlan) -> dict[str, Any]:
        """What every row of a table starts from: outer values and column defaults (computed
        once for the whole table)."""
        base = {name: self.get(name) for name in plan.outer_refs}
        base.update(plan.row_defaults)
        return base


@functools.lru_cache(maxsize=256)
def _with_hidden(hidden: frozenset[str] | None, column: str) -> frozenset[str]:
    """``hidden`` and ``column``: the same few sets for every row of a table (not one per row)."""
    return frozenset((*(hidden or ()), column))


class _RowScope(dict[str, Any]):
    """One table row: its cells (with defaults), calculated columns, then the outer scope.

    The row scope is its own cache of values (a dict): ``get`` is the dict's own
    ``__getitem__``, so a hit costs no Python-level call (rows are evaluated by the thousand);
    a miss computes a calculated column (kept) or asks the outer scope.
    """

    __slots__ = ("scope", "calcs", "outer", "reference_date", "current", "hidden")
    get = dict.__getitem__  # type: ignore[assignment]  # a miss computes (see __missing__)
    scope: Any  # kept for callers that let a row go (checklists.incremental); unused here
    calcs: Mapping[str, _ItemPlan]
    outer: Callable[[str], Any]
    reference_date: date
    current: Any
    hidden: frozenset[str] | None  # columns made irrelevant by the row's own answers

    def __init__(
        self, parent: _Scope, plan: _ItemPlan, row: Mapping[str, Any], base: dict[str, Any]
    ) -> None:
        self.update(base)
        self.update(row)
        self.reference_date = parent.reference_date
        self.current = None
        self.calcs, self.outer = plan.calc_map, parent.get
        self.hidden = None
        if plan.row_relevant:
            self.hide(plan.row_relevant)

    @classmethod
    def many(
        cls, parent: _Scope, plan: _ItemPlan, raw: Any, base: dict[str, Any]
    ) -> list[_RowScope]:
        """``[_RowScope(parent, plan, row, base) for row in raw]``, the same row scopes made
        without a call per row (a roster has thousands of rows)."""
        new = dict.__new__
        ref, calcs, outer, relevant = (
            parent.reference_date,
            plan.calc_map,
            parent.get,
            plan.row_relevant,
        )
        rows: list[_RowScope] = []
        add = rows.append
        for row in raw:
            scope = new(cls)
            scope.update(base)
            scope.update(row)
            scope.reference_date = ref
            scope.current = None
            scope.calcs = calcs
            scope.outer = outer
            scope.hidden = None
            if relevant:
                scope.hide(relevant)
            add(scope)
        return rows

    def hide(self, columns: tuple[_ItemPlan, ...]) -> None:
        """Empty the ``columns`` the row's own answers make irrelevant (noted in ``hidden``)."""
        for c in columns:
            if c.relevant(self) is not True:  # type: ignore[misc]
                self[c.item.id] = None
                self.hidden = _with_hidden(self.hidden, c.item.id)

    @property
    def cache(self) -> _RowScope:
        """The row's values as computed so far (the row scope itself)."""
        return self

    def __missing__(self, name: str) -> Any:
        column = self.calcs.get(name)
        if column is None:
            return self.outer(name)
        relevant = column.relevant
        value = column.calculate(self) if relevant is None or relevant(self) is True else None  # type: ignore[misc]
        self[name] = value
        return value

    def compute(self, name: str) -> Any:
        """The value of a calculated column (or an outer name) not yet in the cache."""
        return self.__missing__(name)


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


_templates: dict[str, tuple[tuple[str, str | None], ...]] = {}


def _template(text: str) -> tuple[tuple[str, str | None], ...]:
    """A message split once into (literal, placeholder name or None) parts."""
    parts = _templates.get(text)
    if parts is None:
        out: list[tuple[str, str | None]] = []
        pos = 0
        for match in _PLACEHOLDER.finditer(text):
            out.append((text[pos : match.start()], match.group(1)))
            pos = match.end()
        out.append((text[pos:], None))
        parts = _templates[text] = tuple(out)
    return parts


def _fill(text: str, scope: Any, lang: str) -> str:
    parts = _template(text)
    if len(parts) == 1:
        return text
    chunks = []
    get = scope.get
    for literal, name in parts:
        chunks.append(literal)
        if name is not None:
            try:
                value = get(name)
            except KeyError:
                chunks.append("{" + name + "}")
                continue
            chunks.append(value if type(value) is str else _format_value(value, lang))
    return "".join(chunks)


_new = object.__new__
_set_attr = object.__setattr__


def _item_result(
    item: str,
    status: ItemStatus,
    value: Any,
    counted: bool,
    invalid_cells: tuple[tuple[int, str], ...],
    finding_count: int,
    errors: tuple[tuple[int | None, str, str, str], ...],
    missing: tuple[tuple[int | None, str], ...],
    required: bool,
) -> ItemResult:
    """``ItemResult(...)`` of a judged item (no reason) made without the frozen dataclass's
    per-field checks (every item judged makes one, a save a few): the same object, its fields
    in their order, equal and hashing alike."""
    result = _new(ItemResult)
    _set_attr(
        result,
        "__dict__",
        {
            "item": item,
            "status": status,
            "value": value,
            "counted": counted,
            "invalid_cells": invalid_cells,
            "finding_count": finding_count,
            "errors": errors,
            "missing": missing,
            "reason": None,
            "required": required,
        },
    )
    return result


def _text(zh: str, en: str) -> Text:
    """``Text(zh, en)`` made without the frozen dataclass's per-field checks (a roster's findings
    make thousands): the same object, equal and hashing alike."""
    text = _new(Text)
    _set_attr(text, "__dict__", {"zh": zh, "en": en})
    return text


_messengers: dict[tuple[str, str], Callable[[Any], Text]] = {}


def _messenger(message: Text) -> Callable[[Any], Text]:
    """``Text(_fill(zh), _fill(en))`` for one message, as one generated function: each name is
    read once, in the order the Chinese and then the English text first name it (reading a
    name again gives the same value, or the same error), a name the scope does not know left as
    written."""
    key = (message.zh, message.en)
    found = _messengers.get(key)
    if found is not None:
        return found
    texts = (("zh", _template(message.zh)), ("en", _template(message.en)))
    namespace: dict[str, Any] = {"_format_value": _format_value, "_text": _text}
    lines = ["def message(scope):", "    get = scope.get"]
    read: dict[str, int] = {}
    for _, parts in texts:
        for _, name in parts:
            if name is not None and name not in read:
                k = read[name] = len(read)
                namespace[f"n{k}"], namespace[f"u{k}"] = name, "{" + name + "}"
                lines += [
                    "    try:",
                    f"        a{k} = get(n{k})",
                    "    except KeyError:",
                    f"        a{k} = u{k}",
                ]
    joined = []
    for lang, parts in texts:
        if len(parts) == 1:  # no placeholder: the text as written
            namespace[f"t_{lang}"] = parts[0][0]
            joined.append(f"t_{lang}")
            continue
        pieces = []
        for i, (literal, name) in enumerate(parts):
            namespace[f"l_{lang}{i}"] = literal
            pieces.append(f"l_{lang}{i}")
            if name is not None:
                k = read[name]
                lines.append(
                    f"    {lang}{i} = a{k} if type(a{k}) is str else _format_value(a{k}, {lang!r})"
                )
                pieces.append(f"{lang}{i}")
        joined.append(f"''.join(({', '.join(pieces)},))")
    lines.append(f"    return _text({joined[0]}, {joined[1]})")
    exec(compiled_source("\n".join(lines), "<message>"), namespace)  # noqa: S102 - no user text in the code
    messenger: Callable[[Any], Text] = namespace["message"]
    if len(_messengers) > 4096:
        _messengers.clear()
    _messengers[key] = messenger
    return messenger


EvalError = tuple[int | None, str, str, str]  # (row, rule code or column, zh, en)


def _counted(item: Item) -> bool:
    """Whether an item counts in progress and compliance: verdicts do; notes, rule-less
    calculations and optional attachments (supporting material, not a verdict) do not."""
    if item.type == "note" or (item.calculate is not None and not item.rules):
        return False
    return not (item.type == "evidence" and not item.required and not item.rules)


def _empty(value: Any) -> bool:
    return value is None or value == ""


class _ChecklistRun:
    """Evaluates one checklist against one set of answers."""

    # the counted items by status and how many are counted, when the run knows them without
    # counting its items again (checklists.incremental); None: summarize() counts them
    statuses: tuple[dict[str, int], int] | None = None

    def __init__(
        self,
        checklist: Checklist,
        answers: Mapping[str, Any],
        school: School,
        ref: date,
        linked: Mapping[str, Any] | None = None,
    ) -> None:
        self.checklist = checklist
        self.plans = plan_for(checklist)
        self.scope = self.new_scope(checklist, self.plans, answers, school, ref, linked)
        self.school = school
        self.findings: list[Finding] = []
        self.errors: list[EvalError] = []
        self.missing: dict[tuple[int | None, str], None] = {}
        self.rows_fired: set[int] = set()
        self.required_unanswered = 0

    def new_scope(
        self,
        checklist: Checklist,
        plans: tuple[_ItemPlan, ...],
        answers: Mapping[str, Any],
        school: School,
        ref: date,
        linked: Mapping[str, Any] | None,
    ) -> _Scope:
        """The run's scope (checklists.incremental gives one that starts from the last run)."""
        return _Scope(checklist, plans, answers, school, ref, linked)

    def run(self) -> tuple[tuple[ItemResult, ...], tuple[Finding, ...], int]:
        results = tuple(self.item(plan) for plan in self.plans)
        return results, tuple(self.findings), self.required_unanswered

    def finding(self, plan: _ItemPlan, rp: _RulePlan, scope: Any, row: int | None) -> None:
        fields = rp.finding_fields(self.checklist.id, plan.item.id).copy()
        fields["row"] = row
        fields["message"] = _messenger(rp.rule.message)(scope)
        finding = _new(Finding)  # Finding(**fields), without the frozen dataclass's checks
        _set_attr(finding, "__dict__", fields)
        self.findings.append(finding)

    def verdict(
        self, plan: _ItemPlan, rp: _RulePlan, scope: Any, row: int | None, verdict: Any
    ) -> int:
        """What a rule's verdict other than False gives: a finding (True; 1 is returned), the
        inputs it lacks (None), nothing (a value of another kind)."""
        if verdict is True:
            try:
                self.finding(plan, rp, scope, row)
            except ExpressionError as exc:
                # A calculated column its message names fails: unjudged, as a failing rule.
                self.errors.append((row, rp.rule.code, exc.zh, exc.en))
                return 0
            if row is not None:
                self.rows_fired.add(row)
            return 1
        if verdict is None:
            self.unjudged(plan, rp, scope, row)
        return 0

    def rules(
        self, plan: _ItemPlan, rule_plans: tuple[_RulePlan, ...], scope: Any, row: int | None
    ) -> int:
        fired = 0
        for rp in rule_plans:
            try:
                verdict = rp.test(scope)
                if verdict is False:
                    continue
            except ExpressionError as exc:
                # Bad data in one row (e.g. a birth date after the hire date) must not stop the
                # whole evaluation: the item becomes "invalid" and the error is reported.
                self.errors.append((row, rp.rule.code, exc.zh, exc.en))
                continue
            fired += self.verdict(plan, rp, scope, row, verdict)
        return fired

    def unjudged(self, plan: _ItemPlan, rp: _RulePlan, scope: Any, row: int | None) -> None:
        """A rule that came out unknown: when an input it needs is missing, the item is
        incomplete (nothing unchecked passes). Optional table columns left empty are "not
        measured" and are simply not judged."""
        if row is None:
            names = sorted(ex.references(rp.rule.fail_if) - set(self.checklist.constant_map()))
            gaps = [n for n in names if _empty(_lookup(scope, n))]
            for name in gaps or [rp.rule.code]:
                self.note_missing(plan.item, None, name)
            return
        table = plan.item
        row_judged = row in self.rows_fired  # a finding already says what is wrong with the row
        for column_id in rp.columns:
            column = plan.column_items[column_id]
            derived = column.calculate is not None
            if not (column.required or derived) or (derived and row_judged):
                continue
            if _empty(scope.get(column_id)):
                self.note_missing(table, row, column_id, derived)

    def note_missing(self, item: Item, row: int | None, name: str, derived: bool = False) -> None:
        key = (row, name)
        if key in self.missing:
            return
        self.missing[key] = None
        label = _label_of(self.checklist, item, name)
        if derived and row is not None:
            zh = f"第{row + 1}行：缺少所需数据，无法计算“{label.zh}”，该行无法判定"
            en = f"row {row + 1}: '{label.en}' cannot be calculated for missing data, so the row cannot be judged"
        elif row is None:
            zh = f"缺少判定所需的“{label.zh}”，本项无法判定"
            en = f"'{label.en}' is missing, so this item cannot be judged"
        else:
            zh = f"第{row + 1}行：未填写“{label.zh}”，该行无法判定"
            en = f"row {row + 1}: '{label.en}' is not filled in, so the row cannot be judged"
        self.errors.append((row, name, zh, en))

    def holds(self, test: Compiled, scope: Any, row: int | None, where: str) -> bool:
        """A constraint: False when it fails or cannot be evaluated (then an error is kept)."""
        try:
            return test(scope) is not False
        except ExpressionError as exc:
            self.errors.append((row, where, exc.zh, exc.en))
            return False

    def item(self, plan: _ItemPlan) -> ItemResult:
        item = plan.item
        self.errors = []
        self.missing = {}
        self.rows_fired = set()
        counted = _counted(item)
        if item.type == "note":
            return ItemResult(item.id, "not_applicable", counted=False)
        try:
            relevant = self.scope.relevant(plan)
            value = self.scope.get(item.id) if relevant else None
        except ExpressionError as exc:
            self.errors.append((None, item.id, exc.zh, exc.en))
            return ItemResult(item.id, "invalid", None, counted, errors=tuple(self.errors))
        if not relevant:
            reason = (
                scope_reason(plan.scope_fields, self.school, item) if plan.scope_fields else None
            )
            return ItemResult(item.id, "not_applicable", counted=counted, reason=reason)
        if value == NA:
            return ItemResult(item.id, "not_applicable", value, counted, required=item.required)
        if item.is_table:
            return self.table(rows_plan(plan, len(value or ()), self.checklist), value, counted)
        self.scope.current = value
        empty = value is None or (item.type in ("evidence", "multi_choice") and not value)
        fired = self.rules(plan, plan.rules, self.scope, None)
        if empty:  # an unanswered item is "unanswered", not also "incomplete"
            self.errors = [e for e in self.errors if (e[0], e[1]) not in self.missing]
            self.missing = {}
        invalid = (
            value is not None
            and plan.constraint is not None
            and not self.holds(plan.constraint, self.scope, None, item.id)
        )
        if empty and item.required and counted:
            self.required_unanswered += 1
        missing = tuple(self.missing)
        invalid = invalid or len(self.errors) > len(missing)
        status: ItemStatus = (
            "fail"
            if fired
            else "unanswered"
            if empty
            else "invalid"
            if invalid
            else "incomplete"
            if missing
            else "pass"
        )
        return _item_result(
            item.id, status, value, counted, (), fired, tuple(self.errors), missing, item.required
        )

    def table(self, plan: _ItemPlan, value: Any, counted: bool) -> ItemResult:
        rows = self.scope.rows(plan)
        fired = 0
        invalid: list[tuple[int, str]] = []
        for index, row in enumerate(rows):
            fired += self.table_row(plan, row, index, invalid)
        return self.table_result(plan, value, counted, len(rows), fired, invalid)

    def table_row(
        self, plan: _ItemPlan, row: _RowScope, index: int, invalid: list[tuple[int, str]]
    ) -> int:
        """Judge one row: findings, errors and missing cells kept on the run, failed cells
        added to ``invalid``; returns the number of findings. (checklists.incremental
        re-judges one row.)"""
        judge = plan.row_judge
        if judge is not None:  # the same, generated for a big table
            return judge(self, plan, row, index, invalid)
        self.required_cells(plan, row, index)
        fired = self.rules(plan, plan.rules, row, index)
        for column in plan.checked_columns:
            try:
                cell = row.get(column.item.id)
            except ExpressionError as exc:
                self.errors.append((index, column.item.id, exc.zh, exc.en))
                continue
            if cell is None:
                continue
            row.current = cell
            if column.constraint is not None and not self.holds(
                column.constraint, row, index, column.item.id
            ):
                invalid.append((index, column.item.id))
            if column.rules:
                fired += self.rules(plan, column.rules, row, index)
        return fired

    def table_result(
        self,
        plan: _ItemPlan,
        value: Any,
        counted: bool,
        row_count: int,
        fired: int,
        invalid: list[tuple[int, str]],
    ) -> ItemResult:
        """The verdict on a table from what its rows gave (errors and missing cells are the
        run's): rows below the stated coverage or with missing cells make it incomplete."""
        if not row_count and plan.item.required:
            self.required_unanswered += 1
        short = bool(row_count) and self.coverage_short(plan, value)
        missing = tuple(self.missing)
        bad = bool(invalid) or len(self.errors) > len(missing) + short
        status: ItemStatus = (
            "fail"
            if fired
            else "unanswered"
            if not row_count
            else "invalid"
            if bad
            else "incomplete"
            if missing or short
            else "pass"
        )
        return _item_result(
            plan.item.id,
            status,
            value,
            counted,
            tuple(invalid),
            fired,
            tuple(self.errors),
            missing,
            plan.item.required,
        )

    def required_cells(self, plan: _ItemPlan, row: _RowScope, index: int) -> None:
        """Required columns left empty in a row: the table is incomplete (never a pass)."""
        hidden, get = row.hidden, row.get
        for column_id in plan.required_ids:
            value = get(column_id)
            if (value is None or value == "") and (hidden is None or column_id not in hidden):
                self.note_missing(plan.item, index, column_id)

    def coverage_short(self, plan: _ItemPlan, value: Any) -> bool:
        """A table's constraint speaks about the rows as a whole (e.g. every ordinary classroom
        listed); when it fails, the table is incomplete, with the constraint's message."""
        if plan.constraint is None:
            return False
        self.scope.current = value
        try:
            holds = plan.constraint(self.scope) is not False
        except ExpressionError as exc:
            self.errors.append((None, plan.item.id, exc.zh, exc.en))
            return True
        if holds:
            return False
        message = plan.item.constraint_message
        zh, en = (message.zh, message.en) if message else ("登记的行数不足", "too few rows")
        self.errors.append(
            (None, plan.item.id, _fill(zh, self.scope, "zh"), _fill(en, self.scope, "en"))
        )
        return True


def _lookup(scope: Any, name: str) -> Any:
    try:
        return scope.get(name)
    except (KeyError, ExpressionError):
        return None


def _label_of(checklist: Checklist, item: Item, name: str) -> Text:
    """What people call an input: a column's or item's label, or a school-profile field."""
    if name.startswith("school."):
        pair = SCHOOL_FIELD_WORDS.get(name.removeprefix("school."))
        return Text(*pair) if pair else Text(name, name)
    for candidate in (*item.columns, *checklist.items()):
        if candidate.id == name:
            return candidate.label
    return Text(name, name)


SCHOOL_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "stage": ("学段", "stage"),
    "enrollment": ("在校生数", "enrolment"),
    "enrollment_primary": ("小学部在校生数", "primary enrolment"),
    "enrollment_secondary": ("中学部在校生数", "secondary enrolment"),
    "boarding_students": ("寄宿生数", "boarding students"),
}


def scope_reason(fields: tuple[str, ...], school: School, item: Item | None = None) -> Text:
    """Why an item does not apply to this school: the profile fields that decide it, and what the
    item rests on (its standard, else its plan clauses)."""
    parts_zh, parts_en = [], []
    for name in fields:
        if name == "stage":
            zh, en = STAGE.get(school.stage, (school.stage, school.stage))
            parts_zh.append(f"学段为{zh}")
            parts_en.append(f"the stage is {en.lower()}")
        else:
            word = SCHOOL_FIELD_WORDS.get(name, (name, name))
            shown = getattr(school, name, None)
            parts_zh.append(f"{word[0]}为 {shown if shown is not None else '—'}")
            parts_en.append(f"{word[1]} is {shown if shown is not None else '—'}")
    basis_zh = basis_en = ""
    if item is not None and item.standard is not None:
        basis_zh, basis_en = (
            f"本项依据{item.standard.zh}，",
            f"this item rests on {item.standard.en}; ",
        )
    elif item is not None and item.clauses:
        basis_zh = f"本项依据工作要点{clauses_text(item.clauses)}，"
        basis_en = f"this item rests on the work plan's {clauses_text(item.clauses, 'en')}; "
    return Text(
        basis_zh + "按学校概况不适用（" + "，".join(parts_zh) + "）",
        ("Not applicable to this school: " + basis_en + "; ".join(parts_en)).replace("; ;", ";"),
    )


def evaluate_checklist(
    checklist: Checklist,
    answers: Mapping[str, Any],
    school: School,
    reference_date: date,
    notes: tuple[FindingNote, ...] = (),
    linked: Mapping[str, Any] | None = None,
) -> ChecklistResult:
    """Judge one checklist's answers; findings come in item, row and rule order.

    ``linked`` holds the other checklists' values this one reads (see :func:`linked_values`);
    a value not given is unknown, as when that checklist is not part of the self-check.
    """
    run = _ChecklistRun(checklist, answers, school, reference_date, linked)
    return finish_run(run, notes)


def finish_run(run: _ChecklistRun, notes: tuple[FindingNote, ...] = ()) -> ChecklistResult:
    """A run's verdict on its checklist (checklists.incremental passes a run that re-judges
    only what changed)."""
    checklist = run.checklist
    items, findings, required_unanswered = run.run()
    findings = _attach_notes(findings, notes)
    status, summary = summarize(items, findings, required_unanswered, run.statuses)
    result = _new(ChecklistResult)  # without the frozen dataclass's checks, as _item_result
    _set_attr(
        result,
        "__dict__",
        {
            "checklist": checklist.id,
            "version": checklist.version,
            "status": status,
            "summary": summary,
            "items": items,
            "findings": findings,
        },
    )
    return result


def linked_checklists(checklist: Checklist) -> tuple[str, ...]:
    """The ids of the other checklists whose values ``checklist`` reads (evaluate them first;
    found once per checklist object: every save asks, for every checklist)."""
    found = _linked_ids.get(id(checklist))
    if found is not None and found[0] is checklist:
        return found[1]
    ids = tuple(sorted({name.split(".", 1)[0] for name in links_of(checklist)}))
    if len(_linked_ids) > 256:
        _linked_ids.clear()
    _linked_ids[id(checklist)] = (checklist, ids)
    return ids


_linked_ids: dict[int, tuple[Checklist, tuple[str, ...]]] = {}


def dependent_checklists(checklists: Mapping[str, Checklist], checklist_id: str) -> set[str]:
    """The checklists that read ``checklist_id``'s values, directly or not: their evaluation goes
    stale when it changes."""
    out: set[str] = set()
    todo = [checklist_id]
    while todo:
        current = todo.pop()
        for cl, checklist in checklists.items():
            if cl not in out and cl != checklist_id and current in linked_checklists(checklist):
                out.add(cl)
                todo.append(cl)
    return out


def linked_values(checklist: Checklist, results: Mapping[str, ChecklistResult]) -> dict[str, Any]:
    """The values ``checklist`` reads from other checklists, taken from their results (an item
    of a checklist not in ``results``, or not relevant there, is unknown)."""
    out: dict[str, Any] = {}
    for name in links_of(checklist):
        other, item_id = name.split(".", 1)
        result = results.get(other)
        value = None
        if result is not None:
            try:
                value = result.item(item_id).value
            except KeyError:
                value = None
        out[name] = None if value == NA else value
    return out


def _attach_notes(
    findings: tuple[Finding, ...], notes: tuple[FindingNote, ...]
) -> tuple[Finding, ...]:
    if not notes:
        return findings
    from dataclasses import replace

    by_key = {(n.checklist, n.code, n.item, n.row): n for n in notes}
    out = []
    for f in findings:
        note = by_key.get(f.key())
        out.append(
            replace(f, explanation=note.explanation, rectification=note.rectification)
            if note
            else f
        )
    return tuple(out)


def evaluate_document(
    doc: AnswersDocument,
    checklists: Mapping[str, Checklist],
    unchanged: Mapping[str, ChecklistResult] | None = None,
) -> Results:
    """Judge every checklist the document answers, in the order of ``checklists``; a checklist
    that reads another one's values is judged after it.

    ``unchanged``: results still true of ``doc``, taken as they are (after a change to one
    checklist, those of the checklists that do not read it: see ``dependent_checklists``).
    """
    chosen = {cl_id: c for cl_id, c in checklists.items() if cl_id in doc.checklists}
    done: dict[str, ChecklistResult] = {
        cl_id: result for cl_id, result in (unchanged or {}).items() if cl_id in chosen
    }

    def judge(cl_id: str, path: tuple[str, ...]) -> None:
        if cl_id in done or cl_id not in chosen or cl_id in path:
            return
        checklist = chosen[cl_id]
        for other in linked_checklists(checklist):
            judge(other, (*path, cl_id))
        notes = tuple(n for n in doc.finding_notes if n.checklist == cl_id)
        done[cl_id] = evaluate_checklist(
            checklist,
            doc.checklists[cl_id],
            doc.school,
            doc.reference_date,
            notes,
            linked_values(checklist, done),
        )

    for cl_id in chosen:
        judge(cl_id, ())
    return Results({cl_id: done[cl_id] for cl_id in chosen})
