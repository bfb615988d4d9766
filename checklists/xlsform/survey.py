"""The survey sheet's structure: question types, choice lists, groups (sections), repeats (tables)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from checklists.model import COLUMN_TYPES, Choice, Constant, Text
from checklists.references import BUILTIN_NAMES, is_linked_name
from checklists.xlsform.book import Row, Sheet, SheetProblems
from checklists.xlsform.cells import cell_text, ident, text
from checklists.xlsform.types import CALCULATE_VALUE_TYPES, SIMPLE_TYPES, YES_NO_VALUES, split_type


@dataclass
class ChoiceList:
    """One list of the choices sheet."""

    name: str
    choices: list[Choice] = field(default_factory=list)

    def yes_no(self) -> tuple[bool, bool] | None:
        """(is a yes/no list, has "na") — None when it is an ordinary list."""
        values = {c.value for c in self.choices}
        has_na = "na" in values
        return (True, has_na) if values - {"na"} in YES_NO_VALUES else None


@dataclass
class Node:
    """A question row (or a repeat with its columns), its type already resolved."""

    row: Row
    name: str | None
    xls_type: str  # e.g. "select_one", "calculate", "begin_repeat"
    kind: str  # our item type
    choices: tuple[Choice, ...] = ()
    allow_na: bool = False
    columns: list[Node] = field(default_factory=list)
    conditions: tuple[Row, ...] = ()  # the enclosing groups' rows with a relevant
    odk_name: str | None = None  # the name ODK sees, when the export had to rename a column


@dataclass
class SectionSpec:
    """A top-level group (or the default section, row None) and its questions."""

    row: Row | None
    name: str | None
    items: list[Node] = field(default_factory=list)


@dataclass
class _Frame:
    kind: str  # "group" or "repeat"
    row: Row
    name: str | None
    target: list[Node]
    conditions: tuple[Row, ...] = ()


def read_choices(sheet: Sheet | None, default_lang: str, p: SheetProblems) -> dict[str, ChoiceList]:
    """The choices sheet as lists by name (list_name, name, label; other columns are ignored)."""
    lists: dict[str, ChoiceList] = {}
    for key in sheet.columns if sheet else {}:
        base = key.partition("::")[0]
        if base not in ("list_name", "name", "value", "label") and sheet is not None:
            p.notice(
                sheet.header_loc(key),
                f"choices 表中的列 '{base}' 本程序不使用，已忽略",
                f"column '{base}' of the choices sheet is not used by this app; ignored",
            )
    for row in sheet.rows if sheet else []:
        list_name = cell_text(row.get("list_name"))
        if list_name is None:
            p.report(row.loc("list_name"), "缺少 list_name", "missing list_name")
            continue
        value = cell_text(row.get("name"))
        if value is None:
            value = cell_text(row.get("value"))  # pyxform's other name for the column
        label = text(row, "label", default_lang)
        if value is None:
            p.report(row.loc("name"), "选项缺少 name", "choice without a name")
            continue
        if label is None:  # pyxform shows the value itself
            label = Text(value, value)
        target = lists.setdefault(list_name, ChoiceList(list_name))
        if any(c.value == value for c in target.choices):
            p.report(
                row.loc("name"),
                f"选项列表 {list_name} 中重复的选项 '{value}'",
                f"duplicate choice '{value}' in list {list_name}",
            )
            continue
        target.choices.append(Choice(value, label))
    return lists


class _Walker:
    """Walks the survey rows once, keeping a stack of open groups and repeats."""

    def __init__(
        self, lists: dict[str, ChoiceList], mirrors: dict[str, str | None], p: SheetProblems
    ) -> None:
        self.lists, self.mirrors, self.p = lists, mirrors, p
        self.sections: list[SectionSpec] = []
        self.default: SectionSpec | None = None
        self.stack: list[_Frame] = []

    def target(self) -> list[Node]:
        if self.stack:
            return self.stack[-1].target
        if self.default is None:
            self.default = SectionSpec(None, None)
            self.sections.append(self.default)
        return self.default.items

    def in_repeat(self) -> bool:
        return any(f.kind == "repeat" for f in self.stack)

    def row(self, row: Row) -> None:
        parsed = split_type(row, self.p)
        if parsed is None:
            return
        head, list_name = parsed
        if head == "metadata" or (head == "calculate" and self.mirror(row)):
            return
        if head.startswith("begin_"):
            self.begin(row, head[6:])
        elif head.startswith("end_"):
            self.end(row, head[4:])
        else:
            node = self.question(row, head, list_name)
            if node is not None:
                self.target().append(node)

    def conditions(self) -> tuple[Row, ...]:
        return self.stack[-1].conditions if self.stack else ()

    def mirror(self, row: Row) -> bool:
        """A calculate row standing for a constant or a school field (written by our export).

        ODK needs every ``${name}`` to be a row; the constants sheet stays the source, so a
        mirror row is checked against it and left out.
        """
        name = cell_text(row.get("name"))
        if name is None or self.stack:
            return False
        if name not in self.mirrors:
            # another checklist's value, filled in by this app (written by our export)
            return is_linked_name(name)
        expected = self.mirrors[name]
        found = cell_text(row.get("calculation"))
        if expected is not None and found != expected:
            self.p.report(
                row.loc("calculation"),
                f"calculate 行 '{name}' 应与 constants 表一致：{expected}",
                f"calculate row '{name}' must agree with the constants sheet: {expected}",
            )
        return True

    def begin(self, row: Row, kind: str) -> None:
        name = ident(row, "name", "name", self.p)
        inherited = self.conditions()
        if kind == "group" and row.get("relevant") is not None:
            inherited = (*inherited, row)
        if kind == "group" and not self.stack:
            section = SectionSpec(row, name)
            self.sections.append(section)
            self.stack.append(_Frame("group", row, name, section.items, inherited))
        elif kind == "group":
            self.stack.append(
                _Frame("group", row, name, self.stack[-1].target, inherited)
            )  # flattened
        elif self.in_repeat():
            self.p.report(
                row.loc("type"),
                "不支持嵌套的 repeat（表格中的表格）",
                "nested repeats (a table inside a table) are not supported",
            )
            self.stack.append(_Frame("repeat", row, name, []))
        else:
            node = Node(row, name, "begin_repeat", "table", conditions=inherited)
            self.target().append(node)
            self.stack.append(_Frame("repeat", row, name, node.columns))

    def end(self, row: Row, kind: str) -> None:
        if not self.stack:
            self.p.report(
                row.loc("type"),
                f"end_{kind} 之前没有对应的 begin_{kind}",
                f"end_{kind} without begin_{kind}",
            )
            return
        frame = self.stack.pop()
        if frame.kind != kind:
            self.p.report(
                row.loc("type"),
                f"end_{kind} 与第{frame.row.number}行的 begin_{frame.kind} 不匹配",
                f"end_{kind} does not match begin_{frame.kind} of row {frame.row.number}",
            )

    def question(self, row: Row, head: str, list_name: str | None) -> Node | None:
        name = ident(row, "name", "name", self.p)
        odk_name = name
        if row.get("campus_name") is not None and self.in_repeat():
            name = ident(row, "campus_name", "campus_name", self.p)
        resolved = self.resolve(row, head, list_name)
        if resolved is None:
            return None
        kind, choices, allow_na = resolved
        if self.in_repeat() and kind not in COLUMN_TYPES:
            self.p.report(
                row.loc("type"),
                f"repeat（表格）中不能有 {head} 题",
                f"a {head} row is not allowed inside a repeat (table)",
            )
            return None
        conditions = () if self.in_repeat() else self.conditions()
        node = Node(row, name, head, kind, choices, allow_na, conditions=conditions)
        node.odk_name = odk_name
        return node

    def resolve(
        self, row: Row, head: str, list_name: str | None
    ) -> tuple[str, tuple[Choice, ...], bool] | None:
        """Our item type, choices and allow_na for a question row."""
        value_type = cell_text(row.get("value_type"))
        if head == "calculate":
            if value_type is not None and value_type not in CALCULATE_VALUE_TYPES:
                self.p.report(
                    row.loc("value_type"),
                    f"calculate 的 value_type 应为 {'、'.join(CALCULATE_VALUE_TYPES)}",
                    f"value_type of a calculate row must be one of {', '.join(CALCULATE_VALUE_TYPES)}",
                )
                return None
            return value_type or "decimal", (), False
        if head == "text" and "id_number" in (cell_text(row.get("appearance")) or "").split():
            return "id_number", (), False
        if list_name is None:
            return SIMPLE_TYPES[head], (), False
        found = self.lists.get(list_name)
        if found is None:
            self.p.report(
                row.loc("type"),
                f"未知的选项列表 '{list_name}'（choices 表中没有）",
                f"unknown choice list '{list_name}' (not in the choices sheet)",
            )
            return None
        yes_no = found.yes_no() if head == "select_one" else None
        allowed = (None, "yes_no", "single_choice") if head == "select_one" else (None,)
        if value_type not in allowed or (value_type == "yes_no" and yes_no is None):
            self.p.report(
                row.loc("value_type"),
                "select_one 的 value_type 只能是 single_choice，或（是/否列表时）yes_no",
                "value_type of a select_one row may only be single_choice, or yes_no for a yes/no list",
            )
            return None
        if yes_no is not None and value_type != "single_choice":
            return "yes_no", (), yes_no[1]
        return (
            ("single_choice" if head == "select_one" else "multi_choice"),
            tuple(found.choices),
            False,
        )

    def finish(self) -> list[SectionSpec]:
        for frame in reversed(self.stack):
            self.p.report(
                frame.row.loc("type"),
                f"begin_{frame.kind} '{frame.name or ''}' 缺少对应的 end_{frame.kind}",
                f"begin_{frame.kind} '{frame.name or ''}' has no end_{frame.kind}",
            )
        return self.sections


def structure(
    survey: Sheet, lists: dict[str, ChoiceList], constants: dict[str, Constant], p: SheetProblems
) -> list[SectionSpec]:
    """Sections with their question nodes; problems recorded, never raised."""
    mirrors: dict[str, str | None] = {name: None for name in BUILTIN_NAMES}
    mirrors.update((name, constant_source(value)) for name, value in constants.items())
    walker = _Walker(lists, mirrors, p)
    for row in survey.rows:
        walker.row(row)
    return walker.finish()


def constant_source(value: Constant) -> str:
    """A constant as an XPath literal, as the export writes it into a calculate row."""
    if isinstance(value, bool):
        return "true()" if value else "false()"
    if isinstance(value, date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, str):
        return "'" + value + "'" if "'" not in value else '"' + value + '"'
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)
