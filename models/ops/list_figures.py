"""ListFigures: the figures the assessment list shows and stores for each self-check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checklists.results import Figures


@dataclass(frozen=True)
class ListFigures:
    """The figures the assessment list stores per self-check (checklists.results.Figures):
    progress and 符合率 in % (None: nothing judged yet), the open items and the findings by
    severity. Not beside the evaluator, so that listing needs no evaluator (start-up)."""

    progress: float
    compliance: float | None
    open_items: int
    findings: dict[str, int]


def list_figures(fig: Figures, checklists: int) -> ListFigures:
    """What the assessment list shows of a self-check's figures (no checklist: 0 % done)."""
    return ListFigures(
        fig.progress if checklists else 0.0, fig.compliance, fig.open, fig.severity_counts()
    )


def figure_values(fig: ListFigures) -> tuple[Any, ...]:
    """The stored columns of the list figures, in the order of the figures' statements."""
    counts = fig.findings
    return (
        fig.progress,
        fig.compliance,
        fig.open_items,
        counts["critical"],
        counts["major"],
        counts["minor"],
    )
