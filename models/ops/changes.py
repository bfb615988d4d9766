"""What a saved change did (the findings it added and removed, the item's new verdict): one
definition for the operations (through a Session) and the sqlite3 write path of models.writing."""

from __future__ import annotations

from dataclasses import dataclass

from checklists.results import ChecklistResult, Finding, ItemResult


@dataclass(frozen=True)
class FindingChanges:
    """Findings of one checklist that appeared or disappeared with a change."""

    added: tuple[Finding, ...] = ()
    removed: tuple[Finding, ...] = ()


def changed_findings(before: ChecklistResult, after: ChecklistResult) -> FindingChanges:
    """Findings present only after (added) or only before (removed), by finding key."""
    old = {f.key() for f in before.findings}
    new = {f.key() for f in after.findings}
    return FindingChanges(
        tuple(f for f in after.findings if f.key() not in old),
        tuple(f for f in before.findings if f.key() not in new),
    )


@dataclass(frozen=True)
class SaveResult:
    """What a saved change did: the item's new verdict and the findings it added or removed.

    ``history_id`` is the history entry written (None when nothing changed); ``row_id`` is the
    row a row operation created or changed.
    """

    item: ItemResult
    added: tuple[Finding, ...]
    removed: tuple[Finding, ...]
    result: ChecklistResult
    history_id: int | None = None
    row_id: int | None = None
