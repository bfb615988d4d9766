"""Red / amber / green: the state of an item, a section or a checklist, from its evaluation (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checklists.model import Item
from checklists.results import ChecklistResult, ItemResult

RED, AMBER, GREEN, OPEN, SKIPPED = "red", "amber", "green", "open", "skipped"


def item_state(item: Item, result: ItemResult) -> str:
    """red: it has findings; amber: required and unanswered, or wrongly filled in; green: done;
    open: optional and not answered (no colour); skipped: an earlier answer made it irrelevant."""
    if is_not_relevant(item, result):
        return SKIPPED
    if result.status == "fail":
        return RED
    if result.status == "invalid" or (
        result.status == "unanswered" and item.required and result.counted
    ):
        return AMBER
    if result.status == "unanswered":
        return OPEN
    return GREEN


def is_not_relevant(item: Item, result: ItemResult) -> bool:
    """True when an earlier answer made the item irrelevant (it is skipped, not answered "n/a")."""
    return item.type != "note" and result.status == "not_applicable" and result.value is None


def needs_attention(item: Item, result: ItemResult) -> bool:
    """What Alt+Down looks for: an answerable item that is unanswered, wrongly filled in or failed."""
    if not item.answerable or is_not_relevant(item, result):
        return False
    return result.status in ("unanswered", "invalid", "fail")


@dataclass(frozen=True)
class Progress:
    """Answered of counted items, and the combined state."""

    answered: int
    total: int
    state: str

    @property
    def percent(self) -> float:
        """Answered in % (100 when there is nothing to answer)."""
        return 100.0 * self.answered / self.total if self.total else 100.0


def combined(items: Iterable[Item], result: ChecklistResult) -> Progress:
    """The progress and state of a group of items (a section or a whole checklist)."""
    answered = total = 0
    states = set()
    for item in items:
        item_result = result.item(item.id)
        states.add(item_state(item, item_result))
        if item_result.counted:
            total += 1
            answered += item_result.status != "unanswered"
    state = RED if RED in states else AMBER if AMBER in states else GREEN
    return Progress(answered, total, state)
