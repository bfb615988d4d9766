"""Red / amber / green: the state of an item, a section or a checklist, from its evaluation (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checklists.model import Item
from checklists.results import ChecklistResult, ItemResult, figures_of, is_open

RED, AMBER, GREEN, OPEN, SKIPPED = "red", "amber", "green", "open", "skipped"
OUT_OF_SCOPE = "out_of_scope"  # not applicable to this school (e.g. a kindergarten), with a reason


def item_state(item: Item, result: ItemResult) -> str:
    """red: it has findings; amber: required and unanswered, wrongly filled in, or not judgeable
    for missing inputs (incomplete); green: done; open: optional and not answered (no colour);
    skipped: an earlier answer made it irrelevant; out_of_scope: the school profile excludes it."""
    if item.type != "note" and result.out_of_scope:
        return OUT_OF_SCOPE
    if is_not_relevant(item, result):
        return SKIPPED
    if result.status == "fail":
        return RED
    if is_open(result) or (result.status == "unanswered" and item.required and result.counted):
        return AMBER
    if result.status == "unanswered":
        return OPEN
    return GREEN


def is_not_relevant(item: Item, result: ItemResult) -> bool:
    """True when an earlier answer made the item irrelevant (it is skipped, not answered "n/a")."""
    return item.type != "note" and result.skipped


def needs_attention(item: Item, result: ItemResult) -> bool:
    """What Alt+Down looks for: an answerable item that is unanswered, wrongly filled in,
    incomplete or failed."""
    if not item.answerable or is_not_relevant(item, result) or result.out_of_scope:
        return False
    return result.status in ("unanswered", "invalid", "incomplete", "fail")


@dataclass(frozen=True)
class Progress:
    """Done of the items that apply (results.Figures), and the combined state."""

    answered: int
    total: int
    state: str
    open: int = 0

    @property
    def percent(self) -> float:
        """Done in % (100 when there is nothing to answer), as results.Figures.progress."""
        return 100.0 * self.answered / self.total if self.total else 100.0


def combined(items: Iterable[Item], result: ChecklistResult) -> Progress:
    """The progress and state of a group of items (a section or a whole checklist), counted by
    the core's one definition (checklists.results.figures_of)."""
    states = set()
    item_results = []
    for item in items:
        item_result = result.item(item.id)
        item_results.append(item_result)
        states.add(item_state(item, item_result))
    figures = figures_of(item_results)
    state = RED if RED in states else AMBER if AMBER in states else GREEN
    return Progress(figures.done, figures.total, state, figures.open)
