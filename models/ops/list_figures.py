"""ListFigures: the figures the assessment list shows and stores for each self-check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListFigures:
    """The figures the assessment list stores per self-check (checklists.results.Figures):
    progress and 符合率 in % (None: nothing judged yet), the open items and the findings by
    severity. Not beside the evaluator, so that listing needs no evaluator (start-up)."""

    progress: float
    compliance: float | None
    open_items: int
    findings: dict[str, int]
