"""Reading Excel as schools write it: the checklist's header and value aliases, and the
"'合格' read as 是" lines of the import summary."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from checklists.model import Item, fold


class MappedColumnLike(Protocol):
    """A header cell mapped to a column (reports.excel.headers.MappedColumn)."""

    @property
    def column(self) -> Item: ...

    @property
    def header(self) -> str: ...


YES_NO_WORDS = {"yes": ("是", "yes"), "no": ("否", "no")}


@dataclass(frozen=True)
class Reading:
    """How a written word or header was read: ``written`` in column ``column`` read as ``read_as``."""

    column: str  # the column's id
    column_zh: str
    column_en: str
    written: str
    read_as_zh: str
    read_as_en: str
    count: int = 1
    header: bool = False  # a header alias (else a cell value)

    def text(self, lang: str = "zh") -> str:
        """One line of the import summary."""
        if self.header:
            if lang == "en":
                return f"header '{self.written}' read as column '{self.column_en}'"
            return f"表头“{self.written}”按“{self.column_zh}”列读取"
        if lang == "en":
            return (
                f"'{self.written}' read as {self.read_as_en} in '{self.column_en}' ({self.count}×)"
            )
        return f"“{self.column_zh}”列的“{self.written}”按“{self.read_as_zh}”读取（{self.count} 处）"

    def to_json(self) -> dict[str, object]:
        """The machine-readable form (``import-table --json``)."""
        return {
            "column": self.column,
            "written": self.written,
            "read_as": self.read_as_en,
            "count": self.count,
            "header": self.header,
        }


def target_words(column: Item, target: str) -> tuple[str, str]:
    """The value an alias stands for, as people read it (是/yes, a choice's label)."""
    if column.type == "yes_no":
        return YES_NO_WORDS.get(target, (target, target))
    for choice in column.choices:
        if choice.value == target:
            return choice.label.zh, choice.label.en
    return target, target


def alias_target(column: Item, written: object) -> str | None:
    """The value (``yes``/``no`` or a choice value) ``written`` stands for, None when no alias."""
    if not column.value_aliases or not isinstance(written, str):
        return None
    return _words_of(column).get(_folded(written))


# A 10,000-row import reads the same few words thousands of times: each is folded once, and
# each column's aliases once (by column object; the first alias of a word wins, as listed).
_folded = functools.lru_cache(maxsize=4096)(fold)
_WORDS: dict[int, tuple[Item, dict[str, str]]] = {}


def _words_of(column: Item) -> dict[str, str]:
    """Folded alias → target for ``column``."""
    found = _WORDS.get(id(column))
    if found is None or found[0] is not column:
        if len(_WORDS) > 512:
            _WORDS.clear()
        words: dict[str, str] = {}
        for alias, target in column.value_aliases:
            words.setdefault(fold(alias), target)
        found = _WORDS[id(column)] = (column, words)
    return found[1]


class ReadingLog:
    """Counts the aliases used while one sheet is read."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str, bool], Reading] = {}

    def value(self, column: Item, written: str, target: str) -> None:
        """Note that ``written`` in ``column`` was read as ``target``."""
        key = (column.id, written.strip(), False)
        found = self._counts.get(key)
        if found is not None:
            self._counts[key] = Reading(**{**found.__dict__, "count": found.count + 1})
            return
        zh, en = target_words(column, target)
        self._counts[key] = Reading(
            column.id, column.label.zh, column.label.en, written.strip(), zh, en
        )

    def header(self, column: Item, written: str) -> None:
        """Note that the header ``written`` was read as ``column`` through one of its aliases."""
        self._counts[(column.id, written, True)] = Reading(
            column.id,
            column.label.zh,
            column.label.en,
            written,
            column.label.zh,
            column.label.en,
            header=True,
        )

    def readings(self) -> tuple[Reading, ...]:
        """Header readings first, then values, in the order first met."""
        values = list(self._counts.values())
        return tuple([r for r in values if r.header] + [r for r in values if not r.header])


def header_alias_used(column: Item, written: str, standard: Iterable[str]) -> bool:
    """True when ``written`` names ``column`` through an alias, not its id or label."""
    from reports.excel.columns import normalize_header

    return normalize_header(written) not in set(standard)


def value_alias_text(column: Item, lang: str = "zh") -> str:
    """也可填：在岗 = 是、离岗 = 否 — the column's value aliases for a template ('' when none)."""
    if not column.value_aliases:
        return ""
    sep = "、" if lang == "zh" else "; "
    pairs = sep.join(
        f"{w} = {target_words(column, t)[0 if lang == 'zh' else 1]}"
        for w, t in column.value_aliases
    )
    return f"也可填：{pairs}" if lang == "zh" else f"also accepted: {pairs}"


def header_alias_text(column: Item, lang: str = "zh") -> str:
    """表头也可写：身份证号、证件号码。 — the column's header aliases ('' when none)."""
    if not column.aliases:
        return ""
    if lang == "zh":
        return f"表头也可写：{'、'.join(column.aliases)}。"
    return f"The header may also read: {', '.join(column.aliases)}."


def log_header_aliases(log: ReadingLog, mapped: Iterable[MappedColumnLike]) -> None:
    """Note each header that named its column through an alias."""
    from reports.excel.columns import standard_header_keys

    for m in mapped:
        if header_alias_used(m.column, m.header, standard_header_keys(m.column)):
            log.header(m.column, m.header)
