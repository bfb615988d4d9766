"""A self-check's figures added up in one pass equal the checklists' figures added with ``+``."""

from __future__ import annotations

from functools import reduce
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checklists.results import SEVERITY_ORDER, Figures, overall_figures

COUNT = st.integers(0, 5000)
FIGURES = st.builds(
    Figures,
    COUNT,
    COUNT,
    COUNT,
    COUNT,
    COUNT,
    COUNT,
    COUNT,
    st.tuples(*(st.tuples(st.just(s), COUNT) for s in SEVERITY_ORDER)),
)


class _Result:
    """What overall_figures() reads of a checklist's result."""

    def __init__(self, figures: Figures) -> None:
        self.figures = figures


@given(st.lists(FIGURES, max_size=6))
def test_one_pass_equals_adding_them_up(figures: list[Figures]) -> None:
    results: list[Any] = [_Result(f) for f in figures]
    added = reduce(lambda a, b: a + b, figures, Figures())
    total = overall_figures(results)
    assert total == added
    assert (total.progress, total.compliance, total.open) == (
        added.progress,
        added.compliance,
        added.open,
    )
    assert total.severity_counts() == added.severity_counts()


def test_no_checklist_gives_the_empty_figures() -> None:
    assert overall_figures([]) == Figures()
