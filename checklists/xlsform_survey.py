"""The survey sheet's structure: question types, choice lists, groups (sections), repeats (tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checklists.model import COLUMN_TYPES, Choice
from checklists.xlsform_book import Row, Sheet, SheetProblems
from checklists.xlsform_cells import cell_text, ident, text

SIMPLE_TYPES = {
    "text": "text", "string": "text", "integer": "integer", "int": "integer", "decimal": "decimal",
    "date": "date", "note": "note", "image": "evidence", "photo": "evidence", "file": "evidence",
    "calculate": "decimal",
}  # fmt: skip
UNSUPPORTED_TYPES = frozenset({
    "geopoint", "geotrace", "geoshape", "audio", "video", "barcode", "range", "rank",
    "select_one_from_file", "select_multiple_from_file", "select_one_external",
    "select_multiple_external", "acknowledge", "trigger", "time", "datetime", "start", "end",
    "today", "deviceid", "phonenumber", "username", "simserial", "subscriberid", "email",
    "audit", "background-audio", "background-geopoint", "hidden", "xml-external",
    "csv-external", "start-geopoint", "begin_loop", "end_loop", "osm", "signature",
})  # fmt: skip
CALCULATE_VALUE_TYPES = ("integer", "decimal", "date", "text")
YES_NO_VALUES = ({"yes", "no"}, {"true", "false"})
SUPPORTED_TEXT = (
    "text, integer, decimal, date, select_one, select_multiple, note, calculate, image, file, "
    "begin_group/end_group, begin_repeat/end_repeat"
)
_SPACED = re.compile(r"^(select|begin|end) (one|multiple|group|repeat)\b")


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


def read_choices(sheet: Sheet | None, default_lang: str, p: SheetProblems) -> dict[str, ChoiceList]:
    """The choices sheet as lists by name (list_name, name, label; other columns are ignored)."""
    lists: dict[str, ChoiceList] = {}
    for row in sheet.rows if sheet else []:
        list_name = cell_text(row.get("list_name")) or cell_text(row.get("list name"))
        if list_name is None:
            p.report(row.loc("list_name"), "缺少 list_name", "missing list_name")
            continue
        value = cell_text(row.get("name"))
        label = text(row, "label", default_lang)
        if value is None:
            p.report(row.loc("name"), "选项缺少 name", "choice without a name")
            continue
        if label is None:
            p.report(
                row.loc("label"), f"选项 '{value}' 缺少 label", f"choice '{value}' has no label"
            )
            continue
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


def split_type(row: Row, p: SheetProblems) -> tuple[str, str | None] | None:
    """The row's type as (type, choice list or None); None with a problem when unusable."""
    raw = cell_text(row.get("type"))
    if raw is None:
        p.report(row.loc("type"), "type 为空", "blank type")
        return None
    words = _SPACED.sub(r"\1_\2", " ".join(raw.split())).split(" ")
    head = words[0].lower()
    if head in ("select_one", "select_multiple"):
        if len(words) == 2:
            return head, words[1]
        if len(words) == 1:
            p.report(
                row.loc("type"), f"{head} 后面应写选项列表名", f"{head} needs a choice list name"
            )
        else:
            p.report(
                row.loc("type"),
                f"不支持的题型 '{raw}'（如 or_other）",
                f"unknown question type '{raw}' (or_other and the like are not supported)",
            )
        return None
    if len(words) == 1 and (head in SIMPLE_TYPES or head in _STRUCTURE):
        return head, None
    hint = "（XLSForm 题型，本程序不支持）" if head in UNSUPPORTED_TYPES else ""
    hint_en = " (an XLSForm type this app does not support)" if head in UNSUPPORTED_TYPES else ""
    p.report(
        row.loc("type"),
        f"未知的题型 '{raw}'{hint}；可用：{SUPPORTED_TEXT}",
        f"unknown question type '{raw}'{hint_en}; supported: {SUPPORTED_TEXT}",
    )
    return None


_STRUCTURE = ("begin_group", "end_group", "begin_repeat", "end_repeat")


class _Walker:
    """Walks the survey rows once, keeping a stack of open groups and repeats."""

    def __init__(self, lists: dict[str, ChoiceList], p: SheetProblems) -> None:
        self.lists, self.p = lists, p
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
        if head.startswith("begin_"):
            self.begin(row, head[6:])
        elif head.startswith("end_"):
            self.end(row, head[4:])
        else:
            node = self.question(row, head, list_name)
            if node is not None:
                self.target().append(node)

    def begin(self, row: Row, kind: str) -> None:
        name = ident(row, "name", "name", self.p)
        if kind == "group" and not self.stack:
            section = SectionSpec(row, name)
            self.sections.append(section)
            self.stack.append(_Frame("group", row, name, section.items))
        elif kind == "group":
            self.stack.append(_Frame("group", row, name, self.stack[-1].target))  # flattened
        elif self.in_repeat():
            self.p.report(
                row.loc("type"),
                "不支持嵌套的 repeat（表格中的表格）",
                "nested repeats (a table inside a table) are not supported",
            )
            self.stack.append(_Frame("repeat", row, name, []))
        else:
            node = Node(row, name, "begin_repeat", "table")
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
        return Node(row, name, head, kind, choices, allow_na)

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


def structure(survey: Sheet, lists: dict[str, ChoiceList], p: SheetProblems) -> list[SectionSpec]:
    """Sections with their question nodes; problems recorded, never raised."""
    walker = _Walker(lists, p)
    for row in survey.rows:
        walker.row(row)
    return walker.finish()
