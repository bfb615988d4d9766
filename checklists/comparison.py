"""Period-to-period comparison: which findings are new, which recur, which were resolved.

A finding is the same finding in two periods when it has the same checklist, code and item
and, for a table, the same row *identity*: the ID number for people, else the row's first
text column (the room for classrooms, the name for teachers). Row indexes are not used, so a
roster sorted differently or with people added still matches.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from checklists.answers import AnswersDocument
from checklists.idnumber import mask_id_number
from checklists.model import Checklist, Item
from checklists.results import Finding, Results
from checklists.terms import Words, term

Change = Literal["new", "recurring"]

CHANGE: Words = {
    "new": ("新增", "New"),
    "recurring": ("重复出现", "Recurring"),
    "resolved": ("已解决", "Resolved"),
}

RowIdentity = tuple[str, str]  # (column id, normalised value)
FindingIdentity = tuple[str, str, str, RowIdentity | None]


def identity_columns(item: Item) -> list[Item]:
    """The columns that name a row of ``item``, best first: ID number, then the first text column."""
    ids = [c for c in item.columns if c.type == "id_number"]
    texts = [c for c in item.columns if c.type == "text"][:1]
    return ids[:1] + texts


def identity_text(value: Any) -> str:
    """How a naming cell is compared: NFKC, no spaces, upper case (x and X in an ID number)."""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).upper()


def row_identity(item: Item, cells: Mapping[str, Any]) -> RowIdentity | None:
    """What names this row across periods and imports: the ID number, or (a person without
    one) the name; None when the naming cells are empty."""
    for col in identity_columns(item):
        value = cells.get(col.id)
        if value is not None and identity_text(value):
            return (col.id, identity_text(value))
    return None


def row_label(item: Item, cells: Mapping[str, Any]) -> str:
    """The row as people name it in a report (an ID number masked)."""
    parts = []
    for col in identity_columns(item):
        value = cells.get(col.id)
        if value is None or not str(value).strip():
            continue
        parts.append(mask_id_number(str(value)) if col.type == "id_number" else str(value))
    if len(parts) == 2:
        return f"{parts[1]}（{parts[0]}）"
    return parts[0] if parts else ""


RowLookup = Callable[[str, str, int], "Mapping[str, Any] | None"]  # (checklist, item, row) → cells


def document_rows(doc: AnswersDocument) -> RowLookup:
    """Row cells looked up in an answers document."""

    def lookup(checklist: str, item: str, row: int) -> Mapping[str, Any] | None:
        rows = doc.checklists.get(checklist, {}).get(item) or ()
        return rows[row] if 0 <= row < len(rows) else None

    return lookup


def _item(checklists: Mapping[str, Checklist], f: Finding) -> Item | None:
    checklist = checklists.get(f.checklist)
    if checklist is None:
        return None
    try:
        return checklist.item(f.item)
    except KeyError:
        return None


def finding_identity(
    rows: RowLookup, f: Finding, checklists: Mapping[str, Checklist]
) -> FindingIdentity:
    """The finding's identity across periods (see the module docstring)."""
    if f.row is None:
        return (f.checklist, f.code, f.item, None)
    cells = rows(f.checklist, f.item, f.row) or {}
    item = _item(checklists, f)
    ident = row_identity(item, cells) if item is not None else None
    # A row that cannot be named is matched by its position, the best that is left.
    return (f.checklist, f.code, f.item, ident or ("#", str(f.row)))


@dataclass(frozen=True)
class ResolvedFinding:
    """A finding of the previous period (gone now, when listed as resolved), with its row's name."""

    finding: Finding
    row_label: str


@dataclass(frozen=True)
class PreviousPeriod:
    """The previous period's findings by identity: what a current finding is compared with."""

    id: int | None
    period: str
    findings: Mapping[FindingIdentity, ResolvedFinding]


def previous_period_of(
    doc: AnswersDocument,
    results: Results,
    checklists: Mapping[str, Checklist],
    previous_id: int | None = None,
) -> PreviousPeriod:
    """The previous period's findings, keyed by identity, each with its row's name."""
    rows = document_rows(doc)
    found: dict[FindingIdentity, ResolvedFinding] = {}
    for f in results.findings:
        item = _item(checklists, f)
        cells = rows(f.checklist, f.item, f.row) if f.row is not None else None
        label = row_label(item, cells) if item is not None and cells is not None else ""
        found.setdefault(finding_identity(rows, f, checklists), ResolvedFinding(f, label))
    return PreviousPeriod(previous_id, doc.period, found)


@dataclass(frozen=True)
class Comparison:
    """The current period's findings against the previous period's."""

    previous_period: str
    previous_id: int | None
    changes: Mapping[tuple[str, str, str, int | None], Change]  # Finding.key() → change
    resolved: tuple[ResolvedFinding, ...]

    def change_of(self, f: Finding) -> Change | None:
        """'new' or 'recurring' for a current finding; None if it is not a current finding."""
        return self.changes.get(f.key())

    def counts(self) -> dict[str, int]:
        """How many findings are new, recurring and resolved."""
        values = list(self.changes.values())
        return {
            "new": values.count("new"),
            "recurring": values.count("recurring"),
            "resolved": len(self.resolved),
        }


def classify(
    previous: PreviousPeriod,
    findings: Iterable[Finding],
    rows: RowLookup,
    checklists: Mapping[str, Checklist],
) -> Comparison:
    """Each current finding new or recurring; the previous findings no longer raised, resolved."""
    changes: dict[tuple[str, str, str, int | None], Change] = {}
    seen = set()
    for f in findings:
        ident = finding_identity(rows, f, checklists)
        seen.add(ident)
        changes[f.key()] = "recurring" if ident in previous.findings else "new"
    resolved = tuple(r for ident, r in previous.findings.items() if ident not in seen)
    return Comparison(previous.period, previous.id, changes, resolved)


def change_word(change: str, lang: str = "zh") -> str:
    """新增 / 重复出现 / 已解决 in ``lang``."""
    return term(CHANGE, change, lang)
